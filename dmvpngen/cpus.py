"""Whether a second process can help: a forked worker needs ``fork`` and a CPU to spare.

Shared by every step that splits its work with a forked worker (parsing a large set of configs,
the failover cases of a large network). ``DMVPNGEN_WORKERS=off`` keeps every step in one
process; ``DMVPNGEN_WORKERS=on`` starts the workers whatever the load (where ``fork`` and a
second CPU exist); unset or anything else, they start only while a CPU is to spare now.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["WORKERS_VARIABLE", "can_fork", "others_running", "spare_cpu"]

WORKERS_VARIABLE = "DMVPNGEN_WORKERS"

# The kernel's count of runnable threads, machine-wide, now: the fourth field of this file
# ("running/total"), which counts the reading thread too.
PROC_LOADAVG = "/proc/loadavg"
# One reading catches a thread waking for a moment: the middle one of a few, a millisecond
# apart (~3 ms, against a split that saves ~0.5 s at 2,000 spokes).
SAMPLES = 3
SAMPLE_GAP = 0.001


def _cpus() -> int:
    found = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return found or 1


def _setting() -> str:
    return os.environ.get(WORKERS_VARIABLE, "").strip().lower()


def can_fork() -> bool:
    """True when this process may use more than one CPU, the platform can fork and workers are
    not turned off."""
    import multiprocessing

    if _setting() == "off":
        return False
    return _cpus() > 1 and "fork" in multiprocessing.get_all_start_methods()


def _runnable() -> int | None:
    """Threads runnable on the machine at this moment, the reading one included; None where
    the kernel does not say (no ``/proc``, or a field not in the expected form)."""
    try:
        text = Path(PROC_LOADAVG).read_text(encoding="ascii")
        return int(text.split()[3].split("/")[0])
    except (OSError, ValueError, IndexError, UnicodeDecodeError):
        return None


def others_running() -> int | None:
    """Runnable threads other than this process's reading one, the middle of
    :data:`SAMPLES` readings; None where the kernel does not say."""
    seen: list[int] = []
    for n in range(SAMPLES):
        if n:
            time.sleep(SAMPLE_GAP)
        got = _runnable()
        if got is None:
            return None
        seen.append(max(got - 1, 0))
    return sorted(seen)[len(seen) // 2]


def spare_cpu() -> bool:
    """True when a CPU is idle now besides the one this process runs on: fewer other runnable
    threads than CPUs less one (:func:`others_running`). A worker on a busy machine takes its
    share of the same CPUs and adds the fork's cost: a 2,000-spoke check at load ~6 on two
    CPUs took 7 % more CPU time with the worker than without, and no less wall time
    (bench/README.md). The count is of this moment, not the 1-minute load average, which still
    holds a benchmark's own earlier runs and kept back-to-back checks in one process; where
    the kernel gives no count, the 1-minute load average decides (below the CPU count less one
    half). Always True when workers are turned on."""
    if _setting() == "on":
        return True
    others = others_running()
    if others is not None:
        return others < _cpus() - 1
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this platform: assume the CPUs are free
        return True
    return load < _cpus() - 0.5
