"""Routing protocols that run over the DMVPN overlay, with their authentication and stub modes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel
from dmvpngen.model.text import SecretText

__all__ = ["REASON_PATTERN", "BgpRouting", "EigrpRouting", "OspfRouting", "Routing", "RoutingAuth"]

_IOS_NAME = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"
# a reason written into the rendered configs (printable, no '!' that would end the comment early)
REASON_PATTERN = r"^[\x20\x22-\x7e]{3,200}$"


def _opt_out(what: str) -> object:
    return Field(
        None,
        pattern=REASON_PATTERN,
        description=f"Explicit opt-out: why {what} run without authentication. Without a key "
        "this is required; dmvpngen writes it into the configs as the lint suppression reason.",
    )


class RoutingAuth(StrictModel):
    """Authentication of the routing adjacencies over the tunnels (one key for the network)."""

    algorithm: Literal["hmac-sha-256", "md5"] = Field(
        "hmac-sha-256",
        description="EIGRP named mode / OSPF key chain: hmac-sha-256; EIGRP classic: md5 only.",
    )
    key_id: int = Field(1, ge=1, le=255)
    auth_key: SecretText = Field(description="The key, or a reference 'env:VAR' / 'secret:NAME'.")


class EigrpRouting(StrictModel):
    """EIGRP classic or named mode; hubs and spokes share one autonomous system."""

    protocol: Literal["eigrp"]
    as_number: int = Field(100, ge=1, le=65535, alias="as")
    mode: Literal["classic", "named"] = Field(
        "classic", description="'named' gives 'router eigrp NAME' with address-family config."
    )
    name: str = Field("DMVPN", pattern=_IOS_NAME, description="Instance name in named mode.")
    spoke_stub: bool = Field(True, description="Spokes are EIGRP stubs (see stub_type).")
    stub_type: Literal["connected-summary", "connected", "summary", "receive-only"] = Field(
        "connected-summary", description="What stub spokes advertise."
    )
    authentication: RoutingAuth | None = None
    no_authentication: str | None = _opt_out("EIGRP adjacencies")  # type: ignore[assignment]


class OspfRouting(StrictModel):
    """OSPFv2; the network type follows the phase (point-to-multipoint or broadcast)."""

    protocol: Literal["ospf"]
    process_id: int = Field(1, ge=1, le=65535)
    area: int = Field(0, ge=0, le=4294967295)
    hub_priority: int = Field(255, ge=1, le=255, description="OSPF priority of the first hub.")
    network_type: Literal["auto", "point-to-multipoint", "broadcast"] = Field(
        "auto", description="'auto' picks broadcast for phase 2 and point-to-multipoint otherwise."
    )
    authentication: RoutingAuth | None = Field(
        None, description="md5: message-digest key; hmac-sha-256: key chain (RFC 5709)."
    )
    no_authentication: str | None = _opt_out("OSPF adjacencies")  # type: ignore[assignment]


class BgpRouting(StrictModel):
    """BGP: hubs accept spokes by 'bgp listen range' or per-spoke neighbours; iBGP (reflectors)
    or eBGP spokes."""

    protocol: Literal["bgp"]
    asn: int = Field(65000, ge=1, le=4294967295, description="AS of the hubs (and iBGP spokes).")
    spoke_asn: int | None = Field(
        None,
        ge=1,
        le=4294967295,
        description="eBGP: the spokes' AS (shared), or the base of per-spoke ASes.",
    )
    spoke_asn_per_spoke: bool = Field(
        False, description="eBGP: each spoke runs AS spoke_asn + its id (hub uses alternate-as)."
    )
    peer_group: str = Field("SPOKES", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
    spoke_neighbors: Literal["auto", "listen-range", "static"] = Field(
        "auto",
        description="How hubs accept spokes: 'listen-range' ('bgp listen range <cloud subnet>', "
        "any spoke of the cloud), 'static' (one 'neighbor <tunnel address> peer-group' per "
        "spoke of the inventory, the PE-CE form); 'auto' is listen-range in the global table "
        "and static in an inside VRF, where Cisco documents no IPv4 listen range.",
    )
    next_hop_self: bool | None = Field(
        None,
        description="Hubs set next-hop-self towards spokes; default: yes in phase 1 and 3, "
        "never in phase 2 (spokes must see each other as next hop).",
    )
    keepalive: int = Field(10, ge=1, le=3600)
    holdtime: int = Field(30, ge=3, le=65535)
    password: SecretText | None = Field(
        None, description="TCP MD5 password of every BGP session, or a reference."
    )
    no_authentication: str | None = _opt_out("BGP sessions")  # type: ignore[assignment]

    def listens(self, inside_vrf: bool) -> bool:
        """True when hubs accept spokes by 'bgp listen range' rather than one neighbour each."""
        if self.spoke_neighbors == "auto":
            return not inside_vrf
        return self.spoke_neighbors == "listen-range"


Routing = Annotated[EigrpRouting | OspfRouting | BgpRouting, Field(discriminator="protocol")]
