"""What a protocol instance takes in by redistribution, and at what metric: the seed (inline
``metric``, ``default-metric``, each protocol's default), OSPF's external type and forwarding
address, and the filters an ASBR applies on the way in."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network

from dmvpngen.routes.instances import Instance
from dmvpngen.routes.model import Route
from dmvpngen.routes.ospffa import external_address
from dmvpngen.routes.policy import filtered, redistributed
from dmvpngen.routes.protocols import Cand, eigrp_metric

__all__ = ["igp_med", "redistributed_routes", "seed_metric"]

_REDIST = {
    "connected": {"connected"},
    "static": {"static"},
    "eigrp": {"eigrp", "eigrp-ex"},
    "ospf": {"ospf"},
    "bgp": {"ebgp", "ibgp"},
}


def redistributed_routes(
    inst: Instance, vrf_table: dict[IPv4Network, Route], own: dict[IPv4Network, Cand]
) -> dict[IPv4Network, Cand]:
    """The routes of the router's table (``vrf_table``) that ``inst``'s redistribute lines
    take in this round, as candidates of ``inst`` (none of the prefixes ``own`` already
    originates)."""
    me = inst.router.name
    taken: dict[IPv4Network, Cand] = {}
    external, external_area = _external(inst)
    # OSPF and BGP never redistribute a default route: that takes 'default-information
    # originate' (Cisco document 13692, "How OSPF Injects a Default Route into a Normal Area";
    # BGP likewise); EIGRP does
    no_default = inst.proto in {"ospf", "bgp"}
    for proto, line, rmap in inst.redistribute:
        wanted = _REDIST.get(proto, set())
        seed = seed_metric(inst, line, proto)
        if seed is None and rmap is None:
            continue  # no metric: EIGRP advertises none of these routes
        # without a seed only the route map's 'set metric' lets a route in (the -1 stays
        # on the routes it does not set)
        metric, bw, delay = seed or (-1, 0, 0)
        lists = _asbr_lists(inst, proto)
        # OSPF: E2 unless 'metric-type 1' (a route map's 'set metric-type' wins)
        e1 = inst.proto == "ospf" and inst.router.facts.redistribute_type.get(line) == 1
        source = inst.router.facts.redistribute_process.get(line)
        if source is not None and proto == inst.proto and source == inst.ident:
            continue  # a process does not redistribute itself (IOS refuses the command)
        keeps_cost = _keeps_cost(inst, line, proto) or igp_med(inst, line)
        seeded = _connected_seed(inst, line, metric)
        # a type 7 of 'redistribute ... nssa-only' has the P-bit clear
        p_clear = external == "nssa" and line in inst.router.facts.redistribute_nssa_only
        area = _covered(inst, line, proto, source)
        for r in vrf_table.values():
            if no_default and r.prefix.prefixlen == 0:
                continue
            if lists and filtered(inst, lists, r.prefix, r.tag):
                continue
            if source is not None and r.protocol in wanted and r.process != source:
                continue  # another process's route: 'redistribute ospf 1' takes process 1's
            covered = r.protocol == "connected" and r.interface in area
            # a static to Null0 is redistributed like any static (the usual way to originate
            # a summary); the discard routes summaries install are not (their protocols are
            # 'eigrp-summary', 'ospf-summary', 'bgp-aggregate', which no keyword names)
            if (r.protocol in wanted or covered) and r.prefix not in own and r.prefix not in taken:
                kind = "static" if r.protocol == "static" else "redistributed"
                c = Cand(
                    r.prefix,
                    r.metric if keeps_cost and not covered else seeded(r),
                    None,
                    None,
                    None,
                    me,
                    f"redistribute {proto}",
                    line,
                    external=True,
                    delay=delay,
                    bw=bw,
                    weight=32768,
                    kind=kind,
                    tag=r.tag,
                    ospf=external if inst.proto == "ospf" else "",
                    area=external_area,
                    e1=e1,
                    fa=external_address(inst, r, external, external_area, p_clear),
                    p_clear=p_clear,
                )
                passed = redistributed(inst, rmap, c, r.interface) if rmap else c
                if passed is not None and passed.metric >= 0:
                    taken[r.prefix] = passed
    return taken


def seed_metric(inst: Instance, line: int, proto: str) -> tuple[int, int, int] | None:
    """(metric, bandwidth, delay) a redistributed route enters ``inst`` with: the inline
    ``redistribute ... metric`` (EIGRP: bandwidth in kbit/s and delay in tens of
    microseconds, the first two of its five values; OSPF: the external cost), else the
    process's ``default-metric``, else this model's default (a route map's ``set metric``
    still wins, as IOS applies it after). None: EIGRP has no metric for routes of another
    protocol (OSPF, BGP, RIP...), which IOS then does not advertise: only connected, static
    and EIGRP routes get an implicit one (Cisco document 8606, "Redistributing Routing
    Protocols": metrics; Cisco "Routing Configuration Guide, IOS XE 16.6", default-metric
    for "all non-EIGRP redistributed routes")."""
    values = inst.router.facts.redistribute_metric.get(line)
    if values is None and inst.router.facts.default_metric:
        values = inst.router.facts.default_metric.get(_key(inst), ((), 0))[0] or None
    if inst.proto == "eigrp":
        if values and len(values) >= 2:
            return eigrp_metric(values[0], values[1]), values[0], values[1]
        if proto not in _IMPLICIT:
            return None
        return eigrp_metric(100000, 100), 100000, 100
    if inst.proto == "ospf":
        # OSPF's default external cost: 1 for BGP routes, 20 for every other source (Cisco
        # Press, "Cisco OSPF Command and Configuration Handbook", default-metric)
        return (values[0] if values else 1 if proto == "bgp" else 20), 100000, 100
    # BGP: the inline metric or 'default-metric' is the MED (without either, each route's own
    # metric: igp_med)
    return (values[0] if values else 0), 100000, 100


def _connected_seed(inst: Instance, line: int, metric: int) -> Callable[[Route], int]:
    """The external cost of each route the redistribute line ``line`` takes in (``metric``:
    the line's seed). OSPF's ``default-metric`` does not reach connected routes: without an
    inline ``metric`` they enter at 20 (batfish/batfish issue 6336, observed on Cisco
    routers: ``redistribute connected`` beside ``default-metric 100`` still gives 20; the
    Cisco Press handbook's "all other redistributed protocols" default is 20); a route map's
    ``set metric`` still wins."""
    facts = inst.router.facts
    if inst.proto != "ospf" or line in facts.redistribute_metric:
        return lambda r: metric
    if _key(inst) not in facts.default_metric:
        return lambda r: metric
    return lambda r: 20 if r.protocol == "connected" else metric


def _keeps_cost(inst: Instance, line: int, proto: str) -> bool:
    """OSPF redistributing another OSPF process without a metric (inline or
    ``default-metric``): each route keeps its cost in the source process, as an E2 route
    unless ``metric-type 1`` (Cisco Press, "CCNP ROUTE 642-902 Official Certification Guide",
    *Redistribution into OSPF*: the default metric is the source route's cost when it comes
    from another OSPF process, 1 from BGP, 20 from every other source)."""
    if inst.proto != "ospf" or proto != "ospf":
        return False
    facts = inst.router.facts
    return line not in facts.redistribute_metric and _key(inst) not in facts.default_metric


def igp_med(inst: Instance, line: int) -> bool:
    """BGP redistributing without a metric (inline or ``default-metric``): each route's MED is
    its metric in the routing table (the OSPF cost, the EIGRP composite metric; 0 for connected
    and static routes), as for a ``network`` statement's route (Cisco Press, "Cisco BGP-4
    Command and Configuration Handbook", ``redistribute protocol``: "The metric of the
    non-BGP-learned routes is transferred to the metric or multi-exit discriminator (MED) of
    the new BGP route"; batfish/batfish pull requests 6425 and 6475, observed on IOS). A
    route map's ``set metric`` still wins."""
    if inst.proto != "bgp":
        return False
    facts = inst.router.facts
    return line not in facts.redistribute_metric and _key(inst) not in facts.default_metric


def _covered(inst: Instance, line: int, proto: str, source: int | None) -> frozenset[str]:
    """The interfaces whose connected prefixes the redistribute line ``line`` takes in with
    the routes of ``proto`` (process ``source``): those that protocol runs on (Cisco document
    8606, "Redistributing Routing Protocols", connected routes). IPv6 takes them only with
    ``include-connected`` (Cisco IOS IPv6 Command Reference, ``redistribute (IPv6)``,
    ``include-connected``: "Allows the target protocol to redistribute routes learned by the
    source protocol and connected prefixes on those interfaces over which the source protocol
    is running", the reference's words as INE quotes them in "Understanding How Route
    Redistribution Works in IPv6", 2008, which adds that IPv4 takes them without a keyword;
    the Cisco page itself was not at hand), for every target: BGP, OSPFv3 and EIGRP alike."""
    facts = inst.router.facts
    if facts.connected_by_keyword and line not in facts.redistribute_include_connected:
        return frozenset()
    return inst.covered.get(proto if source is None else f"{proto} {source}", frozenset())


# what EIGRP redistributes without a metric
_IMPLICIT = frozenset({"connected", "static", "eigrp"})


def _key(inst: Instance) -> tuple[str, int, str]:
    """``inst``'s key in the route facts (BGP's has no VRF)."""
    return (inst.proto, inst.ident, "" if inst.proto == "bgp" else inst.vrf)


def _external(inst: Instance) -> tuple[str, str]:
    """The kind of OSPF external route ``inst`` originates: type 7 (``nssa``, in its area)
    when every OSPF interface of the router is in one NSSA, else type 5 (``ext``)."""
    if inst.proto != "ospf" or not inst.nssa:
        return "ext", ""
    areas = {s.area for s in inst.interfaces.values()}
    if len(areas) == 1 and next(iter(areas)) in inst.nssa:
        return "nssa", next(iter(areas))
    return "ext", ""


def _asbr_lists(inst: Instance, proto: str) -> list[tuple[str, str]]:
    """OSPF ``distribute-list NAME out [PROTOCOL]``: on an ASBR it filters the routes
    redistributed into OSPF (from ``PROTOCOL`` only when one is named), never OSPF's own
    routes (Cisco "IP Routing: OSPF Command Reference", distribute-list out)."""
    if inst.proto != "ospf" or not inst.router.facts.distribute:
        return []
    lists = inst.router.facts.distribute.get(("ospf", inst.ident, inst.vrf), [])
    return [
        (kind, name)
        for kind, name, direction, source, _line in lists
        if direction == "out" and (source is None or source.lower() == proto)
    ]
