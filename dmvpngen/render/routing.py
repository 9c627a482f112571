"""Routing values per phase and protocol (dmvpn-reference §3), computed for the templates.

Covers EIGRP classic and named mode, OSPF, iBGP and eBGP, with adjacency authentication and
BFD. Keys come from the resolved secrets; key chains are named per protocol.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import TYPE_CHECKING, Any

from dmvpngen.model import BgpRouting, Cloud, EigrpRouting, Hub, Inventory, OspfRouting, Router
from dmvpngen.render.roles import serves
from dmvpngen.secrets import SecretValues

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = [
    "EIGRP_KEY_CHAIN",
    "OSPF_KEY_CHAIN",
    "ip_key",
    "ospf_network_type",
    "prefix_pair",
    "router_routing",
    "routing_auth",
    "tunnel_routing",
]

EIGRP_KEY_CHAIN = "DMVPN-EIGRP"
OSPF_KEY_CHAIN = "DMVPN-OSPF"
_STUB = {
    "connected-summary": "connected summary",
    "connected": "connected",
    "summary": "summary",
    "receive-only": "receive-only",
}


def ospf_network_type(routing: OspfRouting, cloud: Cloud) -> str:
    """Broadcast keeps the far spoke as next hop (phase 2); point-to-multipoint elsewhere."""
    if routing.network_type != "auto":
        return routing.network_type
    return "broadcast" if cloud.phase == 2 else "point-to-multipoint"


def routing_auth(inv: Inventory, secrets: SecretValues) -> dict[str, Any] | None:
    """Adjacency authentication of EIGRP / OSPF (key and key chain), or None."""
    routing = inv.routing
    if isinstance(routing, BgpRouting) or routing.authentication is None:
        return None
    auth = routing.authentication
    chain = EIGRP_KEY_CHAIN if isinstance(routing, EigrpRouting) else OSPF_KEY_CHAIN
    return {
        "algorithm": auth.algorithm,
        "key_id": auth.key_id,
        "key": secrets.get(("routing", "authentication", "auth_key")) or "",
        "key_chain": chain,
        # EIGRP md5 and OSPF HMAC-SHA use a key chain; EIGRP hmac-sha-256 takes its key
        # inline and OSPF md5 a message-digest key on the interface
        "uses_chain": (auth.algorithm == "md5") == isinstance(routing, EigrpRouting),
        "chain_algorithm": auth.algorithm if isinstance(routing, OspfRouting) else None,
    }


HUB_SITES = "HUB-SITES"


def hub_sites(inv: Inventory) -> list[IPv4Network]:
    """Every hub's LAN and loopback prefixes: what a hub summary must never hide from the other
    hubs (and what spokes may as well learn specifically, to reach each hub site directly)."""
    nets: set[IPv4Network] = set()
    for hub in inv.hubs:
        nets.update(lan.prefix for lan in hub.lan if lan.prefix is not None)
        if hub.loopback is not None:
            nets.add(IPv4Network(hub.loopback))
    return sorted(nets)


def leaks_hub_sites(inv: Inventory) -> bool:
    """EIGRP hub summaries leak the hub sites when there is more than one hub (leak-map)."""
    return len(inv.hubs) > 1


def peering_lans(router: Router) -> list[str]:
    """Interfaces of ``router`` on which it peers with other hubs unsummarised."""
    return [lan.interface for lan in router.lan if lan.hub_peering]


def tunnel_routing(inv: Inventory, cloud: Cloud, router: Router) -> dict[str, Any]:
    """Interface-level routing values for ``router``'s tunnel in ``cloud``."""
    routing = inv.routing
    # a regional hub is a spoke in its uplink cloud (hierarchical DMVPN)
    is_hub = inv.serves(router, cloud)
    summaries = [(str(n.network_address), str(n.netmask)) for n in cloud.summary]
    bfd = cloud.bfd is not None
    if isinstance(routing, EigrpRouting):
        return {
            "protocol": "eigrp",
            "mode": routing.mode,
            "as_number": routing.as_number,
            "interface": f"Tunnel{cloud.tunnel}",
            # Spokes must learn each other's prefixes through the hub unless it summarises.
            "split_horizon_off": is_hub and (cloud.phase == 2 or not summaries),
            "next_hop_self_off": is_hub and cloud.phase == 2,
            "summaries": summaries if is_hub else [],
            # a summary must not hide the other hubs' sites from them (dmvpn-reference §6)
            "leak_map": HUB_SITES if is_hub and summaries and leaks_hub_sites(inv) else None,
            "auth": routing.authentication is not None,
            "bfd": bfd,
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
            "auth": routing.authentication is not None,
        }
    return {"protocol": "bgp"}


def _af_interface(inv: Inventory, cloud: Cloud, router: Router) -> dict[str, Any]:
    """Named-mode ``af-interface`` values; a regional hub's uplink sends its region's summary."""
    values = tunnel_routing(inv, cloud, router)
    uplink_summary = getattr(router, "uplink_summary", None)
    if isinstance(router, Hub) and uplink_summary and not serves(inv, router, cloud):
        values = {**values, "summaries": [prefix_pair(n) for n in uplink_summary], "leak_map": None}
    return values


def _peering_af_interface(inv: Inventory, interface: str) -> dict[str, Any]:
    """Named-mode ``af-interface`` of a hub peering LAN: authenticated, never summarised."""
    routing = inv.routing
    return {
        "interface": interface,
        "split_horizon_off": False,
        "next_hop_self_off": False,
        "summaries": [],
        "leak_map": None,
        "auth": getattr(routing, "authentication", None) is not None,
        "bfd": False,
    }


def prefix_pair(net: IPv4Network) -> tuple[str, str]:
    """``(address, netmask)`` of ``net``, as IOS writes a network with a mask."""
    return str(net.network_address), str(net.netmask)


def ip_key(ip: str) -> tuple[int, ...]:
    """Sort key of a dotted IPv4 address (numeric, not by text)."""
    return tuple(int(x) for x in ip.split("."))


def router_routing(
    net: NetworkContext, router: Router, clouds: list[Cloud], router_id: str
) -> dict[str, Any]:
    """Process-level routing values for ``router``."""
    inv = net.inv
    routing = inv.routing
    is_hub = isinstance(router, Hub)
    peering = peering_lans(router) if is_hub else []
    tunnels = [f"Tunnel{c.tunnel}" for c in clouds] + peering
    bfd = any(c.bfd is not None for c in clouds)
    own = [lan.prefix for lan in router.lan if lan.prefix is not None]
    if router.loopback is not None:
        own.append(IPv4Network(router.loopback))
    # an IPv6-only overlay: no IPv4 address family, no 'router ospf' (the IPv6 side renders)
    ipv4 = any(c.subnet is not None for c in clouds)
    if isinstance(routing, EigrpRouting):
        nets = sorted({c.subnet for c in clouds if c.subnet is not None} | set(own))
        stub = not is_hub and routing.spoke_stub
        return {
            "protocol": "eigrp",
            "ipv4": ipv4,
            "mode": routing.mode,
            "name": routing.name,
            "as_number": routing.as_number,
            "router_id": router_id,
            "networks": [(str(n.network_address), str(n.hostmask)) for n in nets],
            "stub": stub,
            "stub_type": _STUB[routing.stub_type],
            "active": tunnels,
            "af_interfaces": [_af_interface(inv, c, router) for c in clouds]
            + [_peering_af_interface(inv, i) for i in peering],
            "bfd": bfd,
            "hub_sites": [str(n) for n in hub_sites(inv)]
            if is_hub and leaks_hub_sites(inv) and any(c.summary for c in clouds)
            else [],
        }
    if isinstance(routing, OspfRouting):
        return {
            "protocol": "ospf",
            "ipv4": ipv4,
            "process_id": routing.process_id,
            "router_id": router_id,
            "area": routing.area,
            "active": tunnels,
            "bfd": bfd,
        }
    assert isinstance(routing, BgpRouting)
    from dmvpngen.render.bgp import bgp_routing

    return {"ipv4": ipv4, **bgp_routing(net, routing, router, clouds, router_id, own, bfd)}
