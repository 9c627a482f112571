"""The same flows with one hub down, or one ISP of a dual-ISP spoke down: what loses
reachability, and which path takes over for what still arrives."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import Any

from dmvpngen.cpus import can_fork as _can_fork
from dmvpngen.cpus import spare_cpu as _spare_cpu
from dmvpngen.parse.facts import Device, Tunnel
from dmvpngen.routes.explain import path_label
from dmvpngen.routes.fixpoint import Network, compute
from dmvpngen.routes.flows import LanFlow, lan_traces
from dmvpngen.routes.model import Route
from dmvpngen.routes.nssanote import translator_change
from dmvpngen.routes.topology import source_interface
from dmvpngen.routes.trace import Trace, trace_paths

__all__ = ["PARALLEL_FROM", "FailoverCase", "failover", "flows"]

# Failover cases are independent fixpoints, each as costly as the base network's (half a
# second at 2,000 routers). From this many routers on, a forked process computes every other
# case while this one computes the rest: the child inherits the parsed network by fork (nothing
# large is copied) and sends back only the outcomes (a few strings each). Only while a CPU is
# to spare (:func:`_spare_cpu`): on a busy machine the worker takes its share of the same CPUs.
PARALLEL_FROM = 500


@dataclass
class FailoverCase:
    """One failure and its outcome."""

    down: str  # "hub hub-a" | "branch-01 ISP GigabitEthernet1"
    device: str  # the router that fails (or whose ISP fails)
    line: int | None  # its WAN interface line for an ISP case
    lost: list[str] = field(default_factory=list)  # flows that arrived and no longer do
    takes_over: dict[str, int] = field(default_factory=dict)  # new first hop -> flows moved
    unverifiable: set[str] = field(default_factory=set)  # routers with unseen neighbours
    # flows that arrived over the overlay and now leave it by a route out of a non-tunnel
    # interface (the WAN default): (flow, its destination, router where it leaves, that route)
    leaks: list[tuple[str, IPv4Address, str, Route]] = field(default_factory=list)
    # NSSAs whose translator the failure changes ('NSSA 10 translated by he1 (he2 before)')
    translators: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form (the first 20 lost flows; ``nssa_translators`` only where a failure
        changes an NSSA's translator)."""
        out = {
            "down": self.down,
            "lost": len(self.lost),
            "lost_flows": self.lost[:20],
            "leaks": len(self.leaks),
            "takes_over": dict(sorted(self.takes_over.items())),
        }
        if self.translators:
            out["nssa_translators"] = self.translators
        return out


def flows(
    net: Network,
    lan: dict[tuple[str, str], LanFlow] | None = None,
    services: dict[tuple[str, int], list[Trace]] | None = None,
) -> dict[str, list[Trace]]:
    """Every service flow and every class's LAN flow, keyed by a readable name, each with every
    equal-cost path it takes, the installed one first (``lan``, ``services``: the flows of
    ``net`` when the caller has traced them already)."""
    out: dict[str, list[Trace]] = {}
    for name, router in sorted(net.topo.routers.items()):
        for i, svc in enumerate(router.facts.services):
            key = f"{name} -> {svc.address} ({svc.kind})"
            known = services.get((name, i)) if services is not None else None
            out[key] = known or trace_paths(net, name, svc.vrf, svc.address)
    for (src, dst), flow in sorted((lan_traces(net) if lan is None else lan).items()):
        out[f"{src} -> {dst}"] = [flow.trace, *flow.others]
    return out


def _again(net: Network, before: dict[str, list[Trace]]) -> dict[str, list[Trace]]:
    """The same flows traced through ``net`` (from the same routers, where they still are),
    every equal-cost path of each."""
    out: dict[str, list[Trace]] = {}
    for k, paths in before.items():
        t = paths[0]
        if t.source in net.topo.routers:
            out[k] = trace_paths(net, t.source, t.start_vrf, t.address)
    return out


def _first_hop(t: Trace) -> str:
    return t.hops[0].next_router or t.hops[0].port if t.hops else "local"


def _failure(t: Trace) -> tuple[str, str, str]:
    """What a failed path runs into: its outcome, the router and the deciding route."""
    return (t.outcome, t.at, t.route.describe() if t.route is not None else "")


def _compare(
    base: dict[str, list[Trace]],
    now: dict[str, list[Trace]],
    case: FailoverCase,
    gone: str | None,
    net: Network,
) -> None:
    # flows from the failed router, or to addresses on its own segments, go down with it
    dead = [p.network for p in net.topo.routers[gone].ports.values()] if gone else []
    # each destination is asked once: a LAN is the destination of one flow per router class
    on_dead: dict[object, bool] = {}
    for key, paths in base.items():
        before = paths[0]
        src = key.split(" -> ", 1)[0]
        if src == gone or not before.ok:
            continue
        hit = on_dead.get(before.address)
        if hit is None:
            hit = on_dead[before.address] = any(before.address in n for n in dead)
        if hit:
            continue
        after_paths = now.get(key)
        if not after_paths:
            continue
        after = after_paths[0]
        _lost(case, key, after, before)
        if after.ok and _first_hop(after) != _first_hop(before):
            hop = _first_hop(after)
            case.takes_over[hop] = case.takes_over.get(hop, 0) + 1
        # every equal-cost path carries a share of the flows: one that fails now and did not
        # fail that way before is lost too, named by the path it is on
        known = {_failure(t) for t in paths if not t.ok}
        for alt in after_paths[1:]:
            if not alt.ok and _failure(alt) not in known:
                label = path_label(alt, after, len(after_paths))
                _lost(case, f"{key} on {label}", alt, before)


def _lost(case: FailoverCase, key: str, after: Trace, before: Trace) -> None:
    """Record ``after`` (a path of flow ``key``, which arrived before) when it fails now."""
    if after.ok or after.at in case.unverifiable:
        return  # arrives, or fails where an unseen router may feed routes: not asserted
    overlay = any(h.tunnel for h in before.hops)
    if after.outcome == "exits" and after.route is not None and overlay:
        case.leaks.append((key, after.address, after.at, after.route))
    case.lost.append(
        f"{key}: {after.outcome} at {after.at}"
        + (f" ({after.route.describe()})" if after.route else "")
    )


def failover(
    devices: list[Device],
    overlay: set[tuple[str, str]],
    base: Network,
    hubs: list[str],
    max_isp_cases: int = 16,
    lan: dict[tuple[str, str], LanFlow] | None = None,
    parallel_from: int | None = None,
    services: dict[tuple[str, int], list[Trace]] | None = None,
) -> list[FailoverCase]:
    """Each hub down, then each ISP of a dual-ISP spoke down (one spoke per router class,
    at most ``max_isp_cases`` of them: spokes of a class fail alike); ``lan``: the LAN flows
    of ``base`` when already traced, ``services`` its service flows (see
    :func:`dmvpngen.routes.flows.service_faults`). From ``parallel_from`` routers on (default
    :data:`PARALLEL_FROM`), a second process computes half of the cases (see :func:`_run`)."""
    from dmvpngen.routes.flows import open_edges

    before = flows(base, lan, services)
    edges = open_edges(base)
    cases: list[_Case] = []
    for hub in sorted(hubs):
        rest = [d for d in devices if d.hostname != hub]
        cases.append(_Case(FailoverCase(f"hub {hub}", hub, None, unverifiable=edges), rest, None))
    seen_classes: set[int] = set()
    for d in sorted(devices, key=lambda x: x.hostname):
        if d.hostname in hubs:
            continue
        # a tunnel sourced by an address fails with the interface that holds it
        wans = sorted({_wan(d, t) for t in d.tunnels.values() if t.source and t.nhrp and t.nhs})
        cls = base.classes.get(d.hostname, -1)
        if len(wans) < 2 or cls in seen_classes or len(seen_classes) >= max_isp_cases:
            continue
        seen_classes.add(cls)
        for wan in wans:
            intf = d.interface(wan)
            case = FailoverCase(
                f"{d.hostname} ISP {wan}",
                d.hostname,
                intf.line if intf else None,
                unverifiable=edges,
            )
            cases.append(_Case(case, devices, {d.hostname: {wan}}))
    job = _Job(overlay, base, before, cases)
    threshold = PARALLEL_FROM if parallel_from is None else parallel_from
    if len(devices) >= threshold and len(cases) > 1 and _can_fork() and _spare_cpu():
        return _run(job)
    return [_outcome(job, i) for i in range(len(cases))]


def _wan(device: Device, tun: Tunnel) -> str:
    """The name of the WAN interface ``tun`` rides (its source, or the interface holding the
    address it is sourced from; the source as written when no interface holds it)."""
    intf = source_interface(device, tun)
    return intf.name if intf is not None else tun.source or ""


@dataclass
class _Case:
    """One failure to compute: its (empty) outcome, the routers left, the interfaces down."""

    outcome: FailoverCase
    devices: list[Device]
    down: dict[str, set[str]] | None


@dataclass
class _Job:
    overlay: set[tuple[str, str]]
    base: Network
    before: dict[str, list[Trace]]
    cases: list[_Case]


def _outcome(job: _Job, index: int) -> FailoverCase:
    """Case ``index`` of ``job``: the fixpoint without the failed parts, the flows again."""
    c = job.cases[index]
    case_net = compute(c.devices, job.overlay, c.down, classes=False, lazy=True)
    now = _again(case_net, job.before)
    gone = c.outcome.device if c.down is None else None
    _compare(job.before, now, c.outcome, gone, job.base)
    c.outcome.translators = translator_change(job.base, case_net)
    return c.outcome


_JOB: list[_Job] = []  # the job a forked worker reads (set before the fork)


def _in_worker(index: int) -> FailoverCase:
    return _outcome(_JOB[0], index)


def _run(job: _Job) -> list[FailoverCase]:
    """Cases 1, 3, 5... in a forked worker, cases 0, 2, 4... here; outcomes in case order.

    A worker that cannot start or dies (fork refused, killed for memory) costs time, not the
    result: its cases are computed here instead (the worker changed only its own copies).
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    def theirs(i: int, future: Future[FailoverCase] | None) -> FailoverCase:
        try:
            if future is not None:
                return future.result()
        except (OSError, RuntimeError):  # BrokenProcessPool is a RuntimeError
            pass
        return _outcome(job, i)

    _JOB[:] = [job]
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures: dict[int, Future[FailoverCase] | None] = {}
            for i in range(1, len(job.cases), 2):
                try:
                    futures[i] = pool.submit(_in_worker, i)
                except (OSError, RuntimeError):
                    futures[i] = None
            mine = {i: _outcome(job, i) for i in range(0, len(job.cases), 2)}
            return [mine[i] if i in mine else theirs(i, futures[i]) for i in range(len(job.cases))]
    finally:
        _JOB.clear()
