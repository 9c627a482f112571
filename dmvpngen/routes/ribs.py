"""A router's routing table from its protocols' converged tables: each learned candidate as
a route (protocol, distance, provenance), the summary and aggregate discard routes, then the
static routes that resolve."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.routes.bgptables import owns
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.localroutes import install_statics
from dmvpngen.routes.model import DISTANCE, Rib, Route
from dmvpngen.routes.ospffa import fa_resolves
from dmvpngen.routes.policy import ospf_filtered
from dmvpngen.routes.protocols import Cand

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network

__all__ = ["build_rib", "learned_route"]

Key = tuple[str, str, int, str]


_LABEL = {"eigrp": "EIGRP", "ospf": "OSPF", "bgp": "BGP"}


def build_rib(
    net: Network,
    router: object,
    tables: dict[Key, dict[IPv4Network, Cand]],
    connected: Rib,
    learned: dict[tuple[int, str, int, str], tuple[Cand, Route]] | None = None,
) -> Rib:
    from dmvpngen.routes.topology import Router

    learned = {} if learned is None else learned
    assert isinstance(router, Router)
    rib = connected.copy()  # the connected routes, built once per computation
    for key in net.by_router.get(router.name, []):
        inst = net.instances[key]
        table = tables[key]
        # OSPF 'distribute-list ... in [interface]' keeps routes out of the table only
        rib_filter = inst.proto == "ospf" and bool(inst.router.facts.distribute)
        for c in table.values():
            if c.via is None:
                continue  # originated here: the connected / static route is already there
            if rib_filter and ospf_filtered(inst, c):
                continue
            if c.fa is not None and not fa_resolves(table, c.fa):
                continue  # an external whose forwarding address OSPF does not reach
            at = (id(c), key[1], key[2], key[3])
            hit = learned.get(at)
            if hit is None or hit[0] is not c:
                hit = learned[at] = (c, learned_route(inst, c))
            rib.offer(hit[1], inst.vrf)
        _discards(inst, table, rib)
    install_statics(router, rib)
    return rib


def learned_route(inst: Instance, c: Cand) -> Route:
    """The RIB entry for candidate ``c`` learned by ``inst``."""
    proto = _protocol(inst.proto, c)
    why = f"{_LABEL[inst.proto]} {inst.ident} from {c.via}"
    if c.origin != c.via:
        why += f", originated by {c.origin}"
    if c.arrival:
        # the age step decided (bgpties): say so wherever the route is named
        why += (
            f", taken over the equal eBGP path from {c.arrival}"
            " (IOS keeps the older path: not known from configs)"
        )
    if c.decided:
        # a late best-path step chose it over another iBGP path (bgpigp): say which and why
        why += f", {c.decided}"
    return Route(
        c.prefix,
        proto,
        DISTANCE[proto],
        c.metric,
        c.port if inst.proto != "bgp" else None,
        c.next_hop,
        c.origin,
        c.via,
        why,
        None,
        c.tag,
        inst.ident,
        c.arrival,
        c.decided,
    )


def _protocol(proto: str, c: Cand) -> str:
    if proto == "eigrp":
        return "eigrp-ex" if c.external else "eigrp"
    if proto == "bgp":
        return "ibgp" if c.ibgp else "ebgp"
    return proto


def _discards(inst: Instance, table: dict[IPv4Network, Cand], rib: Rib) -> None:
    """Summary (EIGRP, AD 5) and aggregate (BGP, AD 200) discard routes on this router."""
    me = inst.router.name
    if inst.proto == "eigrp":
        for name, s in sorted(inst.interfaces.items()):
            for net, line in s.summaries:
                if any(p != net and p.subnet_of(net) for p in table):
                    rib.offer(
                        Route(
                            net,
                            "eigrp-summary",
                            5,
                            0,
                            "Null0",
                            None,
                            me,
                            None,
                            f"summary on {name}",
                            line,
                        ),
                        inst.vrf,
                    )
    elif inst.proto == "ospf" and inst.abr:
        # 'area A range' on a border router installs a discard route for the range while a
        # component is up (IOS 'discard-route internal', on by default; distance 110). Not
        # for 'not-advertise': the discard route guards the summary the router advertises
        # (Cisco IOS IP Routing: OSPF Command Reference, 'discard-route': "to prevent the
        # routing loop" when "data is sent to a nonexisting network that appears to be a
        # part of the summary"), and a range kept out of the other areas draws no such
        # traffic; batfish/batfish pull request 6724 models Cisco's not-advertise so, after
        # a vendor-by-vendor review. No Cisco document says it in words (docs/check.md)
        for area, ranges in sorted(inst.ranges.items()):
            for net, advertised, line in ranges:
                if not advertised:
                    continue
                inside = (
                    c.area == area
                    and c.ospf == "intra"
                    and c.prefix != net
                    and c.prefix.subnet_of(net)
                    for c in table.values()
                )
                if any(inside):
                    why = f"area {area} range"
                    route = Route(net, "ospf-summary", 110, 0, "Null0", None, me, None, why, line)
                    rib.offer(route, inst.vrf)
    elif inst.proto == "bgp":
        for g in inst.router.facts.aggregates:
            if not owns(inst.router, inst.vrf, g.line):
                continue
            if any(p != g.prefix and p.subnet_of(g.prefix) for p in table):
                kind = "aggregate-address summary-only" if g.summary_only else "aggregate-address"
                rib.offer(
                    Route(g.prefix, "bgp-aggregate", 200, 0, "Null0", None, me, None, kind, g.line),
                    inst.vrf,
                )
