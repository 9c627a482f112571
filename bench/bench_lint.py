"""Benchmark ``dmvpngen lint``: 2,000 synthetic router configs, linted as a whole process.

Prints configs per second for the whole CLI run (all cores), and, on a single core, the time
ciscoconfparse2 needs just to parse the same configs versus the full lint (parse + view +
rules), i.e. the share of time the rules add. Not a test: run ``python bench/bench_lint.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def single_core(paths: list[Path]) -> dict[str, float]:
    """CPU seconds in this process: bare parse, full lint, and rule time per area."""
    from ciscoconfparse2 import CiscoConfParse

    from dmvpngen.lint.config import LintSettings
    from dmvpngen.lint.engine import lint_text
    from dmvpngen.lint.registry import REGISTRY
    from dmvpngen.lint.view import ConfigView

    texts = [p.read_text(encoding="utf-8") for p in paths]
    settings = LintSettings()
    lint_text(texts[0], "warm", settings)  # imports and regex compilation out of the timing
    out: dict[str, float] = {}
    start = time.process_time()
    for text in texts:
        CiscoConfParse(text.split("\n"), syntax="ios", ignore_blank_lines=False)
    out["parse"] = time.process_time() - start
    start = time.process_time()
    for i, text in enumerate(texts):
        lint_text(text, f"c{i}", settings)
    out["lint"] = time.process_time() - start
    areas: dict[str, list[object]] = {}
    for code, rule in REGISTRY.items():
        areas.setdefault(code[:3], []).append(rule)
    for text in texts:  # one view at a time, as the linter does
        cfg = ConfigView(text, "c", settings=settings)
        start = time.process_time()
        list(cfg.iter_lines())  # the view's index, built lazily by the first rule: counted apart
        out["index"] = out.get("index", 0.0) + time.process_time() - start
        for area, rules in sorted(areas.items()):
            start = time.process_time()
            for rule in rules:
                list(rule.check(cfg))  # type: ignore[attr-defined]
            out[f"rules {area}"] = out.get(f"rules {area}", 0.0) + time.process_time() - start
    return out


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--configs", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=400, help="configs for the single-core split")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = synthesise(args.configs, folder)
        lines = sum(p.read_text().count("\n") for p in paths) / len(paths)
        cmd = [
            sys.executable,
            "-m",
            "dmvpngen",
            "lint",
            "--format",
            "json",
            "-o",
            str(folder / "report.json"),
            str(folder),
        ]
        start = time.perf_counter()
        code = subprocess.run(cmd, check=False).returncode
        whole = time.perf_counter() - start
        split = single_core(paths[: args.sample])
    cores = os.cpu_count() or 1
    print(f"{args.configs} configs, {lines:.0f} lines each on average, {cores} cores")
    print(f"whole process: {whole:.2f} s, {args.configs / whole:.0f} configs/s (exit {code})")
    n = min(args.sample, args.configs)
    parse, lint = split["parse"], split["lint"]
    print(
        f"single core, {n} configs (CPU time): parse alone {parse:.2f} s ({n / parse:.0f}/s), "
        f"full lint {lint:.2f} s ({n / lint:.0f}/s)"
    )
    print(
        f"lint adds {100 * (lint - parse) / parse:.0f} % to the bare parse "
        f"({100 * (lint - parse) / lint:.0f} % of lint time); of which, as % of the parse:"
    )
    for key in sorted(k for k in split if k not in ("parse", "lint")):
        print(f"  {key:<10} {100 * split[key] / parse:5.1f} %")


if __name__ == "__main__":
    main()
