"""Rollout order and the failure budget, with a recording worker (no network)."""

from __future__ import annotations

import threading
import time

from dmvpngen.push.model import ConfigState, DeviceResult, DeviceStatus, Target
from dmvpngen.push.rollout import rollout


def targets(spokes: int, hubs: int = 2) -> list[Target]:
    out = [Target(f"hub{i}", "hub", "ios", "127.0.0.1", 22, "") for i in range(1, hubs + 1)]
    out += [Target(f"spoke{i}", "spoke", "ios", "127.0.0.1", 22, "") for i in range(1, spokes + 1)]
    return out


class Recorder:
    """Records call order and peak parallelism; fails the named devices."""

    def __init__(self, fail: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.fail = fail
        self.calls: list[str] = []
        self.active = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, target: Target) -> DeviceResult:
        with self.lock:
            self.calls.append(target.hostname)
            self.active += 1
            self.peak = max(self.peak, self.active)
        time.sleep(0.02)
        with self.lock:
            self.active -= 1
        bad = target.hostname in self.fail
        return DeviceResult(
            hostname=target.hostname,
            role=target.role,
            status=DeviceStatus.REVERTED if bad else DeviceStatus.CHANGED,
            config_state=ConfigState.OLD if bad else ConfigState.NEW,
        )


def test_hubs_one_at_a_time_then_canary_then_waves() -> None:
    rec = Recorder()
    said: list[str] = []
    report = rollout(targets(9), rec, concurrency=4, max_failures=0, announce=said.append)
    assert said == [
        "hub hub1",
        "hub hub2",
        "canary spoke spoke1",
        "wave 1/2: 4 spokes",
        "wave 2/2: 4 spokes",
    ]
    assert rec.calls[:3] == ["hub1", "hub2", "spoke1"]
    assert sorted(rec.calls[3:]) == [f"spoke{i}" for i in range(2, 10)]
    assert rec.peak == 4
    assert [d.hostname for d in report.devices][:3] == ["hub1", "hub2", "spoke1"]
    assert report.ok and not report.stopped


def test_hub_failure_stops_everything() -> None:
    rec = Recorder(fail={"hub1"})
    report = rollout(targets(5), rec, concurrency=4, max_failures=10)
    assert rec.calls == ["hub1"]
    assert report.stopped and "hub hub1" in report.stop_reason
    assert {d.status for d in report.devices[1:]} == {DeviceStatus.SKIPPED}
    assert all(d.config_state is ConfigState.OLD for d in report.devices)


def test_canary_failure_stops_spokes() -> None:
    rec = Recorder(fail={"spoke1"})
    report = rollout(targets(5, hubs=1), rec, concurrency=4, max_failures=10)
    assert rec.calls == ["hub1", "spoke1"]
    assert report.stopped


def test_budget_stops_after_the_wave_that_exceeds_it() -> None:
    rec = Recorder(fail={"spoke3", "spoke4"})
    report = rollout(targets(9, hubs=1), rec, concurrency=2, max_failures=1)
    # waves: [2,3] (1 failure, within budget), [4,5] (2 failures > 1: stop), rest skipped
    assert rec.calls[:2] == ["hub1", "spoke1"]
    assert sorted(rec.calls[2:]) == ["spoke2", "spoke3", "spoke4", "spoke5"]
    statuses = {d.hostname: d.status for d in report.devices}
    assert all(statuses[f"spoke{i}"] is DeviceStatus.SKIPPED for i in range(6, 10))
    assert "exceed --max-failures 1" in report.stop_reason
