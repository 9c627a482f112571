"""Time from render to the printed proof, per shipped example, every example in one VM boot.

    python bench/bench_frr_lab.py [INVENTORY...]     (default: every inventories/*.yml)

The labs run one after the other in one boot (``dmvpngen.lab.frr.batch``, as CI runs its set),
each with every failover case; only the first pays the boot, and each prints as soon as it is
proven. Examples the FRR lab cannot emulate are listed with the blocking features and take no
VM time. Run it on an idle machine: QEMU's TCG shares the CPU with everything else.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dmvpngen.lab.frr.batch import frr_up_many
from dmvpngen.lab.frr.engine import LabReport

REPO = Path(__file__).resolve().parent.parent


def _print(inventory: Path, report: LabReport) -> None:
    if not report.emulated:
        blocking = sorted({g.feature for g in report.not_emulated if g.blocking})
        print(f"{inventory.name:32} not emulated: {', '.join(blocking)}", flush=True)
        return
    passed = sum(c.ok for c in (*report.checks, *report.differential))
    total = len(report.checks) + len(report.differential)
    phases = " ".join(f"{k}={v:.0f}s" for k, v in report.timings.items())
    verdict = "PASS" if report.ok else "FAIL"
    print(f"{inventory.name:32} {verdict} {passed}/{total} ({phases})")
    for check in (*report.checks, *report.differential):
        if not check.ok:
            print(f"    {check.router}: {check.check}: {check.detail}")
    for note in report.emulation_notes:
        print(f"    emulation note {note.router} (peer {note.peer}): {note.detail}")
    sys.stdout.flush()


def main(paths: list[str]) -> int:
    """Run every inventory's lab in one boot, printing each one's timings as it finishes;
    exit 1 if any proof failed."""
    inventories = [Path(p) for p in paths] or sorted((REPO / "inventories").glob("*.yml"))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="frr-lab-") as state:
        reports = frr_up_many([(inv, True) for inv in inventories], Path(state) / "lab", _print)
    emulated = sum(r.emulated for r in reports)
    took = time.monotonic() - started
    print(f"{emulated} of {len(reports)} examples emulated in one boot, {took:.0f}s in all")
    return 1 if any(r.emulated and not r.ok for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
