"""Options of a routing process read for the routing model: redistribution (with its route
map), ``maximum-paths``, ``distribute-list`` filters, OSPF area ranges and stub flags, and
BGP's best-path settings."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from ipaddress import IPv6Network
from typing import TYPE_CHECKING, Any

from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.tree import Node, ip_or_none, mask_network

if TYPE_CHECKING:
    from dmvpngen.parse.routefacts import RouteFacts

__all__ = ["area_id", "bestpath_options", "ospf_areas", "process_options", "range_entry"]


def bestpath_options(facts: RouteFacts, nodes: Sequence[Node]) -> None:
    """BGP's best-path settings from the lines ``nodes`` of ``router bgp``: ``bgp
    always-compare-med``, ``bgp bestpath med [confed] missing-as-worst``, ``bgp
    deterministic-med``, ``bgp bestpath compare-routerid``, ``bgp router-id`` and ``bgp
    cluster-id``.

    They are settings of the BGP process, not of an address family (Cisco document 13753,
    "BGP Best Path Selection Algorithm"; document 16046, "How the bgp deterministic-med
    Command Differs from the bgp always-compare-med Command"): the IPv4 and IPv6 facts both
    read them here, from the same lines."""
    for n in nodes:
        cl = n.text.lower().split()
        if cl[:2] == ["bgp", "always-compare-med"]:
            facts.always_compare_med = True
        elif cl[:3] == ["bgp", "bestpath", "med"] and "missing-as-worst" in cl:
            facts.med_missing_worst = True
        elif cl[:2] == ["bgp", "deterministic-med"]:
            facts.deterministic_med = True
        elif cl[:3] == ["bgp", "bestpath", "compare-routerid"]:
            facts.compare_routerid = True
        elif cl[:2] == ["bgp", "router-id"] and len(cl) > 2:
            facts.bgp_router_id = n.text.split()[2]
        elif cl[:2] == ["bgp", "cluster-id"] and len(cl) > 2:
            # a dotted quad or a 32-bit number (Cisco "IP Routing: BGP Command Reference",
            # 'bgp cluster-id')
            given = ip_or_none(cl[2])
            if given is not None:
                facts.bgp_cluster_id = int(given)
            elif cl[2].isdigit():
                facts.bgp_cluster_id = int(cl[2])


def process_options(facts: RouteFacts, key: tuple[str, int, str], nodes: Sequence[Node]) -> None:
    """Redistribution, ``maximum-paths`` and distribute lists of the process ``key``
    (("eigrp", asn, vrf) / ("ospf", pid, vrf) / ("bgp", asn, "")) from its lines ``nodes``."""
    facts.redistribute[key] = _redistributions(nodes)
    for n in nodes:
        cl = n.text.lower().split()
        if cl[0] == "variance" and len(cl) > 1 and cl[1].isdigit():
            facts.variance[key] = int(cl[1])
        elif cl[0] == "default-metric" and len(cl) > 1 and cl[1].isdigit():
            # EIGRP's five values (bandwidth, delay, ...) or one (OSPF, BGP)
            facts.default_metric[key] = (tuple(int(x) for x in cl[1:6] if x.isdigit()), n.line)
        if cl[0] == "redistribute" and "metric" in cl[2:-1]:
            # 'redistribute P ... metric N' (OSPF, BGP) or EIGRP's five values
            values = [x for x in cl[cl.index("metric", 2) + 1 :][:5] if x.isdigit()]
            if values:
                facts.redistribute_metric[n.line] = tuple(int(x) for x in values)
        if cl[0] == "redistribute" and cl[1] in _NUMBERED and len(cl) > 2 and cl[2].isdigit():
            # 'redistribute ospf 1' / 'redistribute eigrp 100': the source process
            facts.redistribute_process[n.line] = int(cl[2])
        if cl[0] == "redistribute" and "nssa-only" in cl[2:]:
            # OSPF: the type 7 LSAs of this redistribution have the P-bit clear (the NSSA's
            # border routers do not translate them; Cisco "IP Routing: OSPF Command
            # Reference", redistribute (IP), nssa-only)
            facts.redistribute_nssa_only.add(n.line)
        if cl[0] == "redistribute" and "include-connected" in cl[2:]:
            # IPv6: the source IGP's connected prefixes come along only with this keyword
            # (see RouteFacts.connected_by_keyword)
            facts.redistribute_include_connected.add(n.line)
        if cl[0] == "redistribute" and "metric-type" in cl[2:-1]:
            # OSPF 'redistribute P ... metric-type 1|2' (type 2 when absent)
            facts.redistribute_type[n.line] = _after(cl, "metric-type", 2)
    _maximum_paths(facts, key, nodes)
    _distribute(facts, key, nodes)


# protocols whose 'redistribute' names a process (BGP's AS number is its only instance)
_NUMBERED = frozenset({"ospf", "eigrp"})


def _maximum_paths(facts: RouteFacts, key: tuple[str, int, str], nodes: Sequence[Node]) -> None:
    """``maximum-paths N``, ``maximum-paths ibgp N`` and ``maximum-paths eibgp N``."""
    paths, ibgp = facts.maximum_paths.get(key, (None, None))
    for n in nodes:
        cl = n.text.lower().split()
        if cl[0] != "maximum-paths" or len(cl) < 2 or not cl[-1].isdigit():
            continue
        if cl[1] == "ibgp":
            ibgp = int(cl[-1])
        elif cl[1] == "eibgp":
            paths = ibgp = int(cl[-1])
        else:
            paths = int(cl[-1])
    if paths is not None or ibgp is not None:
        facts.maximum_paths[key] = (paths, ibgp)


def area_id(text: str) -> str:
    """An OSPF area as IOS shows it in ``show ip ospf``: ``0.0.0.10`` and ``10`` are area 10."""
    if text.isdigit():
        return str(int(text))
    addr = ip_or_none(text)
    return str(int(addr)) if addr is not None else text


def ospf_areas(facts: RouteFacts, key: tuple[int, str], nodes: Sequence[Node]) -> None:
    """``default-information originate``, ``area A range P M [advertise | not-advertise]
    [cost N]`` (OSPFv3: ``area A range P/L ...``),
    ``area A stub [no-summary]``,
    ``area A nssa [no-summary] [default-information-originate]``, ``area A filter-list
    prefix NAME in|out`` and ``compatible rfc1587``."""
    for n in nodes:
        cw = n.text.split()
        cl = [x.lower() for x in cw]
        if cl[:2] == ["default-information", "originate"]:
            facts.ospf_default[key] = (
                "always" in cl,
                _after(cl, "metric", 1),
                _after(cl, "metric-type", 2),
                n.line,
            )
        if cl[:2] == ["compatible", "rfc1587"]:
            facts.ospf_rfc1587.add(key)
        if cl[0] == "router-id" and len(cw) > 1:
            facts.ospf_router_id[key] = cw[1]
        if cl[0] != "area" or len(cw) < 3:
            continue
        area = area_id(cw[1])
        if cl[2] == "range" and len(cw) > 3 and ":" in cw[3]:
            # OSPFv3: 'area A range PREFIX/LENGTH' (the IPv6 view's process)
            with contextlib.suppress(ValueError):
                range_entry(facts, key, area, IPv6Network(cw[3], strict=False), cl, n.line)
        elif cl[2] == "range" and len(cw) > 4:
            net = mask_network(cw[3], cw[4])
            if net is not None:
                range_entry(facts, key, area, net.network, cl, n.line)
        elif cl[2] == "virtual-link" and len(cw) > 3:
            facts.ospf_vlinks.setdefault(key, []).append((area, cw[3], n.line))
        elif cl[2] == "stub":
            facts.ospf_stubs.setdefault(key, {})[area] = "no-summary" in cl
        elif cl[2] == "nssa":
            kinds = ("no-summary" in cl, "default-information-originate" in cl)
            facts.ospf_nssa.setdefault(key, {})[area] = kinds
            # 'translate type7 suppress-fa' (translated type 5 LSAs carry 0.0.0.0: Cisco "OSPF
            # Forwarding Address Suppression in Translated Type-5 LSAs"), 'no-redistribution'
            # (an ABR's redistributed routes stay out of the NSSA: no type 7 of its own),
            # 'translate type7 always' (a forced translator: RFC 3101 section 3.1's Nt bit)
            opts = {w for w in ("suppress-fa", "no-redistribution", "always") if w in cl}
            if opts:
                facts.ospf_nssa_opts.setdefault(key, {})[area] = frozenset(opts)
        elif cl[2:4] == ["filter-list", "prefix"] and len(cw) > 5 and cl[5] in {"in", "out"}:
            facts.ospf_area_filters.setdefault(key, {})[(area, cl[5])] = cw[4]


def range_entry(
    facts: RouteFacts, key: tuple[int, str], area: str, net: Any, cl: list[str], line: int
) -> None:
    """One ``area A range P ... [advertise | not-advertise] [cost N]`` (``net`` an IPv4 or,
    for OSPFv3, an IPv6 network): advertised unless ``not-advertise``, at cost N when given
    (Cisco IOS IPv6 Command Reference, ``area range (IPv6)``; the IPv4 command likewise)."""
    facts.ospf_ranges.setdefault(key, []).append((area, net, "not-advertise" not in cl, line))
    if "cost" in cl[:-1] and cl[cl.index("cost") + 1].isdigit():
        facts.ospf_range_cost[(key, net)] = int(cl[cl.index("cost") + 1])


def _after(cl: list[str], word: str, default: int) -> int:
    """The number after ``word`` in ``cl`` (``default`` when absent)."""
    if word in cl[:-1] and cl[cl.index(word) + 1].isdigit():
        return int(cl[cl.index(word) + 1])
    return default


def _distribute(facts: RouteFacts, key: tuple[str, int, str], nodes: Sequence[Node]) -> None:
    """``distribute-list prefix NAME | route-map NAME | ACL in|out [interface]``."""
    out = facts.distribute.setdefault(key, [])
    for n in nodes:
        cw = n.text.split()
        cl = [x.lower() for x in cw]
        if cl[0] != "distribute-list" or len(cw) < 3:
            continue
        kind, rest = (cl[1], cw[2:]) if cl[1] in {"prefix", "route-map"} else ("acl", cw[1:])
        if kind == "acl" and cl[1] == "gateway":
            continue  # a filter on the advertising router, not on prefixes
        if len(rest) < 2 or rest[1].lower() not in {"in", "out"}:
            continue
        iface = canonical_interface(" ".join(rest[2:4])) if len(rest) > 2 else None
        out.append((kind, rest[0], rest[1].lower(), iface, n.line))
    if not out:
        del facts.distribute[key]


def _redistributions(nodes: Sequence[Node]) -> list[tuple[str, int, str | None]]:
    """``redistribute PROTO ... [route-map NAME]``: (protocol, line, route map)."""
    out = []
    for n in nodes:
        cw = n.text.split()
        cl = [x.lower() for x in cw]
        if cl[0] == "redistribute" and len(cl) > 1:
            rmap = cw[cl.index("route-map") + 1] if "route-map" in cl[:-1] else None
            out.append((cl[1], n.line, rmap))
    return out
