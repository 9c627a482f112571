"""The proof on a running FRR lab: registrations, IKE SAs, routing adjacencies (BGP, OSPF),
LAN-to-LAN and service reachability, the spoke-to-spoke path, and failover with each hub and
each ISP down.

Every wait polls the state it waits for (no fixed sleeps beyond the poll interval), and each
poll asks all routers at once: the guest runs one request's commands in parallel.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from dmvpngen.lab.frr.converge import (
    ADJACENCY,
    pause,
    record_unconverged,
    set_check,
    wait_converged,
)
from dmvpngen.lab.frr.failover import FAILOVER_KINDS, failovers
from dmvpngen.lab.frr.nullneigh import NeighbourRepair
from dmvpngen.lab.frr.observe import ike_established
from dmvpngen.lab.frr.paths import PairPath, spoke_path
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.probes import port_probes
from dmvpngen.lab.frr.reach import reachability
from dmvpngen.lab.frr.render import GUEST_SOCKETS, ipsec_peers
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = ["Observed", "PairPath", "converged_links", "prove"]

# how long a spoke pair gets to show its path: NHRP builds a shortcut only after the hub's
# redirect, the far spoke's reply and (with trap policies) a spoke-to-spoke IKE exchange, which
# a loaded machine running the guest under TCG can stretch to tens of seconds; a pair that
# goes direct is judged as soon as it does, so the bound costs only a failing pair its time
DIRECT_WAIT = 60
# a pair the design sends through the hub: long enough for a redirect to turn it direct
VIA_HUB_WAIT = 8
# hub-spoke IKE SAs come up with the first GRE packet (trap policies) and are re-made after a
# rekey or DPD: the check waits for every expected SA this long
IKE_WAIT = 60


@dataclass
class Observed:
    """Everything the proof saw."""

    checks: list[Check] = field(default_factory=list)
    links: dict[tuple[str, str, str], bool] = field(default_factory=dict)  # (kind, hub, spoke)
    # (router, service label) -> the router reached it
    services: dict[tuple[str, str], bool] = field(default_factory=dict)
    paths: list[PairPath] = field(default_factory=list)
    # (hub cut off, "ipv4" | "ipv6") -> every flow of the family still arrived
    failover: dict[tuple[str, str], bool] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # the tunnel neighbours FRR 8.4's nhrpd left at link-layer address 0.0.0.0, repaired
    repairs: list[NeighbourRepair] = field(default_factory=list)


def _hub_side(plan: LabPlan, router: str, peer: str, local: str, remote: str) -> str | None:
    """The router on the hub side of a connection (``local`` to ``remote`` NBMA) that joins a
    hub tunnel and a tunnel of its cloud, or None (spoke to spoke, within a cloud or across
    clouds). A regional hub is the spoke of its central hub's connection and the hub of its
    own spokes'."""
    a, b = plan.router(router), plan.router(peer)
    for own in a.tunnels:
        for far in b.tunnels:
            if own.cloud != far.cloud or "hub" not in (own.role, far.role):
                continue
            if str(a.nbma(own.cloud)) == local and str(b.seen_nbma(far.cloud)) == remote:
                return router if own.role == "hub" else peer
    return None


def _ike_wanted(plan: LabPlan) -> dict[str, dict[str, tuple[str, str]]]:
    """Per router with IPsec: its connections (by name) that join a hub tunnel with a tunnel
    of its cloud, each with the peer's name and the hub side's (spoke-spoke SAs appear only
    with traffic)."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for router in plan.routers:
        if not router.ipsec:
            continue
        conns = {}
        for conn, peer, local, remote in ipsec_peers(plan, router):
            hub = _hub_side(plan, router.name, peer, str(local), str(remote))
            if hub is not None:
                conns[conn] = (peer, hub)
        out[router.name] = conns
    return out


def ike_checks(vm: Vm, plan: LabPlan, obs: Observed, timeout: float = IKE_WAIT) -> list[Check]:
    """Every hub's IKE SAs with its peers and every spoke's with its hubs established, polled
    until they are (or ``timeout``): an SA in the middle of a rekey or re-made after DPD is
    not a missing one."""
    wanted = _ike_wanted(plan)
    started = time.monotonic()
    while True:
        asked = time.monotonic()
        out = vm.run(
            [
                f"swanctl --list-sas --uri unix://{GUEST_SOCKETS}/{name}/charon.vici 2>/dev/null"
                for name in wanted
            ]
        )
        up = {name: ike_established(res.out) for name, res in zip(wanted, out, strict=True)}
        missing = {name: sorted(set(conns) - up[name]) for name, conns in wanted.items()}
        if not any(missing.values()) or time.monotonic() - started >= timeout:
            break
        pause(asked)
    # a hub tunnel and a spoke tunnel of its cloud: the link check predicts as ("ike", hub,
    # spoke); two hubs of one cloud, mapped to each other, are no such link
    spokes = {(r.name, t.cloud) for r in plan.routers for t in r.tunnels if t.role == "spoke"}
    hubs = {(r.name, t.cloud) for r in plan.routers for t in r.tunnels if t.role == "hub"}
    clouds = {c for _, c in spokes}
    for name, conns in wanted.items():
        for conn, (peer, hub) in conns.items():
            spoke = peer if hub == name else name
            if any((spoke, c) in spokes and (hub, c) in hubs for c in clouds):
                key = ("ike", hub, spoke)
                obs.links[key] = obs.links.get(key, True) and conn in up[name]
    return [
        set_check(name, "ike", missing[name], "no SA with", f"{len(conns)} IKE SAs established")
        for name, conns in wanted.items()
    ]


def converged_links(plan: LabPlan, checks: list[Check]) -> dict[tuple[str, str, str], bool]:
    """(kind, hub, spoke) -> up, from the convergence checks: each hub's link by the addresses
    a spoke's check names as missing (its NBMA for NHRP, its tunnel address for the routing
    adjacency), so a spoke that lacks one hub is down with that hub only."""
    links: dict[tuple[str, str, str], bool] = {}
    for check in checks:
        missing = set() if check.ok else set(check.detail.replace(",", " ").split())
        router = plan.router(check.router)
        if check.check.startswith("nhrp"):
            for tun in router.tunnels:
                if tun.ifname == check.check.split()[1]:
                    for hub, _, nbma in tun.nhs:
                        key = ("nhrp", hub, check.router)
                        links[key] = links.get(key, True) and nbma not in missing
        if check.check in ADJACENCY:
            # a spoke's sessions with its NHSs, and a regional hub's with its central hub
            for tun in router.tunnels:
                for hub, ip, _ in tun.nhs:
                    links[(check.check, hub, check.router)] = str(ip) not in missing
    return links


def prove(
    vm: Vm,
    plan: LabPlan,
    expected: dict[tuple[str, str, str], str],
    *,
    timeout: float = 240,
    failover: bool | frozenset[str] = True,
) -> Observed:
    """Run the whole proof; ``expected`` maps (cloud, spoke a, spoke b) to the path class the
    design promises, which decides how long to wait for a direct path."""
    obs = Observed()
    checks, took = wait_converged(vm, plan, timeout, repairs=obs.repairs)
    obs.timings["converged"] = took
    record_unconverged(vm, plan, checks, "convergence")
    obs.checks += checks
    obs.links.update(converged_links(plan, checks))
    started = time.monotonic()
    reached = reachability(
        vm, plan, list(plan.hosts), timeout / 2, "reach", obs.services, repairs=obs.repairs
    )
    reached += port_probes(vm, plan, list(plan.hosts), timeout / 2, "reach", obs.services)
    record_unconverged(vm, plan, reached, "reachability")
    obs.checks += reached
    obs.timings["reachability"] = time.monotonic() - started
    obs.checks += ike_checks(vm, plan, obs)
    for (cloud, a, b), promised in sorted(expected.items()):
        wait = DIRECT_WAIT if promised == "direct" else VIA_HUB_WAIT
        pair = (plan.router(a), plan.router(b))
        obs.paths.append(spoke_path(vm, plan, cloud, pair, wait))
        if all(r.dual_stack for r in pair):
            # the IPv6 overlay of a dual-stack cloud: the phase promises the same path
            obs.paths.append(spoke_path(vm, plan, cloud, pair, wait, "ipv6"))
    kinds = (
        (FAILOVER_KINDS if failover else frozenset()) if isinstance(failover, bool) else failover
    )
    if kinds:
        started = time.monotonic()
        failovers(vm, plan, timeout / 2, obs.checks.append, kinds, obs.failover, obs.repairs)
        obs.timings["failover"] = time.monotonic() - started
    return obs
