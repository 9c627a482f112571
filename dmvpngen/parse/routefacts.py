"""Facts the routing model needs beyond what check's forming analysis reads: static routes,
BGP origination (network statements, aggregates, unsuppress maps, local-preference maps),
redistribution, and every address a router's config says it must reach (NTP, syslog, SNMP,
NetFlow, PKI, AAA, DNS).

Read from the block tree that :func:`dmvpngen.parse.dmvpn.parse_config` keeps on the device, so
the main parser stays unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from dmvpngen.parse.facts import Device
from dmvpngen.parse.maprefs import map_references
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.policyread import read_policy
from dmvpngen.parse.routemaps import Policies
from dmvpngen.parse.routeropts import bestpath_options, ospf_areas, process_options
from dmvpngen.parse.services import SOURCE_CMDS, Service, read_service, vrf_after, with_source
from dmvpngen.parse.tree import (
    Node,
    ip_or_none,
    lower_words,
    mask_network,
    wildcard_network,
    words,
)

__all__ = ["Aggregate", "RouteFacts", "Service", "StaticRoute", "network_map", "route_facts"]


@dataclass(frozen=True)
class StaticRoute:
    """``ip route [vrf V] P M [interface] [next hop] [distance]``."""

    prefix: IPv4Network
    vrf: str
    next_hop: IPv4Address | None
    interface: str | None
    distance: int
    line: int


@dataclass(frozen=True)
class Aggregate:
    """``aggregate-address P M [summary-only]``."""

    prefix: IPv4Network
    summary_only: bool
    line: int


@dataclass
class RouteFacts:
    """Routing and service facts of one router."""

    statics: list[StaticRoute] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    bgp_networks: list[tuple[IPv4Network, int]] = field(default_factory=list)
    # 'network ... route-map NAME' by the line of the network statement
    network_maps: dict[int, str] = field(default_factory=dict)
    aggregates: list[Aggregate] = field(default_factory=list)
    unsuppress: dict[str, str] = field(default_factory=dict)  # neighbour -> route-map
    route_map_in: dict[str, str] = field(default_factory=dict)  # neighbour -> route-map
    route_map_out: dict[str, str] = field(default_factory=dict)  # neighbour -> route-map
    send_community: set[str] = field(default_factory=set)  # 'neighbor X send-community'
    always_compare_med: bool = False  # 'bgp always-compare-med'
    med_missing_worst: bool = False  # 'bgp bestpath med [confed] missing-as-worst'
    deterministic_med: bool = False  # 'bgp deterministic-med'
    compare_routerid: bool = False  # 'bgp bestpath compare-routerid'
    bgp_router_id: str | None = None  # 'bgp router-id A.B.C.D'
    bgp_cluster_id: int | None = None  # 'bgp cluster-id N | A.B.C.D', as an integer
    # every line inside 'router bgp ... address-family ipv4 [unicast] vrf V' -> V (the line of
    # a neighbour, network, aggregate or redistribution says which table it belongs to)
    bgp_line_vrf: dict[int, str] = field(default_factory=dict)
    # 'neighbor X filter-list N in|out': neighbour -> as-path access list
    filter_list_in: dict[str, str] = field(default_factory=dict)
    filter_list_out: dict[str, str] = field(default_factory=dict)
    # ("eigrp", asn, vrf) / ("ospf", pid, vrf) / ("bgp", asn, "") -> [(protocol, line, route map)]
    redistribute: dict[tuple[str, int, str], list[tuple[str, int, str | None]]] = field(
        default_factory=dict
    )
    # EIGRP 'variance N' per instance key as for redistribute
    variance: dict[tuple[str, int, str], int] = field(default_factory=dict)
    # 'redistribute ... metric' by the line of the redistribute command
    redistribute_metric: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # 'redistribute ospf N' / 'redistribute eigrp N': the source process, by the line
    redistribute_process: dict[int, int] = field(default_factory=dict)
    # OSPF 'redistribute ... metric-type 1|2' by the line of the redistribute command
    redistribute_type: dict[int, int] = field(default_factory=dict)
    # 'default-metric ...' per instance key as for redistribute: (values, line)
    default_metric: dict[tuple[str, int, str], tuple[tuple[int, ...], int]] = field(
        default_factory=dict
    )
    # every place a route map is named: (attachment point, route map, line), e.g.
    # ("redistribute", "RM", 40), ("neighbor in", ...), ("table-map", ...), ("policy", ...)
    map_refs: list[tuple[str, str, int]] = field(default_factory=list)
    # 'ip ospf <pid> area <a>' on any interface (the main parser keeps it for tunnels only)
    ospf_interfaces: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    ospf_cost: dict[str, int] = field(default_factory=dict)
    # OSPF per (process, vrf): 'area A range P M [not-advertise]' -> (area, range, advertised,
    # line); 'area A stub [no-summary]' -> area: no-summary (totally stubby)
    ospf_ranges: dict[tuple[int, str], list[tuple[str, IPv4Network, bool, int]]] = field(
        default_factory=dict
    )
    ospf_stubs: dict[tuple[int, str], dict[str, bool]] = field(default_factory=dict)
    # 'area A range ... cost N': ((process, vrf), range) -> N, the summary's cost in place of
    # its best component's
    ospf_range_cost: dict[tuple[tuple[int, str], IPv4Network], int] = field(default_factory=dict)
    # 'area A nssa': area -> (no-summary, default-information-originate); 'area A filter-list
    # prefix NAME in|out': (area, direction) -> prefix list
    ospf_nssa: dict[tuple[int, str], dict[str, tuple[bool, bool]]] = field(default_factory=dict)
    ospf_area_filters: dict[tuple[int, str], dict[tuple[str, str], str]] = field(
        default_factory=dict
    )
    # 'area A nssa ... translate type7 suppress-fa | always | no-redistribution': area -> the
    # options
    ospf_nssa_opts: dict[tuple[int, str], dict[str, frozenset[str]]] = field(default_factory=dict)
    # OSPF 'redistribute ... nssa-only' by the line of the redistribute command
    redistribute_nssa_only: set[int] = field(default_factory=set)
    # IPv6 facts: an IGP's redistribution takes the connected prefixes of the interfaces the
    # source IGP runs on only when its line says 'include-connected' (IPv4 takes them always;
    # Cisco IOS IPv6 Command Reference, 'redistribute (IPv6)')
    connected_by_keyword: bool = False
    # 'redistribute ... include-connected' by the line of the redistribute command
    redistribute_include_connected: set[int] = field(default_factory=set)
    # OSPF 'default-information originate [always] [metric N] [metric-type T]' per (process,
    # vrf): (always, metric, metric type, line)
    ospf_default: dict[tuple[int, str], tuple[bool, int, int, int]] = field(default_factory=dict)
    # OSPF 'area A virtual-link RID' per (process, vrf): (transit area, router id, line)
    ospf_vlinks: dict[tuple[int, str], list[tuple[str, str, int]]] = field(default_factory=dict)
    # OSPF 'router-id A.B.C.D' per (process, vrf)
    ospf_router_id: dict[tuple[int, str], str] = field(default_factory=dict)
    # OSPF processes (process, vrf) with 'compatible rfc1587' (NSSA as RFC 1587, not 3101)
    ospf_rfc1587: set[tuple[int, str]] = field(default_factory=set)
    # EIGRP 'summary-address ... leak-map M': (interface, summary) -> route-map M
    leak_maps: dict[tuple[str, IPv4Network], str] = field(default_factory=dict)
    # route maps, prefix lists and route-filtering access lists
    policies: Policies = field(default_factory=Policies)
    # 'distribute-list prefix|route-map NAME | ACL in|out [interface]' per instance key as for
    # redistribute: (kind, name, direction, interface or None, line)
    distribute: dict[tuple[str, int, str], list[tuple[str, str, str, str | None, int]]] = field(
        default_factory=dict
    )
    # 'maximum-paths N' per instance key as for redistribute: (paths, iBGP paths); BGP keeps
    # 'maximum-paths ibgp N' apart (IOS defaults: 4 for EIGRP / OSPF, 1 for BGP)
    maximum_paths: dict[tuple[str, int, str], tuple[int | None, int | None]] = field(
        default_factory=dict
    )
    # leak-map verdicts already taken: every advert of every fixpoint round asks again for the
    # same components (the facts are read-only once parsed)
    _leaked: dict[tuple[str, IPv4Network], bool] = field(
        default_factory=dict, repr=False, compare=False
    )

    def leaks(self, route_map: str, prefix: IPv4Network) -> bool:
        """Does leak map ``route_map`` permit ``prefix``? (An undefined map leaks nothing.)"""
        key = (route_map, prefix)
        known = self._leaked.get(key)
        if known is None:
            verdict = self.policies.route_map(route_map, prefix)
            known = self._leaked[key] = verdict is not None and verdict.permit
        return known


def route_facts(device: Device) -> RouteFacts:
    """Static routes, BGP origination, redistribution and service addresses of ``device``."""
    facts = RouteFacts()
    # (family, VRF or None) -> interface; 'logging source-interface X vrf V' names the source
    # of the hosts in V only (IOS-XE keeps it apart from the one without 'vrf')
    sources: dict[tuple[str, str | None], str] = {}
    for node in device.blocks:
        w = words(node.text)
        head = w[0].lower()
        if head not in _HEADS:
            continue  # a block nothing below reads (most of a config)
        low = lower_words(node.text)
        seconds = _SECONDS.get(head)
        if seconds is not None and (len(low) < 2 or low[1] not in seconds):
            continue  # 'ip ssh ...', 'crypto ikev2 ...': no branch below reads it
        key = (low[0], low[1]) if len(low) > 1 else None
        if key in SOURCE_CMDS and len(w) > 2:
            vrf = vrf_after(low, w) if key == ("logging", "source-interface") else ""
            name = w[2 : low.index("vrf")] if vrf else w[-1:]
            sources[(SOURCE_CMDS[key], vrf or None)] = canonical_interface(" ".join(name))
        try:
            _top(facts, node, w, low)
        except (IndexError, ValueError):
            continue  # malformed line: the main parser already notes it
    facts.services = [with_source(s, sources) for s in facts.services]
    return facts


# the first words of the blocks read here (SOURCE_CMDS and _top)
_HEADS = frozenset(
    {
        "ip",
        "interface",
        "ntp",
        "logging",
        "snmp-server",
        "tacacs-server",
        "radius-server",
        "tacacs",
        "radius",
        "flow",
        "crypto",
        "route-map",
        "access-list",
        "router",
    }
)


# For these first words, the second words of the lines read here (SOURCE_CMDS, _top,
# read_service, read_policy); any other line of that head matches no branch.
_SECONDS = {
    "ip": frozenset(
        [
            "route",
            "pim",
            "name-server",
            "prefix-list",
            "as-path",
            "community-list",
            "access-list",
            "tacacs",
            "radius",
        ]
    ),
    "crypto": frozenset({"pki"}),
}


def _top(facts: RouteFacts, node: Node, w: list[str], low: list[str]) -> None:
    if low[:2] == ["ip", "route"]:
        _static(facts, node, w)
    elif low[0] == "interface" and len(w) > 1:
        _interface(facts, node, canonical_interface(" ".join(w[1:3])))
    elif read_service(facts.services, node, w, low) or read_policy(facts.policies, node, w, low):
        return
    elif low[0] == "router" and len(w) > 2:
        _router(facts, node, w, low)


def _static(facts: RouteFacts, node: Node, w: list[str]) -> None:
    rest = w[2:]
    vrf = ""
    if rest[0].lower() == "vrf":
        vrf, rest = rest[1], rest[2:]
    net = mask_network(rest[0], rest[1])
    if net is None:
        return
    iface: str | None = None
    hop: IPv4Address | None = None
    distance = 1
    for x in rest[2:]:
        lx = x.lower()
        if lx in {"name", "tag", "track"}:
            break
        if (a := ip_or_none(x)) is not None and hop is None:
            hop = a
        elif x.isdigit() and (hop is not None or iface is not None):
            distance = int(x)
        elif iface is None and hop is None and lx not in {"permanent", "global", "dhcp"}:
            iface = canonical_interface(x)
    facts.statics.append(StaticRoute(net.network, vrf, hop, iface, distance, node.line))


def _leak(facts: RouteFacts, interface: str, cw: list[str], at: int) -> None:
    """``... summary-address A M leak-map NAME`` with the address at ``cw[at]``."""
    low = [x.lower() for x in cw]
    if "leak-map" in low[:-1] and len(cw) > at + 1:
        net = mask_network(cw[at], cw[at + 1])
        if net is not None:
            facts.leak_maps[(interface, net.network)] = cw[low.index("leak-map") + 1]


def _interface(facts: RouteFacts, node: Node, name: str) -> None:
    facts.map_refs.extend(map_references(node.children))
    for child in node.children:
        cl = child.text.lower().split()
        if cl[:3] == ["ip", "summary-address", "eigrp"]:
            _leak(facts, name, child.text.split(), 4)
        if cl[:2] == ["ip", "ospf"] and len(cl) > 4 and cl[2].isdigit() and cl[3] == "area":
            facts.ospf_interfaces[name] = (int(cl[2]), cl[4], child.line)
        elif cl[:3] == ["ip", "ospf", "cost"] and len(cl) > 3 and cl[3].isdigit():
            facts.ospf_cost[name] = int(cl[3])


def _router(facts: RouteFacts, node: Node, w: list[str], low: list[str]) -> None:
    facts.map_refs.extend(map_references(node.walk()))
    kind = low[1]
    if kind == "bgp":
        _bgp(facts, node, w)
        return
    if kind not in {"eigrp", "ospf"} or (not w[2].isdigit() and kind == "ospf"):
        return
    vrf = vrf_after(low, w)
    if kind == "ospf":
        key = ("ospf", int(w[2]), vrf)
        process_options(facts, key, node.children)
        ospf_areas(facts, (int(w[2]), vrf), node.children)
        return
    if w[2].isdigit():
        process_options(facts, ("eigrp", int(w[2]), ""), node.children)
    for af in node.children:
        aw = words(af.text)
        al = lower_words(af.text)
        if al[:1] != ["address-family"]:
            continue
        for afi in af.children:
            fw = words(afi.text)
            if fw[0].lower() == "af-interface" and len(fw) > 1:
                for line in afi.children:
                    if line.text.lower().startswith("summary-address"):
                        _leak(facts, canonical_interface(fw[1]), line.text.split(), 1)
        asn = al[al.index("autonomous-system") + 1] if "autonomous-system" in al[:-1] else w[2]
        if asn.isdigit():
            key = ("eigrp", int(asn), vrf_after(al, aw))
            process_options(facts, key, af.walk())


_DIRS = frozenset({"in", "out"})


def network_map(facts: RouteFacts, cw: list[str], cl: list[str], line: int) -> None:
    """``network ... route-map NAME`` (IPv4 or IPv6): the map the statement's route goes
    through (Cisco "IP Routing: BGP Command Reference", ``network (BGP and multiprotocol
    BGP)``, ``route-map map-tag``: "The route map should be examined to filter the networks
    to be advertised")."""
    if "route-map" in cl[2:-1]:
        facts.network_maps[line] = cw[cl.index("route-map", 2) + 1]


def _bgp(facts: RouteFacts, node: Node, w: list[str]) -> None:
    asn_text = w[2].replace(".", "")
    asn = int(asn_text) if asn_text.isdigit() else 0
    process_options(facts, ("bgp", asn, ""), node.walk())
    bestpath_options(facts, node.walk())
    for af in node.children:
        al = af.text.lower().split()
        if al[:2] == ["address-family", "ipv4"] and "vrf" in al[:-1]:
            vrf = af.text.split()[al.index("vrf") + 1]
            facts.bgp_line_vrf.update((n.line, vrf) for n in af.walk())
    for child in node.walk():
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[0] == "network" and len(cw) > 1:
            masked = mask_network(cw[1], cw[3]) if "mask" in cl and len(cw) > 3 else None
            net = masked.network if masked is not None else wildcard_network(cw[1], None)
            if net is not None:
                facts.bgp_networks.append((net, child.line))
                network_map(facts, cw, cl, child.line)
        elif cl[0] == "aggregate-address" and len(cw) > 2:
            agg = mask_network(cw[1], cw[2])
            if agg is not None:
                facts.aggregates.append(Aggregate(agg.network, "summary-only" in cl, child.line))
        elif cl[0] == "neighbor" and len(cw) > 4 and cl[2] == "filter-list" and cl[4] in _DIRS:
            (facts.filter_list_in if cl[4] == "in" else facts.filter_list_out)[cw[1]] = cw[3]
        elif cl[0] == "neighbor" and len(cw) > 2 and cl[2] == "send-community":
            facts.send_community.add(cw[1])
        elif cl[0] == "neighbor" and len(cw) > 3:
            if cl[2] == "unsuppress-map":
                facts.unsuppress[cw[1]] = cw[3]
            elif cl[2] == "route-map" and len(cw) > 4 and cl[4] in {"in", "out"}:
                (facts.route_map_in if cl[4] == "in" else facts.route_map_out)[cw[1]] = cw[3]
