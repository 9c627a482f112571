"""Flows the network must carry, traced through the routing model: every router to every
address its config says it must reach, and every site LAN to every other site LAN.

A failed flow becomes a :class:`FlowFault` naming the router, the address, the route that
decides its fate and what would fix it. LAN flows are traced once per class of source routers
(routers that hear the same adverts forward alike), so the all-pairs result costs
classes x LANs traces, not LANs squared.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from dmvpngen.parse.routefacts import Service
from dmvpngen.routes.explain import explain, path_label
from dmvpngen.routes.fixpoint import Network
from dmvpngen.routes.lansecondary import lan_destinations
from dmvpngen.routes.owned import nothing_routes_to
from dmvpngen.routes.topology import Port
from dmvpngen.routes.trace import Trace, trace, trace_paths

__all__ = [
    "FlowFault",
    "LanFlow",
    "lan_ports",
    "lan_traces",
    "open_edges",
    "service_faults",
]


@dataclass(frozen=True)
class FlowFault:
    """One flow that does not arrive."""

    code: str
    router: str  # the router whose flow fails
    line: int | None  # the line on that router that asks for the flow (service) or None
    message: str
    hint: str
    at: str  # the router where it fails
    at_line: int | None  # the line there that causes it (the summary, the static route)


def lan_ports(net: Network) -> list[Port]:
    """Every router's site LANs: live, addressed, not a tunnel, loopback or tunnel source,
    not in a front-door VRF."""
    # a function of the network's routers alone, asked for by several passes over one network
    # (the flows, each cloud's forwarding, phase 2): listed once per network
    hit = _LANS.get(id(net))
    if hit is None or hit[0]() is not net:
        if len(_LANS) >= 16:
            _LANS.clear()
        hit = _LANS[id(net)] = (weakref.ref(net), _lan_ports(net))
    return list(hit[1])


_LANS: dict[int, tuple[weakref.ref[Network], list[Port]]] = {}


def _lan_ports(net: Network) -> list[Port]:
    out = []
    for router in sorted(net.topo.routers.values(), key=lambda r: r.name):
        d = router.device
        sources = {t.source for t in d.tunnels.values() if t.source}
        fvrfs = {t.tunnel_vrf for t in d.tunnels.values() if t.tunnel_vrf}
        gateways = [
            s.next_hop
            for s in router.facts.statics
            if s.prefix.prefixlen == 0 and s.next_hop is not None
        ]
        for p in router.ports.values():
            intf = d.interface(p.name)
            if p.tunnel is not None or p.name.startswith("Loopback") or p.name in sources:
                continue
            if p.vrf in fvrfs or (intf is not None and (intf.dynamic or intf.nat == "outside")):
                continue
            if str(p.address.ip) in sources or any(g in p.network for g in gateways):
                continue  # the WAN: where the default route leaves
            out.append(p)
    return out


def _is_private(a: IPv4Address) -> bool:
    # CGNAT space is IPv4 only (an IPv6 address's integer must not be masked with it)
    return a.is_private or (int(a.max_prefixlen) == 32 and a in _CGNAT)


_CGNAT = __import__("ipaddress").IPv4Network("100.64.0.0/10")


def open_edges(net: Network) -> set[str]:
    """Routers with a non-passive IGP interface on a segment where no checked router is: a
    router outside the checked set may feed them routes, so their drops cannot be asserted."""
    out: set[str] = set()
    for inst in net.instances.values():
        for s in inst.interfaces.values():
            p = s.port
            if s.passive or p.tunnel is not None or p.name.startswith(("Loopback", "OSPF_VL")):
                continue
            if len(net.topo.segments.get(("lan", p.network), [])) < 2:
                out.add(p.router)
    return out


def _unverifiable(net: Network, t: Trace, lans: list[Port], edges: set[str]) -> bool:
    """The flow ends where the checked configs cannot tell: its address is on no checked LAN
    and it leaves by a default route, or it fails at a router an unseen router may feed."""
    if t.at in edges:
        return True
    known = any(
        t.address in p.network or any(t.address in e.network for e in p.extra) for p in lans
    )  # a LAN's secondary subnets are checked LANs too
    return not known and t.outcome in {"exits", "no-route"}


def service_faults(
    net: Network, traced: dict[tuple[str, int], list[Trace]] | None = None
) -> list[FlowFault]:
    """Every router -> every service address its config names, there and back (``traced``:
    filled with each service's paths, by router and the service's index in its facts, for the
    failover cases to compare against)."""
    out: list[FlowFault] = []
    lans, edges = lan_ports(net), open_edges(net)
    for name, router in sorted(net.topo.routers.items()):
        for i, svc in enumerate(router.facts.services):
            paths = trace_paths(net, name, svc.vrf, svc.address)
            if traced is not None:
                traced[(name, i)] = paths
            t = paths[0]
            what = f"{svc.address} ({svc.kind})"
            if t.outcome == "exits" and not _is_private(svc.address):
                continue  # a public service reached through the internet, as intended
            if not t.ok and _unverifiable(net, t, lans, edges):
                continue
            if not t.ok:
                out.append(_fault(_code(t), name, svc.line, t, what, _unowned(net, t, edges)))
                continue
            back = _return(net, t, svc)
            if back is not None:
                out.append(back)
            # the other equal-cost paths carry their share of the flows: each must arrive
            for alt in paths[1:]:
                if not alt.ok and not _unverifiable(net, alt, lans, edges):
                    label = path_label(alt, t, len(paths))
                    alone = _unowned(net, alt, edges)
                    out.append(_fault(_code(alt), name, svc.line, alt, f"{what} on {label}", alone))
    return out


def _code(t: Trace) -> str:
    return "NET060" if t.outcome == "dropped" else "NET061"


def _unowned(net: Network, t: Trace, edges: set[str]) -> bool:
    """Is ``t`` dropped by a summary's or an aggregate's discard route for an address no
    router could ever route to? (A static to Null0 is not asked: a route of the same prefix
    elsewhere is what it hides, and removing it is the fix.)"""
    r = t.route
    return (
        t.outcome == "dropped"
        and r is not None
        and r.protocol in _SUMMARIES
        and nothing_routes_to(net, t.address, r.prefix, edges)
    )


# the discard routes a summary, an area range and an aggregate install
_SUMMARIES = frozenset({"eigrp-summary", "ospf-summary", "bgp-aggregate"})


def _fault(
    code: str, router: str, line: int | None, t: Trace, what: str, unowned: bool = False
) -> FlowFault:
    msg, hint = explain(t, what, unowned)
    at_line = t.route.line if t.route is not None else None
    return FlowFault(code, router, line, msg, hint, t.at, at_line)


def _return(net: Network, t: Trace, svc: Service) -> FlowFault | None:
    """The reply from the service's segment back to the address the router sends from."""
    if t.outcome != "delivered" or t.at == t.source:
        return None
    router = net.topo.routers[t.source]
    port = router.ports.get(svc.source or "") or (
        router.ports.get(t.hops[0].port) if t.hops else None
    )
    if port is None:
        return None
    back = trace(net, t.at, t.vrf, port.ip)
    if back.ok:
        return None
    msg, hint = explain(back, f"reply to {port.address.ip} ({t.source} {port.name})")
    return FlowFault(
        "NET062",
        t.source,
        svc.line,
        f"{t.address} ({svc.kind}) is reached but {msg}",
        hint,
        back.at,
        back.route.line if back.route else None,
    )


@dataclass
class LanFlow:
    """Site LAN flows from every router of one class to one destination LAN, traced once from
    the class's first router (``trace.source``)."""

    trace: Trace
    members: list[str]  # the class (shared by every flow of the class: never modified)
    excluded: str | None = None  # the class member whose own LAN this flow goes to
    others: list[Trace] = field(default_factory=list)  # the other equal-cost paths

    @property
    def sources(self) -> list[str]:
        """The routers this flow stands for (the class minus the destination's router)."""
        if self.excluded is None:
            return self.members
        return [r for r in self.members if r != self.excluded]

    @property
    def count(self) -> int:
        """How many routers this flow stands for (without listing them)."""
        return len(self.members) - (self.excluded is not None)


def lan_traces(net: Network) -> dict[tuple[str, str], LanFlow]:
    """(representative source router, destination 'router/port') -> the class's flow.

    Routers of one class forward alike, so each destination LAN is traced once per class: the
    all-pairs result costs classes x LANs traces. A class member that is itself the
    destination is left out of that flow.
    """
    lans = lan_ports(net)
    members: dict[int, list[str]] = {}
    vrf_of: dict[str, str] = {}
    for p in lans:
        if p.router not in vrf_of:
            vrf_of[p.router] = p.vrf
            members.setdefault(net.classes.get(p.router, -1), []).append(p.router)
    out: dict[tuple[str, str], LanFlow] = {}
    # each LAN's primary address and its secondary subnets (routes.lansecondary)
    destinations = lan_destinations(lans)
    for _cls, routers in sorted(members.items(), key=lambda kv: kv[1][0]):
        inside = set(routers)
        for dst, address, key in destinations:
            # the class list is shared, not copied per LAN: 2,000 spokes x 2,000 LANs stays linear
            excluded = dst.router if dst.router in inside else None
            rep = next((r for r in routers if r != excluded), None)
            if rep is None:
                continue
            first, *others = trace_paths(net, rep, vrf_of[rep], address)
            out[(rep, key)] = LanFlow(first, routers, excluded, others)
    return out
