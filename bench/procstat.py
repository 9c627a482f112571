"""Whole-process measurements for the benchmarks: wall time, CPU time and peak memory of one
command, repeated, with min and median (the machine may be shared: medians, not single runs)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Figures", "measure", "python_env"]


@dataclass
class Figures:
    """What ``runs`` runs of one command took."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system, the process and its children
    peak_mb: float = 0.0
    codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        """Median wall-clock seconds."""
        return statistics.median(self.wall)

    @property
    def best(self) -> float:
        """Fastest wall-clock seconds."""
        return min(self.wall)

    @property
    def cpu_median(self) -> float:
        """Median CPU seconds."""
        return statistics.median(self.cpu)


def python_env() -> dict[str, str]:
    """The environment for measured runs: byte-code caching on, as in an installed package."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def measure(
    label: str, cmd: list[str], runs: int, cwd: Path | None = None, warm: bool = True
) -> Figures:
    """Run ``cmd`` ``runs`` times (after one unmeasured warm-up run when ``warm``)."""
    env = python_env()
    out = Figures(label)
    for index in range(runs + (1 if warm else 0)):
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if warm and index == 0:
            continue  # byte-code compiled, file cache filled
        out.wall.append(wall)
        out.cpu.append(usage.ru_utime + usage.ru_stime)
        out.peak_mb = max(out.peak_mb, usage.ru_maxrss / 1024)  # Linux: kilobytes
        out.codes.add(proc.returncode)
    return out
