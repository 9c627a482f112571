"""IPv6 over the clouds, to the forming level: does NHRP for IPv6 register and resolve, and
do the IPv6 routing hellos reach the hub?

Per dual-stack tunnel (one with an IPv6 address): IPv6 routing switched on, NHRP for IPv6 on,
the tunnel addresses of a cloud in the hub's prefix and unique, link-local addresses unique in
the cloud (the IPv6 next hops NHRP resolves), each spoke's IPv6 NHS a hub's IPv6 tunnel address
at that hub's NBMA, with multicast mapped both ways, the same NHRP for IPv6 authentication,
and the phase 3 redirect/shortcut pair where IPv4 has it (docs/check.md, NET080-NET088).
"""

from __future__ import annotations

from ipaddress import IPv6Address

from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.parse.ipv6 import InterfaceIpv6
from dmvpngen.parse.tree import addr_or_none

__all__ = ["ipv6_findings"]


def _v6(m: Member) -> InterfaceIpv6 | None:
    ipv6 = m.tunnel.ipv6
    return ipv6 if ipv6 is not None and ipv6.address is not None else None


def ipv6_findings(clouds: list[CloudReport]) -> list[Finding]:
    """Every IPv6 forming fault of the clouds (none where no tunnel has an IPv6 address)."""
    out: list[Finding] = []
    unrouted: set[str] = set()
    for cloud in clouds:
        members = [(m, v) for m in cloud.members if (v := _v6(m)) is not None]
        if not members:
            continue
        for m, v in members:
            line = v.addresses[0][1]
            if m.device.ipv6.unicast_routing is None and m.name not in unrouted:
                unrouted.add(m.name)
                out.append(
                    Finding.make(
                        "NET080",
                        m.device,
                        line,
                        f"{m.tunnel.name} has an IPv6 address but 'ipv6 unicast-routing' is "
                        "missing: the router forwards no IPv6 and runs no IPv6 routing",
                    )
                )
            if v.nhrp.network_id is None:
                out.append(
                    Finding.make(
                        "NET081",
                        m.device,
                        line,
                        f"{m.tunnel.name} has an IPv6 address but no 'ipv6 nhrp network-id': "
                        "NHRP for IPv6 is off, IPv6 neither registers nor resolves",
                    )
                )
        out.extend(_addresses(cloud, members))
        # where NHRP for IPv6 is off (NET081) its single lines say nothing more
        running = [(m, v) for m, v in members if v.nhrp.network_id is not None]
        out.extend(_hub_lines(cloud, running))
        out.extend(_spoke_nhs(cloud, running))
    return out


def _addresses(cloud: CloudReport, members: list[tuple[Member, InterfaceIpv6]]) -> list[Finding]:
    out: list[Finding] = []
    hub = next(((m, v) for m, v in members if m.role == "hub"), None)
    prefix = hub[1].address.network if hub is not None and hub[1].address else None
    seen: dict[IPv6Address, tuple[Member, int]] = {}
    links: dict[IPv6Address, tuple[Member, int]] = {}
    for m, v in members:
        address, line = v.addresses[0]
        if prefix is not None and hub is not None and address.ip not in prefix:
            out.append(
                Finding.make(
                    "NET083",
                    m.device,
                    line,
                    f"IPv6 tunnel address {address} is outside the cloud's prefix {prefix}",
                    hub[0].device,
                    hub[1].addresses[0][1],
                )
            )
        if address.ip in seen:
            other, other_line = seen[address.ip]
            out.append(
                Finding.make(
                    "NET083",
                    m.device,
                    line,
                    f"IPv6 tunnel address {address.ip} is also {other.name}'s",
                    other.device,
                    other_line,
                )
            )
        seen.setdefault(address.ip, (m, line))
        if v.link_local is not None:
            ll, ll_line = v.link_local
            if ll in links:
                other, other_line = links[ll]
                out.append(
                    Finding.make(
                        "NET084",
                        m.device,
                        ll_line,
                        f"link-local address {ll} is also {other.name}'s in this cloud: IPv6 "
                        "routes through either resolve to the wrong router",
                        other.device,
                        other_line,
                    )
                )
            links.setdefault(ll, (m, ll_line))
    return out


def _hub_lines(cloud: CloudReport, members: list[tuple[Member, InterfaceIpv6]]) -> list[Finding]:
    out: list[Finding] = []
    for m, v in members:
        line = v.addresses[0][1]
        if m.role == "hub" and v.nhrp.map_multicast_dynamic is None:
            out.append(
                Finding.make(
                    "NET085",
                    m.device,
                    line,
                    f"hub {m.tunnel.name} lacks 'ipv6 nhrp map multicast dynamic': EIGRP for "
                    "IPv6 and OSPFv3 hellos never reach the spokes",
                )
            )
        if cloud.phase != 3:
            continue
        if m.role == "hub" and m.tunnel.redirect is not None and v.nhrp.redirect is None:
            out.append(
                Finding.make(
                    "NET088",
                    m.device,
                    line,
                    f"phase 3 hub {m.tunnel.name} redirects IPv4 but not IPv6 ('ipv6 nhrp "
                    "redirect' missing): IPv6 between spokes stays on the hub",
                )
            )
        if m.role == "spoke" and m.tunnel.shortcut is not None and v.nhrp.shortcut is None:
            out.append(
                Finding.make(
                    "NET088",
                    m.device,
                    line,
                    f"phase 3 spoke {m.tunnel.name} takes IPv4 shortcuts but not IPv6 ('ipv6 "
                    "nhrp shortcut' missing): IPv6 between spokes stays on the hub",
                )
            )
    return out


def _spoke_nhs(cloud: CloudReport, members: list[tuple[Member, InterfaceIpv6]]) -> list[Finding]:
    out: list[Finding] = []
    hubs = {v.addresses[0][0].ip: (m, v) for m, v in members if m.role == "hub"}
    for m, v in members:
        if m.role != "spoke":
            continue
        line = v.addresses[0][1]
        if not v.nhrp.nhs:
            out.append(
                Finding.make(
                    "NET082",
                    m.device,
                    line,
                    f"spoke {m.tunnel.name} has no 'ipv6 nhrp nhs': its IPv6 address never "
                    "registers with a hub",
                )
            )
        mapped = {n for n, _ in v.nhrp.map_multicast}
        static = {a: nbma for a, nbma, _ in v.nhrp.maps}
        for nhs in v.nhrp.nhs:
            hub = hubs.get(nhs.address)
            if hub is None:
                out.append(
                    Finding.make(
                        "NET082",
                        m.device,
                        nhs.line,
                        f"IPv6 NHS {nhs.address} is no hub's IPv6 tunnel address in this cloud",
                    )
                )
                continue
            hub_m, hub_v = hub
            nbma = nhs.nbma or static.get(nhs.address)
            if nbma is not None and hub_m.nbma is not None and addr_or_none(nbma) != hub_m.nbma:
                out.append(
                    Finding.make(
                        "NET082",
                        m.device,
                        nhs.line,
                        f"IPv6 NHS {nhs.address} is reached at NBMA {nbma}, but {hub_m.name} "
                        f"is at {hub_m.nbma}",
                        hub_m.device,
                        hub_m.tunnel.source_line,
                    )
                )
            if not nhs.multicast and nbma not in mapped:
                out.append(
                    Finding.make(
                        "NET086",
                        m.device,
                        nhs.line,
                        f"IPv6 NHS {nhs.address} without multicast mapping: the spoke's IPv6 "
                        "routing hellos never reach the hub",
                    )
                )
            if v.nhrp.auth != hub_v.nhrp.auth:
                out.append(
                    Finding.make(
                        "NET087",
                        m.device,
                        nhs.line,
                        f"NHRP for IPv6 authentication differs from {hub_m.name}'s: the hub "
                        "drops the spoke's IPv6 registrations",
                        hub_m.device,
                        hub_v.addresses[0][1],
                    )
                )
    return out
