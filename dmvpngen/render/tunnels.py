"""Tunnel interface values: one router's tunnel in one cloud, by its role in that cloud.

A router is an NHS (hub) of the clouds it serves and a spoke elsewhere; a regional hub is both
(hierarchical DMVPN), so role-dependent lines (NHS entries, redirect, shortcut, no-unique,
multicast mapping) are decided per tunnel here, not per router.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network
from typing import TYPE_CHECKING, Any

from dmvpngen.model import Cloud, EigrpRouting, Hub, OspfRouting, Router, Spoke
from dmvpngen.render.ipv6 import tunnel_ipv6
from dmvpngen.render.multicast import tunnel_pim
from dmvpngen.render.routing import tunnel_routing
from dmvpngen.render.underlay import isolation_entries, preference_knobs

if TYPE_CHECKING:
    from dmvpngen.render.context import HubPeer, NetworkContext

__all__ = ["ISOLATION_ACL", "TunnelContext", "isolation_acl", "tunnel_context"]

ISOLATION_ACL = "SPOKE-ISOLATION"


@dataclass
class TunnelContext:
    """One tunnel interface."""

    number: int
    description: str
    # None in an IPv6-only cloud: the tunnel carries IPv6 only, every 'ip ...' line is left out
    ip: str | None
    mask: str | None
    mtu: int
    mss: int
    bandwidth: int
    nhrp_auth: str | None
    network_id: int
    holdtime: int
    source: str
    multipoint: bool
    destination: str | None
    key: int | None
    ipsec_profile: str
    shared: bool
    nhs: list[HubPeer]
    static_peers: list[HubPeer]
    map_multicast_dynamic: bool
    redirect: bool
    shortcut: bool
    no_unique: bool
    routing: dict[str, Any]
    vrf: str | None = None
    delay: int | None = None
    ospf_cost: int | None = None
    acl_in: str | None = None
    acl_out: str | None = None
    if_state_nhrp: bool = False
    # PIM sparse mode on the tunnel: {nbma_mode, dr_priority_zero} (dmvpngen.render.multicast)
    pim: dict[str, Any] | None = None
    # dual-stack cloud: IPv6 address, link-local and NHRP for IPv6 (dmvpngen.render.ipv6)
    ipv6: dict[str, Any] | None = None
    # GRE over IPv6: the cloud's transport (NBMA addresses, tunnel source) is IPv6
    transport_ipv6: bool = False


def tunnel_context(
    net: NetworkContext, router: Router, cloud: Cloud, shared: bool, failover: bool
) -> TunnelContext:
    """One tunnel of ``router``; its role in ``cloud`` decides NHS, redirect and shortcut."""
    inv = net.inv
    serving = inv.serves(router, cloud)
    regional = isinstance(router, Hub) and bool(router.uplinks)
    isolated = isinstance(router, Spoke) and router.hub_only
    wan = inv.wan_for(router, cloud)
    hubs = net.hub_peers[cloud.name]
    v4 = cloud.subnet is not None  # IPv6-only: NHRP for IPv6 alone (dmvpngen.render.ipv6)
    nhs: list[HubPeer]
    static: list[HubPeer]
    if not v4:
        nhs, static = [], []
    elif serving:
        nhs, static = [], [h for h in hubs if h.name != router.name]
    else:
        nhs, static = list(hubs), []
    p2p = not serving and cloud.phase == 1
    role = "hub" if serving else ("regional hub" if isinstance(router, Hub) else "spoke")
    routing = tunnel_routing(inv, cloud, router)
    if isinstance(router, Hub) and not serving and routing.get("protocol") == "eigrp":
        # the regional hub's uplink: announce its region's summary to the central hubs
        routing = {**routing, "summaries": [_mask(n) for n in router.uplink_summary]}
    delay, cost = preference_knobs(inv, cloud) if net.preference else (None, None)
    # a hub filters on every tunnel, its uplink too: other regions come in that way
    isolation = bool(isolation_acl(net, router))
    return TunnelContext(
        number=cloud.tunnel,
        description=f"DMVPN {cloud.name} phase {cloud.phase} {role}",
        ip=str(ip) if (ip := inv.tunnel_ip(cloud, router)) is not None else None,
        mask=str(cloud.subnet.netmask) if cloud.subnet is not None else None,
        mtu=cloud.mtu,
        mss=cloud.mss,
        bandwidth=cloud.bandwidth,
        nhrp_auth=net.cloud_secrets[cloud.name],
        network_id=cloud.network_id,
        holdtime=cloud.holdtime,
        source=wan.source_interface,
        multipoint=not p2p,
        destination=hubs[0].nbma if p2p else None,
        key=cloud.tunnel_key,
        ipsec_profile=net.crypto[cloud.crypto].ipsec_profile,
        shared=shared,
        nhs=nhs,
        static_peers=static,
        map_multicast_dynamic=serving,
        # phase 3: redirect on every hub level, shortcut on spokes and regional hubs
        redirect=cloud.phase == 3 and isinstance(router, Hub),
        shortcut=cloud.phase == 3 and ((not serving and not isolated) or regional),
        no_unique=not serving and wan.dynamic,
        routing=routing,
        vrf=wan.vrf,
        delay=delay if isinstance(inv.routing, EigrpRouting) else None,
        ospf_cost=cost if isinstance(inv.routing, OspfRouting) else None,
        acl_in=ISOLATION_ACL if isolation else None,
        acl_out=ISOLATION_ACL if isolation and isolated else None,
        # with a second cloud to fail over to, take the tunnel down when no NHS answers
        if_state_nhrp=failover and not serving and v4,
        pim=tunnel_pim(inv, router, cloud),
        ipv6=tunnel_ipv6(net, router, cloud),
        transport_ipv6=cloud.transport_family == "ipv6",
    )


def _mask(net: IPv4Network) -> tuple[str, str]:
    return str(net.network_address), str(net.netmask)


def isolation_acl(net: NetworkContext, router: Router) -> list[tuple[str, str]]:
    """The router's spoke-isolation ACL entries (cached per router)."""
    cached = net.isolation_cache.get(router.name)
    if cached is None:
        cached = isolation_entries(net, router)
        net.isolation_cache[router.name] = cached
    return cached
