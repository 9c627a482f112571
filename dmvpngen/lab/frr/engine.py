"""The FRR lab engine: ``up`` (render, boot one VM, build, prove), ``verify`` (prove again on
the running lab) and ``down``; every result as a :class:`LabReport`.

The lab's state directory (configs with their keys, logs, the VM's process id, the guest
channel) is shared with the VM; it defaults to ``/tmp/dmvpngen-lab/<title>``.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, Field

from dmvpngen.errors import UsageError
from dmvpngen.lab.frr.differential import (
    Prediction,
    compare,
    localize,
    measured_pairs,
    predict_inventory,
)
from dmvpngen.lab.frr.doctor import doctor
from dmvpngen.lab.frr.gaps import Gap, find_gaps
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.frr.prove import PairPath, prove
from dmvpngen.lab.frr.render import render_files
from dmvpngen.lab.frr.services import place_services
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm, VmError, find_kernel, find_vng

__all__ = [
    "EmulationNote",
    "LabReport",
    "PathResult",
    "build_and_prove",
    "config_loaded",
    "frr_down",
    "frr_up",
    "frr_verify",
    "load",
    "mask",
    "predict_and_place",
    "require_parts",
    "state_dir",
]

STATE_ROOT = Path("/tmp/dmvpngen-lab")


class PathResult(BaseModel):
    """A spoke pair's observed path beside the one ``check`` predicted."""

    cloud: str
    a: str
    b: str
    predicted: str
    observed: str
    detail: str
    family: str = "ipv4"  # "ipv6": the pair's IPv6 LANs, held to the phase's promise


class EmulationNote(BaseModel):
    """Something the lab did to the emulation itself, not to the design, while proving it: a
    workaround for a defect of the packaged FRR, named with the router and peer it touched."""

    router: str
    peer: str
    detail: str


class LabReport(BaseModel):
    """What ``lab up/verify --engine frr`` found."""

    ok: bool
    title: str
    emulated: bool
    not_emulated: list[Gap]
    checks: list[Check] = Field(default_factory=list)
    paths: list[PathResult] = Field(default_factory=list)
    differential: list[Check] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    state_dir: str = ""
    running: bool = False
    emulation_notes: list[EmulationNote] = Field(default_factory=list)


def state_dir(title: str, override: Path | None) -> Path:
    """Where a lab's files live."""
    return override if override is not None else STATE_ROOT / title


def load(inventory: Path) -> tuple[LabPlan, list[Gap]]:
    """The inventory's lab plan and the features the lab does not emulate."""
    from dmvpngen.pipeline import load_and_validate

    # the plan is built from the inventory, not from IOS configs: rendering them (and their
    # type 9 hashes) would be wasted
    loaded, secrets, _ = load_and_validate(inventory)
    inv = loaded.inventory
    return build_plan(inv, secrets), find_gaps(inv)


def predict_and_place(
    inventory: Path, plan: LabPlan, gaps: list[Gap]
) -> tuple[LabPlan, list[Gap], Prediction]:
    """``check``'s prediction for the inventory, and the plan with a host at every service
    address the configs name (the gaps gain each service the lab cannot place)."""
    prediction = localize(predict_inventory(str(inventory)), plan)
    plan, untested = place_services(plan, prediction.services)
    plan = replace(plan, vty=tuple(prediction.vty[r.name] for r in plan.routers))
    return plan, [*gaps, *untested], prediction


def mask(report: LabReport, secrets: tuple[str, ...]) -> LabReport:
    """The report with every secret of the design replaced by asterisks."""
    text = report.model_dump_json()
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "*****")
    return LabReport.model_validate_json(text)


def _promised(prediction: Prediction, path: PairPath) -> str:
    """The class check gives the pair in the path's family; an IPv6 pair check does not class
    (a check without an IPv6 view) is held to its IPv4 pair's, as the phase promises both."""
    key = (path.cloud, min(path.a, path.b), max(path.a, path.b))
    if path.family == "ipv6" and key in prediction.pairs6:
        return prediction.pairs6[key]
    return prediction.pairs[key]


def _prove(
    vm: Vm,
    plan: LabPlan,
    prediction: Prediction,
    report: LabReport,
    failover: bool | frozenset[str],
) -> None:
    nhs = {r.name: frozenset(hub for t in r.tunnels for hub, _, _ in t.nhs) for r in plan.routers}
    sample = measured_pairs(prediction, nhs)
    expected = {k: v for k, v in sample.items() if v in ("direct", "via-hub")}
    started = time.monotonic()
    observed = prove(vm, plan, expected, failover=failover)
    report.checks += observed.checks
    report.emulation_notes += [
        EmulationNote(router=r.router, peer=r.peer, detail=r.detail) for r in observed.repairs
    ]
    report.timings.update({f"{k}_s": round(v, 1) for k, v in observed.timings.items()})
    report.timings["proof_s"] = round(time.monotonic() - started, 1)
    report.paths = [
        PathResult(
            cloud=p.cloud,
            a=p.a,
            b=p.b,
            predicted=_promised(prediction, p),
            observed=p.result,
            detail=p.detail,
            family=p.family,
        )
        for p in observed.paths
    ]
    report.differential = compare(prediction, observed)
    report.ok = all(c.ok for c in (*report.checks, *report.differential))


def require_parts() -> None:
    """Raise a usage error naming the missing lab parts and their install command."""
    parts = doctor()
    if not parts.ok:
        missing = ", ".join(p.name for p in parts.parts if not p.ok)
        raise UsageError(
            f"the FRR lab is missing: {missing}", "install them: " + " && ".join(parts.install)
        )


def build_and_prove(
    vm: Vm,
    plan: LabPlan,
    prediction: Prediction,
    path: Path,
    report: LabReport,
    failover: bool | frozenset[str],
) -> None:
    """Build the rendered lab in ``path`` inside the running VM and prove it into ``report``;
    a guest that stops answering fails the report, it does not raise."""
    try:
        t0 = time.monotonic()
        built = vm.sh(
            f"sh {path}/setup.sh > {path}/setup.log 2>&1; tail -1 {path}/setup.log", timeout=600
        )
        report.timings["build_s"] = round(time.monotonic() - t0, 1)
        if "lab-built" not in built.out:
            report.checks.append(
                Check(router="-", check="build", ok=False, detail=f"see {path}/setup.log")
            )
        else:
            _prove(vm, plan, prediction, report, failover)
            loaded = config_loaded(plan, path)
            report.checks += loaded
            report.ok = report.ok and all(c.ok for c in loaded)
    except VmError as exc:
        report.ok = False
        report.checks.append(Check(router="-", check="vm", ok=False, detail=str(exc)))


def config_loaded(plan: LabPlan, path: Path) -> list[Check]:
    """Per router, whether FRR took its whole config without a word (``vtysh -b`` and the
    lines configured again after start print nothing when every line is accepted). A line
    FRR refused or warned about means the router may not run the design: a route map named
    before it existed once cost a spoke every route of its backup hub."""
    checks = []
    for r in plan.routers:
        log = path / r.ns / "vtysh-boot.log"
        said = [line.strip() for line in _read(log).splitlines() if line.strip()]
        checks.append(
            Check(
                router=r.name,
                check="frr config loaded",
                ok=not said,
                detail="every line accepted"
                if not said
                else f"{len(said)} line(s) in {log}: " + "; ".join(dict.fromkeys(said)),
            )
        )
    return checks


def _read(log: Path) -> str:
    try:
        return log.read_text(errors="replace")
    except OSError as exc:  # the build never got as far as starting FRR
        return f"unreadable: {exc.strerror}"


def frr_up(
    inventory: Path,
    *,
    state: Path | None = None,
    keep: bool = True,
    failover: bool | frozenset[str] = True,
    debug_nhrp: bool = False,
) -> LabReport:
    """Render the lab, boot the VM, build it, prove it; leave it running when ``keep``.
    ``failover``: every case, none, or the kinds named ("hub", "isp"). ``debug_nhrp``: every
    router's nhrpd logs its packets and decisions (``debug nhrp common``) in its frr.log."""
    started = time.monotonic()
    plan, gaps = load(inventory)
    report = LabReport(ok=False, title=plan.title, emulated=False, not_emulated=gaps)
    if any(g.blocking for g in gaps):
        return report
    require_parts()
    path = state_dir(plan.title, state)
    vm = Vm(path)
    if vm.running():
        raise UsageError(
            f"the lab {plan.title} is already running ({path})",
            "dmvpngen lab down --engine frr INVENTORY first",
        )
    plan, report.not_emulated, prediction = predict_and_place(inventory, plan, gaps)
    render_files(plan, path, debug_nhrp=debug_nhrp)
    kernel, vng = find_kernel(), find_vng()
    assert kernel is not None and vng is not None  # the doctor found them
    report.emulated, report.state_dir = True, str(path)
    try:
        report.timings["boot_s"] = round(vm.start(kernel, vng), 1)
        build_and_prove(vm, plan, prediction, path, report, failover)
    except VmError as exc:  # the boot failed
        report.ok = False
        report.checks.append(Check(router="-", check="vm", ok=False, detail=str(exc)))
    finally:
        if not keep:
            vm.stop()
    report.running = vm.running()
    report.timings["up_to_proof_s"] = round(time.monotonic() - started, 1)
    return mask(report, plan.secrets)


def frr_verify(inventory: Path, *, state: Path | None = None, failover: bool = True) -> LabReport:
    """Prove the running lab again."""
    plan, gaps = load(inventory)
    path = state_dir(plan.title, state)
    vm = Vm(path)
    if not vm.running():
        raise UsageError(
            f"no running FRR lab {plan.title} ({path})", "dmvpngen lab up --engine frr INVENTORY"
        )
    plan, gaps, prediction = predict_and_place(inventory, plan, gaps)
    report = LabReport(
        ok=False,
        title=plan.title,
        emulated=True,
        not_emulated=gaps,
        state_dir=str(path),
        running=True,
    )
    try:
        _prove(vm, plan, prediction, report, failover)
    except VmError as exc:
        report.checks.append(Check(router="-", check="vm", ok=False, detail=str(exc)))
        report.ok = False
    return mask(report, plan.secrets)


def frr_down(inventory: Path, *, state: Path | None = None) -> tuple[str, bool]:
    """Power the lab VM off; (title, whether one was running)."""
    plan, _ = load(inventory)
    vm = Vm(state_dir(plan.title, state))
    was = vm.running()
    vm.stop()
    return plan.title, was
