"""A DMVPN cloud: one mGRE subnet (IPv4, IPv6 or both) and NHRP network."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from dmvpngen.model.base import StrictModel
from dmvpngen.model.qos import Bfd
from dmvpngen.model.text import NAME_PATTERN, CloudName, Hostname, ProfileName, SecretText

__all__ = ["Cloud"]


class Cloud(StrictModel):
    """One DMVPN: one mGRE subnet and NHRP network, reached through one tunnel per router."""

    name: CloudName
    tunnel: int = Field(ge=0, le=2147483647, description="Tunnel interface number.")
    subnet: IPv4Network | None = Field(
        None,
        description="IPv4 subnet of the cloud (every tunnel gets an address in it). Leave it out, "
        "with an 'ipv6_subnet', for an IPv6-only overlay.",
    )
    network_id: int = Field(ge=1, le=4294967295)
    tunnel_key: int | None = Field(None, ge=0, le=4294967295)
    nhrp_auth: SecretText | None = Field(
        None, description="NHRP auth string (max 8), or a reference."
    )
    holdtime: int = Field(300, ge=1, le=65535)
    mtu: int = Field(1400, ge=576, le=9976)
    mss: int = Field(1360, ge=500, le=1460)
    bandwidth: int = Field(1000, ge=1, le=10000000, description="Tunnel bandwidth, kbit/s.")
    phase: Literal[1, 2, 3] = 3
    crypto: ProfileName = Field("default", description="Name of a crypto profile.")
    hubs: list[Hostname] | None = Field(
        None, description="Hub names serving this cloud (default: all)."
    )
    summary: list[IPv4Network] = Field(
        default_factory=list,
        description="Prefixes hubs advertise instead of spoke routes (phase 1 and 3 only).",
    )
    transport: str | None = Field(
        None,
        pattern=NAME_PATTERN,
        description="Source this cloud's tunnels from the WAN with this transport name "
        "(default: each router's first WAN).",
    )
    backup: bool = Field(
        False,
        description="Routing prefers the other clouds (EIGRP delay, OSPF cost, BGP "
        "local-preference); this cloud carries traffic when they fail.",
    )
    bfd: Bfd | None = Field(None, description="BFD on the tunnel and in the routing protocol.")
    ipv6_subnet: IPv6Network | None = Field(
        None,
        description="IPv6 prefix of the cloud: every tunnel gets an IPv6 address in it and runs "
        "NHRP for IPv6 (dual stack next to 'subnet', IPv6-only without it).",
    )
    ipv6_summary: list[IPv6Network] = Field(
        default_factory=list,
        description="IPv6 prefixes hubs advertise instead of spoke routes (phase 1 and 3 only).",
    )
    transport_family: Literal["ipv4", "ipv6"] = Field(
        "ipv4",
        description="Address family of the Internet transport: 'ipv6' sources the tunnels from "
        "the WANs' 'ipv6_address' ('tunnel mode gre multipoint ipv6'), with IPv6 NBMA addresses "
        "and IKE between IPv6 peers.",
    )

    @model_validator(mode="after")
    def _some_subnet(self) -> Cloud:
        if self.subnet is None and self.ipv6_subnet is None:
            raise PydanticCustomError(
                "cloud_subnet",
                "a cloud needs an IPv4 'subnet', an 'ipv6_subnet' (IPv6-only overlay) or both "
                "(dual stack)",
            )
        return self

    @property
    def ipv6_only(self) -> bool:
        """True for an IPv6-only cloud: an ``ipv6_subnet`` and no IPv4 ``subnet``."""
        return self.subnet is None
