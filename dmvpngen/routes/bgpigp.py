"""The IGP metric to the BGP next hop: between iBGP paths equal up to eBGP over iBGP, the path
whose next hop the receiving router reaches at the lower IGP metric wins (Cisco document
13753, "BGP Best Path Selection Algorithm", the step after "prefer eBGP over iBGP paths"), then
the lowest router id (a reflected path's ORIGINATOR_ID), the shortest cluster list (RFC 4456
section 9) and the lowest neighbour address (:mod:`dmvpngen.routes.bgpties`).

What a router receives is ranked once for every router that hears the same paths; the metric to
each next hop is the router's own (its routing table's route to it, the previous round's). So
the received result carries, per prefix, the iBGP paths still that close, and each router
re-ranks only those, only when its metrics to their next hops differ: a network without two
such iBGP paths does none of this. ``maximum-paths ibgp`` load-shares only over paths of equal
metric to the next hop (Cisco "BGP Multipath Load Sharing for Both eBGP and iBGP in an MPLS-VPN":
"IGP metric to the BGP next hop" must be equal).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.routes.bgpties import ibgp_step, last_steps
from dmvpngen.routes.model import Rib
from dmvpngen.routes.multipath import tie
from dmvpngen.routes.protocols import Cand

if TYPE_CHECKING:
    from dmvpngen.routes.receive import Received

__all__ = ["by_igp_metric"]

# a next hop the router has no route to: such a path is not a candidate (document 13753,
# "the next hop must be reachable"); ranked last here
_UNREACHABLE = 1 << 62

# per shared received result and metric vector, the re-ranked result: every router of a class
# with the same metrics to the same next hops gets the same answer
_DONE: dict[tuple[int, tuple[int, ...]], tuple[object, Received]] = {}


def by_igp_metric(vrf: str, rib: Rib, got: Received) -> Received:
    """``got`` (a shared received result whose third part lists the iBGP paths per prefix that
    tie up to the IGP metric) as the router with ``rib`` ranks it: per such prefix the path to
    the next hop of lowest metric in ``vrf``, the later steps between equals, with the step
    that decided in the path's ``decided``."""
    best, tied, close = got
    hops = _hops(got)
    metric = {hop: _metric(rib, vrf, hop) for hop in hops}
    key = (id(got), tuple(metric.values()))
    hit = _DONE.get(key)
    if hit is not None and hit[0] is got:
        return hit[1]
    new_best = dict(best)
    new_tied = dict(tied)
    for prefix, paths in close.items():
        current = best[prefix]
        pool = [current, *(c for c in paths if c is not current)]
        win = _winner(pool, metric)
        lose = _winner([c for c in pool if c is not win], metric)
        new_best[prefix] = win._replace(decided=_why(win, lose, metric))
        if prefix in tied or win is not current:
            _retie(new_tied, prefix, [current, *tied.get(prefix, ())], win, metric, rib, vrf)
    out = (new_best, new_tied, close)
    if len(_DONE) > 10_000:
        _DONE.clear()
    _DONE[key] = (got, out)
    return out


# per shared received result: the next hops of its close iBGP paths (a few hubs' addresses,
# however many prefixes), listed once for every router of the class
_HOPS: dict[int, tuple[object, tuple[IPv4Address | None, ...]]] = {}


def _hops(got: Received) -> tuple[IPv4Address | None, ...]:
    hit = _HOPS.get(id(got))
    if hit is None or hit[0] is not got:
        if len(_HOPS) > 10_000:
            _HOPS.clear()
        seen = dict.fromkeys(c.next_hop for paths in got[2].values() for c in paths)
        hit = _HOPS[id(got)] = (got, tuple(seen))
    return hit[1]


def _metric(rib: Rib, vrf: str, hop: IPv4Address | None) -> int:
    """The metric of the router's route to ``hop`` (0 for a connected next hop)."""
    if hop is None:
        return 0
    route = rib.lookup(vrf, hop)
    return _UNREACHABLE if route is None or route.discard else route.metric


def _winner(pool: list[Cand], metric: dict[IPv4Address | None, int]) -> Cand:
    """The path of ``pool`` with the lowest metric to its next hop, the later steps between
    equals."""
    win = pool[0]
    for c in pool[1:]:
        mc, mw = metric[c.next_hop], metric[win.next_hop]
        if mc < mw or (mc == mw and last_steps(c, win, False)):
            win = c
    return win


def _why(win: Cand, lose: Cand, metric: dict[IPv4Address | None, int]) -> str:
    """The route's provenance: why ``win`` and not ``lose``."""
    mw, ml = metric[win.next_hop], metric[lose.next_hop]
    over = f"over the iBGP path from {lose.via}"
    if mw != ml:
        far = "no route" if ml == _UNREACHABLE else f"{ml}"
        return (
            f"{over}: lower IGP metric to next hop {win.next_hop} ({mw}) than to "
            f"{lose.next_hop} ({far})"
        )
    return f"{over}: equal IGP metric to both next hops ({mw}), {ibgp_step(win, lose)}"


def _retie(
    tied: dict[IPv4Network, list[Cand]],
    prefix: IPv4Network,
    paths: list[Cand],
    win: Cand,
    metric: dict[IPv4Address | None, int],
    rib: Rib,
    vrf: str,
) -> None:
    """The multipath candidates of ``prefix`` beside ``win``: those that tie with it and reach
    their next hop at the same metric."""
    low = metric[win.next_hop]
    same = []
    for c in paths:
        if c is win or not tie("bgp", c, win):
            continue
        m = metric.get(c.next_hop)
        if m is None:
            m = metric[c.next_hop] = _metric(rib, vrf, c.next_hop)
        if m == low:
            same.append(c)
    if same:
        tied[prefix] = same
    else:
        tied.pop(prefix, None)
