"""Real SIGINT/SIGTERM sent to the real `dmvpngen push` process at each step of a rollout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakeios import FakeLab
from tests.push.test_cli import EXAMPLE, simulate

ROOT = Path(__file__).resolve().parents[2]
ROUTERS = ("hq-hub1", "branch-01", "branch-02", "branch-03")


def start(inventory: Path, known: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "dmvpngen", "push", str(inventory), "--commit"]
    args += ["--known-hosts", str(known), "--read-timeout", "10", "--concurrency", "2", *extra]
    return subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def interrupt(
    lab: FakeLab, proc: subprocess.Popen[str], router: str, signals: list[int], release: bool
) -> tuple[int, str]:
    """Wait until ``router`` stalls, send ``signals``, optionally let it answer again."""
    stalled = lab.router(router).stalled
    deadline = time.monotonic() + 30
    while not stalled.wait(0.05):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
    for sig in signals:
        proc.send_signal(sig)
        time.sleep(0.4)
    if release:
        lab.router(router).release.set()
    out, _err = proc.communicate(timeout=60)
    lab.router(router).release.set()
    return proc.returncode, out


# (router that stalls, on what, signals, released after the signals?, expected outcomes)
CASES = {
    "before-any-change": (
        "hq-hub1",
        r"^show running-config",
        [signal.SIGINT],
        True,
        {"hq-hub1": "untouched"},
    ),
    "hub-mid-keyring": (
        "hq-hub1",
        r"^pre-shared-key",
        [signal.SIGINT],
        True,
        {"hq-hub1": "reverted"},
    ),
    "canary-verifying": (
        "branch-01",
        r"^show ip nhrp nhs detail",
        [signal.SIGTERM],
        True,
        {"hq-hub1": "changed", "branch-01": "reverted"},
    ),
    "hub-saving": (
        "hq-hub1",
        r"^write memory",
        [signal.SIGINT],
        True,
        {"hq-hub1": "changed"},
    ),
    "wave": (
        "branch-02",
        r"^tunnel key",
        [signal.SIGTERM],
        True,
        {"hq-hub1": "changed", "branch-01": "changed", "branch-02": "reverted"},
    ),
    "second-signal-while-saving": (
        "hq-hub1",
        r"^write memory",
        [signal.SIGINT, signal.SIGINT],
        True,
        {"hq-hub1": "changed"},
    ),
    "second-signal-hub-stuck": (
        "hq-hub1",
        r"^pre-shared-key",
        [signal.SIGINT, signal.SIGINT],
        False,
        {"hq-hub1": "reverted"},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_signal_at_each_step(
    case: str, lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    router, pattern, signals, release, expected = CASES[case]
    inventory, known = simulate(EXAMPLE, lab, tmp_path, monkeypatch)
    before = {n: lab.router(n).config_text() for n in ROUTERS}
    lab.router(router).stall_on = pattern
    proc = start(inventory, known, "--format", "json", "--verify-timeout", "20")
    code, out = interrupt(lab, proc, router, signals, release)
    name = signal.Signals(signals[0]).name
    assert code == {"SIGINT": 130, "SIGTERM": 143}[name], out
    report = json.loads(out)
    assert report["interrupted"] == name and report["stopped"]
    outcomes = {d["hostname"]: d["outcome"] for d in report["devices"]}
    assert set(outcomes) == set(ROUTERS)
    for host in ROUTERS:
        want = expected.get(host, "untouched")
        if case == "wave" and host == "branch-03":  # in the same wave: either, never half
            want = outcomes[host] if outcomes[host] in ("changed", "reverted") else "changed"
        assert outcomes[host] == want, (host, report)
        fake = lab.router(host)
        assert fake.snapshot is None  # no rollback left pending on any router
        if want in ("untouched", "reverted"):
            assert fake.config_text() == before[host], host
            assert fake.saves == 0
        else:
            assert fake.config_text() != before[host] and fake.saves == 1
    if case == "second-signal-hub-stuck":
        assert "reverted after reconnect" in report["devices"][0]["error"]


def test_text_report_after_sigterm(
    lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(EXAMPLE, lab, tmp_path, monkeypatch)
    lab.router("hq-hub1").stall_on = r"^pre-shared-key"
    proc = start(inventory, known)
    code, out = interrupt(lab, proc, "hq-hub1", [signal.SIGTERM], True)
    assert code == 143
    assert "interrupted by SIGTERM: 1 reverted, 3 untouched" in out
    assert "hq-hub1 (hub): reverted" in out and "-> reverted" in out


def test_verify_interrupted_still_reports(
    lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(EXAMPLE, lab, tmp_path, monkeypatch)
    lab.router("branch-01").stall_on = r"^show running-config"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "dmvpngen", "verify", str(inventory), "--known-hosts", str(known)]
    proc = subprocess.Popen(
        [*args, "--format", "json", "--concurrency", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    code, out = interrupt(lab, proc, "branch-01", [signal.SIGINT], True)
    assert code == 130
    report = json.loads(out)
    assert report["interrupted"] == "SIGINT" and report["mode"] == "verify"
    statuses = {d["hostname"]: d["status"] for d in report["devices"]}
    assert statuses["branch-02"] == statuses["branch-03"] == "skipped"
