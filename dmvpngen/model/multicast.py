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

__all__ = [
    "IOSXE_REGISTER_RATE_MIN",
    "Multicast",
    "RendezvousPoint",
    "RpMode",
    "iosxe_register_rate",
    "register_messages",
]

# 'ip pim register-rate-limit' differs between the platforms: IOS 15 takes register messages
# per second per (S,G), 1..65535 (Cisco IOS IP Multicast Command Reference); IOS-XE takes
# 8000..2000000000 (Cisco-IOS-XE-multicast.yang, 16.12.1 to 17.15.1), the range of IOS's
# bit-rate limiters ('rate-limit', 'police cir': bits per second). The inventory keeps the
# messages; IOS-XE gets them as bits, one register carrying one data packet of at most 1500
# bytes (docs/review.md, F11).
REGISTER_BITS = 1500 * 8
IOSXE_REGISTER_RATE_MIN = 8000


def iosxe_register_rate(messages: int) -> int:
    """The IOS-XE value of a register rate of ``messages`` per second (in IOS-XE's range)."""
    return max(IOSXE_REGISTER_RATE_MIN, messages * REGISTER_BITS)


def register_messages(rate: int, *, iosxe: bool) -> int:
    """The register messages per second a configured rate stands for (the inverse of
    :func:`iosxe_register_rate` on IOS-XE; a value below IOS-XE's range is taken as messages)."""
    if iosxe and rate >= IOSXE_REGISTER_RATE_MIN:
        return max(1, round(rate / REGISTER_BITS))
    return rate


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
        "CISC-RT-000850 asks it of the RP). IOS-XE takes the command in its own range "
        "(8000 and up): it gets the rate as bits, 12000 per message.",
    )
    lans: list[IPv4Network] | None = Field(
        None,
        description="Prefixes of the site LANs that take part (PIM sparse mode, IGMP towards "
        "hosts); default: every site LAN except those of hub-only spokes.",
    )
