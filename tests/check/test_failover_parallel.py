"""Failover cases computed half in a forked process give exactly the outcomes computed in one.

Large networks (``PARALLEL_FROM`` routers and more) split their failover cases over two
processes; here the threshold is lowered so that small networks with hub and ISP cases, some of
which lose flows, take the same path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths
from dmvpngen.routes import failover

HERE = Path(__file__).resolve().parent
NETWORKS = [
    HERE.parent / "golden" / "examples" / "dual-isp-fvrf-ibgp",  # two hubs, ISP cases
    HERE / "corpus" / "carlbuchmann-iwan-dualcloud",  # real set: hub and ISP cases
    HERE / "routes_fixtures" / "eigrp-summary-blackhole",  # flows lost with a hub down
]


def _report(path: Path) -> tuple[object, list[tuple[str, str, int | None, str]]]:
    result = check_paths([str(path)])
    findings = [(f.code, f.device, f.line, f.message) for f in result.findings]
    return result.routing, findings


@pytest.mark.skipif(not failover._can_fork(), reason="needs fork and two CPUs")
@pytest.mark.parametrize("path", NETWORKS, ids=[p.name for p in NETWORKS])
def test_forked_cases_match_serial(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _report(path)
    assert len(serial[0]["failover"]) > 1  # type: ignore[index]
    runs: list[int] = []
    real_run = failover._run

    def counted(job: failover._Job) -> list[failover.FailoverCase]:
        runs.append(len(job.cases))
        return real_run(job)

    monkeypatch.setattr(failover, "PARALLEL_FROM", 0)
    monkeypatch.setattr(failover, "_spare_cpu", lambda: True)
    monkeypatch.setattr(failover, "_run", counted)
    assert _report(path) == serial
    assert runs == [len(serial[0]["failover"])]  # type: ignore[index]


def _die(index: int) -> failover.FailoverCase:
    import os

    os._exit(3)  # the worker is killed (out of memory, a signal): no outcome comes back


@pytest.mark.skipif(not failover._can_fork(), reason="needs fork and two CPUs")
def test_a_dead_worker_costs_time_not_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    path = NETWORKS[0]
    serial = _report(path)
    here: list[int] = []
    real_outcome = failover._outcome

    def counted(job: failover._Job, index: int) -> failover.FailoverCase:
        here.append(index)
        return real_outcome(job, index)

    monkeypatch.setattr(failover, "PARALLEL_FROM", 0)
    monkeypatch.setattr(failover, "_spare_cpu", lambda: True)
    monkeypatch.setattr(failover, "_in_worker", _die)
    monkeypatch.setattr(failover, "_outcome", counted)
    assert _report(path) == serial
    # every case was computed in this process: the worker's share after it died
    assert sorted(here) == list(range(len(serial[0]["failover"])))  # type: ignore[index]


@pytest.mark.parametrize(
    ("load", "cpus", "spare"), [(0.3, 2, True), (1.6, 2, False), (6.0, 2, False), (3.0, 4, True)]
)
def test_no_worker_on_a_busy_machine(
    load: float, cpus: int, spare: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from dmvpngen import cpus as shared

    # where the kernel gives no runnable count, the 1-minute load average decides
    monkeypatch.setattr(shared, "PROC_LOADAVG", "/nonexistent/loadavg")
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)), raising=False)
    assert failover._spare_cpu() is spare


@pytest.mark.skipif(not failover._can_fork(), reason="needs fork and two CPUs")
def test_a_busy_machine_computes_every_case_here(monkeypatch: pytest.MonkeyPatch) -> None:
    path = NETWORKS[0]
    serial = _report(path)
    runs: list[int] = []
    monkeypatch.setattr(failover, "PARALLEL_FROM", 0)
    monkeypatch.setattr(failover, "_spare_cpu", lambda: False)
    monkeypatch.setattr(failover, "_run", lambda job: runs.append(1) or [])
    assert _report(path) == serial
    assert not runs
