"""IPv6 values of one router in a dual-stack network: tunnel NHRP for IPv6, LANs, routing.

What is rendered and why (docs/designs.md, "IPv6 over DMVPN"; Cisco "Implementing DMVPN for
IPv6", IPv6 configuration guide IOS 15.2M&T, and the IPv6 command reference):

- ``ipv6 unicast-routing``: a router does not forward IPv6 (nor run EIGRP/OSPFv3 for it) without.
- On every tunnel of a dual-stack cloud: ``ipv6 address <prefix>::<id>/len`` and
  ``ipv6 address FE80::<id> link-local`` (unique per cloud: routing protocols use it as next
  hop and NHRP registers and resolves it), ``ipv6 mtu`` and ``ipv6 tcp adjust-mss`` (the IPv6
  header is 20 bytes longer than IPv4's: the MSS is 20 below the IPv4 one), ``no ipv6
  redirects``, and NHRP for IPv6 with the same roles as for IPv4: ``ipv6 nhrp network-id``,
  ``ipv6 nhrp authentication``, ``ipv6 nhrp holdtime``, ``ipv6 nhrp map multicast dynamic`` on
  hubs, ``ipv6 nhrp nhs <hub IPv6> nbma <hub IPv4 NBMA> multicast`` on spokes (the one-line
  form, the IPv6 NBMA-less form needs a separate ``ipv6 nhrp map``), ``ipv6 nhrp redirect`` /
  ``ipv6 nhrp shortcut`` in phase 3, ``ipv6 nhrp registration no-unique`` on dynamic WANs.
- The transport stays IPv4: GRE, IKE and the WAN access list are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import TYPE_CHECKING, Any

from dmvpngen.model import (
    BgpRouting,
    Cloud,
    EigrpRouting,
    Hub,
    Inventory,
    OspfRouting,
    Router,
    Spoke,
)

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = [
    "SSH_ACL_V6",
    "HubPeerV6",
    "Ipv6Context",
    "device_ipv6",
    "hub_peers_v6",
    "ipv6_mss",
    "tunnel_ipv6",
    "v6",
]

SSH_ACL_V6 = "SSH-ACCESS-V6"
# TCP over IPv6: a 40-byte header where IPv4 has 20, so the MSS clamp is 20 bytes lower
_V6_HEADER_EXTRA = 20


def v6(address: IPv6Address | IPv6Network | str) -> str:
    """An IPv6 address or prefix as IOS prints it in the running config (upper case)."""
    return str(address).upper()


def ipv6_mss(cloud: Cloud) -> int:
    """``ipv6 tcp adjust-mss`` of a cloud: its IPv4 MSS less the longer IPv6 header."""
    return cloud.mss - _V6_HEADER_EXTRA


@dataclass(frozen=True)
class HubPeerV6:
    """A hub of one dual-stack cloud: its IPv6 tunnel address and IPv4 NBMA address."""

    name: str
    tunnel_ip: str
    nbma: str
    link_local: str = ""


def hub_peers_v6(inv: Inventory, nbma: dict[str, dict[str, str]]) -> dict[str, list[HubPeerV6]]:
    """Per cloud name, its hubs' IPv6 tunnel addresses (dual-stack clouds only).

    ``nbma`` maps cloud name -> hub name -> NBMA address (what the IPv4 NHS lines use).
    """
    out: dict[str, list[HubPeerV6]] = {}
    for cloud in inv.clouds:
        if cloud.ipv6_subnet is None:
            continue
        out[cloud.name] = [
            HubPeerV6(
                h.name,
                v6(inv.tunnel_ipv6(cloud, h) or ""),
                nbma[cloud.name][h.name],
                v6(inv.link_local(h)),
            )
            for h in inv.cloud_hubs(cloud)
        ]
    return out


def tunnel_ipv6(net: NetworkContext, router: Router, cloud: Cloud) -> dict[str, Any] | None:
    """IPv6 lines of ``router``'s tunnel in ``cloud``, or None in an IPv4-only cloud."""
    inv = net.inv
    address = inv.tunnel_ipv6(cloud, router)
    if address is None or cloud.ipv6_subnet is None:
        return None
    serving = inv.serves(router, cloud)
    isolated = isinstance(router, Spoke) and router.hub_only
    regional = isinstance(router, Hub) and bool(router.uplinks)
    hubs = net.hub_peers_v6[cloud.name]
    wan = inv.wan_for(router, cloud)
    return {
        "address": v6(address),
        "prefixlen": cloud.ipv6_subnet.prefixlen,
        "link_local": v6(inv.link_local(router)),
        "mtu": cloud.mtu,
        "mss": ipv6_mss(cloud),
        "nhs": [] if serving else hubs,
        "static_peers": [h for h in hubs if h.name != router.name] if serving else [],
        "map_multicast_dynamic": serving,
        "redirect": cloud.phase == 3 and isinstance(router, Hub),
        "shortcut": cloud.phase == 3 and ((not serving and not isolated) or regional),
        "no_unique": not serving and wan.dynamic,
        "routing": _tunnel_routing_v6(inv, cloud, router),
    }


def _tunnel_routing_v6(inv: Inventory, cloud: Cloud, router: Router) -> dict[str, Any]:
    """Interface-level IPv6 routing values: OSPFv3 lines (EIGRP is in its af-interface)."""
    routing = inv.routing
    if not isinstance(routing, OspfRouting):
        return {}
    from dmvpngen.render.routing import tunnel_routing

    v4 = tunnel_routing(inv, cloud, router)
    return {
        "process_id": routing.process_id,
        "area": routing.area,
        "network_type": v4["network_type"],
        "priority": v4["priority"],
    }


@dataclass(frozen=True)
class Ipv6Context:
    """Global IPv6 values of one router."""

    loopback: str | None
    ssh_acl: list[str]
    routing: dict[str, Any]


def device_ipv6(net: NetworkContext, router: Router, router_id: str) -> Ipv6Context | None:
    """The router's global IPv6 lines, or None when none of its clouds is dual-stack."""
    inv = net.inv
    clouds = [c for c in inv.router_clouds(router) if c.ipv6_subnet is not None]
    if not clouds:
        return None
    return Ipv6Context(
        loopback=v6(router.loopback_ipv6) if router.loopback_ipv6 is not None else None,
        ssh_acl=[v6(n) for n in sorted(set(inv.management.ssh_allowed_v6))],
        routing=_routing_v6(net, router, clouds, router_id),
    )


def _routing_v6(
    net: NetworkContext, router: Router, clouds: list[Cloud], router_id: str
) -> dict[str, Any]:
    inv = net.inv
    routing = inv.routing
    is_hub = isinstance(router, Hub)
    if isinstance(routing, EigrpRouting):
        from dmvpngen.render.routing import peering_lans

        return {
            "protocol": "eigrp",
            "af_interfaces": [_af_interface_v6(inv, c, router) for c in clouds]
            + [
                # a hub interconnect: authenticated, never summarised (as its IPv4 twin); with
                # IPv6 summaries the hubs learn each other's sites here (validation asks for it)
                {
                    "interface": i,
                    "split_horizon_off": False,
                    "next_hop_self_off": False,
                    "summaries": [],
                    "peering": True,
                }
                for i in (peering_lans(router) if is_hub else [])
            ],
            "router_id": router_id,
        }
    if isinstance(routing, BgpRouting):
        from dmvpngen.render.ipv6_bgp import bgp_v6

        return bgp_v6(net, router, clouds)
    assert isinstance(routing, OspfRouting)
    from dmvpngen.render.routing import peering_lans

    return {
        "protocol": "ospf",
        "process_id": routing.process_id,
        "router_id": router_id,
        "area": routing.area,
        "active": [f"Tunnel{c.tunnel}" for c in clouds] + (peering_lans(router) if is_hub else []),
    }


def _af_interface_v6(inv: Inventory, cloud: Cloud, router: Router) -> dict[str, Any]:
    """EIGRP IPv6 ``af-interface`` of one tunnel: the IPv4 rules (dmvpn-reference §3) with the
    cloud's IPv6 summaries. IPv6 ``summary-address`` takes no leak-map (Cisco's IOS-XE 17.12
    EIGRP model lists only the prefix for the IPv6 address family), so no hub-site leak here."""
    is_hub = inv.serves(router, cloud)
    return {
        "interface": f"Tunnel{cloud.tunnel}",
        "split_horizon_off": is_hub and (cloud.phase == 2 or not cloud.ipv6_summary),
        "next_hop_self_off": is_hub and cloud.phase == 2,
        "summaries": [v6(n) for n in cloud.ipv6_summary] if is_hub else [],
        "peering": False,
    }
