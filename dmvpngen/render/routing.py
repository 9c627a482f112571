"""Routing values per phase and protocol (dmvpn-reference §3), computed for the templates."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import TYPE_CHECKING, Any

from dmvpngen.model import BgpRouting, Cloud, EigrpRouting, Hub, Inventory, OspfRouting, Router

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = ["ospf_network_type", "router_routing", "tunnel_routing"]


def ospf_network_type(routing: OspfRouting, cloud: Cloud) -> str:
    """Broadcast keeps the far spoke as next hop (phase 2); point-to-multipoint elsewhere."""
    if routing.network_type != "auto":
        return routing.network_type
    return "broadcast" if cloud.phase == 2 else "point-to-multipoint"


def tunnel_routing(inv: Inventory, cloud: Cloud, router: Router) -> dict[str, Any]:
    """Interface-level routing values for ``router``'s tunnel in ``cloud``."""
    routing = inv.routing
    # a regional hub is a spoke in its uplink cloud (hierarchical DMVPN)
    is_hub = inv.serves(router, cloud)
    summaries = [(str(n.network_address), str(n.netmask)) for n in cloud.summary]
    if isinstance(routing, EigrpRouting):
        return {
            "protocol": "eigrp",
            "as_number": routing.as_number,
            # Spokes must learn each other's prefixes through the hub unless it summarises.
            "split_horizon_off": is_hub and (cloud.phase == 2 or not summaries),
            "next_hop_self_off": is_hub and cloud.phase == 2,
            "summaries": summaries if is_hub else [],
        }
    if isinstance(routing, OspfRouting):
        network_type = ospf_network_type(routing, cloud)
        priority: int | None = None
        if network_type == "broadcast":
            if is_hub:
                index = [h.name for h in inv.cloud_hubs(cloud)].index(router.name)
                priority = max(1, routing.hub_priority - index)
            else:
                priority = 0  # a spoke must never become DR: it cannot reach the other spokes
        return {
            "protocol": "ospf",
            "process_id": routing.process_id,
            "area": routing.area,
            "network_type": network_type,
            "priority": priority,
        }
    return {"protocol": "bgp"}


def _prefix(net: IPv4Network) -> tuple[str, str]:
    return str(net.network_address), str(net.netmask)


def router_routing(
    net: NetworkContext, router: Router, clouds: list[Cloud], router_id: str
) -> dict[str, Any]:
    """Process-level routing values for ``router``."""
    inv = net.inv
    routing = inv.routing
    is_hub = isinstance(router, Hub)
    tunnels = [f"Tunnel{c.tunnel}" for c in clouds]
    own = [lan.prefix for lan in router.lan]
    if router.loopback is not None:
        own.append(IPv4Network(router.loopback))
    if isinstance(routing, EigrpRouting):
        nets = sorted({c.subnet for c in clouds} | set(own))
        return {
            "protocol": "eigrp",
            "as_number": routing.as_number,
            "router_id": router_id,
            "networks": [(str(n.network_address), str(n.hostmask)) for n in nets],
            "stub": not is_hub and routing.spoke_stub,
            "active": tunnels,
        }
    if isinstance(routing, OspfRouting):
        return {
            "protocol": "ospf",
            "process_id": routing.process_id,
            "router_id": router_id,
            "area": routing.area,
            "active": tunnels,
        }
    assert isinstance(routing, BgpRouting)
    base: dict[str, Any] = {
        "protocol": "bgp",
        "asn": routing.asn,
        "router_id": router_id,
        "hub": is_hub,
        "networks": [_prefix(n) for n in sorted(own)],
        "keepalive": routing.keepalive,
        "holdtime": routing.holdtime,
        "peer_group": routing.peer_group,
    }
    if is_hub:
        peers = sorted(
            {p.tunnel_ip for c in clouds for p in net.hub_peers[c.name] if p.name != router.name},
            key=lambda ip: tuple(int(x) for x in ip.split(".")),
        )
        nhs = routing.next_hop_self
        if nhs is None:
            nhs = all(c.phase != 2 for c in clouds)
        base.update(
            listen_ranges=[str(c.subnet) for c in clouds if inv.serves(router, c)],
            listen_limit=max(100, sum(net.spoke_counts[c.name] for c in clouds)),
            next_hop_self=nhs,
            hub_neighbors=peers,
            aggregates=[_prefix(n) for c in clouds for n in c.summary],
        )
    else:
        base["neighbors"] = [p.tunnel_ip for c in clouds for p in net.hub_peers[c.name]]
    return base
