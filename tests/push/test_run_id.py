"""Every push and verify run carries its own id: in the report, the backup and session-log
names, and nowhere in what must stay byte-identical between two runs of the same change."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from dmvpngen.push import Credentials, DeviceStatus, push, verify
from tests.fakeios import FakeLab
from tests.push.netgen import build, options


def test_two_runs_of_the_same_change_are_told_apart(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    # spoke1 refuses a line: each run backs it up, sends, and reverts it, the same way twice
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"rejected": [r"^ip nhrp shortcut"]}})
    logs = tmp_path / "logs"
    opts = options(net, tmp_path, commit=True, session_log_dir=logs)
    # the inventory names the serial, so both runs check the same identity (without it the
    # first committed push records the serial and only the second one checks it)
    lab.router("spoke1").serial = "FDO2233X0AB"
    targets = [dataclasses.replace(net.targets[1], serial="FDO2233X0AB")]
    first, second = push(targets, opts, creds), push(targets, opts, creds)
    for report in (first, second):
        assert report.devices[0].status is DeviceStatus.REVERTED, report.devices[0].error
        assert re.fullmatch(r"[0-9a-f]{32}", report.run_id)
        assert report.as_json()["run_id"] == report.run_id
    assert first.run_id != second.run_id
    backups = [Path(r.devices[0].backup) for r in (first, second)]
    assert backups[0] != backups[1] and all(b.is_file() for b in backups)
    for report, backup in zip((first, second), backups, strict=True):
        assert backup.name.endswith(f"-{report.run_id[:8]}.cfg")
        assert any(log.name.startswith(f"spoke1-{report.run_id[:8]}") for log in logs.iterdir())
    # what must not differ between the two runs does not
    assert first.as_json(with_duration=False) == second.as_json(with_duration=False)
    assert "run_id" not in first.as_json(with_duration=False)


def test_a_chosen_run_id_is_kept_and_verify_has_one(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    chosen = "0123456789abcdef0123456789abcdef"
    assert push(net.targets, options(net, tmp_path, run_id=chosen), creds).run_id == chosen
    checked = verify(net.targets, options(net, tmp_path), creds)
    assert re.fullmatch(r"[0-9a-f]{32}", checked.run_id)
