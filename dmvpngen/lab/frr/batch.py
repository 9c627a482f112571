"""Several labs, one after the other, in one VM boot: what CI and the benchmark run.

Each lab is rendered into its own directory under the VM's state directory, built, proven and
taken down again (``teardown.sh``: every process of every namespace, the namespaces, FRR's and
strongSwan's runtime directories) before the next is built, so each starts as on a fresh boot;
only the boot, the kernel modules and the guest agent are shared.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from dmvpngen.lab.frr.engine import (
    LabReport,
    build_and_prove,
    load,
    mask,
    predict_and_place,
    require_parts,
)
from dmvpngen.lab.frr.render import render_files, render_teardown
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm, VmError, find_kernel, find_vng

__all__ = ["frr_up_many"]


def frr_up_many(
    labs: list[tuple[Path, bool | frozenset[str]]],
    state: Path,
    done: Callable[[Path, LabReport], None] | None = None,
) -> list[LabReport]:
    """Prove each (inventory, failover cases) in turn in one VM under ``state``; the VM is
    powered off at the end. A lab the engine cannot emulate is reported and takes no time.
    ``done`` is told of each report as soon as it is final (a long run shows its progress)."""
    require_parts()
    kernel, vng = find_kernel(), find_vng()
    assert kernel is not None and vng is not None  # the doctor found them
    state.mkdir(parents=True, exist_ok=True)
    vm = Vm(state)
    reports: list[LabReport] = []
    boot: float | None = None
    try:
        for inventory, failover in labs:
            started = time.monotonic()
            plan, gaps = load(inventory)
            report = LabReport(ok=False, title=plan.title, emulated=False, not_emulated=gaps)
            reports.append(report)
            if any(g.blocking for g in gaps):
                if done is not None:
                    done(inventory, report)
                continue
            plan, report.not_emulated, prediction = predict_and_place(inventory, plan, gaps)
            path = state / plan.title
            render_files(plan, path)
            render_teardown(plan, path)
            report.emulated, report.state_dir = True, str(path)
            try:
                if boot is None:
                    boot = vm.start(kernel, vng)
                    report.timings["boot_s"] = round(boot, 1)
                build_and_prove(vm, plan, prediction, path, report, failover)
                vm.sh(f"sh {path}/teardown.sh > {path}/teardown.log 2>&1", timeout=120)
            except VmError as exc:
                report.ok = False
                report.checks.append(Check(router="-", check="vm", ok=False, detail=str(exc)))
            report.timings["up_to_proof_s"] = round(time.monotonic() - started, 1)
            reports[-1] = mask(report, plan.secrets)
            if done is not None:
                done(inventory, reports[-1])
    finally:
        vm.stop()
    return reports
