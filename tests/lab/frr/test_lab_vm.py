"""The representative FRR lab run in CI: the shipped BGP design with two hubs (phase 3, iBGP
route reflectors, a DHCP spoke) booted in one VM and proven end to end, including failover with
each hub down and the differential test against ``check``. Skipped, with the reason, only when
the lab's parts are not installed (``dmvpngen lab doctor``). The other examples run from
bench/bench_frr_lab.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.lab.frr.doctor import doctor
from tests.conftest import INVENTORIES

pytestmark = pytest.mark.lab_vm

_PARTS = doctor()
needs_parts = pytest.mark.skipif(
    not _PARTS.ok,
    reason="FRR lab parts missing: "
    + ", ".join(p.name for p in _PARTS.parts if not p.ok)
    + " (install: "
    + " && ".join(_PARTS.install)
    + ")",
)


@needs_parts
def test_phase3_dual_hub_ibgp_runs_as_designed(tmp_path: Path) -> None:
    from dmvpngen.lab.frr.engine import frr_up

    report = frr_up(INVENTORIES / "phase3-dual-hub-ibgp.yml", state=tmp_path / "lab", keep=False)
    print(f"FRR lab timings: {report.timings}")  # shown with -s or on failure
    failed = [c for c in (*report.checks, *report.differential) if not c.ok]
    assert report.emulated and not report.running
    assert not failed, "\n".join(f"{c.router}: {c.check}: {c.detail}" for c in failed)
    kinds = {c.check.split(" ")[0] for c in report.checks}
    assert {"nhrp", "bgp", "ike", "reach", "failover"} <= kinds
    # every spoke pair went direct, as check predicted, with the hubs' counters flat
    assert [(p.predicted, p.observed) for p in report.paths] == [("direct", "direct")] * 3
    failover = {c.check for c in report.checks if c.check.startswith("failover")}
    for hub in ("hq-hub1", "dc-hub2"):
        for step in ("detected", "", "restored"):
            assert f"failover {hub} down {step}".strip() in failover
    assert report.differential and all(c.ok for c in report.differential)
