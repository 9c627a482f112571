"""Which of two candidates for a prefix a router prefers: BGP's best-path steps (weight to
MED, with ``bgp always-compare-med``, ``bgp bestpath med missing-as-worst`` and ``bgp
deterministic-med``; the age step named where it decides) and the IGPs' order (OSPF's route
types and external ranking, then the metric)."""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpngen.routes.bgpties import arrival_decides, last_steps
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.multipath import tie
from dmvpngen.routes.ospffa import lsa_order
from dmvpngen.routes.protocols import Cand, origin_code

__all__ = ["MedRules", "aged", "bgp_order", "deterministic_med", "igp_close", "med_rules", "prefer"]


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


def bgp_order(a: Cand, b: Cand, med: MedRules) -> int:
    """BGP's best-path steps up to MED: -1 when ``a`` wins there, 1 when ``b`` does, 0 when
    they are equal through MED (eBGP over iBGP and the later steps decide)."""
    # weight, local-preference, locally originated, AS path length, origin code (IGP
    # before incomplete): steps 1-6 of Cisco document 13753, "BGP Best Path Selection
    # Algorithm"; then MED, eBGP over iBGP, the IGP metric to the next hop, the oldest
    # path, the router id, the cluster list and the neighbour address (bgpties)
    ka = (-a.weight, -a.local_pref, a.via is not None, len(a.as_path), origin_code(a))
    kb = (-b.weight, -b.local_pref, b.via is not None, len(b.as_path), origin_code(b))
    if ka != kb:
        return -1 if ka < kb else 1
    # MED (the candidate's metric): lower wins, between paths from the same neighbouring
    # AS only unless 'bgp always-compare-med' (Cisco document 13753, "BGP Best Path
    # Selection Algorithm", step 7); a path without MED counts as 0, or as the worst
    # MED with 'bgp bestpath med missing-as-worst' (same document)
    med_a, med_b = a.metric, b.metric
    if med[1]:
        med_a = _WORST_MED if a.no_med else med_a
        med_b = _WORST_MED if b.no_med else med_b
    if med_a != med_b and (med[0] or a.as_path[:1] == b.as_path[:1]):
        return -1 if med_a < med_b else 1
    return 0


def igp_close(a: Cand, b: Cand, med: MedRules) -> bool:
    """Are ``a`` and ``b`` iBGP paths to other next hops, equal up to the IGP metric to the
    next hop (the step each receiving router takes with its own metric:
    :mod:`dmvpngen.routes.bgpigp`)?"""
    return a.ibgp and b.ibgp and a.next_hop != b.next_hop and not bgp_order(a, b, med)


def prefer(proto: str, a: Cand, b: Cand, med: MedRules = _NO_RULES) -> bool:
    if proto == "bgp":
        order = bgp_order(a, b, med)
        return order < 0 if order else last_steps(a, b, med[4])
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
    close: dict[IPv4Network, list[Cand]],
) -> None:
    """``bgp deterministic-med``: the paths of a prefix are grouped by neighbouring AS (the
    first AS of the path; the router's own AS for iBGP paths that carry none), the best of each
    group is chosen (MEDs compared within it), then the groups' winners are compared as usual
    (MED only with ``bgp always-compare-med``), so the result does not hang on the order the
    paths arrived in (Cisco document 16046, "How the bgp deterministic-med Command Differs from
    the bgp always-compare-med Command"). Without it IOS compares the paths pairwise in arrival
    order, newest first, as :func:`received` does in its own fixed order. ``close`` gets, per
    prefix, the iBGP paths the IGP metric to the next hop still has to decide between."""
    for prefix, cands in grouped.items():
        winners: dict[tuple[int, ...], Cand] = {}
        for c in cands:
            group = c.as_path[:1]
            old = winners.get(group)
            if old is None:
                winners[group] = c
            elif prefer("bgp", c, old, med):
                winners[group] = aged(c, old, med)
            else:
                winners[group] = aged(old, c, med)
        ranked = sorted(winners.items())  # groups in AS order: the same answer every run
        top = ranked[0][1]
        for _group, c in ranked[1:]:
            top = aged(c, top, med) if prefer("bgp", c, top, med) else aged(top, c, med)
        best[prefix] = top
        same = [c for c in cands if c is not top and tie("bgp", c, top)]
        if same:
            tied[prefix] = same
        near = [c for c in cands if c is not top and igp_close(c, top, med)]
        if near:
            close[prefix] = [top, *near]


def aged(win: Cand, lose: Cand, med: MedRules) -> Cand:
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
