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

__all__ = ["Figures", "keep_output", "measure", "python_env"]


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
# Its output goes to two files next to the figures, kept only when the command exits non-zero.
LAUNCHER = """
import json, os, resource, subprocess, sys, time
with open(sys.argv[1] + ".out", "wb") as out, open(sys.argv[1] + ".err", "wb") as err:
    start = time.perf_counter()
    code = subprocess.run(sys.argv[2:], stdout=out, stderr=err).returncode
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
            if code:
                kept = keep_output(label, index, code, cmd, report)
                print(f"  {label}: run {index} exited {code}, its output is in {kept}", flush=True)
            if warm and index == 0:
                continue  # byte-code compiled, file cache filled
            out.wall.append(wall)
            out.cpu.append(cpu)
            out.peak_mb = max(out.peak_mb, peak)  # Linux: ru_maxrss in kilobytes
            out.codes.add(code)
    return out


def keep_output(label: str, index: int, code: int, cmd: list[str], report: Path) -> Path:
    """Keep the output of a run that exited ``code`` (not 0) in one file outside the run's
    temporary folder: the command, the exit status, stdout and stderr. A failed run is rare
    and not reproducible at will, so what it said is kept for reading afterwards."""
    slug = "".join(c if c.isalnum() else "-" for c in label).strip("-")
    fd, name = tempfile.mkstemp(prefix=f"bench-{slug}-run{index}-exit{code}-", suffix=".log")
    with os.fdopen(fd, "wb") as kept:
        kept.write(f"command: {' '.join(cmd)}\nexit status: {code}\n--- stdout\n".encode())
        kept.write(Path(str(report) + ".out").read_bytes())
        kept.write(b"\n--- stderr\n")
        kept.write(Path(str(report) + ".err").read_bytes())
    return Path(name)
