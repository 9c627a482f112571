"""The forwarding address of OSPF external routes (type 5).

An ASBR puts the next hop of a redistributed route into the LSA as its forwarding address
when that next hop lies on an interface OSPF runs on, not passive, of network type broadcast
or non-broadcast (Cisco document 13682, "Common Routing Problem with OSPF Forwarding
Address"); otherwise the address is 0.0.0.0 and routers forward to the ASBR. A router installs
an external route with a non-zero forwarding address only when it reaches that address by an
OSPF intra-area or inter-area route (RFC 2328 section 16.4 (3)); it still floods the LSA.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpngen.routes.instances import Instance
from dmvpngen.routes.model import Route
from dmvpngen.routes.protocols import Cand

__all__ = ["fa_resolves", "forwarding_address"]

# network types on which the next hop can be a third router of the segment
_SHARED = frozenset({"broadcast", "non-broadcast"})


def forwarding_address(inst: Instance, r: Route) -> IPv4Address | None:
    """The forwarding address ``inst`` (OSPF, the ASBR) gives the redistributed route ``r``
    (None: 0.0.0.0)."""
    hop = r.next_hop
    if hop is None or hop.version != 4:
        return None
    for s in inst.interfaces.values():
        if not s.passive and s.ospf_type in _SHARED and hop in s.port.network:
            return hop
    return None


def fa_resolves(table: dict[IPv4Network, Cand], fa: IPv4Address) -> bool:
    """Does an OSPF intra-area or inter-area route of ``table`` (one instance's converged
    table) cover ``fa``? External routes and other protocols' routes do not count."""
    return any(c.ospf in _INTERNAL and fa in p for p, c in table.items())


_INTERNAL = frozenset({"intra", "inter"})
