"""Failover on a running FRR lab: each hub cut off, then each ISP down, when the design has
another to fail over to; the routing protocol must notice, the rest of the network stay
reachable, and everything come back once the link returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from dmvpngen.lab.frr.converge import (
    pause,
    record_unconverged,
    router_states,
    set_check,
    wait_converged,
)
from dmvpngen.lab.frr.nullneigh import NeighbourRepair
from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.frr.reach import reachability
from dmvpngen.lab.frr.remap import restore_static
from dmvpngen.lab.frr.routing import ospf_timers
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = ["FAILOVER_KINDS", "failovers", "spared_hubs", "spared_transports"]


def _set_links(vm: Vm, cmds: list[str]) -> None:
    if cmds:
        vm.run(cmds)


def _cut_tunnels(plan: LabPlan, ports: set[str]) -> set[str]:
    """Tunnel addresses of every tunnel sourced from a WAN whose ISP side is in ``ports``."""
    cut = [
        t
        for r in plan.routers
        for t in r.tunnels
        if any(w.ifname == t.wan and w.isp_if in ports for w in r.wans)
    ]
    return {str(t.ip) for t in cut} | {str(t.ipv6.ip) for t in cut if t.ipv6}


def _wait_dropped(
    vm: Vm, plan: LabPlan, dead: set[str], gone: set[str], timeout: float
) -> float | None:
    """Seconds until no live router keeps a routing adjacency with a tunnel address in
    ``gone`` (the tunnels over the links cut)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        asked = time.monotonic()
        state = router_states(vm, plan, dead)
        if not any((s.peers | s.peers6) & gone for s in state.values()):
            return time.monotonic() - started
        pause(asked)
    return None


# FRR's nhrpd retries a failed registration after 2, 4, ... 64 s (``nhrp_reg_timeout`` in
# nhrpd/nhrp_nhs.c doubles the wait up to 64 s): a spoke whose hub was away that long may
# register again only that much after the link returns
_REGISTRATION_BACKOFF = 64


def _dead_time(plan: LabPlan) -> int:
    """The longest a routing adjacency outlives its peer: BGP's hold time, OSPF's dead
    interval."""
    return max(
        [int(r.routing.get("holdtime", 0)) for r in plan.routers]
        + [
            ospf_timers(t.ospf["network_type"])[1]
            for r in plan.routers
            for t in r.tunnels
            if t.ospf
        ]
    )


FAILOVER_KINDS = frozenset({"hub", "isp"})


def _nhs_paths(plan: LabPlan, router: LabRouter) -> list[tuple[str, set[str]]]:
    """(NHS, the transports its registration crosses: this router's WAN and the NHS's) for
    every NHS of every tunnel of ``router``."""
    out = []
    for tun in router.tunnels:
        own = next(w.transport for w in router.wans if w.ifname == tun.wan)
        for hub, _, _ in tun.nhs:
            far = plan.router(hub)
            wan = next(t.wan for t in far.tunnels if t.cloud == tun.cloud)
            out.append((hub, {own, next(w.transport for w in far.wans if w.ifname == wan)}))
    return out


def spared_hubs(plan: LabPlan) -> list[LabRouter]:
    """The hubs the design can lose: every router registered with one has another NHS (a
    second hub of its cloud, or of another cloud it is in). A regional hub, the central hub
    of a hierarchy or a single hub has none to fail over to: no case."""
    paths = {r.name: {hub for hub, _ in _nhs_paths(plan, r)} for r in plan.routers}
    hubs = [r for r in plan.routers if r.role == "hub"]
    if len(hubs) < 2:
        return []
    return [h for h in hubs if all(nhs - {h.name} for nhs in paths.values() if h.name in nhs)]


def spared_transports(plan: LabPlan) -> list[str]:
    """The ISPs (transports) the design can lose: every router with an NHS keeps one whose
    registration crosses another ISP."""
    if len(plan.transports) < 2:
        return []
    paths = [_nhs_paths(plan, r) for r in plan.routers]
    return [
        transport
        for transport in plan.transports
        if all(any(transport not in crossed for _, crossed in nhs) for nhs in paths if nhs)
    ]


def failovers(
    vm: Vm,
    plan: LabPlan,
    timeout: float,
    emit: Callable[[Check], None],
    kinds: frozenset[str] = FAILOVER_KINDS,
    kept: dict[tuple[str, str], bool] | None = None,
    repairs: list[NeighbourRepair] | None = None,
) -> None:
    """Each hub cut off (its WANs), then each ISP down (its side of every WAN), when the design has
    another one to fail over to: the rest of the network must stay reachable. ``kinds`` picks
    the cases ("hub", "isp"); ``kept`` collects, per hub cut off and address family ("ipv4",
    "ipv6"), whether every flow of the family still arrived; ``repairs`` the null link-layer
    neighbours repaired while a case's flows or its restore were awaited."""
    cases: list[tuple[str, set[str], set[str]]] = []  # (label, routers cut off, ISP ports)
    kept = {} if kept is None else kept
    if "hub" in kinds:
        for hub in spared_hubs(plan):
            # cut on the ISP side: the hub keeps its addresses and routes, as after a power cut
            cases.append((f"{hub.name} down", {hub.name}, {w.isp_if for w in hub.wans}))
    if "isp" in kinds:
        for transport in spared_transports(plan):
            ports = {w.isp_if for r in plan.routers for w in r.wans if w.transport == transport}
            cases.append((f"ISP {transport} down", set(), ports))
    for label, dead, ports in cases:
        _set_links(vm, [f"ip -n isp link set {port} down" for port in sorted(ports)])
        started = time.monotonic()
        # the routing protocol needs its dead time to notice, then a poll or two: waiting
        # for that (an ISP down too) before judging reachability leaves the routing no race
        gone = _cut_tunnels(plan, ports)
        noticed = _wait_dropped(vm, plan, dead, gone, max(timeout, _dead_time(plan) + 60))
        emit(
            Check(
                router="-",
                check=f"failover {label} detected",
                ok=noticed is not None,
                detail=f"routing dropped the adjacencies after {noticed:.0f} s"
                if noticed is not None
                else "routing adjacencies with it stayed up",
            )
        )
        hosts = [h for h in plan.hosts if h.router not in dead]
        # every LAN and service by ping, both families; the services' ports and SSH were
        # probed once before the cases (``prove``): a port answers or not whichever hub
        # carries the ping, so a round per case would only repeat it
        checks = reachability(vm, plan, hosts, timeout, f"[{label}]", repairs=repairs)
        elapsed = time.monotonic() - started
        # what the routers held while the case's flows failed, before the link comes back
        record_unconverged(vm, plan, checks, label)
        six = [c.ok for c in checks if c.check.endswith(" ipv6")]
        for name in dead:
            kept[(name, "ipv4")] = all(c.ok for c in checks if not c.check.endswith(" ipv6"))
            if six:
                kept[(name, "ipv6")] = all(six)
        for check in checks:
            emit(check)
        emit(
            Check(
                router="-",
                check=f"failover {label}",
                ok=all(c.ok for c in checks),
                detail=f"{sum(c.ok for c in checks)}/{len(checks)} flows after {elapsed:.0f} s",
            )
        )
        _set_links(vm, [f"ip -n isp link set {port} up" for port in sorted(ports)])
        lacking = restore_static(vm, plan, ports)
        restored, took = wait_converged(
            vm, plan, timeout + _REGISTRATION_BACKOFF, when=f"{label} restored", repairs=repairs
        )
        record_unconverged(vm, plan, restored, f"{label} restored")
        failed = [f"{c.router} {c.check}" for c in restored if not c.ok]
        failed += [f"{name} static NHRP mappings" for name in lacking]
        emit(
            set_check(
                "-",
                f"failover {label} restored",
                failed,
                "still down:",
                f"everything back after {took:.0f} s",
            )
        )
