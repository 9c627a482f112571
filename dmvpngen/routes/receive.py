"""What a protocol instance takes in each fixpoint round: the adverts of its neighbours as
it receives them (metric grown, inbound policy applied), the best candidate per prefix and the
ones that tie with it, shared by every receiver that hears the same adverts on the same terms;
and how its own originations merge with them."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.routes.bgpties import arrival_decides, bgp_router_id, last_steps
from dmvpngen.routes.instances import Adjacency, Instance
from dmvpngen.routes.multipath import tie, unequal, variance
from dmvpngen.routes.ospffa import lsa_order
from dmvpngen.routes.policy import InPolicy, filters, inbound, signature
from dmvpngen.routes.protocols import Cand, origin_code, receive
from dmvpngen.routes.sessions import neighbor_options

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network

__all__ = [
    "Hearing",
    "Received",
    "deterministic_med",
    "hearing",
    "merge",
    "prefer",
    "received",
    "received_key",
    "sender_port",
]

Key = tuple[str, str, int, str]


def sender_port(net: Network, a: Adjacency) -> str:
    """The sender's interface (IGP) or its neighbour entry for the receiver (BGP)."""
    return a.remote_port


Hearing = tuple[tuple[Adjacency, str, tuple[object, ...]], ...]


def hearing(net: Network, inst: Instance, adjs: list[Adjacency]) -> Hearing:
    """Per adjacency of ``inst``: the adjacency, the sender's port and the part of the received
    table's cache key that does not change from round to round."""
    out = []
    for a in adjs:
        sport = sender_port(net, a)
        params = recv_params(inst, a)
        out.append((a, sport, (a.remote, sport, a.port, a.remote_address, params)))
    return tuple(out)


# what one class of receivers takes in: the best candidate per prefix, and the candidates that
# tie with it (equal-cost paths through other neighbours)
Received = tuple[dict[IPv4Network, Cand], dict[IPv4Network, list[Cand]]]


def received(
    net: Network,
    inst: Instance,
    hearing: Hearing,
    adverts: dict[tuple[Key, str], list[Cand]],
    cache: dict[tuple[object, ...], Received],
) -> tuple[Received, object]:
    """The best of what ``inst`` hears this round (with the candidates that tie with it), and
    the key it is shared under: receivers with equal keys hear the same adverts on the same
    terms (an advert list is one per sender and port each round, so the sender and port stand
    for it)."""
    spread = variance(inst)
    always = med_rules(inst)
    key = received_key(inst, hearing)
    hit = cache.get(key)
    if hit is not None:
        return hit, key
    best: dict[IPv4Network, Cand] = {}
    tied: dict[IPv4Network, list[Cand]] = {}
    heard: list[Cand] | None = [] if spread > 1 else None
    # 'bgp deterministic-med': every path is kept until all are heard, then ranked by group
    grouped: dict[IPv4Network, list[Cand]] | None = {} if always[2] else None
    bgp = inst.proto == "bgp"
    for a, sport, (_, _, _, _, params) in hearing:
        sender = net.instances[a.remote]
        assert isinstance(params, tuple)
        for adv in adverts[(a.remote, sport)]:
            # the table is shared by every receiver of this class, so nothing receiver-specific
            # is filtered here: a receiver's own originations win over echoes in _merge
            if inst.proto == "bgp" and inst.ident in adv.as_path and not params[4]:
                continue
            c = receive(
                adv,
                sender=sender.router.name,
                sender_address=a.remote_address,
                port=a.port if inst.proto != "bgp" else None,
                proto=inst.proto,
                delay=params[0],
                bw=params[1],
                cost=params[2],
                ibgp=params[3],
                from_client=params[5],
            )
            if always[4]:  # 'bgp bestpath compare-routerid': the sender's router id decides
                c = c._replace(rid=bgp_router_id(sender.router))
            if params[6] is not None:  # an inbound route map or distribute list
                passed = inbound(inst, params[6], c)
                if passed is None:
                    continue
                c = passed
            prefix = c.prefix
            if heard is not None:
                heard.append(c)
            if grouped is not None:
                grouped.setdefault(prefix, []).append(c)
                continue
            old = best.get(prefix)
            if old is None:
                best[prefix] = c
            elif prefer(inst.proto, c, old, always):
                best[prefix] = _aged(c, old, always) if bgp else c
                if tie(inst.proto, c, old):
                    tied.setdefault(prefix, []).append(old)
                elif tied:
                    tied.pop(prefix, None)
            else:
                if bgp:
                    best[prefix] = _aged(old, c, always)
                if tie(inst.proto, c, old):
                    tied.setdefault(prefix, []).append(c)
    if grouped is not None:
        deterministic_med(grouped, best, tied, always)
    if heard is not None:
        unequal(heard, best, tied)
    cache[key] = (best, tied)
    return (best, tied), key


def received_key(inst: Instance, hearing: Hearing) -> tuple[object, ...]:
    """The key :func:`received` shares a result under: what it reads of ``inst`` and of the
    adverts' senders apart from the adverts themselves (static facts: the same every round)."""
    return (inst.proto, inst.ident, variance(inst), med_rules(inst), tuple(h[2] for h in hearing))


def recv_params(
    inst: Instance, a: Adjacency
) -> tuple[int, int, int, bool, bool, bool, InPolicy | None]:
    if inst.proto == "bgp":
        bgp = inst.router.device.bgp
        assert bgp is not None and a.port is not None
        o = neighbor_options(inst.router, bgp, a.port)
        rmap = o.route_map_in
        # a filter list rides with the distribute lists as ("as-path", list)
        paths = (("as-path", o.filter_in),) if o.filter_in else ()
        pol: InPolicy | None = (
            (rmap, paths, signature(inst, [rmap, o.filter_in])) if rmap or paths else None
        )
        return (0, 0, 0, a.remote[2] == inst.ident, o.allowas_in, o.rr_client, pol)
    s = inst.interfaces[a.port or ""]
    # OSPF's inbound lists only keep routes out of the routing table (the LSAs still flood):
    # applied when the RIB is built, not here
    eigrp_lists = inst.proto == "eigrp" and inst.router.facts.distribute
    lists = tuple(filters(inst, "in", a.port)) if eigrp_lists else ()
    pol = (None, lists, signature(inst, [n for _k, n in lists])) if lists else None
    return (s.port.delay, s.port.bandwidth, s.cost, False, False, False, pol)


def med_rules(inst: Instance) -> MedRules:
    """How an instance's router ranks paths beyond the metric: BGP (``bgp
    always-compare-med``, ``bgp bestpath med missing-as-worst``, ``bgp deterministic-med``),
    OSPF (``compatible rfc1587``, last)."""
    facts = inst.router.facts
    if inst.proto == "ospf" and facts.ospf_rfc1587:
        return (False, False, False, (inst.ident, inst.vrf) in facts.ospf_rfc1587, False)
    if inst.proto != "bgp":
        return _NO_RULES
    return (
        facts.always_compare_med,
        facts.med_missing_worst,
        facts.deterministic_med,
        False,
        facts.compare_routerid,
    )


# (always-compare-med, missing-as-worst, deterministic-med, OSPF compatible rfc1587,
# compare-routerid)
MedRules = tuple[bool, bool, bool, bool, bool]
_NO_RULES: MedRules = (False, False, False, False, False)
# 'bgp bestpath med missing-as-worst': a path without MED counts as 4,294,967,295
_WORST_MED = 4_294_967_295


def prefer(proto: str, a: Cand, b: Cand, med: MedRules = _NO_RULES) -> bool:
    if proto == "bgp":
        # weight, local-preference, locally originated, AS path length, origin code (IGP
        # before incomplete): steps 1-6 of Cisco document 13753, "BGP Best Path Selection
        # Algorithm"; MED is step 7, eBGP over iBGP step 8; the IGP metric to the next hop,
        # the oldest path and the router id (steps 9-12) are stood for by the neighbour name
        ka = (-a.weight, -a.local_pref, a.via is not None, len(a.as_path), origin_code(a))
        kb = (-b.weight, -b.local_pref, b.via is not None, len(b.as_path), origin_code(b))
        if ka != kb:
            return ka < kb
        # MED (the candidate's metric): lower wins, between paths from the same neighbouring
        # AS only unless 'bgp always-compare-med' (Cisco document 13753, "BGP Best Path
        # Selection Algorithm", step 7); a path without MED counts as 0, or as the worst
        # MED with 'bgp bestpath med missing-as-worst' (same document)
        med_a, med_b = a.metric, b.metric
        if med[1]:
            med_a = _WORST_MED if a.no_med else med_a
            med_b = _WORST_MED if b.no_med else med_b
        if med_a != med_b and (med[0] or a.as_path[:1] == b.as_path[:1]):
            return med_a < med_b
        return last_steps(a, b, med[4])
    lsa_a = lsa_b = 0
    if a.ospf != b.ospf:
        # OSPF prefers intra-area over inter-area over external routes, whatever the metric
        # (type 5 and NSSA type 7 externals rank alike: the metric decides between them)
        rank_a, rank_b = _RANK.get(a.ospf, 0), _RANK.get(b.ospf, 0)
        if rank_a != rank_b:
            return rank_a < rank_b
        if rank_a == 2:
            # a type 5 and a type 7 of equal type, cost and cost to the ASBR: RFC 3101
            # section 2.5 (6)(e), IOS's default, prefers the type 7 (with the P-bit, which
            # IOS sets on what it redistributes into an NSSA), then the type 5;
            # 'compatible rfc1587' restores RFC 1587's order, type 5 first (Cisco "IP
            # Routing: OSPF Configuration Guide", *Disabling RFC 3101 Compatibility and
            # Enabling RFC 1587 Compatibility*)
            # RFC 3101 ranks a type 7 with the P-bit set, then the type 5, then a type 7 whose
            # P-bit is clear ('nssa-only', a border router's own)
            lsa_a, lsa_b = lsa_order(a, med[3]), lsa_order(b, med[3])
    elif a.ospf == "inter" and a.area != b.area and "0" in (a.area, b.area):
        # a border router computes inter-area routes from the backbone's summaries only (RFC
        # 2328 section 16.2): one heard in another area (a virtual link's transit area)
        # never wins over the backbone's
        return a.area == "0"
    # between OSPF externals E1 wins over E2, then the metric, then (E2) the cost to the
    # ASBR (RFC 2328 section 16.4 (6): type 1 before type 2, E2 ties by the internal cost)
    # (an E1 route's 'fwd' is already in its metric: only E2 routes are ranked by it)
    first = (a.external, not a.e1, a.metric, 0 if a.e1 else a.fwd, lsa_a, a.via or "")
    second = (b.external, not b.e1, b.metric, 0 if b.e1 else b.fwd, lsa_b, b.via or "")
    if first != second:
        return first < second
    return str(a.next_hop) < str(b.next_hop)  # spelt out only on a tie: it is costly


_RANK = {"intra": 0, "inter": 1, "ext": 2, "nssa": 2}


def deterministic_med(
    grouped: dict[IPv4Network, list[Cand]],
    best: dict[IPv4Network, Cand],
    tied: dict[IPv4Network, list[Cand]],
    med: MedRules,
) -> None:
    """``bgp deterministic-med``: the paths of a prefix are grouped by neighbouring AS (the
    first AS of the path; the router's own AS for iBGP paths that carry none), the best of each
    group is chosen (MEDs compared within it), then the groups' winners are compared as usual
    (MED only with ``bgp always-compare-med``), so the result does not hang on the order the
    paths arrived in (Cisco document 16046, "How the bgp deterministic-med Command Differs from
    the bgp always-compare-med Command"). Without it IOS compares the paths pairwise in arrival
    order, newest first, as :func:`received` does in its own fixed order."""
    for prefix, cands in grouped.items():
        winners: dict[tuple[int, ...], Cand] = {}
        for c in cands:
            group = c.as_path[:1]
            old = winners.get(group)
            if old is None:
                winners[group] = c
            elif prefer("bgp", c, old, med):
                winners[group] = _aged(c, old, med)
            else:
                winners[group] = _aged(old, c, med)
        ranked = sorted(winners.items())  # groups in AS order: the same answer every run
        top = ranked[0][1]
        for _group, c in ranked[1:]:
            top = _aged(c, top, med) if prefer("bgp", c, top, med) else _aged(top, c, med)
        best[prefix] = top
        same = [c for c in cands if c is not top and tie("bgp", c, top)]
        if same:
            tied[prefix] = same


def _aged(win: Cand, lose: Cand, med: MedRules) -> Cand:
    """``win`` (the BGP path preferred over ``lose``), marked with ``lose``'s neighbour when
    the age step, which the model cannot take, decided between them."""
    if not arrival_decides(win, lose, med[4]) or not _equal_to_age(win, lose, med):
        return win
    return win._replace(arrival=lose.via or "")


def _equal_to_age(a: Cand, b: Cand, med: MedRules) -> bool:
    """Do ``a`` and ``b`` tie on every step before the age step?"""
    return not prefer("bgp", a, b._replace(via=a.via), med) and not prefer(
        "bgp", b._replace(via=a.via), a, med
    )


def merge(
    inst: Instance, own: dict[IPv4Network, Cand], got: dict[IPv4Network, Cand]
) -> dict[IPv4Network, Cand]:
    if not own:
        return got
    table = dict(got)
    rules = med_rules(inst)  # the router's, the same for every prefix
    for p, c in own.items():
        old = table.get(p)
        if old is None or old.origin == c.origin or prefer(inst.proto, c, old, rules):
            table[p] = c
    return table
