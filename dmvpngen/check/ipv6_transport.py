"""IPv6 transport (GRE over IPv6): does each router's WAN IPv6 access list let its peers' IKE
and ESP in?

A tunnel in ``tunnel mode gre multipoint ipv6`` sends IKE (UDP 500) and ESP between the
routers' WAN IPv6 addresses. An ``ipv6 traffic-filter <ACL> in`` on the tunnel source that
drops either from a peer's NBMA address keeps the IPsec SA (and so the tunnel) down between
them, though every tunnel line agrees: NET089 names the router, the deciding ACL line and the
peer. Peers are the hubs and spokes of the cloud (a spoke and its hubs, hubs among themselves,
and spoke pairs in phase 2 and 3, which build direct tunnels). The NBMA family check (an NHS
at an IPv4 address on a GRE-over-IPv6 tunnel, NET090) is in ``forming``.
"""

from __future__ import annotations

from ipaddress import IPv6Address

from dmvpngen.check.discovery import source_interface
from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.parse.acl6 import acl6_verdict

__all__ = ["wan_filter_findings"]

# what IPsec between two IPv6 NBMA addresses needs in: IKE, then ESP (no NAT-T over IPv6)
_NEEDED = (("udp", 500, "IKE (UDP 500)"), ("esp", None, "ESP"))


def _peers(cloud: CloudReport, m: Member) -> list[Member]:
    if m.role == "hub" or cloud.phase != 1:
        return [p for p in cloud.members if p is not m]
    return cloud.hubs


def _blocked(m: Member, peer: Member) -> Finding | None:
    intf = source_interface(m.device, m.tunnel)
    if intf is None or intf.ipv6 is None or intf.ipv6.traffic_filter_in is None:
        return None
    name, applied = intf.ipv6.traffic_filter_in
    if not isinstance(m.nbma, IPv6Address) or not isinstance(peer.nbma, IPv6Address):
        return None
    entries = m.device.ipv6.acl_entries.get(name)
    if entries is None:
        return None  # an undefined IPv6 ACL filters nothing on IOS
    for protocol, port, what in _NEEDED:
        action, line = acl6_verdict(entries, protocol, port, peer.nbma, m.nbma)
        if action == "deny":
            where = f"line {line}" if line is not None else "its implicit deny"
            return Finding.make(
                "NET089",
                m.device,
                line or applied,
                f"{intf.name} filters IPv6 with {name} ({where}), which drops {what} from "
                f"{peer.name}'s NBMA address {peer.nbma} to {m.nbma}: no IPsec SA, so no "
                f"{m.tunnel.name} traffic between them",
                peer.device,
                peer.tunnel.source_line,
            )
    return None


def wan_filter_findings(clouds: list[CloudReport]) -> list[Finding]:
    """NET089 for every router whose WAN IPv6 filter drops a peer's IKE or ESP."""
    out: list[Finding] = []
    for cloud in clouds:
        for m in cloud.members:
            if not m.tunnel.transport_v6:
                continue
            for peer in _peers(cloud, m):
                finding = _blocked(m, peer)
                if finding is not None:
                    out.append(finding)
    return out
