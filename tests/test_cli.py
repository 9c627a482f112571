"""The command line as a user drives it: exit codes, output formats, start-up cost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.conftest import INVENTORIES, REPO

runner = CliRunner()
EXAMPLE = INVENTORIES / "phase3-single-hub-eigrp.yml"


def test_generate_writes_configs_and_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "branch-01.cfg",
        "branch-02.cfg",
        "branch-03.cfg",
        "hq-hub1.cfg",
    ]
    assert "hq-hub1" in result.output and "written" in result.output
    again = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path)])
    assert "unchanged" in again.output


def test_generate_only_and_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "generate",
            str(EXAMPLE),
            "-o",
            str(tmp_path),
            "--only",
            "branch-01,hq-hub1",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert [c["hostname"] for c in data["configs"]] == ["hq-hub1", "branch-01"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["branch-01.cfg", "hq-hub1.cfg"]


def test_generate_only_unknown_router_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path), "--only", "nope"])
    assert result.exit_code == 2
    assert "nope" in result.stderr


def test_validate_ok_and_json() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "3 spoke(s)" in result.stdout
    data = json.loads(runner.invoke(app, ["validate", str(EXAMPLE), "--format", "json"]).stdout)
    assert data == {
        "ok": True,
        "inventory": str(EXAMPLE),
        "clouds": 1,
        "hubs": 1,
        "spokes": 3,
        "problems": [],
    }


def test_validation_errors_exit_1_with_locations() -> None:
    bad = REPO / "tests" / "errors" / "design.yml"
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:9: error: hubs[0].wan.dhcp: hub 'hub1' has a DHCP WAN address" in result.stderr
    data = json.loads(runner.invoke(app, ["validate", str(bad), "--format", "json"]).stdout)
    assert data["ok"] is False
    assert {p["line"] for p in data["problems"]} >= {4, 6, 7, 9}


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no/such/inventory.yml"],
        ["generate", "tests/errors/malformed-yaml.yml"],
        ["validate", "tests"],
    ],
)
def test_unreadable_input_exits_2_without_traceback(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_binary_inventory_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yml"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    result = runner.invoke(app, ["validate", str(junk)])
    assert result.exit_code == 2
    assert "junk.yml" in result.stderr


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Inventory"
    assert {"clouds", "hubs", "spokes", "routing"} <= set(schema["properties"])


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from dmvpngen.cli.app import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('netmiko', 'ciscoconfparse2', 'paramiko', 'hier_config', 'virl2_client',"
        " 'httpx', 'pydantic', 'jinja2', 'dmvpngen.model', 'dmvpngen.lint.rules')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_a_run_builds_only_the_command_it_names() -> None:
    from dmvpngen.cli.app import COMMAND_MODULES, _command, build_app

    assert _command(["lint", "-f", "json", "x.cfg"]) == "lint"
    assert _command(["--version"]) is None
    assert _command(["lnt", "x.cfg"]) is None  # unknown: the full app suggests 'lint'
    assert [c.name for c in build_app("check").registered_commands] == ["check"]
    every = build_app()
    names = [c.name for c in every.registered_commands] + [g.name for g in every.registered_groups]
    assert sorted(names) == sorted(COMMAND_MODULES)


@pytest.mark.parametrize("config", ["hq-r1-hub.cfg", "ikev2-spoke-1.cfg"])
def test_lint_loads_only_what_linting_needs(config: str) -> None:
    # pre-commit start-up: no other command, no library IOS parser, no SSH, no fact extractors,
    # and for a plain command line neither Typer, click nor rich
    path = Path(__file__).parent / "lint" / "corpus" / config
    code = (
        "import sys\n"
        "from dmvpngen.cli.entry import main\n"
        f"sys.argv = ['dmvpngen', 'lint', {str(path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('ciscoconfparse2', 'netmiko', 'dmvpngen.cli.push', 'dmvpngen.cli.check',\n"
        "         'dmvpngen.parse.facts', 'jinja2', 'dmvpngen.model', 'dmvpngen.routes',\n"
        "         'dmvpngen.render', 'dmvpngen.check', 'typer', 'click', 'rich',\n"
        "         'dmvpngen.cli.app', 'dmvpngen.cli.output', 'dmvpngen.lint.settings_model',\n"
        "         'dmvpngen.lint.waivers')\n"
        "print('LOADED=' + ','.join(m for m in names if m in sys.modules))\n"
        "tops = {m.split('.')[0] for m in sys.modules} - set(sys.stdlib_module_names)\n"
        "print('TOP=' + ','.join(sorted(tops - set(sys.builtin_module_names))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert config in out.stdout  # it did lint
    loaded, top = out.stdout.strip().splitlines()[-2:]
    assert loaded == "LOADED="
    # no third-party package at all (private runtime modules, '_sysconfigdata...', aside)
    packages = {m for m in top.removeprefix("TOP=").split(",") if not m.startswith("_")}
    assert packages == {"dmvpngen"}


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dmvpngen", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("dmvpngen ")
