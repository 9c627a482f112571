"""WAN (underlay) interfaces: static, DHCP or PPPoE addressing, NAT, front-door VRF, transport,
and the static IPv6 address clouds with an IPv6 transport use as NBMA address."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from dmvpngen.model.base import StrictModel
from dmvpngen.model.text import (
    INTERFACE_PATTERN,
    NAME_PATTERN,
    Description,
    InterfaceName,
    SecretText,
)

__all__ = [
    "ETHERNET_MTU",
    "INTERFACE_PATTERN",
    "NAME_PATTERN",
    "PPPOE_MTU",
    "Pppoe",
    "Wan",
    "host_address",
    "require_prefix",
    "transport_nbma",
]

ETHERNET_MTU = 1500
PPPOE_MTU = 1492  # 8 bytes of PPPoE/PPP header inside a 1500-byte Ethernet frame


def host_address(value: IPv4Interface | None) -> IPv4Interface | None:
    """An interface address IOS accepts: a host of its subnet, not /0.

    IOS answers 'Bad mask' to a /0 and to an address that is its subnet's network or broadcast
    address (outside /31 point-to-point links).
    """
    if value is None:
        return value
    net = value.network
    if net.prefixlen == 0:
        raise PydanticCustomError(
            "interface_address",
            "{value}: a /0 is not an interface subnet (IOS: 'Bad mask')",
            {"value": str(value)},
        )
    if net.prefixlen < 31 and value.ip in (net.network_address, net.broadcast_address):
        raise PydanticCustomError(
            "interface_address",
            "{value}: {ip} is the network or broadcast address of {net}, not a host "
            "(IOS: 'Bad mask')",
            {"value": str(value), "ip": str(value.ip), "net": str(net)},
        )
    return value


_YAML_WORDS = frozenset({"true", "false"})


def require_prefix(value: object, example: int = 30) -> object:
    # A bare address would silently become a host route: on a WAN or LAN link that is never meant.
    if isinstance(value, str) and value in _YAML_WORDS:
        # YAML read a bare yes/no/true/false as a boolean: it was never an address
        raise ValueError(
            f"'{value}' is not an address: give an address with its prefix length, "
            f"e.g. 192.0.2.1/{example}"
        )
    if isinstance(value, str) and "/" not in value:
        raise ValueError(f"'{value}' needs a prefix length, e.g. {value}/{example}")
    return value


class Pppoe(StrictModel):
    """A PPPoE client session: the address is negotiated on ``interface Dialer<dialer>``."""

    dialer: int = Field(1, ge=0, le=255, description="Dialer interface number.")
    dial_pool: int = Field(1, ge=1, le=255, description="Dialer pool binding it to the port.")
    username: str = Field(pattern=r"^[\x21-\x7e]{1,64}$", description="PPP user name from the ISP.")
    password: SecretText = Field(
        description="PPP password, or a reference 'env:VAR' / 'secret:NAME'."
    )
    authentication: Literal["chap", "pap"] = "chap"


class Wan(StrictModel):
    """An underlay (Internet or MPLS) interface that tunnels are sourced from."""

    interface: InterfaceName
    address: IPv4Interface | None = Field(None, description="Static address with prefix length.")
    dhcp: bool = Field(False, description="The ISP assigns the address by DHCP.")
    pppoe: Pppoe | None = Field(None, description="The ISP assigns the address over PPPoE.")
    gateway: IPv4Address | None = Field(None, description="Next hop of the default route.")
    description: Description = "WAN"
    transport: str | None = Field(
        None,
        pattern=NAME_PATTERN,
        description="Transport (ISP) name; clouds with the same 'transport' use this WAN.",
    )
    vrf: str | None = Field(
        None, pattern=NAME_PATTERN, description="Front-door VRF holding this WAN and its default."
    )
    nat: Literal["static", "pat"] | None = Field(
        None, description="The WAN address is translated by NAT on the way to the Internet."
    )
    mtu: int | None = Field(
        None,
        ge=576,
        le=9216,
        description="IP MTU of the path through this WAN (default 1500, PPPoE 1492); the "
        "tunnel MTU plus GRE/IPsec overhead must fit it.",
    )
    public_address: IPv4Address | None = Field(
        None, description="Post-NAT address (the NBMA address peers see); implies static NAT."
    )
    ipv6_address: IPv6Interface | None = Field(
        None,
        description="Static global unicast IPv6 address with prefix length: the NBMA address "
        "of the clouds with 'transport_family: ipv6' (alone for an IPv6-only ISP).",
    )
    ipv6_gateway: IPv6Address | None = Field(
        None,
        description="Next hop of the IPv6 default route: the ISP router's global or "
        "link-local address.",
    )

    _prefix_required = field_validator("address", mode="before")(lambda v: require_prefix(v))
    _host_address = field_validator("address")(lambda v: host_address(v))
    _ipv6_prefix_required = field_validator("ipv6_address", mode="before")(
        lambda v: require_prefix(v, 64)
    )

    @model_validator(mode="after")
    def _one_addressing(self) -> Wan:
        kinds = [
            k
            for k, on in (
                ("address", self.address is not None),
                ("dhcp", self.dhcp),
                ("pppoe", self.pppoe is not None),
            )
            if on
        ]
        if len(kinds) > 1:
            raise ValueError(
                f"give only one of 'address', 'dhcp: true' or 'pppoe' (found {' and '.join(kinds)})"
            )
        if not kinds and self.ipv6_address is None:
            raise ValueError("a WAN interface needs 'address: A.B.C.D/NN', 'dhcp: true' or 'pppoe'")
        if self.gateway is not None and self.address is None:
            raise ValueError(
                "with 'dhcp' or 'pppoe' the default route comes from the ISP; drop 'gateway'"
            )
        if self.ipv6_gateway is not None and self.ipv6_address is None:
            raise ValueError("'ipv6_gateway' needs the WAN's 'ipv6_address'")
        return self

    @property
    def source_interface(self) -> str:
        """The interface tunnels name as ``tunnel source`` (the dialer for PPPoE)."""
        return f"Dialer{self.pppoe.dialer}" if self.pppoe is not None else self.interface

    @property
    def dynamic(self) -> bool:
        """The address is not known in advance (DHCP or PPPoE)."""
        return self.dhcp or self.pppoe is not None

    @property
    def nat_kind(self) -> str | None:
        """``static``, ``pat`` or None; a public address without ``nat`` means static NAT."""
        if self.nat is not None:
            return self.nat
        return "static" if self.public_address is not None else None

    @property
    def nbma(self) -> IPv4Address | None:
        """The address peers reach this WAN at: the post-NAT address behind NAT (None when it is
        not known), else the interface address (None when dynamic)."""
        if self.public_address is not None:
            return self.public_address
        if self.nat is not None:
            return None
        return self.address.ip if self.address is not None else None

    @property
    def underlay_mtu(self) -> int:
        """IP MTU of the underlay: as given, else Ethernet's 1500 or PPPoE's 1492."""
        if self.mtu is not None:
            return self.mtu
        return PPPOE_MTU if self.pppoe is not None else ETHERNET_MTU


def transport_nbma(wan: Wan, family: str) -> IPv4Address | IPv6Address | None:
    """The NBMA address of ``wan`` in a cloud whose transport is ``family`` (``ipv4``/``ipv6``):
    the static IPv6 address over IPv6, else :attr:`Wan.nbma`; None when it is not known."""
    if family == "ipv6":
        return wan.ipv6_address.ip if wan.ipv6_address is not None else None
    return wan.nbma
