"""The proof on a running FRR lab: registrations, IKE SAs, routing adjacencies (BGP, OSPF),
LAN-to-LAN and service reachability, the spoke-to-spoke path, and failover with each hub and
each ISP down.

Every wait polls the state it waits for (no fixed sleeps beyond the poll interval), and each
poll asks all routers at once: the guest runs one request's commands in parallel.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import ip_address, ip_network

from dmvpngen.lab.frr.converge import (
    ADJACENCY,
    POLL,
    pause,
    router_states,
    set_check,
    wait_converged,
)
from dmvpngen.lab.frr.observe import (
    forward_packets,
    ike_established,
    lladdr,
    parse_ping,
    shortcuts,
)
from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.frr.reach import ping_cmd, reachability
from dmvpngen.lab.frr.render import GUEST_SOCKETS, ipsec_peers
from dmvpngen.lab.frr.routing import ospf_timers
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = ["Observed", "PairPath", "prove"]

_DIRECT_TTL = 62  # host -> router A -> router B -> host: the reply crosses two routers


@dataclass(frozen=True)
class PairPath:
    """The path observed between the first LANs of two spokes of one cloud."""

    cloud: str
    a: str
    b: str
    result: str  # "direct" | "via-hub" | "broken" | "untested"
    detail: str


@dataclass
class Observed:
    """Everything the proof saw."""

    checks: list[Check] = field(default_factory=list)
    links: dict[tuple[str, str, str], bool] = field(default_factory=dict)  # (kind, hub, spoke)
    # (router, service label) -> the router reached it
    services: dict[tuple[str, str], bool] = field(default_factory=dict)
    paths: list[PairPath] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _vtysh(ns: str, cmd: str) -> str:
    return f"vtysh -N {ns} -c '{cmd}'"


def ike_checks(vm: Vm, plan: LabPlan, obs: Observed) -> list[Check]:
    """Hub-spoke IKE SAs established (spoke-spoke SAs appear only with traffic)."""
    routers = [r for r in plan.routers if r.ipsec]
    out = vm.run(
        [
            f"swanctl --list-sas --uri unix://{GUEST_SOCKETS}/{r.ns}/charon.vici 2>/dev/null"
            for r in routers
        ]
    )
    checks = []
    roles = {r.name: r.role for r in plan.routers}
    for router, res in zip(routers, out, strict=True):
        up = ike_established(res.out)
        conns = {
            conn: peer
            for conn, peer, _, _ in ipsec_peers(plan, router)
            if "hub" in (roles[peer], router.role)
        }
        want = sorted(conns)
        for conn, peer in conns.items():
            hub, spoke = (router.name, peer) if router.role == "hub" else (peer, router.name)
            if roles[hub] == "hub" and roles[spoke] == "spoke":
                obs.links[("ike", hub, spoke)] = (
                    obs.links.get(("ike", hub, spoke), True) and conn in up
                )
        missing = [p for p in want if p not in up]
        checks.append(
            set_check(router.name, "ike", missing, "no SA with", f"{len(want)} IKE SAs established")
        )
    return checks


def _next_hop_nbma(router: LabRouter, dst: str) -> str:
    """Shell: the NBMA address ``router``'s packets to ``dst`` go to, read from the neighbour
    entry of the route's next hop (phase 2: the far tunnel address; phase 3: the shortcut
    resolves the LAN address itself)."""
    return (
        f"nh=$(ip -n {router.ns} route get {dst} | sed -n 's/.* via \\([0-9.]*\\).*/\\1/p'); "
        f"ip -n {router.ns} neigh show to ${{nh:-{dst}}}"
    )


def _resolve_both(
    vm: Vm,
    pair: tuple[LabRouter, LabRouter],
    want: tuple[str, str],
    src_ns: str,
    flow: tuple[str, str],
    timeout: float,
) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    """Send traffic from A's LAN host (namespace ``src_ns``) along ``flow`` (its address, B's
    host address) until A resolves B's host to ``want[0]`` (B's NBMA address) and B resolves
    A's host to ``want[1]`` (A's), or ``timeout`` passes; return the two NBMA addresses found
    and A's NHRP shortcuts."""
    (a, b), (src, dst) = pair, flow
    started = time.monotonic()
    while True:
        there, back, table = vm.run(
            [
                _next_hop_nbma(a, dst),
                _next_hop_nbma(b, src),
                _vtysh(a.ns, "show ip nhrp shortcut json"),
            ]
        )
        found = (lladdr(there.out), lladdr(back.out))
        if found == want or time.monotonic() - started >= timeout:
            return found[0], found[1], shortcuts(table.out)
        vm.sh(ping_cmd(src_ns, dst, 1))
        time.sleep(POLL)


def spoke_path(
    vm: Vm, plan: LabPlan, cloud: str, a: LabRouter, b: LabRouter, timeout: float
) -> PairPath:
    """Send traffic from A's LAN to B's LAN, give NHRP ``timeout`` to build the direct path,
    then judge it: next hop B's tunnel address, hub forwarding counters flat, TTL of two hops."""
    host_a = next((h for h in plan.hosts if h.router == a.name), None)
    host_b = next((h for h in plan.hosts if h.router == b.name), None)
    if host_a is None or host_b is None:
        return PairPath(cloud, a.name, b.name, "untested", "a spoke without a LAN to send from")
    hubs = [r for r in plan.routers if any(t.cloud == cloud and t.role == "hub" for t in r.tunnels)]
    dst = str(host_b.address.ip)
    # start from the hub path: no shortcut left from earlier traffic on either side
    vm.run([_vtysh(r.ns, "clear ip nhrp shortcut") for r in (a, b)])
    first = parse_ping(vm.sh(ping_cmd(host_a.ns, dst, 3)).out)
    own = next(t.ifname for t in a.tunnels if t.cloud == cloud)
    dev = re.search(r" dev (\S+)", vm.sh(f"ip -n {a.ns} route get {dst}").out)
    if dev is None or dev.group(1) != own:
        # another cloud carries A's traffic to B (a backup cloud's routes lose on
        # local-preference): this cloud's path is not what the traffic shows
        where = dev.group(1) if dev else "no route"
        return PairPath(cloud, a.name, b.name, "untested", f"traffic to {dst} leaves by {where}")
    b_nbma, a_nbma = str(b.nbma(cloud)), str(a.nbma(cloud))
    flow = (str(host_a.address.ip), dst)
    started = time.monotonic()
    # wait until both directions resolve to the far spoke's NBMA address: phase 3 builds
    # B's way back only when the hub redirects B's replies, a little after A's shortcut
    nbma, back, short = _resolve_both(vm, (a, b), (b_nbma, a_nbma), host_a.ns, flow, timeout)
    counters = [f"ip netns exec {h.ns} iptables -nvxL FORWARD" for h in hubs]
    while True:
        before = [forward_packets(r.out) for r in vm.run(counters)]
        ping = parse_ping(vm.sh(ping_cmd(host_a.ns, dst, 5)).out)
        *after_out, table = vm.run([*counters, _vtysh(a.ns, "show ip nhrp shortcut json")])
        hub_pkts = sum(forward_packets(r.out) for r in after_out) - sum(before)
        direct = nbma == b_nbma and back == a_nbma and hub_pkts == 0 and ping.ttl == _DIRECT_TTL
        # a shortcut or the spokes' IPsec SA still being built on a loaded machine (the first
        # packets over a new path are lost while IKE runs): measure again while time is left
        if direct or time.monotonic() - started >= timeout:
            break
        time.sleep(POLL)
        nbma, back, short = _resolve_both(vm, (a, b), (b_nbma, a_nbma), host_a.ns, flow, 0)
    # the entry as A's nhrpd holds it after the traffic (``show ip nhrp shortcut``)
    short = shortcuts(table.out) or short
    entry = next(
        (f"{p} via {v}" for p, v in short if ip_address(dst) in ip_network(p, strict=False)),
        "none",
    )
    detail = (
        f"first ping ttl {first.ttl}; then to NBMA {nbma} (B: {b_nbma}), back to NBMA {back} "
        f"(A: {a_nbma}), NHRP shortcut {entry}, ttl {ping.ttl}, {hub_pkts} packets through the hubs"
    )
    if not ping.ok:
        return PairPath(cloud, a.name, b.name, "broken", f"no reply from {dst}; {detail}")
    return PairPath(cloud, a.name, b.name, "direct" if direct else "via-hub", detail)


def _set_links(vm: Vm, cmds: list[str]) -> None:
    if cmds:
        vm.run(cmds)


def _remap(plan: LabPlan, isp_ifs: set[str]) -> list[str]:
    """The static NHRP mappings (``ip nhrp map``) of every tunnel sourced from a WAN whose ISP
    side is in ``isp_ifs``, configured again.

    FRR 8.4's nhrpd empties a tunnel's NHRP cache, static entries included, when its NBMA
    interface loses carrier, and puts nothing back when the carrier returns, although the
    running config still shows the mapping (FRR issues 4895, 7490). IOS keeps static mappings
    across an interface flap, so the lab restores them once the link is back: without this,
    a hub cut off and restored never reaches the hubs it maps statically again."""
    cmds = []
    for router in plan.routers:
        flapped = {w.ifname for w in router.wans if w.isp_if in isp_ifs}
        lines = []
        for tun in router.tunnels:
            if tun.wan in flapped and tun.maps:
                lines += [f"interface {tun.ifname}"]
                lines += [f"ip nhrp map {ip} {nbma}" for ip, nbma in tun.maps]
        if lines:
            args = " ".join(f"-c '{line}'" for line in ["configure terminal", *lines])
            cmds.append(f"vtysh -N {router.ns} {args}")
    return cmds


def _wait_dropped(vm: Vm, plan: LabPlan, dead: set[str], timeout: float) -> float | None:
    """Seconds until no live router keeps a routing adjacency with a tunnel address of
    ``dead``."""
    gone = {str(t.ip) for r in plan.routers if r.name in dead for t in r.tunnels}
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        asked = time.monotonic()
        state = router_states(vm, plan, dead)
        if not any(bgp & gone for _, bgp in state.values()):
            return time.monotonic() - started
        pause(asked)
    return None


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


def failovers(
    vm: Vm,
    plan: LabPlan,
    timeout: float,
    emit: Callable[[Check], None],
    kinds: frozenset[str] = FAILOVER_KINDS,
) -> None:
    """Each hub cut off (its WANs), then each ISP down (its side of every WAN), when the design has
    another one to fail over to: the rest of the network must stay reachable. ``kinds`` picks
    the cases ("hub", "isp")."""
    hubs = [r for r in plan.routers if r.role == "hub"]
    cases: list[tuple[str, set[str], set[str]]] = []  # (label, routers cut off, ISP ports)
    if len(hubs) > 1 and "hub" in kinds:
        for hub in hubs:
            # cut on the ISP side: the hub keeps its addresses and routes, as after a power cut
            cases.append((f"{hub.name} down", {hub.name}, {w.isp_if for w in hub.wans}))
    if len(plan.transports) > 1 and "isp" in kinds:
        for transport in plan.transports:
            ports = {w.isp_if for r in plan.routers for w in r.wans if w.transport == transport}
            cases.append((f"ISP {transport} down", set(), ports))
    for label, dead, ports in cases:
        _set_links(vm, [f"ip -n isp link set {port} down" for port in sorted(ports)])
        started = time.monotonic()
        # the routing protocol needs its dead time to notice, then a poll or two
        noticed = _wait_dropped(vm, plan, dead, max(timeout, _dead_time(plan) + 60))
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
        checks = reachability(vm, plan, hosts, timeout, f"[{label}]")
        elapsed = time.monotonic() - started
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
        _set_links(vm, _remap(plan, ports))
        restored, took = wait_converged(vm, plan, timeout)
        failed = [f"{c.router} {c.check}" for c in restored if not c.ok]
        emit(
            set_check(
                "-",
                f"failover {label} restored",
                failed,
                "still down:",
                f"everything back after {took:.0f} s",
            )
        )


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
    checks, took = wait_converged(vm, plan, timeout)
    obs.timings["converged"] = took
    obs.checks += checks
    for check in checks:
        if check.check.startswith("nhrp"):
            for tun in plan.router(check.router).tunnels:
                for hub, _, _ in tun.nhs:
                    obs.links[("nhrp", hub, check.router)] = check.ok
        if check.check in ADJACENCY and plan.router(check.router).role == "spoke":
            for tun in plan.router(check.router).tunnels:
                for hub, _, _ in tun.nhs:
                    obs.links[(check.check, hub, check.router)] = check.ok
    started = time.monotonic()
    obs.checks += reachability(vm, plan, list(plan.hosts), timeout / 2, "reach", obs.services)
    obs.timings["reachability"] = time.monotonic() - started
    obs.checks += ike_checks(vm, plan, obs)
    for (cloud, a, b), promised in sorted(expected.items()):
        path = spoke_path(
            vm, plan, cloud, plan.router(a), plan.router(b), 30 if promised == "direct" else 8
        )
        obs.paths.append(path)
    kinds = (
        (FAILOVER_KINDS if failover else frozenset()) if isinstance(failover, bool) else failover
    )
    if kinds:
        started = time.monotonic()
        failovers(vm, plan, timeout / 2, obs.checks.append, kinds)
        obs.timings["failover"] = time.monotonic() - started
    return obs
