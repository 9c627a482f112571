"""The last steps of the BGP best path, after eBGP over iBGP (Cisco document 13753, "BGP Best
Path Selection Algorithm", steps 9-13): the IGP metric to the next hop, the oldest of two eBGP
paths, the lowest router id (for eBGP paths only with ``bgp bestpath compare-routerid``, which
skips the age step), then the lowest neighbour address.

The model has no notion of when a path arrived: a path's age depends on when each session came
up and each update was sent, which configs do not tell. So between two eBGP paths equal up to
the age step, without ``compare-routerid``, IOS keeps whichever it heard first and the model
takes the one its own order gives (the neighbour's name); where the two next hops differ,
the path it installs carries the other neighbour in ``Cand.arrival``, and the route's
provenance says so. With
``compare-routerid`` the choice is the router ids' and then the neighbour addresses', as IOS
makes it. The IGP metric step is not modelled (eBGP next hops are usually connected); between
iBGP paths the neighbour's name still stands for the IGP metric, router id and address steps.
"""

from __future__ import annotations

from dmvpngen.parse.tree import ip_or_none
from dmvpngen.routes.protocols import Cand
from dmvpngen.routes.topology import Router

__all__ = ["arrival_decides", "bgp_router_id", "last_steps"]


def last_steps(a: Cand, b: Cand, compare_routerid: bool) -> bool:
    """Does ``a`` win over ``b`` at the steps after eBGP over iBGP (both equal before)?"""
    if compare_routerid and not a.ibgp and not b.ibgp:
        return (a.rid, _address(a)) < (b.rid, _address(b))
    return (a.ibgp, a.via or "") < (b.ibgp, b.via or "")


def arrival_decides(a: Cand, b: Cand, compare_routerid: bool) -> bool:
    """Would the age step decide between ``a`` and ``b``, two eBGP paths from different
    neighbours that tie on every step before it (the caller checks that), and does it matter
    where packets go (their next hops differ: two hubs handing on one spoke's address with
    ``next-hop-unchanged`` forward alike whichever is kept)?"""
    if compare_routerid or a.ibgp or b.ibgp:
        return False
    return a.via != b.via and a.next_hop != b.next_hop


def bgp_router_id(router: Router) -> int:
    """The BGP router id of ``router`` as an integer: ``bgp router-id``, else the highest
    loopback address, else the highest interface address (Cisco "IP Routing: BGP
    Configuration Guide", *BGP router ID*)."""
    given = router.facts.bgp_router_id
    if given is not None:
        rid = ip_or_none(given)
        if rid is not None:
            return int(rid)
    # an IPv6 view's router id is still its router's: the IPv4 interfaces of the underlay
    device = getattr(router.device, "underlay", None) or router.device
    up = [
        (name, i.address.ip)
        for name, i in (*device.interfaces.items(), *device.tunnels.items())
        if i.address is not None and i.address.version == 4 and i.shutdown is None
    ]
    loops = [ip for name, ip in up if name.startswith("Loopback")]
    pool = loops or [ip for _name, ip in up]
    return int(max(pool)) if pool else 0


def _address(c: Cand) -> int:
    """The neighbour's address as the receiver names it (the next hop an eBGP path arrives
    with, unless it was kept unchanged)."""
    return int(c.next_hop) if c.next_hop is not None else 0  # IPv4 or IPv6
