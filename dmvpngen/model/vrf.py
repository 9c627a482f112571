"""The inside VRF (IVRF): one routing table for the overlay, the site LANs and the loopbacks."""

from __future__ import annotations

from pydantic import Field, field_validator

from dmvpngen.model.base import StrictModel
from dmvpngen.model.text import NAME_PATTERN, Description

__all__ = ["RD_PATTERN", "OverlayVrf"]

# A route distinguisher: ASN:NN (2- or 4-byte AS) or A.B.C.D:NN.
RD_PATTERN = r"^([0-9]{1,10}|[0-9]{1,3}(\.[0-9]{1,3}){3}):[0-9]{1,10}$"


class OverlayVrf(StrictModel):
    """Inside VRF: every tunnel, site LAN and Loopback0 forwards in it (dmvpn-reference §5).

    The WAN stays in the global table or its front-door VRF; the routing protocol runs in the
    VRF's address family and the management plane (syslog, NTP, SNMP, NetFlow, SSH) is reached
    through it.
    """

    name: str = Field(pattern=NAME_PATTERN, description="VRF name (one IOS word).")
    rd: str | None = Field(
        None,
        pattern=RD_PATTERN,
        description="Route distinguisher, e.g. 65000:10. Required with BGP ('router bgp' "
        "takes the VRF's address family only with one); optional with EIGRP and OSPF (the "
        "overlay is not exported to an MPLS VPN).",
    )
    description: Description = "Inside VRF (overlay, site LANs, loopbacks)"

    @field_validator("rd", mode="before")
    @classmethod
    def _rd_quoted(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted 65000:10 as a base-60 integer: say so instead of
        # reporting a type error nobody understands.
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(
                'quote the route distinguisher (rd: "65000:10"): unquoted, YAML reads '
                "ASN:NN as a base-60 number"
            )
        return value
