"""The last steps of the BGP best path, after eBGP over iBGP (Cisco document 13753, "BGP Best
Path Selection Algorithm"): the IGP metric to the next hop, the oldest of two eBGP paths, the
lowest router id (the ORIGINATOR_ID of a reflected path; for eBGP paths only with ``bgp
bestpath compare-routerid``, which skips the age step), the shortest cluster list (RFC 4456
section 9), then the lowest neighbour address.

The IGP metric is the receiving router's own (its route to the next hop): between iBGP paths
it is applied per router by :mod:`dmvpngen.routes.bgpigp`; what is compared here, shared by
every router that hears the same paths, are the steps after it. Between eBGP paths the metric
is not compared (an eBGP next hop is a connected neighbour).

The model has no notion of when a path arrived: a path's age depends on when each session came
up and each update was sent, which configs do not tell. So between two eBGP paths equal up to
the age step, without ``compare-routerid``, IOS keeps whichever it heard first and the model
takes the one its own order gives (the neighbour's name); where the two next hops differ,
the path it installs carries the other neighbour in ``Cand.arrival``, and the route's
provenance says so. With ``compare-routerid`` the choice is the router ids' and then the
neighbour addresses', as IOS makes it.
"""

from __future__ import annotations

from ipaddress import ip_address

from dmvpngen.routes.protocols import Cand

__all__ = ["arrival_decides", "ibgp_step", "last_steps"]


def last_steps(a: Cand, b: Cand, compare_routerid: bool) -> bool:
    """Does ``a`` win over ``b`` at the steps after eBGP over iBGP (both equal before, and,
    for two iBGP paths, in the IGP metric to their next hops)?"""
    if a.ibgp and b.ibgp:
        # lowest router id (originator id), shortest cluster list, lowest neighbour address;
        # the neighbour's name only where a set holds two routers with one address
        return (a.rid, len(a.rr), a.peer, a.via or "") < (b.rid, len(b.rr), b.peer, b.via or "")
    if compare_routerid and not a.ibgp and not b.ibgp:
        return (a.rid, _address(a)) < (b.rid, _address(b))
    return (a.ibgp, a.via or "") < (b.ibgp, b.via or "")


def ibgp_step(win: Cand, lose: Cand) -> str:
    """Which step after the IGP metric chose iBGP path ``win`` over ``lose`` (equal until
    then), in words for the route's provenance."""
    if win.rid != lose.rid:
        what = "originator" if win.rr else "router"
        return f"lower {what} id {_dotted(win.rid)} than {lose.via}'s {_dotted(lose.rid)}"
    if len(win.rr) != len(lose.rr):
        return f"shorter cluster list ({len(win.rr) - 1 if win.rr else 0}) than {lose.via}'s"
    if win.peer != lose.peer:
        return f"lower neighbour address than {lose.via}"
    return f"neighbour name before {lose.via}"


def arrival_decides(a: Cand, b: Cand, compare_routerid: bool) -> bool:
    """Would the age step decide between ``a`` and ``b``, two eBGP paths from different
    neighbours that tie on every step before it (the caller checks that), and does it matter
    where packets go (their next hops differ: two hubs handing on one spoke's address with
    ``next-hop-unchanged`` forward alike whichever is kept)?"""
    if compare_routerid or a.ibgp or b.ibgp:
        return False
    return a.via != b.via and a.next_hop != b.next_hop


def _dotted(value: int) -> str:
    return str(ip_address(value)) if 0 <= value < 1 << 32 else str(value)


def _address(c: Cand) -> int:
    """The neighbour's address as the receiver names it (the next hop an eBGP path arrives
    with, unless it was kept unchanged)."""
    return int(c.next_hop) if c.next_hop is not None else 0  # IPv4 or IPv6
