"""Whether the checked network could route to an address at all: some router has it on an
interface's subnet or a static route to it, or a router outside the checked set could feed a
route to it.

A flow dropped by a summary's or an aggregate's discard route is fixed by teaching the router
that holds the discard route the more specific route, which must come from somewhere: from a
router that has the address on a LAN (connected, then advertised) or a route to it (a static,
redistributed or entered by a ``network`` statement). When no router has either, more
specific than the discard route, and no router of the set has an open edge (an IGP
interface facing routers outside the set, a configured BGP neighbour that no router of the
set is), nothing can ever advertise the address: the address itself is wrong, or the
service is not where the network can reach it.
"""

from __future__ import annotations

import contextlib
import weakref
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
    ip_address,
)
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network
    from dmvpngen.routes.topology import Router

__all__ = ["nothing_routes_to"]

Prefix = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address


def nothing_routes_to(net: Network, address: Address, than: Prefix, edges: set[str]) -> bool:
    """No router of ``net`` has ``address`` on an interface's subnet or a static route to it
    (other than to Null0) more specific than ``than`` (the discard route that drops it), and
    none can be fed one from outside the set (``edges``: routers with an IGP interface
    facing unseen routers; and any configured BGP neighbour of ``address``'s family that no
    router of the set is)."""
    if edges:
        return False
    held, open_bgp = _index(net, address.version)
    if open_bgp:
        return False
    return not any(address in p and p.prefixlen > than.prefixlen for p in held)


def _index(net: Network, version: int) -> tuple[list[Prefix], bool]:
    """(every interface subnet and static route prefix of the family, whether a BGP
    neighbour of the family lies outside the set), once per network and family."""
    key = (id(net), version)
    hit = _INDEX.get(key)
    if hit is None or hit[0]() is not net:
        if len(_INDEX) >= 16:
            _INDEX.clear()
        routers = list(net.topo.routers.values())
        configured = {a for r in routers for a in _addresses(r) if a.version == version}
        held = [p for r in routers for p in _held(r) if p.version == version]
        outside = any(a not in configured for r in routers for a in _neighbours(r, version))
        hit = _INDEX[key] = (weakref.ref(net), held, outside)
    return hit[1], hit[2]


_INDEX: dict[tuple[int, int], tuple[weakref.ref[Network], list[Prefix], bool]] = {}


def _interfaces(router: Router) -> list[IPv4Interface | IPv6Interface]:
    """Every address configured on the router's interfaces, up or down, secondary and every
    IPv6 one included (the routing model reads those of live interfaces): a LAN shut by mistake or a
    secondary subnet still says where an address belongs. Read from the config's lines (an
    address family's view keeps them on the router as parsed)."""
    d = router.device
    blocks = getattr(d, "underlay", None) or d
    out: list[IPv4Interface | IPv6Interface] = []
    for node in blocks.blocks:
        if not node.text.lower().startswith("interface "):
            continue
        for child in node.children:
            w = child.text.split()
            low = [x.lower() for x in w[:2]]
            with contextlib.suppress(ValueError):
                if low == ["ip", "address"] and len(w) > 3:
                    out.append(IPv4Interface(f"{w[2]}/{w[3]}"))
                elif low == ["ipv6", "address"] and len(w) > 2 and "/" in w[2]:
                    out.append(IPv6Interface(w[2]))
    return out


def _addresses(router: Router) -> list[Address]:
    """The router's own addresses (a BGP neighbour at one of them is in the set)."""
    return [p.ip for p in router.ports.values()] + [i.ip for i in _interfaces(router)]


def _held(router: Router) -> list[Prefix]:
    """The subnets of the router's interfaces and the prefixes of its static routes that lead
    somewhere (not to Null0)."""
    out: list[Prefix] = [p.network for p in router.ports.values()]
    out.extend(i.network for i in _interfaces(router))
    out.extend(s.prefix for s in router.facts.statics if s.interface != "Null0")
    return out


def _neighbours(router: Router, version: int) -> list[Address]:
    """The addresses of the router's configured BGP neighbours in the family (peer groups
    and ``bgp listen range`` peers are not named, so they are not counted)."""
    bgp = router.device.bgp
    if bgp is None:
        return []
    out: list[Address] = []
    for name in bgp.neighbors:
        try:
            a = ip_address(name)
        except ValueError:
            continue  # a peer group
        if a.version == version:
            out.append(a)
    return out
