"""Multicast over the overlay: PIM sparse mode, the rendezvous point, the LANs that take part.

Cisco's DMVPN guide: PIM sparse mode only, the RP at or behind the hub, ``ip pim nbma-mode`` on
the hub tunnel, and ``ip pim spt-threshold infinity`` on spokes when a source sits behind a
spoke (docs/designs.md, "Multicast").
"""

from __future__ import annotations

from enum import Enum
from ipaddress import IPv4Address, IPv4Network

from pydantic import Field

from dmvpngen.model.base import StrictModel
from dmvpngen.model.text import Hostname

__all__ = ["Multicast", "RendezvousPoint", "RpMode"]


class RpMode(str, Enum):
    """How routers learn the rendezvous point."""

    STATIC = "static"
    BSR = "bsr"
    AUTO_RP = "auto-rp"


class RendezvousPoint(StrictModel):
    """The RP: a static address, or hubs that announce themselves (BSR or Auto-RP)."""

    mode: RpMode = RpMode.STATIC
    address: IPv4Address | None = Field(
        None,
        description="Static RP: a hub's Loopback0 or LAN address, or a host on a hub LAN "
        "(an RP behind the hub). Every router gets 'ip pim rp-address'.",
    )
    candidates: list[Hostname] = Field(
        default_factory=list,
        description="BSR / Auto-RP: hubs that offer their Loopback0 as candidate RP and act "
        "as bootstrap router (BSR) or mapping agent (Auto-RP).",
    )


class Multicast(StrictModel):
    """PIM sparse mode on every tunnel and on the LANs that take part."""

    rp: RendezvousPoint = Field(description="The rendezvous point (static, bsr or auto-rp).")
    register_rate_limit: int = Field(
        10,
        ge=1,
        le=65535,
        description="PIM register messages per second a router sends for each (S,G) while a "
        "new source starts ('ip pim register-rate-limit', every router; DISA STIG "
        "CISC-RT-000850 asks it of the RP).",
    )
    lans: list[IPv4Network] | None = Field(
        None,
        description="Prefixes of the site LANs that take part (PIM sparse mode, IGMP towards "
        "hosts); default: every site LAN except those of hub-only spokes.",
    )
