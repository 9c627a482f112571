"""The IPv6 half of a dual-stack tunnel in the FRR lab, from the render context: its address,
the design's link-local, NHRP for IPv6 over the IPv4 NBMA (NHSs, the hubs' static mappings).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network
from typing import Any

__all__ = ["LabTunnel6", "tunnel6"]


@dataclass(frozen=True)
class LabTunnel6:
    """The IPv6 half of a dual-stack tunnel: NHRP for IPv6 over the same IPv4 NBMA."""

    ip: IPv6Address
    subnet: IPv6Network
    link_local: IPv6Address  # the design's FE80::<id>, unique in the cloud
    nhs: tuple[tuple[str, IPv6Address, str], ...]  # (hub name, IPv6 tunnel address, nbma)
    maps: tuple[tuple[IPv6Address, str], ...]  # a hub's static mappings of the other hubs


def tunnel6(values: dict[str, Any] | None, subnet: IPv6Network | None) -> LabTunnel6 | None:
    """The IPv6 half of a tunnel from its render context values."""
    if values is None or subnet is None:
        return None
    return LabTunnel6(
        ip=IPv6Address(values["address"]),
        subnet=subnet,
        link_local=IPv6Address(values["link_local"]),
        nhs=tuple((h.name, IPv6Address(h.tunnel_ip), h.nbma) for h in values["nhs"]),
        maps=tuple((IPv6Address(h.tunnel_ip), h.nbma) for h in values["static_peers"]),
    )
