"""What the FRR lab builds from an inventory: one namespace per router, its WANs on an emulated
internet, its LANs each with a host namespace, its mGRE tunnels, routing and IPsec peers
(``dmvpngen.lab.frr.planner.build_plan`` fills it in from the render context).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Interface
from typing import TYPE_CHECKING, Any

from dmvpngen.lab.frr.plan6 import LabTunnel6
from dmvpngen.render.context import CryptoNames
from dmvpngen.render.crypto import KeyringPeer

if TYPE_CHECKING:
    from dmvpngen.lab.frr.ports import VtyAccess
    from dmvpngen.lab.frr.services import LabService

__all__ = [
    "LabCoreLink",
    "LabHost",
    "LabNat",
    "LabPlan",
    "LabRouter",
    "LabTunnel",
    "LabTunnel6",
    "LabWan",
]


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
    nat: LabNat | None = None  # a NAT namespace between the WAN and the internet

    @property
    def seen(self) -> IPv4Address:
        """The address the internet sees this WAN at: post-NAT behind a NAT."""
        return self.nat.public if self.nat is not None else self.address.ip


@dataclass(frozen=True)
class LabNat:
    """The NAT in front of a WAN (``nat: static|pat``): namespace ``ns`` holds the WAN's
    gateway address on ``in0`` and ``outside`` on ``out0``, whose veth peer ``isp_if`` on the
    internet holds ``isp``; static NAT maps the WAN address to ``public`` both ways, PAT
    masquerades behind ``outside`` (then ``public`` is the outside address)."""

    ns: str
    kind: str  # "static" | "pat"
    outside: IPv4Interface
    isp: IPv4Address
    public: IPv4Address

    @property
    def routed(self) -> bool:
        """The public address is not on the outside link: the internet routes it there."""
        return self.public != self.outside.ip


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
    # the cloud's 'ip mtu': what OSPF's database description packets carry and check
    mtu: int = 1400


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

    @property
    def ike_first(self) -> frozenset[str]:
        """NBMA addresses this router brings its IKE and IPsec SAs up with before its routing
        starts: a spoke with each NHS (on IOS the spoke's first NHRP registration starts that
        exchange), a hub with each hub it maps whose NBMA sorts after its own (one side
        starts each pair)."""
        out = {nbma for t in self.tunnels for _, _, nbma in t.nhs}
        for tun in self.tunnels:
            own = self.nbma(tun.cloud)
            out |= {nbma for _, nbma in tun.maps if IPv4Address(nbma) > own}
        return frozenset(out)

    def nbma(self, cloud: str) -> IPv4Address:
        """The WAN address this router's tunnel in ``cloud`` is sourced from."""
        tunnel = next(t for t in self.tunnels if t.cloud == cloud)
        return next(w.address.ip for w in self.wans if w.ifname == tunnel.wan)

    def seen_nbma(self, cloud: str) -> IPv4Address:
        """The address the other routers reach that tunnel at: the post-NAT address behind a
        NAT, else the WAN address."""
        tunnel = next(t for t in self.tunnels if t.cloud == cloud)
        return next(w.seen for w in self.wans if w.ifname == tunnel.wan)


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
    # the design's inside VRF: each router namespace's main table holds it (its tunnels, LANs,
    # loopback, routing), and the underlay sits in Linux VRFs (planner.UNDERLAY_VRF for the
    # design's global table); FRR 8.4's nhrpd serves the default VRF only (docs/lab.md)
    inside_vrf: str | None = None

    def router(self, name: str) -> LabRouter:
        """The router called ``name``."""
        return next(r for r in self.routers if r.name == name)
