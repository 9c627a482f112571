"""Routing convergence in a running FRR lab: every expected NHRP registration and routing
adjacency (BGP session, OSPF neighbour) polled until up, per router, in one guest request.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from dmvpngen.lab.frr.observe import bgp_established, documents, nhs_registered, ospf_full
from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = ["ADJACENCY", "POLL", "pause", "protocol", "router_states", "set_check", "wait_converged"]

POLL = 1.0  # seconds between polls, at least


def set_check(router: str, check: str, missing: list[str], what: str, done: str) -> Check:
    """A check that passes when nothing is ``missing``; the detail names what is."""
    detail = f"{what} {', '.join(missing)}" if missing else done
    return Check(router=router, check=check, ok=not missing, detail=detail)


# per routing protocol: the vtysh command whose JSON lists the adjacencies, and its parser
ADJACENCY: dict[str, tuple[str, str, Callable[[str], set[str]]]] = {
    "bgp": ("show bgp summary json", "ipv4Unicast", bgp_established),
    "ospf": ("show ip ospf neighbor json", "neighbors", ospf_full),
}


def protocol(router: LabRouter) -> str:
    """The router's routing protocol ("bgp", "ospf")."""
    return str(router.routing.get("protocol"))


def _expected_peers(plan: LabPlan, router: LabRouter) -> set[str]:
    """Tunnel addresses the router must have a routing adjacency with."""
    rt = router.routing
    if protocol(router) == "ospf":
        # a hub with the spokes of its clouds and the hubs it maps; a spoke with its NHSs (on
        # a broadcast network a spoke, priority 0, is adjacent to the DR hubs only)
        peers = set()
        for own in router.tunnels:
            if own.ospf is None:
                continue
            if own.role == "hub":
                peers |= {
                    str(t.ip)
                    for r in plan.routers
                    for t in r.tunnels
                    if t.cloud == own.cloud and t.role == "spoke"
                }
                peers |= {str(ip) for ip, _ in own.maps}
            else:
                peers |= {str(ip) for _, ip, _ in own.nhs}
        return peers
    if protocol(router) != "bgp":
        return set()
    if router.role == "hub":
        spokes = {
            str(t.ip)
            for r in plan.routers
            for t in r.tunnels
            for own in router.tunnels
            if t.cloud == own.cloud and own.role == "hub" and t.role == "spoke"
        }
        return spokes | set(rt["hub_neighbors"]) | set(rt.get("core_neighbors", []))
    return set(rt["neighbors"])


def router_states(vm: Vm, plan: LabPlan, down: set[str]) -> dict[str, tuple[set[str], set[str]]]:
    """(registered NHS NBMAs, routing peers up) per live router, in one request."""
    live = [r for r in plan.routers if r.name not in down]
    # one vtysh per router: under TCG each process start costs the guest more than the answer
    cmds = [
        f"vtysh -N {r.ns} -c 'show ip nhrp nhs json' -c '{ADJACENCY[protocol(r)][0]}'" for r in live
    ]
    state = {}
    for router, res in zip(live, vm.run(cmds, timeout=60), strict=True):
        docs = [d for d in documents(res.out) if isinstance(d, dict)]
        nhs = next((d for d in docs if "table" in d), None)
        _, key, parse = ADJACENCY[protocol(router)]
        adj = next((d for d in docs if key in d), None)
        state[router.name] = (
            nhs_registered(json.dumps(nhs)) if nhs else set(),
            parse(json.dumps(adj)) if adj else set(),
        )
    return state


def _converged_checks(
    plan: LabPlan, state: dict[str, tuple[set[str], set[str]]], down: set[str]
) -> list[Check]:
    checks = []
    down_nbma = {str(w.address.ip) for r in plan.routers if r.name in down for w in r.wans}
    down_tun = {str(t.ip) for r in plan.routers if r.name in down for t in r.tunnels}
    for router in plan.routers:
        if router.name not in state:
            continue
        registered, peers = state[router.name]
        for tun in router.tunnels:
            want = {nbma for _, _, nbma in tun.nhs} - down_nbma
            if want:
                missing = sorted(want - registered)
                checks.append(
                    set_check(
                        router.name,
                        f"nhrp {tun.ifname}",
                        missing,
                        "missing",
                        f"registered with {', '.join(sorted(want))}",
                    )
                )
        want_peers = _expected_peers(plan, router) - down_tun
        if want_peers:
            missing = sorted(want_peers - peers)
            checks.append(
                set_check(
                    router.name,
                    protocol(router),
                    missing,
                    "not established:",
                    f"{len(want_peers)} peers established",
                )
            )
    return checks


def pause(asked: float) -> None:
    """Wait before the next poll at least ``POLL`` and as long as the last poll took: on a
    slow (emulated, loaded) guest, polling never takes more than half its time from the
    daemons it waits for."""
    time.sleep(max(POLL, time.monotonic() - asked))


def wait_converged(
    vm: Vm, plan: LabPlan, timeout: float, down: frozenset[str] = frozenset()
) -> tuple[list[Check], float]:
    """Poll until every expected registration and routing adjacency is up (or ``timeout``)."""
    started = time.monotonic()
    while True:
        asked = time.monotonic()
        checks = _converged_checks(plan, router_states(vm, plan, set(down)), set(down))
        if all(c.ok for c in checks) or time.monotonic() - started > timeout:
            return checks, time.monotonic() - started
        pause(asked)
