"""The router as a cloud member's routing reads it: the router itself, or its IPv6 view.

A member of an IPv6-only cloud peers in the IPv6 address families (EIGRP ``address-family
ipv6``, OSPFv3, the IPv6 BGP sessions): :func:`dmvpngen.routes.family.ipv6_view` presents them
in the places of the IPv4 ones, so the adjacency checks read them unchanged.
"""

from __future__ import annotations

from dmvpngen.check.model import Member
from dmvpngen.parse.facts import Device

__all__ = ["routing_device"]

# id(device) -> (device, its IPv6 view): a router's view is built once per check
_VIEWS: dict[int, tuple[Device, Device]] = {}


def routing_device(m: Member) -> Device:
    """The router as its routing over the member's cloud reads: the IPv6 view (EIGRP's and
    BGP's IPv6 address family, OSPFv3) for a member of an IPv6-only cloud, else the router."""
    if m.ip.version == 4:
        return m.device
    hit = _VIEWS.get(id(m.device))
    if hit is None or hit[0] is not m.device:
        from dmvpngen.routes.family import ipv6_view

        if len(_VIEWS) > 10_000:
            _VIEWS.clear()
        hit = (m.device, ipv6_view(m.device) or m.device)
        _VIEWS[id(m.device)] = hit
    return hit[1]
