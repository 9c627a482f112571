"""Forwarding a packet hop by hop through the RIBs: over LANs, WANs and DMVPN tunnels, with
recursive next-hop resolution, until it is delivered, dropped, looped or leaves the network."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import NamedTuple

from dmvpngen.routes.fixpoint import Network
from dmvpngen.routes.model import Route
from dmvpngen.routes.topology import Port

__all__ = ["Hop", "Trace", "trace", "trace_paths"]

_MAX_HOPS = 32


class Hop(NamedTuple):
    """A packet leaving ``router`` on ``port`` by ``route`` towards ``next_router`` (a tuple:
    every hop of every traced flow builds one, and a frozen dataclass sets each field through
    ``object.__setattr__``)."""

    router: str
    vrf: str
    route: Route
    port: str
    next_router: str | None
    tunnel: bool


@dataclass
class Trace:
    """Where a packet from ``source`` to ``address`` goes."""

    source: str
    address: IPv4Address
    start_vrf: str = ""
    outcome: str = "no-route"  # delivered | dropped | no-route | loop | exits | beyond
    at: str = ""  # the router where the trace ended
    vrf: str = ""  # the VRF it ended in
    route: Route | None = None  # the route that decided the outcome (drop, exit)
    hops: list[Hop] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Delivered (or handed to a router outside the checked set)."""
        return self.outcome in {"delivered", "beyond"}


def _resolve(
    net: Network, router: str, vrf: str, route: Route
) -> tuple[Route, IPv4Address | None, Route | None]:
    """(the route giving the interface, the gateway on it (None: the destination is on the
    segment), the discard route resolution ran into)."""
    rib = net.ribs[router]
    hop = route
    gateway = route.next_hop
    for _ in range(4):
        if hop.discard:
            return hop, None, hop
        if hop.protocol == "connected":
            return hop, gateway, None
        if hop.interface is not None or hop.next_hop is None:
            return hop, hop.next_hop, None
        gateway = hop.next_hop
        nxt = rib.lookup(vrf, hop.next_hop)
        if nxt is None:
            return hop, gateway, None
        if nxt.protocol == "connected":
            return nxt, gateway, None
        hop = nxt
    return hop, gateway, None


def trace(net: Network, source: str, vrf: str, address: IPv4Address) -> Trace:
    """Follow ``address`` from ``source`` (in ``vrf``), by the installed route at every hop."""
    result = Trace(source, address, vrf)
    return _run(net, result, source, vrf, set(), None)


def trace_paths(
    net: Network, source: str, vrf: str, address: IPv4Address, limit: int = 16
) -> list[Trace]:
    """Every equal-cost path ``address`` may take from ``source``, the one :func:`trace`
    follows first (at most ``limit`` paths: IOS spreads flows over them, so each one carries a
    share of the traffic and each one must arrive)."""
    first = trace(net, source, vrf, address)
    out, todo = [first], [(first, 0)]
    while todo and len(out) < limit:
        t, start = todo.pop(0)
        decisions = [(h.router, h.vrf, h.route) for h in t.hops]
        last = t.hops[-1].route if t.hops else None
        if t.route is not None and t.route is not last:
            decisions.append((t.at, t.vrf, t.route))  # the route that dropped or let it out
        for i in range(start, len(decisions)):
            router, at_vrf, route = decisions[i]
            multi = net.ribs[router].multi.get(at_vrf)
            if not multi or route.prefix not in multi:
                continue  # one path here (most hops of most networks): nothing to branch
            for alt in net.ribs[router].paths(at_vrf, route)[1:]:
                if len(out) >= limit:
                    break
                branch = Trace(source, address, vrf, hops=t.hops[:i])
                seen = {(h.router, h.vrf) for h in branch.hops}
                branch = _run(net, branch, router, at_vrf, seen, alt)
                out.append(branch)
                todo.append((branch, i + 1))
    return out


def _run(
    net: Network,
    result: Trace,
    router: str,
    vrf: str,
    seen: set[tuple[str, str]],
    forced: Route | None,
) -> Trace:
    """Continue ``result`` at ``router`` (``forced``: the route to take there instead of the
    installed one, an equal-cost path)."""
    address = result.address
    owners = net.topo.owners.get(address, ())
    for _ in range(_MAX_HOPS):
        result.at, result.vrf = router, vrf
        if (router, vrf) in seen:
            result.outcome = "loop"
            return result
        seen.add((router, vrf))
        here = net.topo.routers[router]
        # the owners index holds every live port by address: no scan of the router's ports
        for p in owners:
            if p.router == router and p.vrf == vrf:
                result.outcome = "delivered"
                return result
        route = forced or net.ribs[router].lookup(vrf, address)
        forced = None
        if route is None:
            result.outcome = "no-route"
            return result
        leg, gateway, discard = _resolve(net, router, vrf, route)
        if discard is not None:
            result.outcome, result.route = "dropped", discard
            return result
        port = here.ports.get(leg.interface or "")
        if port is None:
            result.outcome, result.route = "exits", route
            return result
        target = gateway or address
        peer = _peer(net, port, target)
        if peer is None:
            if gateway is None and port.tunnel is None:
                result.outcome = "delivered"  # a host on the router's own segment
            else:
                result.outcome, result.route = ("exits" if port.tunnel is None else "beyond", route)
            result.hops.append(Hop(router, vrf, route, port.name, None, port.tunnel is not None))
            return result
        result.hops.append(Hop(router, vrf, route, port.name, peer.router, port.tunnel is not None))
        router, vrf = peer.router, peer.vrf
    result.outcome = "loop"
    return result


def _peer(net: Network, port: Port, target: IPv4Address) -> Port | None:
    """The port of another router that holds ``target`` on the segment of ``port``."""
    for p in net.topo.owners.get(target, []):
        if p.router != port.router and target in port.network:
            return p
    return None
