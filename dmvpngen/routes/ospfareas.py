"""What OSPF floods on one interface: its area's routes as they are, the border router's
inter-area summaries (``area range``, ``area filter-list``), external routes everywhere but
into stub areas, and NSSA type 7 routes within their area, translated to type 5 by the border
router.

Areas as OSPF builds them: RFC 2328 sections 12.4.3 and 16.2 (areas and summaries), RFC 3101
(NSSA), Cisco "Configuring OSPF" and Cisco document 6208, "OSPF Not-So-Stubby Areas (NSSA)".
"""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network

from dmvpngen.routes.instances import Instance
from dmvpngen.routes.nssaelect import Translators
from dmvpngen.routes.ospffa import toward_fa
from dmvpngen.routes.protocols import Cand, originated

__all__ = ["blocked", "ospf_advert"]

# the default route of each family (an OSPFv3 stub area's default is ::/0)
_DEFAULT: dict[int, IPv4Network] = {4: IPv4Network("0.0.0.0/0"), 6: IPv6Network("::/0")}  # type: ignore[dict-item]


def ospf_advert(
    inst: Instance, port: str, table: dict[IPv4Network, Cand], elected: Translators = None
) -> list[Cand]:
    """What ``inst`` floods on ``port`` (in the port's area), third-party next hop kept on
    shared networks (broadcast / non-broadcast).

    Areas as OSPF builds them (RFC 2328 sections 12.4.3 and 16.2; Cisco "Configuring OSPF"):
    routes of the port's area flood as they are (intra-area, and the summaries the area's
    border routers originated); a border router (backbone and another area) summarises its
    other areas' intra-area routes into the area as inter-area routes, covered by its
    ``area A range`` when one applies, and passes the backbone's inter-area routes on into a
    non-backbone area, never the reverse; external routes flood everywhere but into stub
    areas, which get a default route from the border router instead, and a totally stubby area
    (``no-summary``) gets nothing else from outside. ``elected``: the NSSA border routers
    that translate type 7 routes (RFC 3101 section 3.1: :mod:`dmvpngen.routes.nssaelect`)."""
    s = inst.interfaces[port]
    area = s.area
    keep = s.ospf_type in {"broadcast", "non-broadcast"}
    stub = inst.stubs.get(area)  # None: not stub; True: totally stubby
    nssa = inst.nssa.get(area)  # None: not NSSA; (no-summary, default-information-originate)
    totally = bool(stub) or (nssa is not None and nssa[0])
    open_area = stub is None and nssa is None  # takes type 5 externals
    out: list[Cand] = []
    ranges: dict[IPv4Network, tuple[Cand | None, int]] = {}
    mine = _own_ranges(inst)
    for c in table.values():
        kind = c.ospf or "intra"
        if mine and kind == "inter" and c.prefix in mine:
            # another border router's summary of a range this one advertises too: ignored
            # (RFC 2328 section 16.2 (3)), neither passed on nor in the way of its own
            continue
        same = c.area == area or not c.area
        if kind == "nssa":
            # type 7 floods within its NSSA; the border router translates it into a type 5
            # for the areas that take external routes (RFC 3101 section 3), unless its P-bit
            # is clear
            if c.area == area:
                sent = c._replace(next_hop=c.next_hop if keep and c.port == port else None)
                out.append(toward_fa(inst, port, table, sent) if c.fa is not None else sent)
            elif (
                inst.abr
                and not c.p_clear
                and c.area in inst.nssa
                and open_area
                # only the NSSA's elected translator (or a forced one) translates
                and (elected is None or (inst.key, c.area) in elected)
            ):
                out.append(translated(inst, port, table, c))
            continue
        if kind == "ext":
            if open_area:
                sent = c._replace(next_hop=c.next_hop if keep and c.port == port else None)
                out.append(toward_fa(inst, port, table, sent) if c.fa is not None else sent)
            elif nssa is not None and inst.abr and _own_type7(inst, c, area):
                # an NSSA border router that redistributes also originates a type 7 into the
                # NSSA, P-bit clear, unless 'area A nssa no-redistribution' (Cisco document
                # 6208, "OSPF Not-So-Stubby Areas (NSSA)"; RFC 3101 section 2.7)
                out.append(c._replace(next_hop=None, ospf="nssa", area=area, p_clear=True, fa=None))
            continue
        if same:
            out.append(c._replace(next_hop=c.next_hop if keep and c.port == port else None))
            continue
        if not inst.abr or totally or blocked(inst, c.prefix, c.area, area):
            continue
        if kind == "intra":
            covering = [
                (n, adv, line)
                for n, adv, line in inst.ranges.get(c.area, ())
                if c.prefix.subnet_of(n)
            ]
            if covering:
                for n, adv, line in covering:
                    best = ranges.get(n, (None, line))[0]
                    if adv and (best is None or c.metric < best.metric):
                        ranges[n] = (c, line)
                continue
        elif c.area != "0" or area == "0":
            continue  # inter-area routes cross the backbone only from it
        out.append(c._replace(next_hop=None, ospf="inter", area=area))
    me = inst.router.name
    for n, (comp, line) in sorted(ranges.items()):
        if comp is not None and blocked(inst, n, comp.area, area):
            continue
        held = table.get(n)
        if comp is not None and (held is None or n in mine):
            why = f"area range on {me}"
            summary = originated(n, comp, me, why, line, ospf="inter", area=area)
            out.append(_range_cost(inst, summary))
    default = _DEFAULT[s.port.address.version]
    if inst.abr and stub is not None:
        why = f"stub area {area} default from {me}"
        out.append(originated(default, None, me, why, None, ospf="inter", area=area))
    elif inst.abr and nssa is not None and (nssa[0] or nssa[1]):
        # a totally stubby NSSA gets a type 3 default; 'default-information-originate' a
        # type 7 one; a plain NSSA none (Cisco document 6208, "OSPF Not-So-Stubby Areas")
        kind = "inter" if nssa[0] else "nssa"
        why = f"NSSA {area} default from {me}"
        out.append(originated(default, None, me, why, None, ospf=kind, area=area))
    return out


def _own_type7(inst: Instance, c: Cand, area: str) -> bool:
    """Does this border router originate a type 7 into NSSA ``area`` for its own
    redistributed route ``c``?"""
    if c.via is not None or c.kind not in {"redistributed", "static"}:
        return False
    if c.why == "default-information originate":
        return False  # an NSSA's default comes from 'area A nssa default-information-originate'
    opts = inst.router.facts.ospf_nssa_opts.get((inst.ident, inst.vrf), {}).get(area, ())
    return "no-redistribution" not in opts


def translated(inst: Instance, port: str, table: dict[IPv4Network, Cand], c: Cand) -> Cand:
    """The type 5 this NSSA border router translates the type 7 ``c`` into: the same
    forwarding address (RFC 3101 section 3.2), or 0.0.0.0 with ``area A nssa translate type7
    suppress-fa`` on the type 7's area, which sends the other areas' traffic to this router.
    Without an address the route's cost keeps counting from the NSSA ASBR (this router's own
    cost to it included): the model knows no LSA's originator, and a count that restarted here
    would make this router prefer its own translation echoed back by a neighbour."""
    opts = inst.router.facts.ospf_nssa_opts.get((inst.ident, inst.vrf), {}).get(c.area, ())
    out = c._replace(next_hop=None, ospf="ext", area="")
    if "suppress-fa" in opts or out.fa is None:
        return out._replace(fa=None)
    return toward_fa(inst, port, table, out)


def _range_cost(inst: Instance, summary: Cand) -> Cand:
    """The range's summary at the ``cost N`` of its ``area A range`` line, when given (else at
    its best component's cost, as originated)."""
    costs = inst.router.facts.ospf_range_cost
    cost = costs.get(((inst.ident, inst.vrf), summary.prefix)) if costs else None
    return summary if cost is None else summary._replace(metric=cost)


def _own_ranges(inst: Instance) -> frozenset[IPv4Network]:
    """The ranges this border router advertises (``area A range`` without
    ``not-advertise``)."""
    if not inst.abr or not inst.ranges:
        return frozenset()
    return frozenset(n for rs in inst.ranges.values() for n, adv, _line in rs if adv)


def blocked(inst: Instance, prefix: IPv4Network, source: str, target: str) -> bool:
    """Does ``area A filter-list prefix NAME in|out`` on this border router keep the
    inter-area route for ``prefix`` (from area ``source``) out of area ``target``? ``out``
    filters what leaves area A, ``in`` what enters it (Cisco "OSPF ABR Type 3 LSA
    Filtering")."""
    if not inst.area_filters:
        return False
    policies = inst.router.facts.policies
    for (area, direction), name in inst.area_filters.items():
        applies = (direction, area) in {("out", source), ("in", target)}
        if applies and not policies.prefix_list(name, prefix):
            return True
    return False
