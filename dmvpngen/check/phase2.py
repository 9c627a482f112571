"""Phase 2 hubs: do they pass each spoke's routes on with the spoke as next hop?

Read from the routing model (:mod:`dmvpngen.routes.readvert`), once per class of spokes that
forward alike: NET015 when the hub rewrites the next hop or summarises the spoke LANs (traffic
hairpins through the hub), NET016 when it does not pass them on at all.
"""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.routes import Network
from dmvpngen.routes.readvert import HubRoutes, hub_routes, worst

__all__ = ["phase2_findings"]


def phase2_findings(
    cloud: CloudReport, net: Network, lans: dict[str, list[IPv4Network]]
) -> list[Finding]:
    """NET015 / NET016 for each hub of a phase 2 ``cloud`` (``lans``: site LANs per router)."""
    if cloud.phase != 2:
        return []
    out: list[Finding] = []
    spokes = [s for s in cloud.spokes if s.tunnel.address is not None]
    seen: set[int] = set()
    probes = []
    for s in spokes:
        cls = net.classes.get(s.name, -1)
        if cls not in seen:
            seen.add(cls)
            probes.append(s)
    for h in cloud.hubs:
        results = [
            hub_routes(net, h.name, h.tunnel.name, s.name, s.tunnel.address, lans.get(s.name, []))
            for s in probes
            if s.tunnel.address is not None
        ]
        if not results:
            continue
        out.extend(_finding(cloud, h, worst(results)))
    return out


# mode -> (code, what it does to the spokes, whether the tunnel line stands in for a missing one)
_EFFECT = {
    "hub": ("NET015", "spoke-to-spoke traffic hairpins through {hub}", True),
    "summary": ("NET015", "spokes lose the far spoke's next hop", False),
    "none": ("NET016", "spokes do not learn each other's routes over this cloud", True),
}


def _finding(cloud: CloudReport, hub: Member, routes: HubRoutes) -> list[Finding]:
    effect = _EFFECT.get(routes.mode)
    if effect is None:
        return []
    code, consequence, fallback = effect
    line = routes.line or (hub.tunnel.line if fallback else None)
    what = consequence.format(hub=hub.name)
    message = f"phase 2 cloud {cloud.name}: {routes.reason}; {what}"
    return [Finding.make(code, hub.device, line, message)]
