"""Routing convergence in a running FRR lab: every expected NHRP registration and routing
adjacency (BGP session, OSPF neighbour) polled until up, per router, in one guest request.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import ip_address
from pathlib import Path

from dmvpngen.lab.frr.nullneigh import NeighbourRepair, repair_null_neighbours
from dmvpngen.lab.frr.observe import bgp_established, documents, nhs_registered, ospf_full
from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.frr.render import GUEST_SOCKETS
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = [
    "ADJACENCY",
    "POLL",
    "RouterState",
    "pause",
    "protocol",
    "record_unconverged",
    "router_states",
    "set_check",
    "wait_converged",
]

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
        # a regional hub also peers with its central hubs (uplink sessions)
        others = [
            *rt["hub_neighbors"],
            *rt.get("core_neighbors", []),
            *rt.get("uplink_neighbors", []),
        ]
        return spokes | set(others)
    return set(rt["neighbors"])


def _expected_peers6(plan: LabPlan, router: LabRouter) -> set[str]:
    """IPv6 tunnel addresses the router must have an IPv6 BGP session with (dual stack)."""
    rt6 = router.routing6
    if rt6 is None or not router.dual_stack:
        return set()
    if router.role == "hub":
        mine = {t.cloud for t in router.tunnels if t.role == "hub" and t.ipv6}
        spokes = {
            str(t.ipv6.ip)
            for r in plan.routers
            for t in r.tunnels
            if t.cloud in mine and t.role == "spoke" and t.ipv6
        }
        others = [*rt6.get("hub_neighbors", []), *rt6.get("core_neighbors", [])]
        return spokes | {str(ip_address(a)) for a in others}
    return {str(ip_address(a)) for a in rt6.get("neighbors", [])}


@dataclass(frozen=True)
class RouterState:
    """What one router reports: the NHSs it is registered with (IPv4 and IPv6 NHRP, by NBMA
    address), its routing adjacencies up (IPv4, and IPv6 BGP sessions) and its kernel
    neighbours (``ip -j neigh show``, read for the null-lladdr repair)."""

    nhs: frozenset[str] = frozenset()
    peers: frozenset[str] = frozenset()
    nhs6: frozenset[str] = frozenset()
    peers6: frozenset[str] = frozenset()
    neighbours: str = ""


def router_states(vm: Vm, plan: LabPlan, down: set[str]) -> dict[str, RouterState]:
    """Registrations and adjacencies per live router, in one request."""
    live = [r for r in plan.routers if r.name not in down]
    # one vtysh per router: under TCG each process start costs the guest more than the answer;
    # the kernel's neighbours ride along (a JSON list, where vtysh prints objects)
    cmds = [
        f"vtysh -N {r.ns} -c 'show ip nhrp nhs json' -c '{ADJACENCY[protocol(r)][0]}'"
        + (" -c 'show ipv6 nhrp nhs json'" if r.dual_stack else "")
        + f"; ip -n {r.ns} -j neigh show"
        for r in live
    ]
    state = {}
    for router, res in zip(live, vm.run(cmds, timeout=60), strict=True):
        docs = [d for d in documents(res.out) if isinstance(d, dict)]
        nhs = [d for d in docs if "table" in d]
        _, key, parse = ADJACENCY[protocol(router)]
        adj = next((d for d in docs if key in d), None)
        state[router.name] = RouterState(
            nhs=frozenset(nhs_registered(json.dumps(nhs[0]))) if nhs else frozenset(),
            peers=frozenset(parse(json.dumps(adj))) if adj else frozenset(),
            nhs6=frozenset(nhs_registered(json.dumps(nhs[1]))) if len(nhs) > 1 else frozenset(),
            peers6=frozenset(bgp_established(json.dumps(adj), "ipv6Unicast"))
            if adj and router.dual_stack
            else frozenset(),
            neighbours=res.out,
        )
    return state


def _converged_checks(plan: LabPlan, state: dict[str, RouterState], down: set[str]) -> list[Check]:
    checks = []
    down_nbma = {str(w.seen) for r in plan.routers if r.name in down for w in r.wans}
    down_tun = {str(t.ip) for r in plan.routers if r.name in down for t in r.tunnels}
    down_tun |= {
        str(t.ipv6.ip) for r in plan.routers if r.name in down for t in r.tunnels if t.ipv6
    }
    for router in plan.routers:
        if router.name not in state:
            continue
        seen = state[router.name]
        for tun in router.tunnels:
            families = [("", {nbma for _, _, nbma in tun.nhs}, seen.nhs)]
            if tun.ipv6 and router.dual_stack:
                families.append((" ipv6", {nbma for _, _, nbma in tun.ipv6.nhs}, seen.nhs6))
            for suffix, nbmas, registered in families:
                want = nbmas - down_nbma
                if want:
                    checks.append(
                        set_check(
                            router.name,
                            f"nhrp {tun.ifname}{suffix}",
                            sorted(want - registered),
                            "missing",
                            f"registered with {', '.join(sorted(want))}",
                        )
                    )
        adjacencies = [(protocol(router), _expected_peers(plan, router), seen.peers)]
        if router.dual_stack:
            adjacencies.append(("bgp ipv6", _expected_peers6(plan, router), seen.peers6))
        for name, expected, up in adjacencies:
            want_peers = expected - down_tun
            if want_peers:
                checks.append(
                    set_check(
                        router.name,
                        name,
                        sorted(want_peers - up),
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
    vm: Vm,
    plan: LabPlan,
    timeout: float,
    down: frozenset[str] = frozenset(),
    *,
    when: str = "convergence",
    repairs: list[NeighbourRepair] | None = None,
) -> tuple[list[Check], float]:
    """Poll until every expected registration and routing adjacency is up (or ``timeout``).
    While they are not, each poll repairs the tunnel neighbours FRR 8.4's nhrpd left at
    link-layer address 0.0.0.0 (``dmvpngen.lab.frr.nullneigh``), collected in ``repairs``."""
    started = time.monotonic()
    while True:
        asked = time.monotonic()
        state = router_states(vm, plan, set(down))
        checks = _converged_checks(plan, state, set(down))
        if all(c.ok for c in checks) or time.monotonic() - started > timeout:
            return checks, time.monotonic() - started
        shown = {name: s.neighbours for name, s in state.items()}
        done = repair_null_neighbours(vm, plan, when, set(down), shown)
        if repairs is not None:
            repairs += done
        pause(asked)


def record_unconverged(vm: Vm, plan: LabPlan, checks: list[Check], when: str) -> Path | None:
    """What the routers a failed check names, and the hubs, hold when the wait or probe round
    ``when`` ends, added to ``unconverged-<lab>.log`` in the VM's state directory: NHRP's
    cache, the routing adjacencies, zebra's routes, the kernel's neighbours and routes (every
    table, front-door VRFs' too; a unicast OSPF packet
    needs the neighbour entry nhrpd installs; nhrpd's multicast copies do not) and the IKE SAs
    with their packet counts (no keys). None when every check passed."""
    failed = [c for c in checks if not c.ok]
    if not failed:
        return None
    # a LAN host's check names its router ("branch-02 LAN")
    names = {c.router.removesuffix(" LAN") for c in failed}
    names |= {r.name for r in plan.routers if r.role == "hub"}
    # a failed flow's destination leads its detail ("10.12.0.254: 0/3 replies"): the kernel's
    # own choice of route for it, on the router the flow leaves, beside zebra's table
    probed: dict[str, set[str]] = {}
    for c in failed:
        dst = c.detail.split(":", 1)[0].split(" ", 1)[0]
        if _is_address(dst):
            probed.setdefault(c.router.removesuffix(" LAN"), set()).add(dst)
    cmds = [
        f"echo '== {r.name}'; date -u +'guest time %T';"
        # zebra's routes beside the kernel's below: a route zebra holds and the kernel lacks
        f" vtysh -N {r.ns} -c 'show ip nhrp cache' -c 'show ip nhrp nhs' -c 'show ip route'"
        f" -c '{ADJACENCY[protocol(r)][0]}'; ip -n {r.ns} neigh show;"
        # every table: a front-door VRF's default route lives outside the main one
        f" ip -n {r.ns} route show table all"
        " | grep -Ev '^(local|broadcast|multicast) |^fe80|ff00::';"
        # the kernel's nexthop objects: a route zebra installs by nexthop id needs its object
        f" ip -n {r.ns} nexthop show;"
        + "".join(f" ip -n {r.ns} route get {dst};" for dst in sorted(probed.get(r.name, ())))
        + f" swanctl --list-sas --uri unix://{GUEST_SOCKETS}/{r.ns}/charon.vici"
        for r in plan.routers
        if r.name in names
    ]
    path = vm.state / f"unconverged-{plan.title}.log"
    with path.open("a") as log:
        log.write(f"=== {when}: " + "; ".join(f"{c.router} {c.check}: {c.detail}" for c in failed))
        log.write("\n" + "".join(res.out + res.err for res in vm.run(cmds, timeout=60)))
    return path


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
