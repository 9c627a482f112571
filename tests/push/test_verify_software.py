"""``verify`` reads ``show version`` over SSH (simulated routers on 127.0.0.1) and reports the
tabled advisories that name the running release."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.push import Credentials, DeviceStatus, push, verify
from dmvpngen.push.software import RunningSoftware, software_warning
from tests.fakeios import FakeLab
from tests.push.netgen import build, options
from tests.push.test_cli import EXAMPLE, simulate

XE = "Cisco IOS XE Software, Version {}\nCisco IOS Software [{}], Virtual XE Software, Version {}"
CLASSIC = "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version {}, RELEASE SOFTWARE"


def test_verify_reports_the_running_release(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    heads = {
        "hub1": {"version_head": XE.format("17.09.01a", "Cupertino", "17.9.1a")},
        "spoke1": {"version_head": "Cisco IOS XE Software, Version 03.13.01.S - Extended"},
        "spoke2": {"version_head": CLASSIC.format("15.5(3)M10")},
        "spoke3": {"version_head": XE.format("17.12.04", "Dublin", "17.12.4")},
    }
    net = build(lab, tmp_path, spokes=3, faults=heads)
    assert push(net.targets, options(net, tmp_path, commit=True), creds).ok
    report = verify(net.targets, options(net, tmp_path), creds)
    assert [d.status for d in report.devices] == [DeviceStatus.VERIFIED] * 4  # informative only
    by_name = {d.hostname: d for d in report.devices}

    hub = by_name["hub1"].software
    assert hub is not None and (hub.release, hub.train, hub.codename) == (
        "17.09.01a",
        "17.9",
        "Cupertino",
    )
    assert {a.id for a in hub.advisories} == {
        "cisco-sa-ios-gre-crash-p6nE5Sq5",  # the hub has a GRE tunnel interface
        "cisco-sa-asa-ftd-ios-dos-kPEpQGGK",  # and IKEv2
    }
    gre = next(a for a in hub.advisories if a.id == "cisco-sa-ios-gre-crash-p6nE5Sq5")
    assert "a GRE tunnel ('interface Tunnel" in gre.because
    # Cisco lists 17.9.1a for the IKEv1 fragmentation flaw, but the hub runs no IKEv1
    assert "cisco-sa-ikev1-NO2ccFWz" in hub.not_exposed
    # records that name no release: for the Software Checker, not a warning
    assert "cisco-sa-ikev2-9p23Jj2a" in hub.to_check
    assert any("17.09.01a (Cupertino) is named by 2" in w for w in by_name["hub1"].warnings)

    xe3 = by_name["spoke1"].software
    assert xe3 is not None and xe3.train == "3.13S"
    hit = next(a for a in xe3.advisories if a.id == "cisco-sa-20150325-ikev2")
    assert (hit.exposure, hit.fixed_in) == ("affected", "fixed in 3.13.2S (train 3.13S)")

    ios = by_name["spoke2"].software
    assert ios is not None and ios.train == "15.5M"
    assert [a.id for a in ios.advisories if a.exposure == "affected"] == []
    assert "cisco-sa-ikev1-NO2ccFWz" in ios.not_exposed  # listed, but no IKEv1 configured

    later = by_name["spoke3"].software  # CVE-2026-20012 lists 17.12.4 (IKEv2)
    assert later is not None and (later.release, later.codename) == ("17.12.04", "Dublin")
    assert [a.id for a in later.advisories] == ["cisco-sa-asa-ftd-ios-dos-kPEpQGGK"]
    # the JSON report carries the same
    data = report.as_json(with_duration=False)
    devices = data["devices"]
    assert isinstance(devices, list) and devices[1]["software"]["train"] == "3.13S"


def test_warning_without_a_release() -> None:
    assert "names no release" in software_warning(RunningSoftware())
    assert software_warning(RunningSoftware(release="17.09.04a", train="17.9", exact=True)) == ""


def test_verify_text_report_names_the_release(
    lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(EXAMPLE, lab, tmp_path, monkeypatch)
    lab.router("branch-01").version_head = XE.format("17.09.01a", "Cupertino", "17.9.1a")
    lab.router("branch-02").version_head = XE.format("17.12.04", "Dublin", "17.12.4")
    result = CliRunner().invoke(app, ["verify", str(inventory), "--known-hosts", str(known)])
    out = result.stdout
    # not configured yet: verify fails on the overlay, and still reports every router's release
    assert result.exit_code == 1
    # nothing is configured yet: no IKE, IPsec, GRE or NHRP, so no advisory applies, though
    # the hub's simulated default, 17.9.4a, is on CVE-2024-20308's list (IKEv1)
    assert "software: 17.09.04a [Cupertino], no tabled advisory" in out
    assert "software: 17.12.04 [Dublin], no tabled advisory" in out
    assert "software: 15.9(3)M9, no tabled advisory" in out  # branch-03 runs IOSv 15.9
    assert "software: 17.09.01a [Cupertino], no tabled advisory" in out
    assert "cisco-sa-ios-gre-crash" not in out and "Software Checker" not in out
