"""Identity before change: the router at an address must be the router the inventory names."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from dmvpngen.push import ConfigState, Credentials, DeviceStatus, push, verify
from tests.fakeios import FakeLab
from tests.push.netgen import build, options


def test_swapped_access_ports_are_refused_before_any_change(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=3)
    hub, s1, s2, s3 = net.targets
    swapped = [
        hub,
        dataclasses.replace(s1, port=s2.port),
        dataclasses.replace(s2, port=s1.port),
        s3,
    ]
    report = push(swapped, options(net, tmp_path, commit=True, max_failures=5), creds)
    assert report.devices[0].status is DeviceStatus.CHANGED
    canary = report.devices[1]
    assert (canary.status, canary.config_state) == (DeviceStatus.FAILED, ConfigState.OLD)
    assert "has 'spoke2', not 'spoke1'" in canary.error and "access address" in canary.error
    assert report.stopped and "canary spoke1" in report.stop_reason
    for name in ("spoke1", "spoke2", "spoke3"):
        assert lab.router(name).config_sessions == 0
    assert not (tmp_path / "archive" / "spoke1").exists()  # no backup under a wrong name

    checked = verify(swapped, options(net, tmp_path), creds)
    assert [d.status for d in checked.devices[1:3]] == [DeviceStatus.FAILED] * 2
    assert "not 'spoke2'" in checked.devices[2].error


def test_serial_recorded_by_a_push_is_checked_by_push_and_verify(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    first = push(net.targets, options(net, tmp_path, commit=True), creds)
    assert first.ok
    record = tmp_path / "archive" / "spoke1" / "identity.json"
    serial = json.loads(record.read_text())["serial"]
    assert json.loads(record.read_text())["run_id"] == first.run_id  # the run that saw it
    assert serial and serial in lab.router("spoke1").show_version()
    lab.router("spoke1").serial = "FDO2233X0AB"  # another chassis answers at that address
    report = push(net.targets, options(net, tmp_path), creds)
    dev = report.devices[1]
    assert dev.status is DeviceStatus.FAILED
    assert f"serial number FDO2233X0AB, not {serial}" in dev.error and str(record) in dev.error
    checked = verify(net.targets, options(net, tmp_path), creds)
    assert checked.devices[1].status is DeviceStatus.FAILED
    assert {c.name: c.ok for c in checked.devices[1].checks} == {"identity": False}
    # The inventory's serial wins over the record.
    fixed = [net.targets[0], dataclasses.replace(net.targets[1], serial="FDO2233X0AB")]
    assert push(fixed, options(net, tmp_path), creds).devices[1].status is DeviceStatus.UNCHANGED


def test_blank_router_needs_first_push(lab: FakeLab, tmp_path: Path, creds: Credentials) -> None:
    net = build(lab, tmp_path, spokes=1)
    blank = lab.router("spoke1")
    blank.running.children[0].text = "hostname Router"  # factory default
    report = push(net.targets, options(net, tmp_path, commit=True), creds)
    assert report.devices[1].status is DeviceStatus.FAILED
    assert "--first-push spoke1" in report.devices[1].error
    assert blank.config_sessions == 0
    first = options(net, tmp_path, commit=True, first_push=frozenset({"spoke1"}))
    report = push(net.targets, first, creds)
    assert report.devices[1].status is DeviceStatus.CHANGED, report.devices[1]
    assert "hostname spoke1" in blank.config_text()
