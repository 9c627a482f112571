"""Time from ``lab up --engine frr`` to the printed proof, per shipped example.

    python bench/bench_frr_lab.py [INVENTORY...]     (default: every inventories/*.yml)

Examples the FRR lab cannot emulate are listed with the blocking features and take no VM.
Run it on an idle machine: QEMU's TCG shares the CPU with everything else.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dmvpngen.lab.frr.engine import frr_up

REPO = Path(__file__).resolve().parent.parent


def main(paths: list[str]) -> int:
    """Run each inventory's lab once and print its timings; exit 1 if any proof failed."""
    inventories = [Path(p) for p in paths] or sorted((REPO / "inventories").glob("*.yml"))
    failed = 0
    for inventory in inventories:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="frr-lab-") as state:
            report = frr_up(inventory, state=Path(state) / "lab", keep=False)
        took = time.monotonic() - started
        if not report.emulated:
            blocking = sorted({g.feature for g in report.not_emulated if g.blocking})
            print(f"{inventory.name:32} not emulated: {', '.join(blocking)}")
            continue
        passed = sum(c.ok for c in (*report.checks, *report.differential))
        total = len(report.checks) + len(report.differential)
        phases = " ".join(f"{k}={v:.0f}s" for k, v in report.timings.items())
        verdict = "PASS" if report.ok else "FAIL"
        failed += not report.ok
        print(f"{inventory.name:32} {verdict} {passed}/{total} up-to-proof {took:.0f}s ({phases})")
        for check in (*report.checks, *report.differential):
            if not check.ok:
                print(f"    {check.router}: {check.check}: {check.detail}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
