"""What the FRR lab builds from an inventory: one namespace per router, its WANs on an emulated
internet, its LANs each with a host namespace, its mGRE tunnels, routing and IPsec peers.

Every value comes from the render context (the same values the Cisco configs are rendered from),
so the lab runs the design, not a second description of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Interface
from typing import TYPE_CHECKING, Any, TypeVar

from dmvpngen.lab.frr.plan6 import LabTunnel6, tunnel6
from dmvpngen.model import Hub, Inventory, Router
from dmvpngen.render.context import CryptoNames, NetworkContext
from dmvpngen.render.crypto import KeyringPeer
from dmvpngen.render.device import DeviceContext, device_context
from dmvpngen.secrets import SecretValues

if TYPE_CHECKING:
    from dmvpngen.lab.frr.ports import VtyAccess
    from dmvpngen.lab.frr.services import LabService

__all__ = [
    "LabCoreLink",
    "LabHost",
    "LabPlan",
    "LabRouter",
    "LabTunnel",
    "LabTunnel6",
    "LabWan",
    "build_plan",
]

# Lab-only addresses for WANs the ISP assigns (DHCP, PPPoE): 100.64.0.0/10 never overlaps an
# inventory prefix (docs/lab.md).
_ISP_POOL = IPv4Network("100.64.0.0/16")


@dataclass(frozen=True)
class LabWan:
    """One WAN: ``ifname`` in the router namespace, its veth peer ``isp_if`` on the internet."""

    ifname: str
    isp_if: str
    address: IPv4Interface
    gateway: IPv4Address
    transport: str
    lab_assigned: bool  # DHCP/PPPoE in the design: the lab's ISP hands out this address
    vrf: str | None = None  # front-door VRF: a Linux VRF holding the WAN and its default route
    table: int | None = None  # the VRF's routing table


@dataclass(frozen=True)
class LabHost:
    """A host namespace on a router LAN: the LAN's last address plus the service addresses
    the configs name on that LAN (services.place_services)."""

    ns: str
    router: str
    router_if: str
    lan: IPv4Interface  # the router's LAN address
    address: IPv4Interface
    services: tuple[IPv4Address, ...] = ()
    # dual stack: the router's IPv6 LAN address and the host's (the LAN's last address)
    lan6: IPv6Interface | None = None
    address6: IPv6Interface | None = None


@dataclass(frozen=True)
class LabCoreLink:
    """A hub peering LAN (``hub_peering: true``): one veth between two hubs, each end with the
    hub's address on that LAN, in place of a LAN host."""

    a: str
    a_if: str
    a_address: IPv4Interface
    b: str
    b_if: str
    b_address: IPv4Interface


@dataclass(frozen=True)
class LabTunnel:
    """One mGRE tunnel (``tun<N>``) of a router in one cloud."""

    ifname: str
    cloud: str
    phase: int
    role: str  # "hub" | "spoke"
    ip: IPv4Address
    subnet: IPv4Network
    key: int | None
    network_id: int
    holdtime: int
    nhrp_auth: str | None
    wan: str
    nhs: tuple[tuple[str, IPv4Address, str], ...]  # (hub name, tunnel ip, nbma)
    maps: tuple[tuple[IPv4Address, str], ...]  # a hub's static mappings of the other hubs
    redirect: bool
    shortcut: bool
    no_unique: bool
    # where multicast (OSPF hellos) is replicated: "dynamic" (every registered spoke) and NBMAs
    multicast: tuple[str, ...] = ()
    # OSPF on the tunnel: network type, priority, cost (None without OSPF)
    ospf: dict[str, Any] | None = None
    # phase 2 spokes: the other spokes of the cloud mapped statically, a lab addition (nhrpd
    # 8.4 resolves only on a redirect, never on the kernel's neighbour miss; docs/lab.md)
    spoke_maps: tuple[tuple[IPv4Address, str], ...] = ()
    # the IPv6 overlay of a dual-stack cloud (None: IPv4 only)
    ipv6: LabTunnel6 | None = None


@dataclass(frozen=True)
class LabRouter:
    """One router namespace."""

    name: str
    ns: str
    role: str
    loopback: IPv4Address | None
    wans: tuple[LabWan, ...]
    lans: tuple[tuple[str, IPv4Interface], ...]
    tunnels: tuple[LabTunnel, ...]
    routing: dict[str, Any]
    crypto: CryptoNames | None
    bgp_backup: dict[str, Any] | None = None
    # per-peer keys (``pre-shared-key local/remote``), as the router's IKEv2 keyring has them
    keyring: tuple[KeyringPeer, ...] = ()
    # OSPF/EIGRP adjacency authentication (algorithm, key id, key), as the configs have it
    routing_auth: dict[str, Any] | None = None
    # the vty access class in IOS's order: (permit, prefix), first match decides, then deny
    ssh_acl: tuple[tuple[bool, IPv4Network], ...] = ()
    # dual stack: the IPv6 loopback, each LAN's IPv6 address, the IPv6 routing (render context)
    loopback6: IPv6Address | None = None
    lans6: tuple[tuple[str, IPv6Interface], ...] = ()
    routing6: dict[str, Any] | None = None

    @property
    def ipsec(self) -> bool:
        """The router protects its GRE with IPsec the lab can build (pre-shared keys)."""
        return self.crypto is not None and (self.crypto.psk is not None or bool(self.keyring))

    def keys_for(self, peer: IPv4Address) -> tuple[str, str] | None:
        """(local key, remote key) of the keyring entry that covers ``peer``'s address, or
        None without per-peer keys; ("", "") when no entry covers it (IKE then fails, as on
        IOS)."""
        if not self.keyring:
            return None
        best: tuple[int, str, str] = (-1, "", "")
        for entry in self.keyring:
            if entry.address is None:
                continue
            address, _, mask = entry.address.partition(" ")
            net = IPv4Network(f"{address}/{mask or '255.255.255.255'}", strict=False)
            # as IOS: the most specific entry (a peer's own address before its prefix)
            if peer in net and net.prefixlen > best[0]:
                best = (net.prefixlen, entry.local_key, entry.remote_key)
        return best[1], best[2]

    @property
    def dual_stack(self) -> bool:
        """The lab builds this router's IPv6 half: a dual-stack tunnel, and BGP for both
        families (the one routing protocol the lab runs for IPv6; docs/lab.md)."""
        rt6 = self.routing6 or {}
        bgp = rt6.get("protocol") == "bgp" == self.routing.get("protocol")
        return bgp and any(t.ipv6 for t in self.tunnels)

    def nbma(self, cloud: str) -> IPv4Address:
        """The WAN address this router's tunnel in ``cloud`` is sourced from."""
        tunnel = next(t for t in self.tunnels if t.cloud == cloud)
        return next(w.address.ip for w in self.wans if w.ifname == tunnel.wan)


@dataclass(frozen=True)
class LabPlan:
    """The whole lab."""

    title: str
    routers: tuple[LabRouter, ...]
    hosts: tuple[LabHost, ...]
    transports: tuple[str, ...]
    services: tuple[LabService, ...] = ()  # set by services.place_services
    # each router's vty access class as its rendered config has it (engine.predict_and_place)
    vty: tuple[VtyAccess, ...] = ()
    secrets: tuple[str, ...] = field(default=(), repr=False)
    core_links: tuple[LabCoreLink, ...] = ()

    def router(self, name: str) -> LabRouter:
        """The router called ``name``."""
        return next(r for r in self.routers if r.name == name)


def _wans(router: Router, ctx: DeviceContext) -> tuple[LabWan, ...]:
    out = []
    for index, wan in enumerate(router.wans):
        if wan.address is not None and wan.gateway is not None:
            address, gateway, assigned = wan.address, wan.gateway, False
        else:
            # a /30 per router WAN from the ISP pool: .1 the ISP, .2 the router
            base = int(_ISP_POOL.network_address) + (router.id * 4 + index) * 4
            address = IPv4Interface(f"{IPv4Address(base + 2)}/30")
            gateway, assigned = IPv4Address(base + 1), True
        out.append(
            LabWan(
                ifname=f"wan{index}",
                isp_if=f"w{router.id}x{index}",
                address=address,
                gateway=gateway,
                transport=wan.transport or "internet",
                lab_assigned=assigned,
                vrf=wan.vrf,
                table=100 + sorted({w.vrf for w in router.wans if w.vrf}).index(wan.vrf)
                if wan.vrf
                else None,
            )
        )
    return tuple(out)


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
        (t.cloud, r.name): (t.ip, str(r.nbma(t.cloud)))
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
    """Lay the inventory out as namespaces; the render context gives every derived value.

    An IPv6-only overlay is a blocking gap (:func:`~dmvpngen.lab.frr.gaps.find_gaps`): its plan
    holds no router, so nothing is built."""
    if inv.ipv6_only:
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
                wans=_wans(router, ctx),
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
    )
