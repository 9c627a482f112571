"""BGP values per role and phase (dmvpn-reference §3): the hubs' spoke peer group, fed by
listen ranges or by one neighbour per spoke, iBGP reflection or eBGP spokes, and the hubs'
sessions with each other. The session lines sit in the VRF's address family with an inside VRF.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import TYPE_CHECKING, Any

from dmvpngen.model import BgpRouting, Cloud, Hub, Inventory, Router
from dmvpngen.render.routing import ip_key, prefix_pair

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = ["MAX_ALTERNATE_AS", "bgp_routing", "spoke_asn"]

# alternate-as takes at most five ASes besides the peer-group's remote-as
MAX_ALTERNATE_AS = 5


def spoke_asn(routing: BgpRouting, router: Router) -> int:
    """The AS a router runs: the hubs' AS, the spokes' shared AS, or base + id per spoke."""
    if isinstance(router, Hub) or routing.spoke_asn is None:
        return routing.asn
    if routing.spoke_asn_per_spoke:
        return routing.spoke_asn + router.id
    return routing.spoke_asn


def bgp_routing(
    net: NetworkContext,
    routing: BgpRouting,
    router: Router,
    clouds: list[Cloud],
    router_id: str,
    own: list[IPv4Network],
    bfd: bool,
) -> dict[str, Any]:
    """Process-level BGP values of ``router`` (``router bgp`` and its address family)."""
    inv = net.inv
    is_hub = isinstance(router, Hub)
    ebgp = routing.spoke_asn is not None
    ivrf = inv.overlay_vrf
    base: dict[str, Any] = {
        "protocol": "bgp",
        "asn": spoke_asn(routing, router),
        "router_id": router_id,
        "hub": is_hub,
        "ebgp": ebgp,
        # an inside VRF: every neighbour, network and option in 'address-family ipv4 vrf'
        "vrf": ivrf.name if ivrf is not None else None,
        "networks": [prefix_pair(n) for n in sorted(own)],
        "keepalive": routing.keepalive,
        "holdtime": routing.holdtime,
        "peer_group": routing.peer_group,
        "password": net.secrets.get(("routing", "password")),
        "bfd": bfd,
    }
    if is_hub:
        base.update(_bgp_hub(net, routing, router, clouds))
    else:
        base.update(
            neighbors=[p.tunnel_ip for c in clouds for p in net.hub_peers[c.name] if p.tunnel_ip],
            hub_asn=routing.asn,
            # spokes sharing one AS drop each other's routes unless they allow their own AS
            allowas_in=ebgp and not routing.spoke_asn_per_spoke,
        )
    return base


def _bgp_hub(
    net: NetworkContext, routing: BgpRouting, router: Router, clouds: list[Cloud]
) -> dict[str, Any]:
    """A hub's spoke peer group, fed by listen ranges or by one neighbour per spoke."""
    inv = net.inv
    ebgp = routing.spoke_asn is not None
    served = [c for c in clouds if inv.serves(router, c)]
    peers = sorted(
        {
            p.tunnel_ip
            for c in served
            for p in net.hub_peers[c.name]
            if p.name != router.name and p.tunnel_ip is not None
        },
        key=ip_key,
    )
    phase2 = any(c.phase == 2 for c in clouds)
    nhs = routing.next_hop_self
    if nhs is None:
        nhs = not phase2
    spokes = {s.name: s for c in clouds for s in inv.cloud_spokes(c)}
    spoke_ases = sorted({spoke_asn(routing, s) for s in spokes.values()})
    remote_as = spoke_ases[0] if ebgp and spoke_ases else routing.spoke_asn or routing.asn
    listens = routing.listens(inv.overlay_vrf is not None)
    # one neighbour per spoke: the peer group keeps the remote-as when every spoke shares it,
    # else each member names its own, which IOS takes for members of a group without one (Cisco
    # IOS IP Routing: BGP Command Reference, 'neighbor peer-group (assigning members)', taken in
    # router and address-family configuration mode)
    members = sorted(
        (
            (str(inv.tunnel_ip(c, s)), spoke_asn(routing, s))
            for c in served
            if c.subnet is not None
            for s in inv.cloud_spokes(c)
        ),
        key=lambda m: ip_key(m[0]),
    )
    shared_as = len(spoke_ases) <= 1
    # a dual-stack spoke opens two sessions (IPv4 and IPv6), both dynamic neighbours
    limit = max(
        100,
        sum(
            net.spoke_counts[c.name] * ((c.subnet is not None) + (c.ipv6_subnet is not None))
            for c in clouds
        ),
    )
    return {
        "listen_ranges": [str(c.subnet) for c in served if c.subnet is not None] if listens else [],
        "listen_limit": limit if listens else None,
        "spoke_members": [] if listens else [(ip, None if shared_as else a) for ip, a in members],
        "group_remote_as": listens or shared_as,
        "next_hop_self": nhs and not ebgp,
        # eBGP changes the next hop itself; phase 2 needs the far spoke kept (§3)
        "next_hop_unchanged": ebgp and phase2,
        "hub_asn": routing.asn,
        "remote_as": remote_as,
        "alternate_as": spoke_ases[1 : 1 + MAX_ALTERNATE_AS] if ebgp and listens else [],
        "hub_neighbors": peers,
        "core_neighbors": _core_neighbors(inv, router),
        # a cloud's summary is what its own hubs send down; an uplink cloud's is not ours
        "aggregates": [prefix_pair(n) for c in served for n in c.summary],
        # the same, as the uplink's outbound prefix list denies them (exact prefixes only)
        "down_summaries": [str(n) for c in served for n in c.summary],
        "uplink_neighbors": uplink_neighbors(net, router, clouds),
    }


def uplink_neighbors(net: NetworkContext, router: Router, clouds: list[Cloud]) -> list[str]:
    """Tunnel addresses of the central hubs a regional hub joins through ``uplinks``.

    These are uplink sessions, not hub-peer sessions: the regional hub is a route-reflector
    client of the central hub (it is a spoke of the central cloud), sends every specific of its
    region up with itself as next hop, and keeps its own region's down-summaries at home.
    """
    inv = net.inv
    return sorted(
        {
            p.tunnel_ip
            for c in clouds
            if not inv.serves(router, c)
            for p in net.hub_peers[c.name]
            if p.tunnel_ip is not None
        },
        key=ip_key,
    )


def _core_neighbors(inv: Inventory, router: Router) -> list[str]:
    """Addresses of the other hubs on this hub's peering LANs: its iBGP sessions there."""
    mine = [lan.prefix for lan in router.lan if lan.hub_peering and lan.prefix is not None]
    found = {
        str(lan.address.ip)
        for hub in inv.hubs
        if hub.name != router.name
        for lan in hub.lan
        if lan.hub_peering and lan.address is not None and lan.address.network in mine
    }
    return sorted(found, key=ip_key)
