"""The IPv6 half of a router's route facts: ``ipv6 route`` statics, MP-BGP ``address-family
ipv6`` (activated neighbours, listen ranges, ``network``, ``aggregate-address``, per-neighbour
route maps), the options of EIGRP's and OSPFv3's IPv6 address families and of the
traditional ``ipv6 router eigrp`` and ``ipv6 router ospf`` (with the area types, ranges and
default origination of ``router ospfv3`` and ``ipv6 router ospf``), and the OSPFv3 area and
cost of each interface. The routing model runs on them exactly as on the IPv4 facts.

Cisco "IP Routing: BGP Configuration Guide", *Multiprotocol BGP (MP-BGP) for IPv6*: an IPv6
neighbour exchanges IPv6 prefixes only once ``neighbor X activate`` is given in
``address-family ipv6`` (IPv4 unicast is the only family activated by default).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from ipaddress import IPv6Network
from typing import Any

from dmvpngen.parse.facts import Device
from dmvpngen.parse.ipv6 import ipv6_or_none
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.policyread import read_policy
from dmvpngen.parse.routefacts import Aggregate, RouteFacts, StaticRoute, network_map
from dmvpngen.parse.routeropts import bestpath_options, ospf_areas, process_options
from dmvpngen.parse.services import Service, vrf_after
from dmvpngen.parse.tree import Node, lower_words, words

__all__ = ["Bgp6", "RouteFacts6", "neighbour_name", "route_facts6"]


@dataclass
class Bgp6:
    """``router bgp``'s IPv6 address family: who is activated, and the IPv6 listen ranges."""

    activated: set[str] = field(default_factory=set)  # neighbour addresses and peer groups
    listen_ranges: list[tuple[IPv6Network, str, int]] = field(default_factory=list)
    # per-neighbour options given inside 'address-family ipv6' (name -> line)
    rr_client: dict[str, int] = field(default_factory=dict)
    next_hop_self: dict[str, int] = field(default_factory=dict)
    next_hop_self_all: set[str] = field(default_factory=set)  # the entries with 'all'
    # the inside VRF whose 'address-family ipv6 vrf V' holds the IPv6 neighbours ("" global):
    # as for IPv4, one table per router (neighbours in several stay in the global one)
    vrf: str = ""


@dataclass
class RouteFacts6:
    """IPv6 route facts (``facts``, with IPv6 prefixes) and the BGP address family."""

    facts: RouteFacts
    bgp: Bgp6 = field(default_factory=Bgp6)
    # EIGRP (AS, VRF) -> interfaces whose 'af-interface' in the IPv6 family says 'shutdown'
    eigrp_shut: dict[tuple[int, str], set[str]] = field(default_factory=dict)


def route_facts6(device: Device) -> RouteFacts6:
    """The IPv6 route facts of ``device``."""
    # IPv6 redistribution of an IGP leaves out the connected prefixes of the interfaces it runs
    # on unless the line says 'include-connected' (docs/check.md, *IPv6 redistribution and
    # include-connected*)
    out = RouteFacts6(RouteFacts(connected_by_keyword=True))
    facts = out.facts
    for intf in (*device.interfaces.values(), *device.tunnels.values()):
        v6 = intf.ipv6
        if v6 is None:
            continue
        if v6.ospfv3_area is not None:
            facts.ospf_interfaces[intf.name] = v6.ospfv3_area
        if v6.ospfv3_cost is not None:
            facts.ospf_cost[intf.name] = v6.ospfv3_cost
    for node in device.blocks:
        w = words(node.text)
        low = lower_words(node.text)
        with contextlib.suppress(IndexError, ValueError):
            if low[:2] == ["ipv6", "route"] and len(w) > 2:
                _static(facts, node, w, low)
            elif low[:2] == ["router", "bgp"] and len(w) > 2:
                _bgp(out, node, w)
            elif low[:2] == ["router", "ospfv3"] and len(w) > 2 and w[2].isdigit():
                for af in _families(node):
                    process_options(facts, ("ospf", int(w[2]), ""), af.walk())
                # the area types ('area A nssa ...', 'area A stub') and ranges ('area A range
                # P/L'), and 'default-information originate', at the process or in the family
                ospf_areas(facts, (int(w[2]), ""), _ospf_area_lines(node.walk()))
            elif low[:3] == ["ipv6", "router", "ospf"] and len(w) > 3 and w[3].isdigit():
                # the traditional process: its 'redistribute' (with 'metric', 'metric-type',
                # 'route-map'), 'default-metric', 'maximum-paths' and 'distribute-list' lines
                # sit at the process, where 'router ospfv3' has them in its address family
                # ("Cisco IOS Cookbook", IPv6 chapter, Route Redistribution: 'ipv6 router
                # ospf 1' / 'redistribute rip RIP_PROC'); its 'area' lines as 'router
                # ospfv3' has them, and 'default-information originate'
                process_options(facts, ("ospf", int(w[3]), ""), node.children)
                ospf_areas(facts, (int(w[3]), ""), _ospf_area_lines(node.children))
            elif low[:2] == ["router", "eigrp"] and len(w) > 2:
                _eigrp(out, node)
            elif low[:3] == ["ipv6", "router", "eigrp"] and len(w) > 3 and w[3].isdigit():
                # the traditional process: 'redistribute' (with its five-value 'metric' and
                # 'route-map'), 'default-metric', 'maximum-paths', 'variance' and
                # 'distribute-list' at the process, read as named mode's IPv6 family and IPv4
                # EIGRP read theirs (a route of another protocol needs a metric: Cisco
                # document 8606, "Redistributing Routing Protocols"; routes.redistribution)
                process_options(facts, ("eigrp", int(w[3]), ""), node.children)
            elif low[0] in {"ntp", "logging", "snmp-server"}:
                _service(facts, node, w, low)
            elif low[0] in {"route-map", "ip", "ipv6", "access-list"}:
                # route maps and the lists they name (ipv6 prefix-list), as IPv4 reads them
                read_policy(facts.policies, node, w, low)
    return out


def _ospf_area_lines(nodes: Sequence[Node]) -> list[Node]:
    """The lines of an IPv6 OSPF process that :func:`ospf_areas` reads for it: ``area ...``
    and ``default-information originate [always] [metric N] [metric-type 1|2]``, which
    originates ``::/0`` as the IPv4 command originates 0.0.0.0/0 (see routes.origin)."""
    return [
        n
        for n in nodes
        if (low := lower_words(n.text))[:1] == ["area"]
        or low[:2] == ["default-information", "originate"]
    ]


def _families(node: Node, vrfs: bool = False) -> list[Node]:
    """The ``address-family ipv6`` blocks under ``node`` (global table; with ``vrfs`` the
    ``address-family ipv6 vrf V`` ones as well)."""
    return [
        c
        for c in node.children
        if c.text.lower().split()[:2] == ["address-family", "ipv6"]
        and (vrfs or "vrf" not in c.text.lower().split())
    ]


def _family_vrf(af: Node) -> str:
    """V of ``address-family ipv6 [unicast] vrf V`` ("" for the global table)."""
    cl = af.text.lower().split()
    return af.text.split()[cl.index("vrf") + 1] if "vrf" in cl[:-1] else ""


def _eigrp(out: RouteFacts6, node: Node) -> None:
    """Named mode's IPv6 families: ``address-family ipv6 [unicast] autonomous-system N`` and,
    for an inside VRF, ``address-family ipv6 [unicast] vrf V autonomous-system N`` (Cisco
    document 200156, "Configure EIGRP Named Mode": the traditional ``ipv6 router eigrp``
    has no VRF form, named mode has one)."""
    for af in _families(node, vrfs=True):
        al = af.text.lower().split()
        if "autonomous-system" in al[:-1] and al[al.index("autonomous-system") + 1].isdigit():
            asn = int(al[al.index("autonomous-system") + 1])
            vrf = _family_vrf(af)
            process_options(out.facts, ("eigrp", asn, vrf), af.walk())
            for child in af.children:
                cw = words(child.text)
                off = any(c.text.strip().lower() == "shutdown" for c in child.children)
                if off and cw[0].lower() == "af-interface" and len(cw) > 1:
                    shut = out.eigrp_shut.setdefault((asn, vrf), set())
                    shut.add(canonical_interface(cw[1]))


def _static(facts: RouteFacts, node: Node, w: list[str], low: list[str]) -> None:
    """``ipv6 route [vrf V] P/L [interface] [next hop] [distance]``."""
    rest, vrf = w[2:], ""
    if low[2] == "vrf":
        vrf, rest = w[3], w[4:]
    # the routing model keys every table by prefix whatever the family (see routes.family)
    prefix: Any = IPv6Network(rest[0], strict=False)
    iface: str | None = None
    hop: Any = None
    distance = 1
    for x in rest[1:]:
        lx = x.lower()
        if lx in {"name", "tag", "track", "multicast", "unicast"}:
            break
        if (a := ipv6_or_none(x)) is not None and ":" in x and hop is None:
            hop = a
        elif x.isdigit() and (hop is not None or iface is not None):
            distance = int(x)
        elif iface is None and hop is None:
            iface = canonical_interface(x)
    facts.statics.append(StaticRoute(prefix, vrf, hop, iface, distance, node.line))


def _bgp(out: RouteFacts6, node: Node, w: list[str]) -> None:
    asn_text = w[2].replace(".", "")
    asn = int(asn_text) if asn_text.isdigit() else 0
    facts, bgp = out.facts, out.bgp
    # best-path settings of the whole process, every family's, read as for IPv4
    bestpath_options(facts, node.walk())
    for child in node.children:
        cl = child.text.lower().split()
        if cl[:3] == ["bgp", "listen", "range"] and "peer-group" in cl[:-1]:
            with contextlib.suppress(ValueError):
                group = child.text.split()[cl.index("peer-group") + 1]
                bgp.listen_ranges.append((IPv6Network(cl[3], strict=False), group, child.line))
    families = _families(node, vrfs=True)
    holding = {_family_vrf(af) for af in families if _activates(af)}
    if len(holding) == 1:
        bgp.vrf = holding.pop()
    several = len(holding) > 1
    read = [af for af in families if several or _family_vrf(af) == bgp.vrf]
    # every read family's lines at once: redistribution is kept per process, not per family
    if read:
        process_options(facts, ("bgp", asn, ""), [n for af in read for n in af.walk()])
    for af in read:
        vrf = _family_vrf(af)
        if vrf:
            # which table each line feeds (routes.bgptables), as for IPv4
            facts.bgp_line_vrf.update((n.line, vrf) for n in af.walk())
        for child in af.children:
            cw = words(child.text)
            cl = lower_words(child.text)
            if cl[0] == "network" and len(cw) > 1:
                with contextlib.suppress(ValueError):
                    net: Any = IPv6Network(cw[1], strict=False)
                    facts.bgp_networks.append((net, child.line))
                    network_map(facts, cw, cl, child.line)
            elif cl[0] == "aggregate-address" and len(cw) > 1:
                with contextlib.suppress(ValueError):
                    agg: Any = IPv6Network(cw[1], strict=False)
                    facts.aggregates.append(Aggregate(agg, "summary-only" in cl, child.line))
            elif cl[0] == "neighbor" and len(cw) > 2:
                _neighbor(out, cw, cl, child.line)


def _activates(af: Node) -> bool:
    """Does the address family activate a neighbour or peer group?"""
    return any(c.text.lower().split()[2:3] == ["activate"] for c in af.children)


def neighbour_name(name: str) -> str:
    """A neighbour entry's name as the model keys it: an IPv6 address in its compressed
    lower-case spelling (configs write ``2001:DB8::1``), a peer group as written."""
    addr = ipv6_or_none(name) if ":" in name else None
    return str(addr) if addr is not None else name


def _neighbor(out: RouteFacts6, cw: list[str], cl: list[str], line: int) -> None:
    name, what = neighbour_name(cw[1]), cl[2]
    if what == "activate":
        out.bgp.activated.add(name)
    elif what == "route-reflector-client":
        out.bgp.rr_client[name] = line
    elif what == "next-hop-self":
        out.bgp.next_hop_self[name] = line
        if "all" in cl[3:]:
            out.bgp.next_hop_self_all.add(name)
    elif what == "send-community":
        out.facts.send_community.add(name)
    elif what == "unsuppress-map" and len(cw) > 3:
        out.facts.unsuppress[name] = cw[3]
    elif what == "route-map" and len(cw) > 4 and cl[4] in {"in", "out"}:
        facts = out.facts
        (facts.route_map_in if cl[4] == "in" else facts.route_map_out)[name] = cw[3]


# the IPv6 service addresses read here: 'ntp server', 'logging [host]', 'snmp-server host'
_SERVICES = {"ntp": "ntp server", "logging": "syslog host", "snmp-server": "snmp trap receiver"}


def _service(facts: RouteFacts, node: Node, w: list[str], low: list[str]) -> None:
    """A service named by an IPv6 address (the IPv4 ones are read with the IPv4 facts)."""
    if low[0] == "ntp" and low[1:2] != ["server"]:
        return
    if low[0] == "snmp-server" and low[1:2] != ["host"]:
        return
    rest = w[2:] if low[1] in {"server", "host"} else w[1:]
    if low[0] == "logging" and low[1] == "host" and rest[:1] and rest[0].lower() == "ipv6":
        rest = rest[1:]  # 'logging host ipv6 ADDRESS'
    vrf = vrf_after(low, w)
    for x in rest:
        addr: Any = ipv6_or_none(x) if ":" in x else None
        if addr is not None:
            facts.services.append(Service(_SERVICES[low[0]], addr, vrf, node.line))
            return
