"""Route policy applied by the routing model: route maps on redistribution and on BGP
neighbours (in and out), and ``distribute-list`` filters in EIGRP (in and out, per interface or
for all) and OSPF (in: what enters the routing table; OSPF still floods the LSA).

The verdicts come from :class:`dmvpngen.parse.routemaps.Policies`; here they are applied to
the model's candidates: a deny drops the candidate, a permit applies the sequence's ``set``
clauses (tag, metric, relative metric, OSPF metric type, local-preference, weight, community,
BGP origin).
"""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpngen.parse.bgppolicy import community_order
from dmvpngen.parse.routemaps import Clause, Policies
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.protocols import Cand, eigrp_metric

__all__ = [
    "filter_list",
    "filtered",
    "filters",
    "outbound_paths",
    "redistributed",
    "route_map_in",
    "signature",
]


def _sets(c: Cand, clause: Clause | None, proto: str) -> Cand:
    if clause is None:
        return c
    metric, bw, delay = c.metric, c.bw, c.delay
    values = clause.set_metric
    if values and proto == "eigrp" and len(values) >= 2:
        # 'set metric bandwidth delay reliability load mtu': delay in tens of microseconds
        bw, delay = values[0], values[1]
        metric = eigrp_metric(bw, delay)
    elif values and proto != "eigrp":
        metric = values[0]
    delta = clause.set_metric_delta
    if delta is not None and proto in _SHIFT_MAX and metric >= 0:
        metric = min(max(metric + delta, 0), _SHIFT_MAX[proto])
    communities = c.communities
    if clause.set_community is not None:
        # 'set community' replaces the route's communities, 'additive' adds to them
        communities = clause.set_community
        if clause.set_community_additive:
            communities = tuple(sorted({*c.communities, *communities}, key=community_order))
    e1 = c.e1 if clause.set_metric_type is None else clause.set_metric_type == 1
    # 'set origin' is a BGP attribute: a map on an IGP's redistribution does not read it
    origin = clause.set_origin if clause.set_origin is not None and proto == "bgp" else None
    return c._replace(
        e1=e1,
        set_origin=c.set_origin if origin is None else origin,
        # a MED set here is a MED the path carries on
        no_med=c.no_med and not ((values or delta is not None) and proto == "bgp"),
        communities=communities,
        tag=c.tag if clause.set_tag is None else clause.set_tag,
        local_pref=c.local_pref if clause.set_local_pref is None else clause.set_local_pref,
        weight=c.weight if clause.set_weight is None else clause.set_weight,
        metric=metric,
        bw=bw,
        delay=delay,
    )


# 'set metric +N' / '-N': the protocols whose metric it shifts, and the largest value each
# field holds (BGP's MED: 32 bits; OSPF's external metric: 24 bits, RFC 2328 A.4.5). IOS says
# 'Add or subtract metric' (its CLI help) and Cisco Press that "the + and - keywords enable
# you to increase or decrease the current metric" ("CCIE Practical Studies, Volume II"); no
# Cisco document says what happens past either end: the model stops at 0 and at the largest
# value (batfish/batfish issue 6338 reports one IOS router giving 294967295 for a subtraction
# below 0, an observation without its config). EIGRP is left out: a single value does not set
# its vector metric (see above), and those who tried a relative one on IOS report it does not
# add to the composite metric (Cisco Community, "Set metric +/-<metric>", 2010).
_SHIFT_MAX = {"bgp": 4294967295, "ospf": 16777215}


def route_map_in(
    policies: Policies,
    name: str | None,
    c: Cand,
    proto: str,
    interface: str | None = None,
    path: tuple[int, ...] | None = None,
    terms: bool = True,
) -> Cand | None:
    """``c`` through route map ``name`` (None: no map). Where BGP applies the map to a
    neighbour (``terms``), ``match as-path`` and ``match community`` read the route's AS path
    (``path`` when given: an outbound map sees the path before the router's own AS is
    prepended) and communities, and a map that is not defined denies every route (IOS:
    batfish/batfish pull request 6523); elsewhere an undefined map lets everything through,
    no source settling the release's behaviour (NET096 says so)."""
    if name is None:
        return c
    bgp = (c.as_path if path is None else path, c.communities) if terms and proto == "bgp" else None
    verdict = policies.route_map(name, c.prefix, c.tag, interface or c.port, bgp)
    if verdict is None:
        return None if bgp is not None else c
    return _sets(c, verdict.clause, proto) if verdict.permit else None


def redistributed(inst: Instance, name: str | None, c: Cand, interface: str | None) -> Cand | None:
    """A redistributed candidate (its route leaving by ``interface``) through the
    ``redistribute ... route-map`` map. A static or IGP route has no AS path or communities
    yet: IOS redistributes it into BGP through a sequence that matches on them as if the
    term were absent (batfish/batfish issue 6333, observed on Cisco routers), so the terms
    are not read here."""
    policies = inst.router.facts.policies
    return route_map_in(policies, name, c, inst.proto, interface, terms=False)


def filters(inst: Instance, direction: str, port: str | None) -> list[tuple[str, str]]:
    """The ``distribute-list`` (kind, name) of ``inst`` for ``direction`` on ``port`` (the ones
    for every interface and the one for ``port``; IOS applies both)."""
    lists = inst.router.facts.distribute.get(
        (inst.proto, inst.ident, "" if inst.proto == "bgp" else inst.vrf), []
    )
    return [(k, n) for k, n, d, iface, _l in lists if d == direction and iface in (None, port)]


def filtered(inst: Instance, lists: list[tuple[str, str]], prefix: IPv4Network, tag: int) -> bool:
    """Does any of ``lists`` drop ``prefix``?"""
    policies = inst.router.facts.policies
    return any(not policies.allows(kind, name, prefix, tag) for kind, name in lists)


def signature(inst: Instance, names: list[str | None]) -> object:
    """What decides ``inst``'s verdicts with maps ``names``: receivers with the same
    signature filter alike (their received tables are shared)."""
    if not any(names):
        return None
    return (tuple(names), inst.router.facts.policies.signature)


# what filters a receiver's input: a BGP neighbour's inbound route map, or EIGRP's inbound
# distribute lists for the interface; with the router's policies, as receivers sharing a table
# must filter alike
InPolicy = tuple[str | None, tuple[tuple[str, str], ...], object]


def inbound(inst: Instance, pol: InPolicy, c: Cand) -> Cand | None:
    """``c`` as the receiver's inbound filters ``pol`` let it in (None: dropped)."""
    rmap, lists, _sig = pol
    paths = [n for k, n in lists if k == "as-path"]
    if paths:
        if not all(filter_list(inst.router.facts.policies, n, c.as_path) for n in paths):
            return None
        lists = tuple(x for x in lists if x[0] != "as-path")
    if lists and filtered(inst, list(lists), c.prefix, c.tag):
        return None
    return route_map_in(inst.router.facts.policies, rmap, c, inst.proto)


def filter_list(policies: Policies, name: str, path: tuple[int, ...]) -> bool:
    """Does ``neighbor ... filter-list name`` let a route with AS path ``path`` through? The
    ``ip as-path access-list`` entries in order, first match decides, implicit deny (Cisco
    "IP Routing: BGP Configuration Guide", *BGP Filtering*: filter lists). A list that is
    not defined lets everything through: no source settles what IOS does then."""
    if name not in policies.as_paths:
        return True
    return policies.as_path(name, path)


def ospf_filtered(inst: Instance, c: Cand) -> bool:
    """OSPF ``distribute-list ... in [interface]``: the interface the route was learned on."""
    return filtered(inst, filters(inst, "in", c.port), c.prefix, c.tag)


def outbound_paths(sender: Instance, name: str, sent: list[Cand], ebgp: bool) -> list[Cand]:
    """``sent`` through ``neighbor ... filter-list name out``, which sees the AS path before
    the sender's own AS is prepended (as an outbound route map does)."""
    policies = sender.router.facts.policies
    return [c for c in sent if filter_list(policies, name, c.as_path[1:] if ebgp else c.as_path)]
