"""The FRR lab's plan built from an inventory.

Every value comes from the render context (the same values the Cisco configs are rendered from),
so the lab runs the design, not a second description of it.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Interface
from typing import TypeVar

from dmvpngen.lab.frr.plan import (
    LabCoreLink,
    LabHost,
    LabNat,
    LabPlan,
    LabRouter,
    LabTunnel,
    LabWan,
)
from dmvpngen.lab.frr.plan6 import tunnel6
from dmvpngen.model import Hub, Inventory, Router
from dmvpngen.model.wan import Wan
from dmvpngen.render.context import NetworkContext
from dmvpngen.render.device import DeviceContext, device_context
from dmvpngen.secrets import SecretValues

__all__ = ["UNDERLAY_VRF", "build_plan"]

# Lab-only addresses for WANs the ISP assigns (DHCP, PPPoE): 100.64.0.0/10 never overlaps an
# inventory prefix (docs/lab.md).
_ISP_POOL = IPv4Network("100.64.0.0/16")
# the outside links of the NAT namespaces in front of NATed WANs, from the same lab-only /10
_NAT_POOL = IPv4Network("100.65.0.0/16")
# With an inside VRF, the Linux VRF that stands for the design's global table (the WANs without
# a front-door VRF): measured in the lab VM, FRR 8.4's nhrpd ignores a tunnel enslaved to a
# Linux VRF (no NHS, no cache entry, nothing in its log) and takes it up once the tunnel is back
# in the default VRF; its zebra client registers for the default VRF only. So the inside VRF is
# the namespace's main table and the underlay moves into VRFs, the same two tables apart.
UNDERLAY_VRF = "global"


def _wans(router: Router, inside_vrf: bool) -> tuple[LabWan, ...]:
    out = []
    # the Linux VRF of each WAN: its front-door VRF, else (with an inside VRF, which holds the
    # main table) the one standing for the design's global table
    vrfs = [wan.vrf or (UNDERLAY_VRF if inside_vrf else None) for wan in router.wans]
    for index, (wan, vrf) in enumerate(zip(router.wans, vrfs, strict=True)):
        if wan.address is not None and wan.gateway is not None:
            address, gateway, assigned = wan.address, wan.gateway, False
        else:
            # a /30 per router WAN from the ISP pool: .1 the ISP, .2 the router
            base = int(_ISP_POOL.network_address) + (router.id * 4 + index) * 4
            address = IPv4Interface(f"{IPv4Address(base + 2)}/30")
            gateway, assigned = IPv4Address(base + 1), True
        out.append(
            LabWan(
                nat=_nat(router, index, wan),
                ifname=f"wan{index}",
                isp_if=f"w{router.id}x{index}",
                address=address,
                gateway=gateway,
                transport=wan.transport or "internet",
                lab_assigned=assigned,
                vrf=vrf,
                table=100 + sorted({v for v in vrfs if v}).index(vrf) if vrf else None,
            )
        )
    return tuple(out)


def _nat(router: Router, index: int, wan: Wan) -> LabNat | None:
    """The NAT namespace in front of a NATed WAN: a /30 outside link per router WAN from the
    NAT pool (.1 the internet, .2 the NAT); static NAT to the design's public address (routed
    to the outside address by the internet), PAT behind the outside address."""
    kind = wan.nat_kind
    if kind is None:
        return None
    base = int(_NAT_POOL.network_address) + (router.id * 4 + index) * 4
    outside = IPv4Interface(f"{IPv4Address(base + 2)}/30")
    return LabNat(
        ns=f"nat{index}-{router.name}",
        kind=kind,
        outside=outside,
        isp=IPv4Address(base + 1),
        public=wan.public_address or outside.ip,
    )


def _tunnels(
    inv: Inventory, net: NetworkContext, router: Router, ctx: DeviceContext
) -> tuple[LabTunnel, ...]:
    clouds = {c.tunnel: c for c in inv.router_clouds(router)}
    out = []
    for tun in ctx.tunnels:
        cloud = clouds[tun.number]
        wan = inv.wan_for(router, cloud)
        ospf = None
        if tun.routing.get("protocol") == "ospf":
            ospf = {
                "network_type": tun.routing["network_type"],
                "priority": tun.routing["priority"],
                # IOS's cost: 'ip ospf cost' when the design sets one, else the reference
                # bandwidth (100 Mbit/s) over the tunnel's 'bandwidth' (kbit/s), at least 1
                "cost": tun.ospf_cost or max(1, 100_000 // tun.bandwidth),
            }
        multicast = (["dynamic"] if tun.map_multicast_dynamic else []) + [
            h.nbma for h in (*tun.static_peers, *tun.nhs)
        ]
        out.append(
            LabTunnel(
                # "tun", as IOS's TunnelN: the kernel's fallback device owns the name gre0
                ifname=f"tun{tun.number}",
                cloud=cloud.name,
                phase=cloud.phase,
                role="hub" if inv.serves(router, cloud) else "spoke",
                ip=IPv4Address(tun.ip),
                subnet=_ipv4(cloud.subnet),
                key=tun.key,
                network_id=tun.network_id,
                holdtime=tun.holdtime,
                nhrp_auth=tun.nhrp_auth,
                wan=f"wan{router.wans.index(wan)}",
                nhs=tuple((h.name, IPv4Address(h.tunnel_ip), h.nbma) for h in tun.nhs),
                maps=tuple((IPv4Address(h.tunnel_ip), h.nbma) for h in tun.static_peers),
                redirect=tun.redirect,
                shortcut=tun.shortcut,
                no_unique=tun.no_unique,
                multicast=tuple(multicast),
                ospf=ospf,
                ipv6=tunnel6(tun.ipv6, cloud.ipv6_subnet),
                mtu=tun.mtu,
            )
        )
    return tuple(out)


def _core_links(inv: Inventory) -> tuple[LabCoreLink, ...]:
    """One link per pair of hubs sharing a hub peering LAN subnet (the first two hubs on it)."""
    ends: dict[IPv4Network, list[tuple[str, str, IPv4Interface]]] = {}
    for hub in inv.hubs:
        for i, lan in enumerate(hub.lan):
            if lan.hub_peering:
                address = _ipv4(lan.address)
                ends.setdefault(address.network, []).append((hub.name, f"lan{i}", address))
    # a peering LAN with one hub only has nothing at the far end, as on the real router
    return tuple(LabCoreLink(*v[0], *v[1]) for _, v in sorted(ends.items()) if len(v) >= 2)


def _map_phase2_spokes(routers: list[LabRouter]) -> list[LabRouter]:
    """Each phase 2 spoke tunnel with the other spokes of its cloud mapped statically."""
    spokes = {
        (t.cloud, r.name): (t.ip, str(r.seen_nbma(t.cloud)))
        for r in routers
        for t in r.tunnels
        if t.role == "spoke" and t.phase == 2
    }
    out = []
    for router in routers:
        tunnels = tuple(
            replace(
                t,
                spoke_maps=tuple(
                    peer
                    for (cloud, name), peer in sorted(spokes.items())
                    if cloud == t.cloud and name != router.name
                ),
            )
            if (t.cloud, router.name) in spokes
            else t
            for t in router.tunnels
        )
        out.append(replace(router, tunnels=tunnels))
    return out


def _ssh_acl(ctx: DeviceContext) -> tuple[tuple[bool, IPv4Network], ...]:
    """The vty access class as the config renders it: the denied prefixes (hub-only spokes in
    a management prefix), then the permitted ones."""
    entries = [(False, a, w) for a, w in ctx.ssh_acl_deny] + [(True, a, w) for a, w in ctx.ssh_acl]
    return tuple((permit, IPv4Network(f"{a}/{w}")) for permit, a, w in entries)


_T = TypeVar("_T")


def _ipv4(value: _T | None) -> _T:
    """An IPv4 value of a plan that has IPv4 throughout (IPv6-only overlays build none)."""
    assert value is not None, "IPv6-only overlays are a blocking FRR lab gap"
    return value


def build_plan(inv: Inventory, secrets: SecretValues) -> LabPlan:
    """Lay the inventory out as namespaces; the render context gives every derived value."""
    if inv.ipv6_only:  # a blocking gap (gaps.find_gaps): its plan holds no router
        return LabPlan(title=f"dmvpngen-{inv.name}", routers=(), hosts=(), transports=())
    net = NetworkContext(inv, secrets)
    routers, hosts = [], []
    for router in (*inv.hubs, *inv.spokes):
        ctx = device_context(net, router)
        routers.append(
            LabRouter(
                name=router.name,
                ns=router.name,
                role="hub" if isinstance(router, Hub) else "spoke",
                loopback=router.loopback,
                wans=_wans(router, inv.overlay_vrf is not None),
                lans=tuple((f"lan{i}", _ipv4(lan.address)) for i, lan in enumerate(router.lan)),
                tunnels=_tunnels(inv, net, router, ctx),
                routing=ctx.routing,
                crypto=ctx.crypto[0] if ctx.crypto else None,
                bgp_backup=ctx.bgp_backup,
                keyring=tuple(ctx.sec.crypto[ctx.crypto[0].key].keyring_peers)
                if ctx.crypto
                else (),
                routing_auth=ctx.sec.routing_auth,
                ssh_acl=_ssh_acl(ctx),
                loopback6=router.loopback_ipv6,
                lans6=tuple(
                    (f"lan{i}", lan.ipv6_address)
                    for i, lan in enumerate(router.lan)
                    if lan.ipv6_address is not None
                ),
                routing6=ctx.ipv6.routing if ctx.ipv6 is not None else None,
            )
        )
        for i, lan in enumerate(router.lan):
            if lan.hub_peering:
                continue  # a link between hubs (core_links), no host on it
            v4 = _ipv4(lan.address)
            last = IPv4Address(int(v4.network.broadcast_address) - 1)
            six = lan.ipv6_address
            hosts.append(
                LabHost(
                    ns=f"h-{router.id}-{i}",
                    router=router.name,
                    router_if=f"lan{i}",
                    lan=v4,
                    address=IPv4Interface(f"{last}/{v4.network.prefixlen}"),
                    lan6=six,
                    # ::fe in the LAN's /64, as .254 in its /24: clear of the router's ::1
                    address6=IPv6Interface(
                        f"{six.network.network_address + 0xFE}/{six.network.prefixlen}"
                    )
                    if six is not None
                    else None,
                )
            )
    transports = sorted({w.transport for r in routers for w in r.wans})
    return LabPlan(
        core_links=_core_links(inv),
        title=f"dmvpngen-{inv.name}",
        routers=tuple(_map_phase2_spokes(routers)),
        hosts=tuple(hosts),
        transports=tuple(transports),
        secrets=tuple(v for v in secrets.values if v),
        inside_vrf=inv.overlay_vrf.name if inv.overlay_vrf is not None else None,
    )
