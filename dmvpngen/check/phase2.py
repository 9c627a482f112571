"""Phase 2 hubs: do they pass each spoke's routes on with the spoke as next hop?

Read from the routing model (:mod:`dmvpngen.routes.readvert`), once per class of spokes that
forward alike: NET015 when the hub rewrites the next hop or summarises the spoke LANs (traffic
hairpins through the hub), NET016 when it does not pass them on at all.
"""

from __future__ import annotations

from ipaddress import IPv4Interface, IPv4Network
from typing import Any

from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.routes import Network
from dmvpngen.routes.readvert import HubRoutes, hub_routes, worst

__all__ = ["phase2_findings"]


def phase2_findings(
    cloud: CloudReport, net: Network, lans: dict[str, list[IPv4Network]], family: str = ""
) -> list[Finding]:
    """NET015 / NET016 for each hub of a phase 2 ``cloud`` (``lans``: site LANs per router;
    ``family``: ``"IPv6 "`` when ``net`` is the IPv6 view, whose spokes are asked about their
    IPv6 tunnel address and LANs)."""
    if cloud.phase != 2:
        return []
    out: list[Finding] = []
    spokes = [(s, _address(s, family)) for s in cloud.spokes]
    seen: set[int] = set()
    probes = []
    for s, addr in spokes:
        if addr is None or s.name not in net.topo.routers or (family and s.name not in lans):
            continue  # an IPv6 spoke without an IPv6 LAN has nothing to ask about
        cls = net.classes.get(s.name, -1)
        if cls not in seen:
            seen.add(cls)
            probes.append((s, addr))
    for h in cloud.hubs:
        if h.name not in net.topo.routers:
            continue
        results = [
            hub_routes(net, h.name, h.tunnel.name, s.name, addr, lans.get(s.name, []))
            for s, addr in probes
        ]
        if not results:
            continue
        out.extend(_finding(cloud, h, worst(results), family))
    return out


def _address(member: Member, family: str) -> IPv4Interface | None:
    if not family:
        return member.tunnel.address
    v6 = member.tunnel.ipv6
    six: Any = v6.address if v6 is not None else None  # the IPv6 view's tables take it as is
    return six  # type: ignore[no-any-return]


# mode -> (code, what it does to the spokes, whether the tunnel line stands in for a missing one)
_EFFECT = {
    "hub": ("NET015", "spoke-to-spoke traffic hairpins through {hub}", True),
    "summary": ("NET015", "spokes lose the far spoke's next hop", False),
    "none": ("NET016", "spokes do not learn each other's routes over this cloud", True),
}


def _finding(cloud: CloudReport, hub: Member, routes: HubRoutes, family: str) -> list[Finding]:
    effect = _EFFECT.get(routes.mode)
    if effect is None:
        return []
    code, consequence, fallback = effect
    line = routes.line or (hub.tunnel.line if fallback else None)
    what = consequence.format(hub=hub.name)
    message = f"phase 2 cloud {cloud.name}: {family}{routes.reason}; {what}"
    return [Finding.make(code, hub.device, line, message)]
