"""The forwarding address of OSPF external routes (type 5 and NSSA type 7), and the path and
cost it gives them.

An ASBR puts the next hop of a redistributed route into the LSA as its forwarding address
when that next hop lies on an interface OSPF runs on, not passive, of network type broadcast
or non-broadcast (Cisco document 13682, "Common Routing Problem with OSPF Forwarding
Address"); otherwise a type 5 carries 0.0.0.0 and routers forward to the ASBR. A type 7 whose
P-bit is set must carry a non-zero address, so an NSSA ASBR without such a next hop gives one
of its own addresses in the NSSA, an internal (loopback) address before the others (RFC 3101
section 2.3). The border router's translation keeps the address (RFC 3101 section 3.2), or
gives 0.0.0.0 with ``area A nssa translate type7 suppress-fa`` (Cisco "OSPF Forwarding
Address Suppression in Translated Type-5 LSAs").

A router installs an external route with a non-zero forwarding address only when it reaches
that address by an OSPF intra-area or inter-area route (RFC 2328 section 16.4 (3)); it still
floods the LSA. The route's path is then the path to the forwarding address and its cost the
cost to it (an E1 route's metric is the external cost plus that cost; E2 routes of equal
external cost are ranked by it: RFC 2328 section 16.4 (3) and (6), RFC 3101 section 2.5 for
type 7). In the model's distance vector each router advertises an external with its own cost
to the address (an E1 route: the external cost plus it), so a receiver's cost through a
neighbour is that neighbour's cost to the address plus the link's, and the neighbour chosen is
the one on the shortest path to the address; routers on the address's own segment forward to
it directly.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address

from dmvpngen.routes.instances import Instance
from dmvpngen.routes.model import Route
from dmvpngen.routes.protocols import Cand

__all__ = [
    "external_address",
    "fa_resolves",
    "fa_route",
    "forwarding_address",
    "lsa_order",
    "nssa_address",
    "toward_fa",
]

# network types on which the next hop can be a third router of the segment
_SHARED = frozenset({"broadcast", "non-broadcast"})


def forwarding_address(inst: Instance, r: Route) -> IPv4Address | None:
    """The forwarding address ``inst`` (OSPF, the ASBR) gives the redistributed route ``r``
    (None: 0.0.0.0)."""
    hop = r.next_hop
    # OSPFv3: a global address only, never a link-local one (RFC 5340 appendix A.4.7)
    if hop is None or (isinstance(hop, IPv6Address) and hop.is_link_local):
        return None
    for s in inst.interfaces.values():
        if not s.passive and s.ospf_type in _SHARED and hop in s.port.network:
            return hop
    return None


def nssa_address(inst: Instance, r: Route, area: str) -> IPv4Address | None:
    """The forwarding address of the type 7 ``inst`` originates for ``r`` in NSSA ``area``: the
    next hop as for a type 5, else the router's own address in the area, a loopback before the
    other interfaces, the highest of them (IOS takes one of them by the order the interfaces
    were configured, which a config does not show; RFC 3101 section 2.3 prefers internal
    addresses)."""
    hop = forwarding_address(inst, r)
    if hop is not None:
        return hop
    mine = [
        (s.port.name.startswith("Loopback"), s.port.ip)
        for name, s in inst.interfaces.items()
        if s.area == area and not name.startswith("OSPF_VL")
    ]
    return max(mine)[1] if mine else None


def external_address(
    inst: Instance, r: Route, external: str, area: str, p_clear: bool
) -> IPv4Address | None:
    """The forwarding address of the OSPF external ``inst`` originates for ``r`` (None:
    0.0.0.0, and for every other protocol): a type 5's is the next hop on a shared OSPF
    segment; a type 7 with the P-bit set always has one (this module). OSPFv3 (the IPv6
    view) the same way with global IPv6 addresses: the AS-external and NSSA LSAs carry the
    forwarding address as a full IPv6 address, never link-local (RFC 5340 appendices A.4.7
    and A.4.9, RFC 3101 section 2.3: a type 7 with the P-bit set needs one, here one of the
    ASBR's global addresses in the NSSA)."""
    if inst.proto != "ospf":
        return None
    if external == "nssa" and not p_clear:
        return nssa_address(inst, r, area)
    return forwarding_address(inst, r)


def fa_route(table: dict[IPv4Network, Cand], fa: IPv4Address) -> Cand | None:
    """The OSPF intra-area or inter-area route of ``table`` (one instance's table) that ``fa``
    matches longest; external routes and other protocols' routes do not count."""
    best: Cand | None = None
    for p, c in table.items():
        longer = best is None or p.prefixlen > best.prefix.prefixlen
        if longer and c.ospf in _INTERNAL and fa in p:
            best = c
    return best


def fa_resolves(table: dict[IPv4Network, Cand], fa: IPv4Address) -> bool:
    """Does an OSPF intra-area or inter-area route of ``table`` (one instance's converged
    table) cover ``fa``?"""
    return fa_route(table, fa) is not None


def toward_fa(inst: Instance, port: str, table: dict[IPv4Network, Cand], c: Cand) -> Cand:
    """The external ``c`` (with a forwarding address) as ``inst`` floods it on ``port``: on the
    address's own segment, with the address as next hop and no cost yet (each receiver adds
    its own cost onto the segment); elsewhere with ``inst``'s cost to the address (kept as
    it came when ``inst`` does not reach the address itself)."""
    fa = c.fa
    assert fa is not None
    ext = c.metric - c.fwd if c.e1 else c.metric  # an E1 route carries its cost to the FA
    s = inst.interfaces[port]
    if s.ospf_type in _SHARED and fa in s.port.network:
        return c._replace(next_hop=fa, fwd=0, metric=ext)
    hit = fa_route(table, fa)
    if hit is None:
        return c
    return c._replace(fwd=hit.metric, metric=ext + hit.metric if c.e1 else ext)


def lsa_order(c: Cand, rfc1587: bool) -> int:
    """Where an external of equal type, cost and cost to the ASBR ranks by its LSA: type 7
    with the P-bit, type 5, type 7 without it (RFC 3101 section 2.5 (6)(e)); type 5 first
    under ``compatible rfc1587``."""
    if c.ospf != "nssa":
        return 0 if rfc1587 else 1
    return 1 if rfc1587 else 2 if c.p_clear else 0


_INTERNAL = frozenset({"intra", "inter"})
