"""The archive section changes outside the rollback-protected session, and is undone with it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dmvpngen.push import ConfigState, Credentials, DeviceStatus, Target, push
from tests.fakeios import FakeLab
from tests.push.netgen import Net, build, options

OLD_ARCHIVE = "archive\n path flash:old-archive\n"
NEW_ARCHIVE = "archive\n path bootflash:archive-$h\n maximum 5\n log config\n  logging enable\n"


def with_archive(lab: FakeLab, tmp_path: Path, **faults: object) -> tuple[list[Target], Net]:
    """hub1 and spoke1, spoke1 on an old archive path and meant to get a new one."""
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"require_archive": True, **faults}})
    router = lab.router("spoke1")
    router.running.add("archive").add("path flash:old-archive")
    spoke = net.targets[1]
    target = dataclasses.replace(spoke, intended=spoke.intended.replace("end\n", NEW_ARCHIVE))
    return [net.targets[0], target], net


def test_archive_changes_go_in_before_the_revert_timer_session(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    targets, net = with_archive(lab, tmp_path)
    report = push(targets, options(net, tmp_path, commit=True), creds)
    assert report.devices[1].status is DeviceStatus.CHANGED, report.devices[1]
    log = lab.router("spoke1").config_log
    archive_lines = [
        (line, pending)
        for line, pending in log
        if "archive" in line or line.startswith(("maximum", "log config", "logging enable"))
    ]
    assert ("path bootflash:archive-$h", False) in archive_lines
    assert all(not pending for _, pending in archive_lines), archive_lines
    others = [pending for line, pending in log if line.startswith(("interface", "crypto"))]
    assert others and all(others)  # everything else under the revert timer
    assert "path bootflash:archive-$h" in lab.router("spoke1").config_text()


def test_a_reverted_change_also_puts_the_old_archive_back(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    targets, net = with_archive(lab, tmp_path, rejected=[r"^ip nhrp shortcut"])
    before = lab.router("spoke1").config_text()
    assert OLD_ARCHIVE.splitlines()[1].strip() in before
    report = push(targets, options(net, tmp_path, commit=True), creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD), dev
    assert lab.router("spoke1").config_text() == before


def test_a_rejected_archive_line_is_undone_and_nothing_else_is_sent(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    targets, net = with_archive(lab, tmp_path, rejected=[r"^maximum"])
    before = lab.router("spoke1").config_text()
    report = push(targets, options(net, tmp_path, commit=True), creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.OLD), dev
    assert "archive step rejected" in dev.error
    assert lab.router("spoke1").config_text() == before
    assert lab.router("spoke1").snapshot is None and lab.router("spoke1").saves == 0
