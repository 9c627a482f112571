"""What a picture shows, taken from the inventory once: routers, clouds, ISPs and the links.

Both renderers (SVG, Mermaid) draw from this, so they always agree on what exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dmvpngen.model import Hub, Inventory, Router

__all__ = ["CloudNode", "RouterNode", "Topology", "TunnelLink", "WanLink", "build_topology"]

DEFAULT_ISP = "Internet"


@dataclass(frozen=True)
class RouterNode:
    """A hub or a spoke."""

    name: str
    role: str
    platform: str
    loopback: str | None
    note: str = ""


@dataclass(frozen=True)
class CloudNode:
    """One DMVPN cloud."""

    name: str
    subnet: str
    phase: int
    tunnel: int
    backup: bool = False


@dataclass(frozen=True)
class WanLink:
    """A router's underlay attachment to an ISP."""

    router: str
    isp: str
    interface: str
    address: str


@dataclass(frozen=True)
class TunnelLink:
    """A router's tunnel into a cloud."""

    router: str
    cloud: str
    tunnel_ip: str


@dataclass
class Topology:
    """Everything a topology picture shows, in inventory order."""

    name: str
    routing: str
    hubs: list[RouterNode] = field(default_factory=list)
    spokes: list[RouterNode] = field(default_factory=list)
    clouds: list[CloudNode] = field(default_factory=list)
    isps: list[str] = field(default_factory=list)
    wan_links: list[WanLink] = field(default_factory=list)
    tunnel_links: list[TunnelLink] = field(default_factory=list)

    @property
    def phases(self) -> list[int]:
        """Distinct phases of the clouds, ascending."""
        return sorted({c.phase for c in self.clouds})


def _wans(router: Router) -> list[Any]:
    # Routers may carry one 'wan' or several ('wans', one per transport/ISP): draw them all.
    many = getattr(router, "wans", None)
    if many:
        return list(many)
    return [router.wan]


def _address(wan: Any) -> str:
    v4 = _address_v4(wan)
    v6 = getattr(wan, "ipv6_address", None)  # an IPv6 transport's NBMA address
    if v6 is None:
        return v4
    return str(v6) if v4 == "-" else f"{v4}, {v6}"


def _address_v4(wan: Any) -> str:
    public = getattr(wan, "public_address", None)  # behind NAT: peers see this address
    if getattr(wan, "address", None) is not None:
        return f"{wan.address} (NAT {public})" if public is not None else str(wan.address)
    if getattr(wan, "pppoe", None):
        return "PPPoE"
    return "DHCP" if getattr(wan, "dhcp", False) else "-"


def _note(inv: Inventory, router: Router) -> str:
    # designs that change what a router may reach are worth a word on the picture
    if getattr(router, "hub_only", False):
        return "hub-only"
    if getattr(router, "uplinks", None):
        return "regional hub"
    return _rp_note(inv, router)


def _rp_note(inv: Inventory, router: Router) -> str:
    """Where multicast meets: the hub holding the static RP, or the candidate hubs."""
    mc = inv.multicast
    if mc is None:
        return ""
    if router.name in mc.rp.candidates:
        return f"hub, {mc.rp.mode.value} RP candidate"
    rp = mc.rp.address
    if rp is not None and (
        router.loopback == rp
        or any(lan.prefix is not None and rp in lan.prefix for lan in router.lan)
    ):
        return f"hub, PIM RP {rp}"
    return ""


def build_topology(inv: Inventory) -> Topology:
    """The topology of ``inv``."""
    routing = inv.routing.protocol.upper()
    if inv.overlay_vrf is not None:
        # the routing (and every tunnel and LAN) lives in the inside VRF, not the global table
        routing += f" in VRF {inv.overlay_vrf.name}"
    topo = Topology(name=inv.name, routing=routing)
    isps: dict[str, None] = {}
    for router in [*inv.hubs, *inv.spokes]:
        node = RouterNode(
            name=router.name,
            role="hub" if isinstance(router, Hub) else "spoke",
            platform=inv.platform_of(router).value,
            loopback=str(router.loopback) if router.loopback is not None else None,
            note=_note(inv, router),
        )
        (topo.hubs if node.role == "hub" else topo.spokes).append(node)
        for wan in _wans(router):
            isp = str(getattr(wan, "transport", None) or DEFAULT_ISP)
            isps.setdefault(isp, None)
            topo.wan_links.append(WanLink(router.name, isp, wan.interface, _address(wan)))
        for cloud in inv.router_clouds(router):
            address = inv.tunnel_ip(cloud, router) or inv.tunnel_ipv6(cloud, router)
            topo.tunnel_links.append(TunnelLink(router.name, cloud.name, str(address)))
    topo.clouds = [
        # a dual-stack cloud shows both prefixes; an IPv6 transport says so
        CloudNode(
            c.name,
            ", ".join(str(n) for n in (c.subnet, c.ipv6_subnet) if n)
            + (" over IPv6" if getattr(c, "transport_family", "ipv4") == "ipv6" else ""),
            c.phase,
            c.tunnel,
        )
        for c in inv.clouds
    ]
    topo.isps = list(isps)
    return topo
