"""A secrets file entry that is not a string is located at its own line, value unquoted."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.conftest import INVENTORIES


def test_non_string_secret_is_located_at_its_entry(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("a: x1234567\nb: y1234567\npsk: [Not-Quoted-Value]\n")
    inventory = tmp_path / "inv.yml"
    source = (INVENTORIES / "phase3-single-hub-eigrp.yml").read_text()
    inventory.write_text(source.replace("demo.secrets.yaml", "s.yaml"))
    result = CliRunner().invoke(app, ["validate", str(inventory)])
    assert result.exit_code == 2, result.output
    assert "s.yaml:3:" in result.output and "'psk'" in result.output
    assert "Not-Quoted-Value" not in result.output
