"""A router's IPv6 half as the routing model reads a router: the same topology, instances,
fixpoint, traces and failover run on it, with IPv6 prefixes in every table.

:func:`ipv6_view` builds from a parsed router a :class:`FamilyView` (a ``Device``) whose
interfaces carry their first global IPv6 address, whose tunnels carry the NHRP for IPv6 lines
(NHS, static maps, redirect, shortcut) and the OSPFv3 lines, whose EIGRP processes are the named
mode ``address-family ipv6`` ones, whose OSPF processes are ``router ospfv3`` and whose BGP
neighbours are those activated in ``address-family ipv6``. The tunnel's transport stays the
IPv4 underlay: a tunnel is up when its (IPv4) source is, so an ISP failure takes both families
down together.

What each protocol does for IPv6, as IOS does it:

- EIGRP named mode, ``address-family ipv6``: there is no ``network`` statement for IPv6
  (Cisco document 113267, "Configure EIGRP for IPv6"); the family runs on every interface
  with an IPv6 address unless ``shutdown`` under its ``af-interface`` takes it out (Cisco
  document 200156, "Configure EIGRP Named Mode"). Summaries, split horizon, next-hop-self,
  stub and passive as for IPv4.
- OSPFv3: an interface joins by ``ospfv3 N ipv6 area A`` (Cisco "IP Routing: OSPF Configuration
  Guide", *OSPFv3 Address Families*); network type, cost and passive as for OSPFv2.
- MP-BGP: neighbours exchange IPv6 prefixes once activated in ``address-family ipv6``.
- Next hops: an IGP learns IPv6 routes with the neighbour's link-local address as next hop,
  which NHRP for IPv6 maps to the same NBMA address as its global one (``ipv6 nhrp map
  FE80::2/128 NBMA``). The model names the neighbour by its global tunnel address instead: it
  reaches the same router over the same tunnel, and the traces resolve it the same way.

Typing: the model's tables are annotated with IPv4 types; a view's addresses are IPv6 objects
with the same interface (``prefixlen``, ``subnet_of``, ``in``), handed over as ``Any`` here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from ipaddress import IPv6Address, IPv6Network
from typing import Any

from dmvpngen.parse.facts import (
    Bgp,
    BgpNeighbor,
    Device,
    EigrpInterface,
    EigrpProcess,
    Interface,
    Nhs,
    OspfProcess,
    StaticMap,
    Tunnel,
)
from dmvpngen.parse.legacy6 import Legacy6, legacy6
from dmvpngen.parse.routefacts import RouteFacts
from dmvpngen.parse.routefacts6 import RouteFacts6, neighbour_name, route_facts6

__all__ = ["FamilyView", "ipv6_only_tunnel", "ipv6_view", "ipv6_views"]


@dataclass
class FamilyView(Device):
    """One address family of a router (``underlay``: the router as parsed)."""

    underlay: Device | None = None
    family_facts: RouteFacts | None = None


def ipv6_views(devices: list[Device]) -> list[Device]:
    """The IPv6 view of every router that routes IPv6 (``ipv6 unicast-routing`` and at least
    one IPv6 address)."""
    out: list[Device] = []
    for d in devices:
        view = ipv6_view(d)
        if view is not None:
            out.append(view)
    return out


def ipv6_view(device: Device) -> FamilyView | None:
    """The IPv6 view of ``device`` (None: it does not route IPv6)."""
    if device.ipv6.unicast_routing is None:
        return None
    old = legacy6(device)
    interfaces = {n: _interface(i) for n, i in device.interfaces.items()}
    tunnels = {n: _tunnel(t, old) for n, t in device.tunnels.items()}
    if not any(i.address is not None for i in (*interfaces.values(), *tunnels.values())):
        return None
    six = route_facts6(device)
    for name, area in old.ospf_area.items():
        six.facts.ospf_interfaces.setdefault(name, area)
    for name, cost in old.ospf_cost.items():
        six.facts.ospf_cost.setdefault(name, cost)
    addresses = {
        n: i.address for n, i in (*interfaces.items(), *tunnels.items()) if i.address is not None
    }
    return FamilyView(
        device.hostname,
        device.file,
        device.version,
        interfaces=interfaces,
        tunnels=tunnels,
        eigrp=[
            *(
                _eigrp(p, six.eigrp_shut.get((p.asn, p.vrf or ""), set()), addresses)
                for p in device.eigrp_v6
            ),
            *(_traditional(p, old, addresses) for p in old.eigrp),
        ],
        ospf=[
            *(
                OspfProcess(
                    p.process,
                    p.line,
                    passive_default=p.passive_default,
                    no_passive=p.no_passive,
                    passive=p.passive,
                )
                for p in device.ipv6.ospfv3
            ),
            *old.ospf,
        ],
        bgp=_bgp(device.bgp, six),
        blocks=[],
        underlay=device,
        family_facts=six.facts,
    )


def _address(intf: Interface) -> Any:
    v6 = intf.ipv6
    return v6.address if v6 is not None else None


def _more(intf: Interface) -> Any:
    """The interface's other global IPv6 addresses (its first is the view's address), in the
    place the IPv4 view keeps the secondary addresses."""
    v6 = intf.ipv6
    return tuple(a for a, _line in v6.addresses[1:]) if v6 is not None else ()


def _interface(intf: Interface) -> Interface:
    # no DHCP default and no NAT: the IPv4 WAN's, not this family's
    return replace(
        intf,
        address=_address(intf),
        secondaries=_more(intf),
        dhcp=None,
        negotiated=None,
        nat=None,
        access_groups={},
    )


def _tunnel(tun: Tunnel, old: Legacy6) -> Tunnel:
    v6 = tun.ipv6
    name = tun.name
    nhrp = v6.nhrp if v6 is not None else None
    nhs = (
        [Nhs(_as_any(n.address), n.line, n.nbma, None, n.multicast) for n in nhrp.nhs]
        if nhrp
        else []
    )
    maps = [StaticMap(_as_any(a), nbma, line) for a, nbma, line in nhrp.maps] if nhrp else []
    return replace(
        tun,
        address=_address(tun),
        secondaries=_more(tun),
        dhcp=None,
        negotiated=None,
        nat=None,
        access_groups={},
        nhs=nhs,
        maps=maps,
        network_id=nhrp.network_id if nhrp else None,
        redirect=nhrp.redirect if nhrp else None,
        shortcut=nhrp.shortcut if nhrp else None,
        map_multicast_dynamic=nhrp.map_multicast_dynamic if nhrp else None,
        eigrp={asn: _summaries6(c) for asn, c in old.eigrp_on.get(name, {}).items()},
        ospf_area=(v6.ospfv3_area if v6 else None) or old.ospf_area.get(name),
        ospf_network=(v6.ospfv3_network if v6 else None) or old.ospf_network.get(name),
        ospf_priority=v6.ospfv3_priority if v6 else None,
        ospf_cost=(v6.ospfv3_cost if v6 else None) or old.ospf_cost.get(name),
    )


def ipv6_only_tunnel(device: Device, tun: Tunnel) -> Tunnel | None:
    """The tunnel of an IPv6-only cloud as ``check`` reads a cloud member: its IPv6 address and
    NHRP for IPv6 in the places of the IPv4 ones (None: the tunnel has IPv4, or no IPv6 NHRP).

    Every NHRP line of the member is then an ``ipv6 nhrp`` line, so the forming checks locate
    their findings on it; the IPv6 checks still read ``tun.ipv6``."""
    v6 = tun.ipv6
    if tun.address is not None or v6 is None or v6.address is None:
        return None
    nhrp = v6.nhrp
    if nhrp.network_id is None and not nhrp.nhs and not nhrp.maps:
        return None
    return replace(
        _tunnel(tun, legacy6(device)),
        network_id_line=nhrp.network_id_line,
        auth=nhrp.auth,
        auth_line=nhrp.auth_line,
        holdtime=nhrp.holdtime,
        map_multicast=list(nhrp.map_multicast),
        no_unique=nhrp.no_unique,
    )


def _as_any(address: IPv6Address) -> Any:
    return address


def _eigrp(proc: EigrpProcess, shut: set[str], addresses: dict[str, Any]) -> EigrpProcess:
    """The IPv6 address family as the model reads an EIGRP process: every IPv6 interface but
    those shut in the family enabled (each address as a /128 network), the IPv6 summaries in
    place of the IPv4 ones."""
    enabled: list[Any] = [
        (IPv6Network(f"{a.ip}/128"), proc.line) for n, a in addresses.items() if n not in shut
    ]
    return replace(
        proc,
        networks=enabled,
        interfaces={n: _summaries6(s) for n, s in proc.interfaces.items()},
        default_interface=_summaries6(proc.default_interface) if proc.default_interface else None,
    )


def _traditional(proc: EigrpProcess, old: Legacy6, addresses: dict[str, Any]) -> EigrpProcess:
    """``ipv6 router eigrp AS``: the interfaces that say ``ipv6 eigrp AS`` (each address as a
    /128 network)."""
    on: list[Any] = [
        (IPv6Network(f"{a.ip}/128"), proc.line)
        for n, a in addresses.items()
        if proc.asn in old.eigrp_enabled.get(n, ())
    ]
    return replace(proc, networks=on)


def _summaries6(s: EigrpInterface) -> EigrpInterface:
    summaries: list[Any] = list(s.summaries_v6)
    return replace(s, summaries=summaries)


def _bgp(bgp: Bgp | None, six: RouteFacts6) -> Bgp | None:
    """The neighbours activated for IPv6 (a peer group's members with it), the IPv6 listen
    ranges, and the options given in ``address-family ipv6``."""
    if bgp is None:
        return None
    on = six.bgp.activated
    neighbors: dict[str, BgpNeighbor] = {}
    for written, nb in bgp.neighbors.items():
        name = neighbour_name(written)
        if name in on or (nb.peer_group is not None and nb.peer_group in on):
            neighbors[name] = replace(
                nb,
                name=name,
                rr_client=six.bgp.rr_client.get(name),
                next_hop_self=six.bgp.next_hop_self.get(name),
                next_hop_self_all=name in six.bgp.next_hop_self_all,
            )
    ranges: list[Any] = list(six.bgp.listen_ranges)
    vrf = six.bgp.vrf
    return replace(bgp, vrf=vrf, neighbors=neighbors, listen_ranges=ranges, aggregates=[])
