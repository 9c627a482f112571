"""Facts read from one router's configuration, each carrying the 1-based line it came from.

A boolean feature is stored as ``int | None``: the line number where it is configured, or None.
That keeps "is it there?" and "where?" in one field, which every finding needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Network
from typing import TYPE_CHECKING, Any

from dmvpngen.parse.ipv6 import InterfaceIpv6, RouterIpv6
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.pim import InterfacePim, Pim
from dmvpngen.parse.tree import Node, PackedTree, tree_from_packed

__all__ = [
    "AclEntry",
    "Bgp",
    "BgpNeighbor",
    "Crypto",
    "Device",
    "EigrpInterface",
    "EigrpProcess",
    "Ikev2Policy",
    "Ikev2Profile",
    "Ikev2Proposal",
    "Interface",
    "IpsecProfile",
    "IsakmpPolicy",
    "IsakmpProfile",
    "Nhs",
    "OspfProcess",
    "Psk",
    "StaticMap",
    "TransformSet",
    "Tunnel",
    "defer_blocks",
]


@dataclass
class Interface:
    """A non-tunnel interface (or the common part of any interface)."""

    name: str
    line: int
    address: IPv4Interface | None = None
    address_line: int | None = None
    dhcp: int | None = None
    shutdown: int | None = None
    vrf: str | None = None
    nat: str | None = None  # "inside" / "outside"
    description: str | None = None
    negotiated: int | None = None  # 'ip address negotiated' (PPP / PPPoE dialer)
    mtu: int | None = None  # 'ip mtu'
    access_groups: dict[str, tuple[str, int]] = field(default_factory=dict)  # in/out -> acl
    dial_pool: int | None = None  # dialer: 'dialer pool N'; port: 'pppoe-client dial-pool-number'
    ppp_auth: str | None = None  # "chap" | "pap"
    ppp_user: str | None = None
    ppp_password: str | None = None
    pim: InterfacePim | None = None  # 'ip pim ...' lines
    ipv6: InterfaceIpv6 | None = None  # 'ipv6 ...' and 'ospfv3 ...' lines
    secondaries: tuple[IPv4Interface, ...] = ()  # 'ip address A M secondary', in order

    @property
    def dynamic(self) -> bool:
        """The address is assigned at run time (DHCP or PPP negotiation)."""
        return self.dhcp is not None or self.negotiated is not None


@dataclass
class Nhs:
    """One next hop server entry of a tunnel (one-line or legacy form)."""

    address: IPv4Address | None  # None for 'ip nhrp nhs dynamic'
    line: int
    nbma: str | None = None  # IP address or DNS name
    nbma_line: int | None = None
    multicast: bool = False
    form: str = "one-line"  # "one-line" | "legacy"
    priority: int | None = None
    cluster: int | None = None


@dataclass
class StaticMap:
    """``ip nhrp map <tunnel ip> <nbma>``."""

    address: IPv4Address
    nbma: str
    line: int


@dataclass
class EigrpInterface:
    """Per-interface EIGRP settings (classic interface lines or named-mode af-interface)."""

    split_horizon_off: int | None = None
    next_hop_self_off: int | None = None
    summaries: list[tuple[IPv4Network, int]] = field(default_factory=list)
    summaries_v6: list[tuple[IPv6Network, int]] = field(default_factory=list)
    auth_mode: str | None = None
    auth_key_chain: str | None = None
    auth_key: str | None = None  # named mode 'authentication mode hmac-sha-256 <key>'
    auth_line: int | None = None
    passive: int | None = None
    bfd: int | None = None


@dataclass
class Tunnel(Interface):
    """A tunnel interface with its GRE, NHRP, IPsec and per-interface routing facts."""

    number: int = 0
    mode: str = "gre-p2p"  # "gre-multipoint" | "gre-p2p" | other tunnel mode text
    mode_line: int | None = None
    transport_v6: bool = False  # GRE over IPv6: 'tunnel mode gre multipoint ipv6' / 'gre ipv6'
    destination: str | None = None
    destination_line: int | None = None
    source: str | None = None
    source_line: int | None = None
    key: int | None = None
    key_line: int | None = None
    tunnel_vrf: str | None = None
    protection: str | None = None
    protection_shared: bool = False
    protection_line: int | None = None
    network_id: int | None = None
    network_id_line: int | None = None
    auth: str | None = None
    auth_line: int | None = None
    holdtime: int | None = None
    holdtime_line: int | None = None
    nhs: list[Nhs] = field(default_factory=list)
    maps: list[StaticMap] = field(default_factory=list)
    map_multicast: list[tuple[str, int]] = field(default_factory=list)
    map_multicast_dynamic: int | None = None
    redirect: int | None = None
    shortcut: int | None = None
    no_shortcut: int | None = None
    no_redirect: int | None = None
    no_unique: int | None = None
    nhrp_group: str | None = None
    nhrp_map_groups: list[tuple[str, int]] = field(default_factory=list)
    eigrp: dict[int, EigrpInterface] = field(default_factory=dict)  # classic mode, by AS
    ospf_network: str | None = None
    ospf_network_line: int | None = None
    ospf_priority: int | None = None
    ospf_priority_line: int | None = None
    ospf_area: tuple[int, str, int] | None = None  # (process, area, line) of 'ip ospf P area A'
    ospf_hello: int | None = None
    ospf_auth: str | None = None  # "message-digest" | "plain" | "null"
    ospf_auth_line: int | None = None
    keepalive: int | None = None
    bandwidth: int | None = None
    delay: int | None = None
    ospf_cost: int | None = None
    bfd: tuple[int, int, int] | None = None  # interval, min_rx, multiplier
    mss: int | None = None

    @property
    def nhrp(self) -> bool:
        """True when NHRP is configured on the tunnel (it takes part in a DMVPN)."""
        return bool(
            self.network_id is not None
            or self.nhs
            or self.maps
            or self.map_multicast_dynamic
            or self.redirect
            or self.shortcut
        )


@dataclass
class IsakmpPolicy:
    """``crypto isakmp policy N`` with IOS defaults filled in where the line is absent."""

    priority: int
    line: int
    encryption: str = "des"
    hash: str = "sha"
    authentication: str = "rsa-sig"
    group: int = 1
    lifetime: int = 86400

    @property
    def suite(self) -> tuple[str, str, str, int]:
        """What two peers must agree on (lifetime is negotiated down, not matched)."""
        return (self.encryption, self.hash, self.authentication, self.group)


@dataclass
class Psk:
    """One pre-shared key and the peer addresses it applies to."""

    key: str
    network: IPv4Network | IPv6Network | None  # None: by hostname/identity we do not resolve
    line: int
    keyring: str | None = None  # None: global 'crypto isakmp key'
    vrf: str | None = None
    local: str | None = None  # IKEv2 'pre-shared-key local' (None: the same key both ways)
    peer: str | None = None  # IKEv2 keyring peer name
    identity: str | None = None  # IKEv2 'identity fqdn|address ...' of the peer entry

    @property
    def own(self) -> str:
        """The key this router authenticates itself with towards the peer."""
        return self.local if self.local is not None else self.key


@dataclass
class Ikev2Proposal:
    """``crypto ikev2 proposal``."""

    name: str
    line: int
    encryption: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    prf: list[str] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)


@dataclass
class Ikev2Policy:
    """``crypto ikev2 policy``."""

    name: str
    line: int
    proposals: list[str] = field(default_factory=list)
    fvrf: str | None = None


@dataclass
class Ikev2Profile:
    """``crypto ikev2 profile``."""

    name: str
    line: int
    keyring: str | None = None
    auth_local: list[str] = field(default_factory=list)
    auth_remote: list[str] = field(default_factory=list)
    fvrf: str | None = None
    trustpoint: str | None = None
    identity: str | None = None  # 'identity local dn|fqdn|address'


@dataclass
class IsakmpProfile:
    """``crypto isakmp profile``."""

    name: str
    line: int
    keyrings: list[str] = field(default_factory=list)
    vrf: str | None = None
    trustpoint: str | None = None


@dataclass
class TransformSet:
    """``crypto ipsec transform-set``; IOS default mode is tunnel."""

    name: str
    line: int
    transforms: tuple[str, ...] = ()
    mode: str = "tunnel"
    mode_line: int | None = None


@dataclass
class IpsecProfile:
    """``crypto ipsec profile``."""

    name: str
    line: int
    transform_sets: list[str] = field(default_factory=list)
    ikev2_profile: str | None = None
    isakmp_profile: str | None = None
    pfs: str | None = None
    pfs_line: int | None = None


@dataclass
class Crypto:
    """Every crypto object of a router, by name."""

    isakmp_policies: list[IsakmpPolicy] = field(default_factory=list)
    psks: list[Psk] = field(default_factory=list)  # global isakmp keys and IKEv1 keyrings
    ikev2_keyrings: dict[str, list[Psk]] = field(default_factory=dict)
    ikev2_proposals: dict[str, Ikev2Proposal] = field(default_factory=dict)
    ikev2_policies: list[Ikev2Policy] = field(default_factory=list)
    ikev2_profiles: dict[str, Ikev2Profile] = field(default_factory=dict)
    isakmp_profiles: dict[str, IsakmpProfile] = field(default_factory=dict)
    transform_sets: dict[str, TransformSet] = field(default_factory=dict)
    ipsec_profiles: dict[str, IpsecProfile] = field(default_factory=dict)


@dataclass
class EigrpProcess:
    """``router eigrp`` (classic: name is the AS; named: one per address-family)."""

    asn: int
    line: int
    named: str | None = None
    vrf: str | None = None
    networks: list[tuple[IPv4Network, int]] = field(default_factory=list)
    interfaces: dict[str, EigrpInterface] = field(default_factory=dict)  # named mode af-interface
    default_interface: EigrpInterface | None = None
    stub: int | None = None
    passive_default: bool = False
    passive_default_line: int | None = None
    passive: dict[str, int] = field(default_factory=dict)  # classic mode, interface -> line
    no_passive: dict[str, int] = field(default_factory=dict)
    stub_kind: str | None = None  # "connected summary", "receive-only", ...
    bfd_all: int | None = None


@dataclass
class OspfProcess:
    """``router ospf``: network statements give the area of an interface."""

    process: int
    line: int
    vrf: str | None = None
    networks: list[tuple[IPv4Network, str, int]] = field(default_factory=list)
    passive_default: bool = False
    no_passive: list[str] = field(default_factory=list)
    passive: list[str] = field(default_factory=list)


@dataclass
class BgpNeighbor:
    """A BGP neighbour or peer-group and the DMVPN-relevant options on it."""

    name: str
    line: int
    is_peer_group: bool = False
    peer_group: str | None = None
    remote_as: int | None = None
    remote_as_line: int | None = None
    rr_client: int | None = None
    next_hop_self: int | None = None
    # 'next-hop-self all': reflected iBGP routes get this router as next hop too (without
    # 'all' IOS changes the next hop of eBGP-learned routes only)
    next_hop_self_all: bool = False
    next_hop_unchanged: int | None = None
    alternate_as: list[int] = field(default_factory=list)
    allowas_in: int | None = None
    password: str | None = None
    bfd: int | None = None
    route_map_in: str | None = None


@dataclass
class Bgp:
    """``router bgp``."""

    asn: int
    line: int
    # the VRF whose 'address-family ipv4 vrf' holds the neighbours ("" for the global table)
    vrf: str = ""
    neighbors: dict[str, BgpNeighbor] = field(default_factory=dict)
    listen_ranges: list[tuple[IPv4Network, str, int]] = field(default_factory=list)
    listen_limit: int | None = None
    listen_limit_line: int | None = None
    aggregates: list[IPv4Network] = field(default_factory=list)  # summary-only aggregates


@dataclass(frozen=True)
class AclEntry:
    """One line of an extended access list, reduced to IP source/destination prefixes."""

    action: str  # "permit" | "deny"
    protocol: str
    source: IPv4Network
    destination: IPv4Network
    line: int


@dataclass
class Device:
    """One router's configuration as facts."""

    hostname: str
    file: str
    version: str | None = None
    shown_release: str | None = None  # the release 'show version' printed, when the file holds it
    interfaces: dict[str, Interface] = field(default_factory=dict)
    tunnels: dict[str, Tunnel] = field(default_factory=dict)
    crypto: Crypto = field(default_factory=Crypto)
    eigrp: list[EigrpProcess] = field(default_factory=list)
    ospf: list[OspfProcess] = field(default_factory=list)
    bgp: Bgp | None = None
    key_chains: dict[str, list[str]] = field(default_factory=dict)
    default_routes: dict[str, str] = field(default_factory=dict)  # vrf ("" global) -> next hop
    notes: list[tuple[int, str]] = field(default_factory=list)  # lines we read but cannot model
    acls: dict[str, list[AclEntry]] = field(default_factory=dict)
    acl_lines: dict[str, int] = field(default_factory=dict)
    blocks: list[Node] = field(default_factory=list)  # every top-level block, for the importer
    pim: Pim = field(default_factory=Pim)  # global multicast routing and RP lines
    ipv6: RouterIpv6 = field(default_factory=RouterIpv6)  # IPv6 routing, OSPFv3, IPv6 ACLs
    eigrp_v6: list[EigrpProcess] = field(default_factory=list)  # named 'address-family ipv6'

    def interface(self, name: str | None) -> Interface | None:
        """The interface (or tunnel) called ``name``, spelling-normalised, else None."""
        if not name:
            return None
        key = canonical_interface(name)
        return self.interfaces.get(key) or self.tunnels.get(key)

    if not TYPE_CHECKING:  # hidden from mypy, which would read any unknown attribute through it

        def __getattr__(self, name: str) -> Any:
            # Python calls this only for an attribute the device does not hold: the line tree
            # of a device parsed in another process (defer_blocks) is built when first read
            if name == "blocks":
                later = self.__dict__.pop(_TREE_LATER, None)
                if later is not None:
                    self.blocks = tree_from_packed(later)
                    return self.blocks
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


# Where a device keeps the parts of a line tree not built yet (defer_blocks).
_TREE_LATER = "_tree_later"


def defer_blocks(device: Device, packed: PackedTree) -> None:
    """Give ``device`` the tree of ``packed`` (:func:`~dmvpngen.parse.tree.pack_parts`) as its
    ``blocks``, built when first read. A device parsed in another process arrives without its
    tree: ``check`` reads the trees only for a release it judges, IPv6 routing, a flow a discard
    route drops and the importer, so most of those trees were built for nothing. The tree is
    the one :func:`~dmvpngen.parse.tree.tree_from_parts` gives, whenever it is built: equality
    and ``dataclasses.replace`` read ``blocks`` like any field, and a copy or pickle of the
    device keeps the parts, to build the same tree when read."""
    device.__dict__.pop("blocks", None)
    device.__dict__[_TREE_LATER] = packed
