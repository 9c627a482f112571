"""Whether a second process can help: a forked worker needs ``fork`` and a CPU to spare.

Shared by every step that splits its work with a forked worker (parsing a large set of configs,
the failover cases of a large network). ``DMVPNGEN_WORKERS=off`` keeps every step in one
process; ``DMVPNGEN_WORKERS=on`` starts the workers whatever the load (where ``fork`` and a
second CPU exist); unset or anything else, they start only while a CPU is to spare.
"""

from __future__ import annotations

import os

__all__ = ["WORKERS_VARIABLE", "can_fork", "spare_cpu"]

WORKERS_VARIABLE = "DMVPNGEN_WORKERS"


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


def spare_cpu() -> bool:
    """True unless the machine is busy: a 1-minute load average of at least the CPU count less
    one half (this process counts one). A worker then takes its share of the same CPUs and
    adds the fork's cost: a 2,000-spoke check at load ~6 on two CPUs took 7 % more CPU time
    with the worker than without, and no less wall time (bench/README.md). Always True when
    workers are turned on."""
    if _setting() == "on":
        return True
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this platform: assume the CPUs are free
        return True
    return load < _cpus() - 0.5
