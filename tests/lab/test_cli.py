"""``dmvpngen lab`` as a user drives it: files written, mapping printed, exit codes.

``up`` and ``down`` run against the local CML double on 127.0.0.1 (see fake_cml).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.lab.fake_cml import CmlHandler
from tests.lab.fake_controllers import serve
from tests.lab.helpers import REPO

runner = CliRunner()
EXAMPLE = REPO / "inventories" / "phase3-single-hub-eigrp.yml"


def test_export_writes_both_formats_and_prints_mapping(tmp_path: Path) -> None:
    cml, gns3 = tmp_path / "lab.yaml", tmp_path / "gns3"
    result = runner.invoke(
        app, ["lab", "export", str(EXAMPLE), "--cml", str(cml), "--gns3", str(gns3)]
    )
    assert result.exit_code == 0, result.output
    assert "Interface mapping" in result.output and "branch-03" in result.output
    assert yaml.safe_load(cml.read_text())["lab"]["title"] == "dmvpngen-acme-p3-eigrp"
    assert (gns3 / "dmvpngen-acme-p3-eigrp.gns3").is_file()
    assert any(gns3.glob("project-files/qemu/*/config.zip"))


def test_export_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "lab",
            "export",
            str(EXAMPLE),
            "--cml",
            str(tmp_path / "l.yaml"),
            "--xe-node",
            "csr1000v",
            "--nat",
            "branch-01",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] and data["files"] == [str(tmp_path / "l.yaml")]
    kinds = {n["name"]: n["kind"] for n in data["nodes"]}
    assert kinds["hq-hub1"] == "csr1000v" and kinds["nat-branch-01"] == "iosv"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    cases = [
        ["lab", "export", str(EXAMPLE)],
        ["lab", "export", str(EXAMPLE), "--cml", str(tmp_path / "x"), "--xe-node", "nexus"],
        ["lab", "export", str(EXAMPLE), "--cml", str(tmp_path / "x"), "--nat", "hq-hub1"],
        ["lab", "export", str(tmp_path / "missing.yml"), "--cml", str(tmp_path / "x")],
        ["lab", "verify", str(EXAMPLE), "--spoke-a", "branch-01"],
        ["lab", "verify", str(EXAMPLE), "--spoke-a", "branch-01", "--spoke-b", "hq-hub1"],
        ["lab", "down", str(EXAMPLE), "-c", "eve-ng"],
    ]
    for args in cases:
        result = runner.invoke(app, args, env={"VIRL2_URL": "", "DMVPNGEN_SSH_USER": ""})
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_up_and_down_against_local_cml(tmp_path: Path) -> None:
    with serve(CmlHandler) as (url, state):
        state.converge_after = 1  # booted at the first poll: no 10 s wait in the CLI
        env = {"VIRL2_URL": url, "VIRL2_USER": "admin", "VIRL2_PASS": "s3cret"}
        up = runner.invoke(
            app,
            ["lab", "up", str(EXAMPLE), "-c", "cml", "--overlay-timeout", "0", "--format", "json"],
            env=env,
        )
        assert up.exit_code == 0, up.output
        data = json.loads(up.output)
        assert data["ok"] and data["booted"] and data["title"] == "dmvpngen-acme-p3-eigrp"
        again = runner.invoke(app, ["lab", "up", str(EXAMPLE), "-c", "cml"], env=env)
        assert again.exit_code == 2 and "already exists" in again.output
        down = runner.invoke(app, ["lab", "down", str(EXAMPLE), "-c", "cml"], env=env)
        assert down.exit_code == 0 and "removed dmvpngen-acme-p3-eigrp" in down.output
        assert state.labs == {}
        bad = runner.invoke(
            app, ["lab", "down", str(EXAMPLE), "-c", "cml"], env={**env, "VIRL2_PASS": "wrong"}
        )
        assert bad.exit_code == 1 and "Unable to authenticate" in bad.output
        assert "wrong" not in bad.output


def test_option_parsing_errors() -> None:
    import pytest

    from dmvpngen.errors import UsageError
    from dmvpngen.lab.options import lab_options, router_login, template_overrides

    with pytest.raises(UsageError, match="--mgmt"):
        lab_options(mgmt="192.168.255.1/24")  # host bits set
    with pytest.raises(UsageError, match="KIND=NAME"):
        template_overrides(["Cisco IOSv"])
    assert template_overrides(["iosv=Cisco IOSv 15.9"]) == {"iosv": "Cisco IOSv 15.9"}
    assert router_login([("netadmin", "pw")], None, None) == ("netadmin", "pw")
    assert router_login([("netadmin", "pw")], "ops", None) == ("ops", "")
    assert router_login([], None, None) is None
