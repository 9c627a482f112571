"""Routing protocols that run over the DMVPN overlay."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel

__all__ = ["BgpRouting", "EigrpRouting", "OspfRouting", "Routing"]


class EigrpRouting(StrictModel):
    """EIGRP classic mode; hubs and spokes share one autonomous system."""

    protocol: Literal["eigrp"]
    as_number: int = Field(100, ge=1, le=65535, alias="as")
    spoke_stub: bool = Field(True, description="Spokes run 'eigrp stub connected summary'.")


class OspfRouting(StrictModel):
    """OSPFv2; the network type follows the phase (point-to-multipoint or broadcast)."""

    protocol: Literal["ospf"]
    process_id: int = Field(1, ge=1, le=65535)
    area: int = Field(0, ge=0, le=4294967295)
    hub_priority: int = Field(255, ge=1, le=255, description="OSPF priority of the first hub.")
    network_type: Literal["auto", "point-to-multipoint", "broadcast"] = Field(
        "auto", description="'auto' picks broadcast for phase 2 and point-to-multipoint otherwise."
    )


class BgpRouting(StrictModel):
    """iBGP: hubs are route reflectors with a dynamic 'bgp listen range' for the spokes."""

    protocol: Literal["bgp"]
    asn: int = Field(65000, ge=1, le=4294967295)
    peer_group: str = Field("SPOKES", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
    next_hop_self: bool | None = Field(
        None,
        description="Hubs set next-hop-self towards spokes; default: yes in phase 1 and 3, "
        "never in phase 2 (spokes must see each other as next hop).",
    )
    keepalive: int = Field(10, ge=1, le=3600)
    holdtime: int = Field(30, ge=3, le=65535)


Routing = Annotated[EigrpRouting | OspfRouting | BgpRouting, Field(discriminator="protocol")]
