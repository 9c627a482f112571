"""Import and lab exports keep to the render guard's rule: no string they write may carry a
control or line-breaking character (configs may hold line feeds between their lines only)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.errors import ValidationFailed
from dmvpngen.importer.guard import comment_line
from dmvpngen.lab.build import build_lab
from dmvpngen.lab.export.cml import cml_yaml
from dmvpngen.lab.export.gns3 import gns3_files
from dmvpngen.lab.model import LabOptions
from tests.lab.helpers import load, stand_in_configs

CORPUS = Path(__file__).parent / "check" / "corpus" / "NGMunia-2023-dualhub-dualcloud"
INJECTED = "username evil privilege 15 secret 0 pwned"


@pytest.mark.parametrize("char", ["\x1b", "\u2028", "\x85", "\x07"], ids=lambda c: repr(c))
def test_import_refuses_unsafe_text_from_a_config(tmp_path: Path, char: str) -> None:
    configs = tmp_path / "configs"
    shutil.copytree(CORPUS, configs)
    branch = configs / "R1-BRANCH.cfg"
    text = branch.read_text()
    line = text.split("\n").index("interface GigabitEthernet0/1") + 2  # the inserted line
    injected = f"interface GigabitEthernet0/1\n description ISP{char}{INJECTED}\n"
    branch.write_text(text.replace("interface GigabitEthernet0/1\n", injected, 1))
    out = tmp_path / "out" / "inv.yml"
    result = CliRunner().invoke(app, ["import", str(configs), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"R1-BRANCH.cfg:{line}: error:" in result.output
    assert "spokes[0].wan.description" in result.output
    assert INJECTED not in result.output
    assert not out.exists() and not out.with_name("inv.secrets.yml").exists()


def test_import_notes_stay_one_comment_line() -> None:
    comment = comment_line(f"file.cfg:3: line{chr(0x2028)}clouds: []\r\n{INJECTED}")
    assert yaml.safe_load(comment + "\nname: x\n") == {"name": "x"}
    assert "\n" not in comment and "\u2028" not in comment


def _topology() -> object:
    inventory = load("lab-mix.yml")
    return build_lab(inventory, stand_in_configs(inventory), LabOptions())


def test_exports_pass_clean_topologies() -> None:
    topo = _topology()
    assert yaml.safe_load(cml_yaml(topo))["nodes"]  # type: ignore[arg-type]
    assert gns3_files(topo)  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["config", "title"])
def test_exports_refuse_unsafe_strings(where: str) -> None:
    topo = _topology()
    node = topo.nodes[0]  # type: ignore[attr-defined]
    if where == "config":
        node.config = node.config.replace("!\n", f"!\r{INJECTED}\n", 1)
    else:
        topo.title = f"lab\n{INJECTED}"  # type: ignore[attr-defined]
    for export in (cml_yaml, gns3_files):
        with pytest.raises(ValidationFailed) as caught:
            export(topo)  # type: ignore[operator]
        rendered = "\n".join(p.render() for p in caught.value.problems)
        assert "carriage return" in rendered or "line feed" in rendered
        assert INJECTED not in rendered


@pytest.mark.parametrize(
    "args",
    [
        ["lab", "export", "{inv}", "--cml", "{tmp}/lab.yaml", "--xe-node", "iosv\x1b[2J\nerror"],
        ["lab", "export", "{inv}", "--cml", "{tmp}/lab.yaml", "--mgmt", "10.0.0.0/24\nerror"],
    ],
)
def test_usage_errors_escape_the_value_they_quote(tmp_path: Path, args: list[str]) -> None:
    """A one-off usage error quotes the option value escaped: it cannot forge a report line or
    send escape sequences to the terminal (it printed them raw)."""
    inv = str(Path(__file__).parent / "injection" / "extras.yml")
    argv = [a.replace("{inv}", inv).replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output
    assert "\\n" in result.output
    assert [line for line in result.output.splitlines() if line.startswith("error")] == [
        result.output.splitlines()[0]
    ]


@pytest.mark.parametrize("command", ["lint", "check"])
def test_text_reports_escape_control_characters_from_configs(tmp_path: Path, command: str) -> None:
    """A hostname or description holding an escape sequence reached the terminal raw from the
    text reports of lint and check (they quote hostnames and config lines)."""
    config = (
        Path(__file__).parent / "golden" / "examples" / "crypto-pki" / "branch-01.cfg"
    ).read_text()
    config = config.replace("hostname branch-01", "hostname br\x1b]0;pwned\x07anch", 1)
    path = tmp_path / "b.cfg"
    path.write_text(config)
    result = CliRunner().invoke(app, [command, str(path)], env={"NO_COLOR": "1"})
    assert result.exit_code in (0, 1), result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "br\\x1b]0;pwned\\x07anch" in result.output


# A hostname or path that looks like rich markup: "[/]" closes nothing (rich raises), "[red]"
# would vanish into a style. Reports print both literally.
MARKUP_NAMES = ("br[/]01", "br[red]02")


def test_check_prints_markup_like_hostnames_literally(tmp_path: Path) -> None:
    inventory = Path(__file__).parents[1] / "inventories" / "phase3-single-hub-eigrp.yml"
    configs = tmp_path / "configs"
    runner = CliRunner()
    assert runner.invoke(app, ["generate", str(inventory), "-o", str(configs)]).exit_code == 0
    for name, cfg in zip(MARKUP_NAMES, ("branch-01.cfg", "branch-02.cfg"), strict=True):
        path = configs / cfg
        path.write_text(path.read_text().replace(f"hostname {cfg[:-4]}\n", f"hostname {name}\n"))
    result = runner.invoke(app, ["check", *map(str, sorted(configs.glob("*.cfg")))])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    for name in MARKUP_NAMES:
        assert name in result.output


def test_generate_prints_a_markup_like_output_path_literally(tmp_path: Path) -> None:
    inventory = Path(__file__).parents[1] / "inventories" / "phase3-single-hub-eigrp.yml"
    out = tmp_path / "x[/]y[bold]z"
    result = CliRunner().invoke(app, ["generate", str(inventory), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"configs in {out}" in result.output.replace("\n", "")
