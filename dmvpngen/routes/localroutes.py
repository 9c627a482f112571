"""Routes a router has before any protocol runs: connected subnets of its live interfaces,
the default route a DHCP or PPP-negotiated WAN installs, and static routes (recursive, VRF,
Null0)."""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpngen.parse.routefacts import StaticRoute
from dmvpngen.routes.model import Rib, Route
from dmvpngen.routes.prefixes import interned
from dmvpngen.routes.topology import Router

__all__ = ["base_rib", "install_statics"]


def base_rib(router: Router) -> Rib:
    """Connected routes of every live interface."""
    rib = Rib(router.name)
    for p in router.ports.values():
        rib.offer(
            Route(
                p.network,
                "connected",
                0,
                0,
                p.name,
                None,
                router.name,
                None,
                f"connected {p.name}",
                p.line,
            ),
            p.vrf,
        )
        for extra in p.extra:
            # a secondary subnet is connected like the primary (Cisco IOS IP Addressing
            # Configuration Guide, *Configuring Secondary IP Addresses*)
            net = interned(extra.network)
            why = f"connected {p.name} (secondary)"
            rib.offer(
                Route(net, "connected", 0, 0, p.name, None, router.name, None, why, p.line),
                p.vrf,
            )
    for intf in router.device.interfaces.values():
        if intf.dynamic and intf.shutdown is None:
            # a DHCP / PPP-negotiated WAN installs a default route to its gateway (AD 254)
            rib.offer(
                Route(
                    IPv4Network("0.0.0.0/0"),
                    "static",
                    254,
                    0,
                    intf.name,
                    None,
                    router.name,
                    None,
                    f"default route from {intf.name} (dhcp)",
                    intf.dhcp or intf.negotiated,
                ),
                intf.vrf or "",
            )
    return rib


def install_statics(router: Router, rib: Rib) -> None:
    """Static routes whose next hop resolves (recursively) in the same VRF, and Null0 routes."""
    pending = _statics(router)
    for _ in range(3):  # recursion depth: a static via a static via a connected route
        left = []
        for s, route in pending:
            if s.interface == "Null0" or (s.interface and s.next_hop is None):
                if s.interface == "Null0" or s.interface in router.ports:
                    rib.offer(route, s.vrf)
                continue
            if s.next_hop is None:
                continue
            hit = rib.lookup(s.vrf, s.next_hop)
            if hit is not None and hit.prefix != s.prefix and not hit.discard:
                rib.offer(route, s.vrf)
            else:
                left.append((s, route))
        if len(left) == len(pending):
            break
        pending = left


# id(router) -> (router, each static route with its RIB entry). A RIB is built for every router
# in every computation (the base network, each failover case); a static's entry is a function
# of the Router alone, which nothing changes once built (topology.build_routers).
_STATICS: dict[int, tuple[Router, list[tuple[StaticRoute, Route]]]] = {}


def _statics(router: Router) -> list[tuple[StaticRoute, Route]]:
    """``router``'s static routes, each with the route it installs, built once per Router."""
    hit = _STATICS.get(id(router))
    if hit is None or hit[0] is not router:
        if len(_STATICS) > 100_000:
            _STATICS.clear()
        routes = [
            (
                s,
                Route(
                    s.prefix,
                    "static",
                    s.distance,
                    0,
                    s.interface,
                    s.next_hop,
                    router.name,
                    None,
                    "ipv6 route" if int(s.prefix.max_prefixlen) > 32 else "ip route",
                    s.line,
                ),
            )
            for s in router.facts.statics
        ]
        hit = _STATICS[id(router)] = (router, routes)
    return hit[1]
