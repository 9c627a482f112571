"""The IPv6 line of ``check``: which clouds carry IPv6, on how many tunnels, how many spokes
register their IPv6 address with every hub, and which IPv6 routing runs (docs/check.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dmvpngen.check.model import CloudReport, Member
from dmvpngen.parse.tree import addr_or_none

__all__ = ["Ipv6Report", "ipv6_report"]


@dataclass(frozen=True)
class Ipv6Report:
    """IPv6 over the clouds, summed up."""

    clouds: list[str]
    tunnels: tuple[int, int]  # (with an IPv6 address, members of those clouds)
    spokes: tuple[int, int]  # (registering IPv6 with every hub, spokes of those clouds)
    routing: list[str]
    ipv6_only: list[str] = field(default_factory=list)  # of ``clouds``, those without IPv4

    def line(self) -> str:
        """One sentence for the text report."""
        dual = len(self.clouds) - len(self.ipv6_only)
        kinds = [f"{dual} dual-stack"] if dual else []
        kinds += [f"{len(self.ipv6_only)} IPv6-only"] if self.ipv6_only else []
        return (
            f"ipv6: {' and '.join(kinds)} cloud(s) ({', '.join(self.clouds)}), IPv6 on "
            f"{self.tunnels[0]}/{self.tunnels[1]} tunnels; spokes registering IPv6 with every "
            f"hub {self.spokes[0]}/{self.spokes[1]}; IPv6 routing: "
            f"{', '.join(self.routing) or 'none'}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON form (``ipv6_only``: present when some clouds carry no IPv4)."""
        out: dict[str, Any] = {
            "clouds": self.clouds,
            "tunnels_with_ipv6": list(self.tunnels),
            "spokes_registering": list(self.spokes),
            "routing": self.routing,
        }
        if self.ipv6_only:
            out["ipv6_only"] = self.ipv6_only
        return out


def _address(m: Member) -> str | None:
    v6 = m.tunnel.ipv6
    return str(v6.address.ip) if v6 is not None and v6.address is not None else None


def _registers(spoke: Member, hubs: dict[str, str]) -> bool:
    """NHRP for IPv6 on, and an NHS for every hub's IPv6 address at that hub's NBMA."""
    v6 = spoke.tunnel.ipv6
    if v6 is None or v6.nhrp.network_id is None:
        return False
    static = {str(a): nbma for a, nbma, _ in v6.nhrp.maps}
    named = {str(n.address): n.nbma or static.get(str(n.address)) for n in v6.nhrp.nhs}
    # compared as addresses: an IPv6 NBMA is written upper case, printed lower case
    return all(
        addr_or_none(named.get(address) or "") == addr_or_none(nbma)
        for address, nbma in hubs.items()
    )


def ipv6_report(clouds: list[CloudReport]) -> Ipv6Report | None:
    """The IPv6 summary, or None when no DMVPN tunnel has an IPv6 address."""
    dual = [c for c in clouds if any(_address(m) for m in c.members)]
    if not dual:
        return None
    members = [m for c in dual for m in c.members]
    registering = total = 0
    for cloud in dual:
        hubs = {a: str(h.nbma) for h in cloud.hubs if (a := _address(h)) and h.nbma}
        for spoke in cloud.spokes:
            total += 1
            registering += _registers(spoke, hubs)
    routing = set()
    for device in {m.device.hostname: m.device for m in members}.values():
        if device.eigrp_v6:
            routing.add("eigrp")
        if device.ipv6.ospfv3:
            routing.add("ospfv3")
        if device.bgp is not None and any(":" in n for n in device.bgp.neighbors):
            routing.add("bgp")
        routing.update(f"ipv6 router {p}" for p in device.ipv6.legacy_routing)
    return Ipv6Report(
        clouds=[c.name for c in dual],
        tunnels=(sum(1 for m in members if _address(m)), len(members)),
        spokes=(registering, total),
        routing=sorted(routing),
        ipv6_only=[c.name for c in dual if c.subnet.version == 6],
    )
