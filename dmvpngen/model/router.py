"""Routers: hubs and spokes, their LANs, platform and SSH access."""

from __future__ import annotations

from enum import Enum
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)

from pydantic import Field, field_validator

from dmvpngen.model.base import StrictModel
from dmvpngen.model.ipv6 import ipv6_host_address, require_link_local
from dmvpngen.model.text import CloudName, Description, Hostname, InterfaceName, SerialNumber, Word
from dmvpngen.model.wan import Wan, host_address, require_prefix

__all__ = [
    "MAX_ROUTER_ID",
    "Access",
    "Hub",
    "LanInterface",
    "Platform",
    "Router",
    "Spoke",
]


# The hosts of a /8, the largest overlay subnet that makes sense: a router id picks a host address.
MAX_ROUTER_ID = 2**24 - 2


class Platform(str, Enum):
    """Router operating system; selects the template directory (with fallback to ``ios``)."""

    IOS = "ios"
    IOSXE = "iosxe"


class LanInterface(StrictModel):
    """A site LAN interface whose prefix is announced into the overlay."""

    interface: InterfaceName
    address: IPv4Interface | None = Field(
        None,
        description="IPv4 address and prefix (required unless the overlay is IPv6-only, where "
        "a LAN has only its 'ipv6_address').",
    )
    description: Description = "LAN"
    hub_peering: bool = Field(
        False,
        description="Hubs run the routing protocol here, unsummarised: a data-centre LAN or core "
        "link shared with other hubs (EIGRP/OSPF adjacency, iBGP for BGP), so every hub learns "
        "every other hub's prefixes specifically.",
    )

    ipv6_address: IPv6Interface | None = Field(
        None,
        description="IPv6 address and prefix of a dual-stack LAN (needs a cloud with "
        "ipv6_subnet); announced into the overlay like the IPv4 prefix.",
    )

    _prefix_required = field_validator("address", mode="before")(lambda v: require_prefix(v))
    _ipv6_prefix_required = field_validator("ipv6_address", mode="before")(
        lambda v: require_prefix(v, 64)
    )
    _host_address = field_validator("address")(lambda v: host_address(v))
    _ipv6_host = field_validator("ipv6_address")(lambda v: ipv6_host_address(v))

    @property
    def prefix(self) -> IPv4Network | None:
        """The connected IPv4 prefix (None on an IPv6-only LAN)."""
        return self.address.network if self.address is not None else None

    @property
    def ipv6_prefix(self) -> IPv6Network | None:
        """The connected IPv6 prefix, if the LAN is dual-stack."""
        return self.ipv6_address.network if self.ipv6_address is not None else None


class Access(StrictModel):
    """How dmvpngen reaches the router's CLI over SSH for push and verify."""

    host: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$", description="Management address or DNS name."
    )
    port: int = Field(22, ge=1, le=65535)


class Router(StrictModel):
    """Fields common to hubs and spokes."""

    name: Hostname
    id: int = Field(
        ge=1,
        le=MAX_ROUTER_ID,
        description="Picks the router's host address in every cloud subnet.",
    )
    platform: Platform | None = None
    wan: Wan
    loopback: IPv4Address | None = Field(None, description="Loopback0 /32, router ID.")
    router_id: IPv4Address | None = Field(
        None,
        description="Router id of EIGRP, OSPF and BGP, a dotted 32-bit number unique in the "
        "network (default: the loopback, else the first tunnel address). Required in an "
        "IPv6-only overlay, where the router has no IPv4 address to take one from.",
    )
    lan: list[LanInterface] = Field(default_factory=list)
    tunnel_ips: dict[CloudName, IPv4Address] = Field(
        default_factory=dict, description="Explicit tunnel IP per cloud name (default: by id)."
    )
    access: Access | None = Field(
        None,
        description="SSH access for push/verify (default: the loopback, else the WAN address).",
    )
    serial: SerialNumber | None = Field(
        None,
        description="Chassis serial number ('Processor board ID' in show version): push and "
        "verify refuse a router at this router's address that reports another one.",
    )
    extra_wans: list[Wan] = Field(
        default_factory=list,
        description="Further WAN interfaces (a second ISP), each bound to clouds by 'transport'.",
    )
    loopback_ipv6: IPv6Address | None = Field(
        None, description="Loopback0 IPv6 /128 (dual-stack networks)."
    )
    tunnel_ipv6s: dict[CloudName, IPv6Address] = Field(
        default_factory=dict,
        description="Explicit IPv6 tunnel address per cloud name (default: the cloud's "
        "ipv6_subnet with the router id's digits as interface id, e.g. id 11 -> ::11).",
    )
    ipv6_link_local: IPv6Address | None = Field(
        None,
        description="Tunnel link-local address, the same on every tunnel of the router "
        "(default: FE80::<id digits>, e.g. FE80::11); unique in each cloud.",
    )

    _link_local = field_validator("ipv6_link_local")(lambda v: require_link_local(v))

    @property
    def wans(self) -> list[Wan]:
        """Every WAN interface, the primary one first."""
        return [self.wan, *self.extra_wans]


class Hub(Router):
    """A next hop server (NHS) of one or more clouds."""

    uplinks: list[CloudName] = Field(
        default_factory=list,
        description="Clouds this hub joins as a spoke (hierarchical DMVPN: a regional hub "
        "registers with the central hubs).",
    )
    uplink_summary: list[IPv4Network] = Field(
        default_factory=list,
        description="Prefixes this regional hub advertises to the central hubs instead of its "
        "region's routes.",
    )


class Spoke(Router):
    """A branch router that registers with the hubs of its clouds."""

    clouds: list[CloudName] | None = Field(None, description="Cloud names to join (default: all).")
    hub_only: bool = Field(
        False,
        description="Isolated spoke: no shortcuts, and tunnel ACLs drop its LAN traffic to and "
        "from other spokes' LANs (it reaches only the hubs' sites).",
    )
    nhrp_group: Word | None = Field(None, description="Per-tunnel QoS group (see qos.groups).")
