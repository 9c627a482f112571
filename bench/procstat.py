"""Whole-process measurements for the benchmarks: wall time, CPU time and peak memory of one
command, repeated, with min and median (the machine may be shared: medians, not single runs)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
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


# Runs the command and reports its own wall time, CPU time and peak memory. Linux keeps a
# process's peak RSS across fork and exec, so a command started straight from this (large)
# benchmark process would report the benchmark's own peak; started from this small launcher, the
# figure is the command's.
LAUNCHER = """
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump([wall, use.ru_utime + use.ru_stime, use.ru_maxrss / 1024, code], out)
"""


def measure(
    label: str, cmd: list[str], runs: int, cwd: Path | None = None, warm: bool = True
) -> Figures:
    """Run ``cmd`` ``runs`` times (after one unmeasured warm-up run when ``warm``)."""
    env = python_env()
    out = Figures(label)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "figures.json"
        for index in range(runs + (1 if warm else 0)):
            launch = [sys.executable, "-c", LAUNCHER, str(report), *cmd]
            subprocess.run(launch, cwd=cwd, env=env, check=True)
            wall, cpu, peak, code = json.loads(report.read_text())
            if warm and index == 0:
                continue  # byte-code compiled, file cache filled
            out.wall.append(wall)
            out.cpu.append(cpu)
            out.peak_mb = max(out.peak_mb, peak)  # Linux: ru_maxrss in kilobytes
            out.codes.add(code)
    return out
