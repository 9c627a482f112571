"""MP-BGP for the IPv6 overlay: IPv6 sessions over the tunnels' IPv6 addresses, next to the
IPv4 sessions and with the same roles (route reflectors or eBGP hubs, per-phase next hop).

Hubs accept spokes with ``bgp listen range <cloud IPv6 prefix> peer-group <PG>-V6``: Cisco's
IOS-XE BGP configuration guide ("BGP Dynamic Neighbors", feature "BGP IPv6 Dynamic Neighbor
Support", IOS XE Denali 16.3.1) takes an IPv6 range at the top of ``router bgp`` and activates
the peer group under ``address-family ipv6 unicast``; IOS 15 documents no IPv6 range, so
validation keeps hubs of dual-stack BGP clouds on IOS-XE. The IPv6 sessions carry IPv6 only
(``no neighbor ... activate`` under ``address-family ipv4``), so no IPv4 route ever gets an
IPv6 next hop.
"""

from __future__ import annotations

from ipaddress import IPv6Network
from typing import TYPE_CHECKING, Any

from dmvpngen.model import BgpRouting, Cloud, Hub, Router

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = ["bgp_v6", "v6_peer_group"]


def v6_peer_group(routing: BgpRouting) -> str:
    """The IPv6 spokes' peer group: the IPv4 one's name with '-V6' (IOS names stay <= 32)."""
    return f"{routing.peer_group[:29]}-V6"


def bgp_v6(net: NetworkContext, router: Router, clouds: list[Cloud]) -> dict[str, Any]:
    """IPv6 BGP values of ``router`` (its dual-stack ``clouds``)."""
    from dmvpngen.render.ipv6 import v6

    inv = net.inv
    routing = inv.routing
    assert isinstance(routing, BgpRouting)
    own: list[IPv6Network] = [lan.ipv6_prefix for lan in router.lan if lan.ipv6_prefix]
    if router.loopback_ipv6 is not None:
        own.append(IPv6Network(router.loopback_ipv6))
    backup = {c.name for c in clouds if c.backup and not inv.serves(router, c)}
    hubs = [(c, p) for c in clouds for p in net.hub_peers_v6[c.name]]
    out: dict[str, Any] = {
        "protocol": "bgp",
        "peer_group": v6_peer_group(routing),
        "networks": [v6(n) for n in sorted(own)],
    }
    if isinstance(router, Hub):
        served = [c for c in clouds if inv.serves(router, c)]
        out.update(
            listen_ranges=[v6(c.ipv6_subnet) for c in served if c.ipv6_subnet is not None],
            hub_neighbors=sorted(
                {p.tunnel_ip for c, p in hubs if p.name != router.name and c in served}
            ),
            core_neighbors=_core_neighbors(net, router),
            aggregates=sorted({v6(n) for c in served for n in c.ipv6_summary}),
            # a regional hub's uplink to the central hubs, as on the IPv4 side (render.bgp)
            uplink_neighbors=sorted({p.tunnel_ip for c, p in hubs if c not in served}),
        )
    else:
        out.update(
            neighbors=[p.tunnel_ip for _, p in hubs],
            backup_neighbors=sorted({p.tunnel_ip for c, p in hubs if c.name in backup}),
        )
    return out


def _core_neighbors(net: NetworkContext, router: Router) -> list[str]:
    """The other hubs' IPv6 addresses on this hub's peering LANs (iBGP for IPv6 there)."""
    from dmvpngen.render.ipv6 import v6

    mine = [lan.ipv6_prefix for lan in router.lan if lan.hub_peering and lan.ipv6_prefix]
    return sorted(
        {
            v6(lan.ipv6_address.ip)
            for hub in net.inv.hubs
            if hub.name != router.name
            for lan in hub.lan
            if lan.hub_peering and lan.ipv6_address is not None and lan.ipv6_prefix in mine
        }
    )
