"""The spoke-to-spoke path on a running FRR lab: traffic from one spoke's LAN to another's, then
judged by where it goes (the far spoke's NBMA address, the hubs' forwarding counters, the
replies' TTL) once NHRP has had its time to build the shortcut both ways.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from ipaddress import ip_address, ip_network

from dmvpngen.lab.frr.converge import POLL
from dmvpngen.lab.frr.observe import forward_packets, lladdr, parse_ping, shortcuts
from dmvpngen.lab.frr.plan import LabPlan, LabRouter, LabTunnel
from dmvpngen.lab.frr.reach import ping_cmd
from dmvpngen.lab.vm import Vm

__all__ = ["PairPath", "cross_label", "pair_tunnels", "spoke_path", "vtysh"]

_DIRECT_TTL = 62  # host -> router A -> router B -> host: the reply crosses two routers


@dataclass(frozen=True)
class PairPath:
    """The path observed between the first LANs of two spokes of one cloud."""

    cloud: str
    a: str
    b: str
    result: str  # "direct" | "via-hub" | "broken" | "untested"
    detail: str
    family: str = "ipv4"  # "ipv6": between the LANs' IPv6 addresses over the IPv6 overlay


@dataclass(frozen=True)
class _Family:
    """The commands of one address family: ``ip -6``, ``ip6tables``, ``show ipv6 nhrp``."""

    name: str
    ip: str  # "ip" | "ip -6"
    iptables: str
    vtysh: str  # "ip" | "ipv6"
    address: str  # what an address of the family is made of, for sed


_FAMILIES = {
    "ipv4": _Family("ipv4", "ip", "iptables", "ip", "[0-9.]"),
    "ipv6": _Family("ipv6", "ip -6", "ip6tables", "ipv6", "[0-9a-f:]"),
}


# between the two clouds of a pair across clouds (cloud names have no spaces)
_CROSS = " - "


def cross_label(plan: LabPlan, a: str, b: str) -> str:
    """The cloud label of a spoke pair across clouds: A's cloud and B's, of the two spoke
    tunnels that share an NHRP network-id (a hierarchy's regions), e.g. ``REGION-EU -
    REGION-US``."""
    ta, tb = _cross_tunnels(plan.router(a), plan.router(b))
    return f"{ta.cloud}{_CROSS}{tb.cloud}"


def _cross_tunnels(a: LabRouter, b: LabRouter) -> tuple[LabTunnel, LabTunnel]:
    """A's and B's spoke tunnels of one network-id in different clouds (the first such)."""
    return next(
        (ta, tb)
        for ta in a.tunnels
        for tb in b.tunnels
        if ta.role == tb.role == "spoke" and ta.network_id == tb.network_id and ta.cloud != tb.cloud
    )


def pair_tunnels(
    plan: LabPlan, cloud: str, a: LabRouter, b: LabRouter
) -> tuple[LabTunnel, LabTunnel]:
    """A's and B's tunnels of the pair's cloud, or, for a pair across clouds (``cloud`` as
    ``cross_label`` makes it), each spoke's tunnel in its own cloud."""
    ca, _, cb = cloud.partition(_CROSS)
    ta = next(t for t in a.tunnels if t.cloud == ca)
    return ta, next(t for t in b.tunnels if t.cloud == (cb or ca))


def vtysh(ns: str, cmd: str) -> str:
    """Shell: one vtysh command in the router namespace ``ns``."""
    return f"vtysh -N {ns} -c '{cmd}'"


def _next_hop_nbma(router: LabRouter, dst: str, fam: _Family) -> str:
    """Shell: the NBMA address ``router``'s packets to ``dst`` go to, read from the neighbour
    entry of the route's next hop (phase 2: the far tunnel address; phase 3: the shortcut
    resolves the LAN address itself)."""
    via = f"s/.* via \\({fam.address}*\\).*/\\1/p"
    return (
        f"nh=$({fam.ip} -n {router.ns} route get {dst} | sed -n '{via}'); "
        f"{fam.ip} -n {router.ns} neigh show to ${{nh:-{dst}}}"
    )


def _resolve_both(
    vm: Vm,
    pair: tuple[LabRouter, LabRouter],
    want: tuple[str, str],
    src_ns: str,
    flow: tuple[str, str],
    timeout: float,
    fam: _Family,
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
                _next_hop_nbma(a, dst, fam),
                _next_hop_nbma(b, src, fam),
                vtysh(a.ns, f"show {fam.vtysh} nhrp shortcut json"),
            ]
        )
        found = (lladdr(there.out), lladdr(back.out))
        if found == want or time.monotonic() - started >= timeout:
            return found[0], found[1], shortcuts(table.out)
        vm.sh(ping_cmd(src_ns, dst, 1))
        time.sleep(POLL)


def spoke_path(
    vm: Vm,
    plan: LabPlan,
    cloud: str,
    pair: tuple[LabRouter, LabRouter],
    timeout: float,
    family: str = "ipv4",
) -> PairPath:
    """Send traffic from A's LAN to B's LAN (their IPv4 or IPv6 addresses), give NHRP
    ``timeout`` to build the direct path, then judge it: next hop B's tunnel address, hub
    forwarding counters flat, TTL (hop limit) of two hops."""
    a, b = pair
    fam = _FAMILIES[family]
    host_a = next((h for h in plan.hosts if h.router == a.name), None)
    host_b = next((h for h in plan.hosts if h.router == b.name), None)
    if host_a is None or host_b is None:
        why = "a spoke without a LAN to send from"
        return PairPath(cloud, a.name, b.name, "untested", why, family)
    if family == "ipv6" and (host_a.address6 is None or host_b.address6 is None):
        why = "a spoke without an IPv6 LAN"
        return PairPath(cloud, a.name, b.name, "untested", why, family)
    src_ip, dst = (
        (str(host_a.address6.ip), str(host_b.address6.ip))
        if family == "ipv6" and host_a.address6 and host_b.address6
        else (str(host_a.address.ip), str(host_b.address.ip))
    )
    own_tun, far_tun = pair_tunnels(plan, cloud, a, b)
    # every hub that may carry the pair: a hub of either spoke's cloud, and across clouds
    # every hub tunnel of their network-id (the hierarchy's central hubs too)
    hubs = [
        r
        for r in plan.routers
        if any(
            t.role == "hub"
            and (
                t.cloud in (own_tun.cloud, far_tun.cloud)
                or (own_tun.cloud != far_tun.cloud and t.network_id == own_tun.network_id)
            )
            for t in r.tunnels
        )
    ]
    # start from the hub path: no shortcut left from earlier traffic on either side. Not on
    # a router that is also a hub (a regional hub, a spoke of the central cloud): FRR 8.4's
    # 'clear ip nhrp shortcut' clears the dynamic cache entries too, its spokes'
    # registrations among them (measured: their BGP sessions dropped a hold time later)
    kept = [r.name for r in pair if any(t.role == "hub" for t in r.tunnels)]
    cleared = [r for r in pair if r.name not in kept]
    vm.run([vtysh(r.ns, f"clear {fam.vtysh} nhrp shortcut") for r in cleared])
    first = parse_ping(vm.sh(ping_cmd(host_a.ns, dst, 3)).out)
    own = own_tun.ifname
    dev = re.search(r" dev (\S+)", vm.sh(f"{fam.ip} -n {a.ns} route get {dst}").out)
    if dev is None or dev.group(1) != own:
        # another cloud carries A's traffic to B (a backup cloud's routes lose on
        # local-preference): this cloud's path is not what the traffic shows
        where = dev.group(1) if dev else "no route"
        why = f"traffic to {dst} leaves by {where}"
        return PairPath(cloud, a.name, b.name, "untested", why, family)
    # the addresses nhrpd binds: behind a NAT, the post-NAT one the registration came from
    b_nbma, a_nbma = str(b.seen_nbma(far_tun.cloud)), str(a.seen_nbma(own_tun.cloud))
    flow = (src_ip, dst)
    started = time.monotonic()
    # wait until both directions resolve to the far spoke's NBMA address: phase 3 builds
    # B's way back only when the hub redirects B's replies, a little after A's shortcut
    nbma, back, short = _resolve_both(vm, (a, b), (b_nbma, a_nbma), host_a.ns, flow, timeout, fam)
    counters = [f"ip netns exec {h.ns} {fam.iptables} -nvxL FORWARD" for h in hubs]
    while True:
        before = [forward_packets(r.out) for r in vm.run(counters)]
        ping = parse_ping(vm.sh(ping_cmd(host_a.ns, dst, 5)).out)
        shown = vtysh(a.ns, f"show {fam.vtysh} nhrp shortcut json")
        *after_out, table = vm.run([*counters, shown])
        hub_pkts = sum(forward_packets(r.out) for r in after_out) - sum(before)
        direct = nbma == b_nbma and back == a_nbma and hub_pkts == 0 and ping.ttl == _DIRECT_TTL
        # a shortcut still being built on a loaded machine, or replies lost while the spokes'
        # IKE SA is negotiated (a trap policy holds the first packets): measure again while
        # time is left; only a path without a reply until then is broken
        if direct or time.monotonic() - started >= timeout:
            break
        time.sleep(POLL)
        nbma, back, short = _resolve_both(vm, (a, b), (b_nbma, a_nbma), host_a.ns, flow, 0, fam)
    # the entry as A's nhrpd holds it after the traffic (``show ip nhrp shortcut``)
    short = shortcuts(table.out) or short
    entry = next(
        (f"{p} via {v}" for p, v in short if ip_address(dst) in ip_network(p, strict=False)),
        "none",
    )
    detail = (
        (f"shortcuts kept on {', '.join(kept)} (a hub); " if kept else "")
        + f"first ping ttl {first.ttl}; then to NBMA {nbma} (B: {b_nbma}), back to NBMA {back} "
        f"(A: {a_nbma}), NHRP shortcut {entry}, ttl {ping.ttl}, {hub_pkts} packets through the hubs"
    )
    if not ping.ok:
        return PairPath(cloud, a.name, b.name, "broken", f"no reply from {dst}; {detail}", family)
    return PairPath(cloud, a.name, b.name, "direct" if direct else "via-hub", detail, family)
