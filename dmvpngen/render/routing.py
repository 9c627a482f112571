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
    "ospf_network_type",
    "router_routing",
    "routing_auth",
    "spoke_asn",
    "tunnel_routing",
]

EIGRP_KEY_CHAIN = "DMVPN-EIGRP"
OSPF_KEY_CHAIN = "DMVPN-OSPF"
# alternate-as takes at most five ASes besides the peer-group's remote-as
MAX_ALTERNATE_AS = 5
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


def spoke_asn(routing: BgpRouting, router: Router) -> int:
    """The AS a router runs: the hubs' AS, the spokes' shared AS, or base + id per spoke."""
    if isinstance(router, Hub) or routing.spoke_asn is None:
        return routing.asn
    if routing.spoke_asn_per_spoke:
        return routing.spoke_asn + router.id
    return routing.spoke_asn


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
        nets.update(lan.prefix for lan in hub.lan)
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
        values = {**values, "summaries": [_prefix(n) for n in uplink_summary], "leak_map": None}
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


def _prefix(net: IPv4Network) -> tuple[str, str]:
    return str(net.network_address), str(net.netmask)


def _ip_key(ip: str) -> tuple[int, ...]:
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
    own = [lan.prefix for lan in router.lan]
    if router.loopback is not None:
        own.append(IPv4Network(router.loopback))
    if isinstance(routing, EigrpRouting):
        nets = sorted({c.subnet for c in clouds} | set(own))
        stub = not is_hub and routing.spoke_stub
        return {
            "protocol": "eigrp",
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
            "process_id": routing.process_id,
            "router_id": router_id,
            "area": routing.area,
            "active": tunnels,
            "bfd": bfd,
        }
    assert isinstance(routing, BgpRouting)
    return _bgp(net, routing, router, clouds, router_id, own, bfd)


def _bgp(
    net: NetworkContext,
    routing: BgpRouting,
    router: Router,
    clouds: list[Cloud],
    router_id: str,
    own: list[IPv4Network],
    bfd: bool,
) -> dict[str, Any]:
    inv = net.inv
    is_hub = isinstance(router, Hub)
    ebgp = routing.spoke_asn is not None
    base: dict[str, Any] = {
        "protocol": "bgp",
        "asn": spoke_asn(routing, router),
        "router_id": router_id,
        "hub": is_hub,
        "ebgp": ebgp,
        "networks": [_prefix(n) for n in sorted(own)],
        "keepalive": routing.keepalive,
        "holdtime": routing.holdtime,
        "peer_group": routing.peer_group,
        "password": net.secrets.get(("routing", "password")),
        "bfd": bfd,
    }
    if is_hub:
        peers = sorted(
            {p.tunnel_ip for c in clouds for p in net.hub_peers[c.name] if p.name != router.name},
            key=_ip_key,
        )
        phase2 = any(c.phase == 2 for c in clouds)
        nhs = routing.next_hop_self
        if nhs is None:
            nhs = not phase2
        spokes = {s.name: s for c in clouds for s in inv.cloud_spokes(c)}
        spoke_ases = sorted({spoke_asn(routing, s) for s in spokes.values()})
        remote_as = spoke_ases[0] if ebgp and spoke_ases else routing.spoke_asn or routing.asn
        base.update(
            listen_ranges=[str(c.subnet) for c in clouds if inv.serves(router, c)],
            # a dual-stack spoke opens two sessions (IPv4 and IPv6), both dynamic neighbours
            listen_limit=max(
                100,
                sum(net.spoke_counts[c.name] * (2 if c.ipv6_subnet else 1) for c in clouds),
            ),
            next_hop_self=nhs and not ebgp,
            # eBGP changes the next hop itself; phase 2 needs the far spoke kept (§3)
            next_hop_unchanged=ebgp and phase2,
            hub_asn=routing.asn,
            remote_as=remote_as,
            alternate_as=spoke_ases[1 : 1 + MAX_ALTERNATE_AS] if ebgp else [],
            hub_neighbors=peers,
            core_neighbors=_core_neighbors(inv, router),
            aggregates=[_prefix(n) for c in clouds for n in c.summary],
        )
    else:
        base.update(
            neighbors=[p.tunnel_ip for c in clouds for p in net.hub_peers[c.name]],
            hub_asn=routing.asn,
            # spokes sharing one AS drop each other's routes unless they allow their own AS
            allowas_in=ebgp and not routing.spoke_asn_per_spoke,
        )
    return base


def _core_neighbors(inv: Inventory, router: Router) -> list[str]:
    """Addresses of the other hubs on this hub's peering LANs: its iBGP sessions there."""
    mine = [lan.address.network for lan in router.lan if lan.hub_peering]
    found = {
        str(lan.address.ip)
        for hub in inv.hubs
        if hub.name != router.name
        for lan in hub.lan
        if lan.hub_peering and lan.address.network in mine
    }
    return sorted(found, key=_ip_key)
