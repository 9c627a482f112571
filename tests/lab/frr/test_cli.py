"""``dmvpngen lab ... --engine frr`` and ``lab doctor`` as a user drives them (no VM needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.lab.frr import doctor as doctor_module
from dmvpngen.lab.frr.doctor import APT_PACKAGES, Part
from tests.conftest import INVENTORIES

runner = CliRunner()


def test_up_refuses_a_design_it_cannot_emulate_and_names_what() -> None:
    result = runner.invoke(
        app, ["lab", "up", "--engine", "frr", str(INVENTORIES / "phase3-single-hub-eigrp.yml")]
    )
    assert result.exit_code == 3, result.output
    # per feature eigrpd lacks, never "EIGRP" as a whole
    assert "split-horizon" in result.output and "EIGRP stub" in result.output
    assert "cannot be emulated" in result.output
    assert "branch-03" in result.output


def test_up_json_lists_each_router_and_feature_without_secrets() -> None:
    result = runner.invoke(
        app,
        [
            "lab",
            "up",
            "--engine",
            "frr",
            "--format",
            "json",
            str(INVENTORIES / "hierarchical-eigrp.yml"),
        ],
    )
    assert result.exit_code == 3, result.output
    data = json.loads(result.output)
    assert data["emulated"] is False and data["ok"] is False
    blocking = {(g["router"], g["feature"]) for g in data["not_emulated"] if g["blocking"]}
    assert ("eu-hub", "hierarchical uplink") in blocking
    assert ("hq-hub", "EIGRP no split-horizon on the tunnel") in blocking
    assert ("hq-hub", "EIGRP summary (ip summary-address, AD 5 discard)") in blocking
    assert "Lab-Only" not in result.output  # the demo secrets all start so


def test_up_without_engine_or_controller_is_a_usage_error() -> None:
    result = runner.invoke(app, ["lab", "up", str(INVENTORIES / "phase3-dual-hub-ibgp.yml")])
    assert result.exit_code == 2
    assert "--engine frr" in result.output


def test_unknown_engine_is_a_usage_error() -> None:
    result = runner.invoke(
        app, ["lab", "down", "--engine", "vbox", str(INVENTORIES / "phase3-dual-hub-ibgp.yml")]
    )
    assert result.exit_code == 2 and "frr, cml or gns3" in result.output


def test_down_when_nothing_runs(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "lab",
            "down",
            "--engine",
            "frr",
            "--state-dir",
            str(tmp_path),
            str(INVENTORIES / "phase3-dual-hub-ibgp.yml"),
        ],
    )
    assert result.exit_code == 0 and "no running FRR lab" in result.output


def test_verify_without_a_running_lab(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "lab",
            "verify",
            "--engine",
            "frr",
            "--state-dir",
            str(tmp_path),
            str(INVENTORIES / "phase3-dual-hub-ibgp.yml"),
        ],
    )
    assert result.exit_code == 2 and "lab up --engine frr" in result.output


def test_doctor_names_missing_parts_and_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = doctor_module._file

    def without_nhrpd(name: str, path: str, package: str) -> Part:
        part = real(name, path, package)
        return (
            Part(name=name, ok=False, detail="missing", package=package)
            if name == "nhrpd"
            else part
        )

    monkeypatch.setattr(doctor_module, "_file", without_nhrpd)
    result = runner.invoke(app, ["lab", "doctor", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [p["name"] for p in data["parts"] if not p["ok"]][:1] == ["nhrpd"] or not data["ok"]
    assert any(line.startswith("apt-get install") and "frr" in line for line in data["install"])
    assert all(pkg in data["install"][0] for pkg in APT_PACKAGES)


def test_ci_installs_exactly_the_doctor_packages() -> None:
    ci = (INVENTORIES.parent / ".ci" / "run").read_text()
    listed = ci.split('LAB_PACKAGES="')[1].split('"')[0].replace("\\\n", " ").split()
    assert listed == list(APT_PACKAGES)
    assert "'.[test,frr]'" in ci
    assert '"virtme-ng' in (INVENTORIES.parent / "pyproject.toml").read_text()


def test_a_repaired_null_neighbour_is_shown_in_the_table_and_the_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A proof during which the lab repaired a neighbour FRR 8.4 left at 0.0.0.0 says so in
    both formats, naming the router and peer, beside a passing verdict."""
    from dmvpngen.lab.frr import engine
    from dmvpngen.lab.frr.nullneigh import NeighbourRepair

    repair = NeighbourRepair(
        router="branch-02",
        peer="hub-b",
        tunnel="tun200",
        address="10.255.1.2",
        nbma="192.0.2.2",
        when="[ISP ISP-A down]",
        found="{}",
    )
    report = engine.LabReport(
        ok=True,
        title="acme",
        emulated=True,
        not_emulated=[],
        emulation_notes=[
            engine.EmulationNote(router=repair.router, peer=repair.peer, detail=repair.detail)
        ],
    )
    monkeypatch.setattr(engine, "frr_up", lambda *a, **k: report)
    inventory = str(INVENTORIES / "dual-isp-fvrf-ibgp.yml")
    text = runner.invoke(app, ["lab", "up", "--engine", "frr", inventory], terminal_width=300)
    assert text.exit_code == 0, text.output
    assert "Emulation notes" in text.output and "FRR 8.4" in text.output
    assert "branch-02" in text.output and "hub-b" in text.output and "PASS" in text.output
    shown = runner.invoke(app, ["lab", "up", "--engine", "frr", "--format", "json", inventory])
    (note,) = json.loads(shown.output)["emulation_notes"]
    assert (note["router"], note["peer"]) == ("branch-02", "hub-b")
    assert "set to NBMA 192.0.2.2" in note["detail"] and "15316" in note["detail"]


def test_lab_up_passes_debug_nhrp_to_the_frr_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmvpngen.lab.frr import engine

    seen: list[dict[str, object]] = []
    report = engine.LabReport(ok=True, title="acme", emulated=True, not_emulated=[])

    def up(*args: object, **kwargs: object) -> engine.LabReport:
        seen.append(kwargs)
        return report

    monkeypatch.setattr(engine, "frr_up", up)
    inventory = str(INVENTORIES / "hierarchical-ibgp.yml")
    for extra in ([], ["--debug-nhrp"]):
        result = runner.invoke(app, ["lab", "up", "--engine", "frr", *extra, inventory])
        assert result.exit_code == 0, result.output
    assert [k["debug_nhrp"] for k in seen] == [False, True]
