"""Words for a flow that fails: the message naming the route that decides its fate (and a BGP
path chosen by arrival order on the way), the hint saying what would fix it, and the label of
one equal-cost path among several."""

from __future__ import annotations

from dmvpngen.routes.trace import Trace

__all__ = ["explain", "path_label"]


def explain(t: Trace, what: str, unowned: bool = False) -> tuple[str, str]:
    """(message, hint) for a failed trace; a hop whose BGP path the age step chose (which
    configs do not tell), or a late best-path step between two iBGP paths (the IGP metric to
    the next hop, the router id...), is named after the message. ``unowned``: no router could
    ever route to the address more specifically than the discard route that drops it
    (:func:`dmvpngen.routes.owned.nothing_routes_to`), so the hint says the address is wrong
    instead of asking that router to learn it."""
    msg, hint = _explain(t, what)
    if unowned and t.outcome == "dropped":
        hint = (
            f"no router of the network has {t.address} on a LAN or a route to it: put the "
            "service on a site LAN, or correct the address"
        )
    aged = [h for h in t.hops if h.route.arrival and h.route is not t.route]
    for h in aged:
        msg += (
            f" (at {h.router} the path was taken over the equal eBGP path from "
            f"{h.route.arrival} by arrival order, which configs do not tell: IOS keeps the "
            "older path)"
        )
    for h in t.hops:
        if h.route.decided and h.route is not t.route:
            # two iBGP paths tied up to the IGP metric to their next hops: which hub the flow
            # took, and why (Cisco document 13753, "BGP Best Path Selection Algorithm")
            msg += f" (at {h.router} the path via {h.route.via} was taken {h.route.decided})"
    return msg, hint


def _explain(t: Trace, what: str) -> tuple[str, str]:
    r = t.route
    where = f"{t.at}: " if t.at != t.source else ""
    if t.outcome == "dropped" and r is not None:
        msg = f"{what} matches {r.describe()}" + (f" on {t.at}" if where else "")
        if r.protocol == "eigrp-summary":
            hint = (
                f"{t.at} must learn {t.address} more specifically than its summary: peer "
                "the hubs unsummarised over an interconnect, or narrow the summary"
            )
        elif r.protocol == "ospf-summary":
            hint = (
                f"{t.at} must learn {t.address} inside its area range, or the range must not "
                "cover it: narrow the 'area range', or bring the subnet into that area"
            )
        elif r.protocol == "bgp-aggregate":
            hint = (
                f"{t.at} must learn {t.address} more specifically than its aggregate: an "
                "iBGP session between the hubs, or an unsuppress map"
            )
        elif r.protocol == "static" and r.distance >= _FLOATING:
            # a floating pin (fail closed) decides only where no route is learned: the
            # missing route is the fault, not the pin
            hint = (
                f"advertise {t.address}'s prefix to {t.at}: its floating discard route "
                f"(distance {r.distance}) only decides when no route is learned"
            )
        else:
            hint = f"remove or narrow the discard route on {t.at}"
        return msg, hint
    if t.outcome == "exits" and r is not None:
        return (
            f"{what} leaves {t.at} outside the overlay by {r.describe()}",
            f"advertise {t.address}'s prefix over the DMVPN to {t.at}",
        )
    if t.outcome == "loop":
        return (
            f"{what} loops between routers (last at {t.at})",
            "remove the route that points back",
        )
    return (
        f"{what} has no route on {t.at}",
        f"advertise {t.address}'s prefix to {t.at} or add a route for it",
    )


# a static route at this distance or above is a floating one: every dynamic route (eBGP 20 ...
# iBGP 200) wins over it
_FLOATING = 200


def path_label(t: Trace, first: Trace, paths: int) -> str:
    """``the equal-cost path via hub-b (1 of 2 paths)``: where ``t`` leaves ``first``."""
    at = 0
    while at < min(len(t.hops), len(first.hops)) and t.hops[at] == first.hops[at]:
        at += 1
    hop = t.hops[at] if at < len(t.hops) else None
    via = (hop.next_router or hop.port) if hop is not None else t.at
    where = f" at {hop.router}" if hop is not None and hop.router != t.source else ""
    # EIGRP 'variance' installs paths that cost more than the best one
    ours = hop.route if hop is not None else t.route
    theirs = first.hops[at].route if at < len(first.hops) else first.route
    kind = "unequal" if ours and theirs and ours.metric != theirs.metric else "equal"
    return f"the {kind}-cost path via {via}{where} (one of {paths} paths)"
