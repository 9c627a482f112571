"""Benchmark ``dmvpngen lint``: 2,000 synthetic router configs, linted as a whole process.

Prints configs per second for the whole CLI run (all cores) and the start-up cost, and, on a
single core, the CPU time of: reading nothing but splitting lines (the floor), the linter's own
parse (lines + hierarchy), ciscoconfparse2's parse of the same lines, and the full lint (parse +
view + rules), i.e. the share of time the rules add. Not a test: run
``python bench/bench_lint.py``; whole-process figures are in ``bench_speed.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHAPES = [HERE.parent / "tests" / "lint" / "generated" / n for n in ("hub.cfg", "spoke.cfg")]
NOISE = [
    "crypto isakmp policy {n}\n encr 3des\n hash md5\n group 2\n",
    "interface GigabitEthernet{n}\n ip address 10.{a}.{b}.1 255.255.255.0\n ip ospf 1 area 0\n",
    "router bgp 65000\n neighbor 192.0.2.{b} remote-as 6500{a}\n",
    "snmp-server community public RO\n",
    "ip access-list extended ACL{n}\n permit ip 10.{a}.0.0 0.0.255.255 any\n deny ip any any\n",
    "interface Vlan{n}\n ip address 172.16.{b}.1 255.255.255.0\n standby 1 ip 172.16.{b}.254\n",
]


def synthesise(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write ``count`` configs: the generated hub/spoke shapes plus random extra blocks."""
    rng = random.Random(seed)
    bases = [p.read_text(encoding="utf-8") for p in SHAPES]
    out = []
    for i in range(count):
        text = bases[i % 2].replace("hub-1", f"r{i:04d}").replace("spoke-1", f"r{i:04d}")
        extra = "".join(
            rng.choice(NOISE).format(n=k + 2, a=rng.randint(0, 9), b=rng.randint(1, 250))
            for k in range(rng.randint(5, 40))
        )
        path = folder / f"r{i:04d}.cfg"
        path.write_text(text.replace("\nend\n", "\n" + extra + "end\n"), encoding="utf-8")
        out.append(path)
    return out


def single_core(paths: list[Path], rounds: int) -> dict[str, float]:
    """CPU seconds in this process: floor, our parse, the library's parse, full lint, and
    where the lint time goes.

    The library parses the very lines the linter's hierarchy is built from (prepared outside the
    timing), with the options the linter used when it called the library. The kinds alternate for
    ``rounds`` rounds and the fastest round of each counts, so a busy neighbour on a shared
    machine inflates no side alone.
    """
    from ciscoconfparse2 import CiscoConfParse

    from dmvpngen.lint.config import LintSettings
    from dmvpngen.lint.engine import lint_text
    from dmvpngen.lint.registry import REGISTRY
    from dmvpngen.lint.view import ConfigView
    from dmvpngen.parse.collector import collector_paused
    from dmvpngen.parse.parsed import clear_cache, parse_lines
    from dmvpngen.parse.source import prepare

    texts = [p.read_text(encoding="utf-8") for p in paths]
    prepared = [prepare(text)[1] for text in texts]
    settings = LintSettings()
    lint_text(texts[0], "warm", settings)  # imports and regex compilation out of the timing
    kinds = {
        "floor": lambda: [text.split("\n") for text in texts],
        "parse": lambda: [parse_lines(prepare(text)[1]) for text in texts],
        "library": lambda: [
            CiscoConfParse(lines, syntax="ios", ignore_blank_lines=False) for lines in prepared
        ],
        "lint": lambda: [lint_text(text, f"c{i}", settings) for i, text in enumerate(texts)],
    }
    out: dict[str, float] = dict.fromkeys(kinds, float("inf"))
    for _ in range(rounds):
        for kind, run in kinds.items():
            clear_cache()  # every round parses cold
            gc.collect()
            start = time.process_time()
            run()
            out[kind] = min(out[kind], time.process_time() - start)
    areas: dict[str, list[Any]] = {}
    for code, rule in REGISTRY.items():
        areas.setdefault(code[:3], []).append(rule)
    for text in texts:  # one view at a time, as the linter does (rules run regardless of role)
        cfg = ConfigView(text, "c", settings=settings)
        with collector_paused():  # as the engine runs the rules
            _split(cfg, areas, out)
    return out


def _split(cfg: Any, areas: dict[str, list[Any]], out: dict[str, float]) -> None:
    """Add the CPU time of each part of linting ``cfg`` to ``out``."""
    from dmvpngen.lint.rules._index import index

    start = time.process_time()
    list(cfg.iter_lines())  # the view's line index, built lazily by the first rule
    out["view index"] = out.get("view index", 0.0) + time.process_time() - start
    start = time.process_time()
    index(cfg)  # the normalised index the MGT/CTL/DAT/LOG rules share
    out["rule index"] = out.get("rule index", 0.0) + time.process_time() - start
    for area, rules in sorted(areas.items()):
        start = time.process_time()
        for rule in rules:
            list(rule.check(cfg))
        out[f"rules {area}"] = out.get(f"rules {area}", 0.0) + time.process_time() - start


def wall(cmd: list[str], runs: int = 3) -> float:
    """Fastest wall-clock seconds of ``runs`` runs of ``cmd``."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--configs", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=400, help="configs for the single-core split")
    parser.add_argument("--rounds", type=int, default=3, help="parse/lint rounds (fastest counts)")
    args = parser.parse_args()
    lint = [sys.executable, "-m", "dmvpngen", "lint"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = synthesise(args.configs, folder)
        lines = sum(p.read_text().count("\n") for p in paths) / len(paths)
        cmd = [*lint, "--format", "json", "-o", str(folder / "report.json"), str(folder)]
        start = time.perf_counter()
        code = subprocess.run(cmd, check=False).returncode
        whole = time.perf_counter() - start
        one = wall([*lint, "--format", "json", "-o", str(folder / "one.json"), str(paths[0])])
        helps = wall([sys.executable, "-m", "dmvpngen", "--help"])
        split = single_core(paths[: args.sample], args.rounds)
    cores = os.cpu_count() or 1
    print(f"{args.configs} configs, {lines:.0f} lines each on average, {cores} cores")
    print(f"whole process: {whole:.2f} s, {args.configs / whole:.0f} configs/s (exit {code})")
    print(f"start-up: 'dmvpngen --help' {helps:.2f} s, lint of one config {one:.2f} s (wall)")
    n = min(args.sample, args.configs)
    floor, parse, lib, full = (split[k] for k in ("floor", "parse", "library", "lint"))
    print(
        f"single core, {n} configs (CPU time, best of {args.rounds}): split lines {floor:.3f} s, "
        f"parse {parse:.3f} s ({parse / floor:.0f}x the split), ciscoconfparse2 {lib:.2f} s "
        f"({lib / parse:.0f}x our parse), full lint {full:.2f} s ({n / full:.0f}/s)"
    )
    print(f"after the parse: {100 * (full - parse) / full:.0f} % of lint time; as % of lint time:")
    parts = {k: v for k, v in split.items() if k not in ("floor", "parse", "library", "lint")}
    for key in sorted(parts):
        print(f"  {key:<11} {100 * parts[key] / full:5.1f} %")
    rest = full - parse - sum(parts.values())
    print(f"  {'other':<11} {100 * rest / full:5.1f} %  (suppressions, findings, GC)")


if __name__ == "__main__":
    main()
