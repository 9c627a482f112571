"""The spare-CPU test reads the runnable threads of this moment, not the 1-minute load average.

The 1-minute average still holds a benchmark's own earlier runs (back-to-back checks ran in one
process because of it); the kernel's runnable count says whether a CPU is idle now.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmvpngen import cpus


def _loadavg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "loadavg"
    path.write_text(text, encoding="ascii")
    monkeypatch.setattr(cpus, "PROC_LOADAVG", str(path))
    monkeypatch.setattr(cpus, "SAMPLE_GAP", 0.0)
    monkeypatch.delenv(cpus.WORKERS_VARIABLE, raising=False)


@pytest.mark.parametrize(
    ("runnable", "n_cpus", "spare"),
    [(1, 2, True), (2, 2, False), (5, 2, False), (3, 4, True), (4, 4, False), (1, 1, False)],
)
def test_spare_when_fewer_others_run_than_cpus_less_one(
    runnable: int, n_cpus: int, spare: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading thread is one of the runnable ones; a CPU is spare when the others leave one
    idle besides this process's. A high 1-minute load average does not count."""
    _loadavg(tmp_path, monkeypatch, f"6.10 3.20 1.50 {runnable}/412 31823\n")
    monkeypatch.setattr(os, "getloadavg", lambda: (6.1, 3.2, 1.5))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(n_cpus)), raising=False)
    assert cpus.others_running() == runnable - 1
    assert cpus.spare_cpu() is spare


@pytest.mark.parametrize(
    ("readings", "others"), [([1, 6, 1], 0), ([6, 1, 6], 5), ([1, 2, 3], 1), ([3, 1, 2], 1)]
)
def test_the_middle_reading_decides(
    readings: list[int], others: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One thread waking for a moment in one reading does not decide either way."""
    got: Iterator[int] = iter(readings)
    monkeypatch.setattr(cpus, "_runnable", lambda: next(got))
    monkeypatch.setattr(cpus, "SAMPLE_GAP", 0.0)
    assert cpus.others_running() == others
    assert next(got, None) is None  # every reading was taken


@pytest.mark.parametrize(
    ("text", "load", "spare"),
    [
        (None, 0.3, True),  # no such file: the load average decides
        (None, 1.6, False),
        ("0.30 0.20 0.10\n", 1.6, False),  # no runnable field
        ("0.30 0.20 0.10 x/100 7\n", 0.3, True),  # a field not in the expected form
    ],
)
def test_without_a_count_the_load_average_decides(
    text: str | None, load: float, spare: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if text is None:
        monkeypatch.setattr(cpus, "PROC_LOADAVG", str(tmp_path / "absent"))
        monkeypatch.delenv(cpus.WORKERS_VARIABLE, raising=False)
    else:
        _loadavg(tmp_path, monkeypatch, text)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert cpus.others_running() is None
    assert cpus.spare_cpu() is spare


def test_workers_on_reads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def busy() -> int:
        raise AssertionError("read the runnable count with workers turned on")

    monkeypatch.setenv(cpus.WORKERS_VARIABLE, "on")
    monkeypatch.setattr(cpus, "_runnable", busy)
    assert cpus.spare_cpu() is True


@pytest.mark.skipif(not Path(cpus.PROC_LOADAVG).exists(), reason="no /proc/loadavg")
def test_the_kernel_count_is_read_here() -> None:
    """On Linux the count is read, and this thread is one of the runnable ones."""
    assert cpus._runnable() is not None
    assert cpus._runnable() >= 1  # type: ignore[operator]
    assert cpus.others_running() is not None
