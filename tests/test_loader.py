"""The YAML loader: data, line map, and the odd inputs real files contain."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.errors import InputError
from dmvpngen.model.loader import parse_yaml
from dmvpngen.pipeline import load_and_validate
from tests.matrix import matrix_inventory, write_inventory

TEXT = """\
defaults: &wan
  interface: GigabitEthernet1
spokes:
  - name: a
    wan:
      <<: *wan
      dhcp: true
"""


def test_line_map_and_merge_keys() -> None:
    data, loc = parse_yaml(TEXT, "x.yml")
    assert data["spokes"][0]["wan"] == {"interface": "GigabitEthernet1", "dhcp": True}
    assert loc.line_of(("spokes", 0, "name")) == 4
    assert loc.line_of(("spokes", 0, "wan", "dhcp")) == 7
    assert loc.line_of(("spokes", 0, "wan", "nope", 3)) == 5  # deepest known prefix


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = write_inventory(tmp_path, matrix_inventory(3, "eigrp", 1))
    raw = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + raw.encode())
    loaded, _, _ = load_and_validate(path)
    assert loaded.inventory.spokes[0].name == "spoke1"


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_and_validate(path)
    assert "must be a YAML mapping" in exc.value.problems[0].message


def test_env_reference_resolves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = matrix_inventory(3, "eigrp", 1)
    data["crypto_profiles"]["default"]["psk"] = "env:DMVPNGEN_TEST_PSK"
    path = write_inventory(tmp_path, data)
    monkeypatch.setenv("DMVPNGEN_TEST_PSK", "From-The-Environment-123")
    _, secrets, _ = load_and_validate(path)
    assert secrets.get(("crypto_profiles", "default", "psk")) == "From-The-Environment-123"
