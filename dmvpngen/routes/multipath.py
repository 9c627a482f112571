"""Equal-cost multipath: which candidates tie, and how many paths each protocol installs.

IOS installs up to ``maximum-paths`` equal-cost paths per prefix: four for EIGRP and OSPF by
default, one for BGP until ``maximum-paths N`` (eBGP) or ``maximum-paths ibgp N`` is configured,
and BGP paths only with identical attributes and AS path (Cisco "BGP Multipath Load Sharing
for Both eBGP and iBGP"; "Cisco IOS Cookbook" 5.11 for the defaults).
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.routes.instances import Instance
from dmvpngen.routes.model import Route
from dmvpngen.routes.protocols import Cand, origin_code

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network

__all__ = ["install_paths", "tie", "unequal", "variance"]

Key = tuple[str, str, int, str]


def tie(proto: str, a: Cand, b: Cand) -> bool:
    """Equal-cost candidates through different neighbours (BGP: same attributes and AS path,
    as IOS requires for BGP multipath)."""
    if (a.via, a.next_hop) == (b.via, b.next_hop):
        return False
    if proto == "bgp":
        return (a.weight, a.local_pref, a.as_path, a.metric, a.ibgp, origin_code(a)) == (
            b.weight,
            b.local_pref,
            b.as_path,
            b.metric,
            b.ibgp,
            origin_code(b),
        )
    # an E1 route's 'fwd' (its cost to a forwarding address) is already in its metric
    return (a.external, a.ospf, a.metric, a.e1, 0 if a.e1 else a.fwd) == (
        b.external,
        b.ospf,
        b.metric,
        b.e1,
        0 if b.e1 else b.fwd,
    )


# IOS defaults for 'maximum-paths' (Cisco IOS IP Routing configuration guides; "Cisco IOS
# Cookbook" 5.11): four paths for EIGRP and OSPF, one for BGP until it is configured.
_DEFAULT_PATHS = {"eigrp": 4, "ospf": 4, "bgp": 1}


def install_paths(
    net: Network,
    ties: dict[Key, dict[IPv4Network, list[Cand]]],
    route_of: Callable[[Instance, Cand], Route],
) -> None:
    """Install the equal-cost paths of the converged tables beside the installed routes
    (``route_of``: the routing table entry of a learned candidate)."""
    for key, tied in ties.items():
        if not tied:
            continue
        inst = net.instances[key]
        rib = net.ribs[inst.router.name]
        table = net.tables[key]
        for prefix, others in tied.items():
            best = table.get(prefix)
            if best is None or best.via is None:
                continue  # originated here (or filtered): nothing learned to share
            limit = _limit(inst, best.ibgp)
            installed = rib.tables.get(inst.vrf, {}).get(prefix)
            if (
                limit < 2
                or installed is None
                or (installed.via, installed.next_hop)
                != (
                    best.via,
                    best.next_hop,
                )
            ):
                continue  # one path allowed, or another source won the prefix in the RIB
            spread = variance(inst)
            if spread > 1:
                others = _feasible(others, best, spread)
            for c in others[: limit - 1]:
                rib.add_path(route_of(inst, c), inst.vrf, limit, unequal=c.metric != best.metric)


def _limit(inst: Instance, ibgp: bool) -> int:
    """Paths ``inst`` installs per prefix; BGP counts iBGP (``maximum-paths ibgp``) and eBGP
    paths apart, and the ties of one prefix are all one kind (:func:`_tie`)."""
    paths, ibgp_paths = inst.router.facts.maximum_paths.get(
        (inst.proto, inst.ident, "" if inst.proto == "bgp" else inst.vrf), (None, None)
    )
    if inst.proto == "bgp":
        return (ibgp_paths if ibgp else paths) or 1
    return paths if paths is not None else _DEFAULT_PATHS[inst.proto]


def variance(inst: Instance) -> int:
    """EIGRP ``variance N`` of ``inst`` (1: equal-cost paths only)."""
    return inst.variance


def unequal(
    heard: list[Cand], best: dict[IPv4Network, Cand], tied: dict[IPv4Network, list[Cand]]
) -> None:
    """Add to ``tied`` every candidate of ``heard`` that neither is the best of its prefix nor
    ties with it (an instance with ``variance`` picks among them once converged)."""
    for c in heard:
        b = best.get(c.prefix)
        if b is None or c is b or c.metric == b.metric:
            continue
        if (c.via, c.next_hop) != (b.via, b.next_hop):
            tied.setdefault(c.prefix, []).append(c)


def _feasible(others: list[Cand], best: Cand, spread: int) -> list[Cand]:
    """The paths ``variance`` installs beside ``best``: equal-cost ones, and unequal-cost ones
    that are feasible successors (the neighbour's reported distance below the feasible
    distance: loop-free) with a metric below ``spread`` times the best (Cisco document 13677,
    "How Does Unequal Cost Path Load Balancing (Variance) Work in IGRP and EIGRP?"); lowest
    metric first."""
    kept: dict[tuple[object, ...], Cand] = {}
    for c in others:
        if c.metric == best.metric or (c.rd < best.metric and c.metric < spread * best.metric):
            kept.setdefault((c.via, c.next_hop), c)
    return sorted(kept.values(), key=lambda c: (c.metric, c.via or ""))
