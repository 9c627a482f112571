"""What forwarding results between spokes: direct, via the hub, or broken, and why.

The path comes from the routing model (``dmvpngen.routes``): a spoke's LAN is traced to each
of the other spoke's LANs through the RIBs computed with only this cloud's tunnels up on its
spokes, so each cloud of a dual-cloud design is judged on its own. The next hop each trace
takes decides: the far spoke itself (phase 2, next hop preserved: NHRP resolves it), a hub
(phase 3: redirect and shortcut make it direct; otherwise via the hub), or nowhere (broken,
with the route); the worst of the far spoke's LANs is the pair's.

Spokes that behave identically (same crypto group, same shortcut setting, same hubs reached,
both usable) form one class; results are computed per class pair, so a 2,000-spoke cloud costs
a handful of comparisons, not millions.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address

from dmvpngen.check.defaults import Defaults, has_redirect, has_shortcut
from dmvpngen.check.ike import CryptoContext, compare
from dmvpngen.check.model import CloudReport, Member, PairClass
from dmvpngen.check.policy import blocked, policy_key
from dmvpngen.routes import Network
from dmvpngen.routes.explain import explain
from dmvpngen.routes.flows import lan_ports
from dmvpngen.routes.topology import Port
from dmvpngen.routes.trace import Trace, trace_paths

__all__ = ["forwarding", "multipath", "pair_classes", "verdict", "worst_lan"]


_SHARED_NAT = {"pat"}


def forwarding(
    cloud: CloudReport,
    registered: dict[str, set[str]],
    routed: dict[str, set[str]],
    group_of: dict[str, int],
    ctx: dict[int, CryptoContext],
    defaults: dict[str, Defaults],
    net: Network,
) -> None:
    """Fill ``cloud.forwarding`` with one :class:`PairClass` per pair of spoke classes."""
    hub_list = cloud.hubs  # a property that filters the members: list it once
    hubs = {h.name: h for h in hub_list}
    classes: dict[tuple[object, ...], list[Member]] = {}
    for s in cloud.spokes:
        key = (
            group_of.get(s.name, -1),
            s.usable,
            has_shortcut(s.tunnel, defaults[s.name]),
            tuple(sorted(registered.get(s.name, ()))),
            tuple(sorted(routed.get(s.name, ()))),
            policy_key(s, hub_list),
            s.nat in _SHARED_NAT,
        )
        classes.setdefault(key, []).append(s)
    cloud.forwarding.extend(
        pair_classes(
            list(classes.values()),
            lambda a, b: _pair(cloud, a, b, registered, routed, hubs, net, ctx, defaults),
        )
    )


def pair_classes(
    classes: list[list[Member]], judge: Callable[[Member, Member], tuple[str, str]]
) -> list[PairClass]:
    """One :class:`PairClass` per pair of spoke classes (a class with itself included), judged
    on one representative pair: ``judge(a, b)`` gives (result, reason)."""
    out = []
    for i, ma in enumerate(classes):
        for j in range(i, len(classes)):
            mb = classes[j]
            pairs = len(ma) * (len(ma) - 1) // 2 if i == j else len(ma) * len(mb)
            if pairs == 0:
                continue
            result, reason = judge(ma[0], ma[1] if i == j else mb[0])
            out.append(PairClass([m.name for m in ma], [m.name for m in mb], result, reason, pairs))
    return out


def _lans(net: Network, name: str) -> list[Port]:
    """``name``'s site LANs, in the order the LAN flows take them (the first is the one a
    pair's verdict has always been read from)."""
    return [p for p in lan_ports(net) if p.router == name]


# what verdict() gives, best first: the worst over the far spoke's LANs is the pair's
_RANK = {"direct": 0, "via-hub": 1, "broken": 2}

Judge = Callable[[list[Trace]], tuple[str, str]]


def worst_lan(
    net: Network,
    a: str,
    vrf: str,
    b: str,
    dsts: list[tuple[Port | None, IPv4Address]],
    judge: Judge,
) -> tuple[str, str]:
    """The pair's verdict over every site LAN of ``b`` (``dsts``: each LAN port with its
    address, the first LAN first; a spoke without one: its tunnel address, port None): each
    traced from ``a`` in ``vrf`` over every equal-cost path and judged by ``judge``. The
    worst verdict is the pair's; when it is not the first LAN's, the reason names the LAN it
    comes from and what the first LAN gets, so a pair is not called direct while traffic to
    one of the far spoke's LANs goes through the hub or nowhere. Forwarding is by destination,
    so the source LAN does not change the path (``vrf``: the first LAN's table)."""
    results = []
    for port, address in dsts:
        paths = trace_paths(net, a, vrf, address)
        result, reason = judge(paths)
        results.append((port, address, result, reason))
    first = results[0]
    # max() keeps the first of equals: the first LAN's reason unless another LAN is worse
    port, address, result, reason = max(results, key=lambda r: _RANK.get(r[2], 0))
    if result == first[2]:
        return first[2], first[3]
    where = f"{b} {port.name}" if port is not None else b
    return result, f"{reason} (to {address}, {where}; its first LAN {first[1]} is {first[2]})"


def _flow(net: Network, a: Member, b: Member, judge: Judge) -> tuple[str, str]:
    """The verdict from a's first site LAN (else its tunnel) to every site LAN of b (else its
    tunnel address), over every equal-cost path: :func:`worst_lan`."""
    src = next(iter(_lans(net, a.name)), None)
    dsts: list[tuple[Port | None, IPv4Address]] = [(p, p.address.ip) for p in _lans(net, b.name)]
    vrf = src.vrf if src else a.tunnel.vrf or ""
    return worst_lan(net, a.name, vrf, b.name, dsts or [(None, b.ip)], judge)


def multipath(paths: list[Trace]) -> str:
    """``; 2 equal-cost paths: via hub-a, via hub-b (dropped at hub-b: ...)`` or nothing."""
    if len(paths) < 2:
        return ""
    parts = []
    for t in paths:
        first = t.hops[0] if t.hops else None
        via = f"via {first.next_router or first.port}" if first is not None else "local"
        parts.append(
            via if t.ok else f"{via} ({t.outcome} at {t.at}: {explain(t, str(t.address))[0]})"
        )
    return f"; {len(paths)} equal-cost paths: " + ", ".join(parts)


def _pair(
    cloud: CloudReport,
    a: Member,
    b: Member,
    registered: dict[str, set[str]],
    routed: dict[str, set[str]],
    hubs: dict[str, Member],
    net: Network,
    ctx: dict[int, CryptoContext],
    defaults: dict[str, Defaults],
) -> tuple[str, str]:
    for s in (a, b):
        if not s.usable:
            return "broken", f"{s.name}: {s.unusable_reason}"
        if not registered.get(s.name):
            if not hubs and s.tunnel.nhs:  # partial set: the hubs' configs were not given
                return "broken", f"{s.name}: no hub of its NHS list is in the set (not decided)"
            return "broken", f"{s.name} registers with no hub"
        if not routed.get(s.name):
            return "broken", f"{s.name} has no working routing adjacency with a hub"
    policy = blocked(a, b, list(hubs.values()))
    if policy is not None:
        return "blocked", policy

    def judge(paths: list[Trace]) -> tuple[str, str]:
        result, reason = verdict(cloud, a, b, routed, hubs, paths[0], ctx, defaults)
        return result, reason + multipath(paths)

    return _flow(net, a, b, judge)


# whether a member redirects / takes shortcuts (IPv4 by default; the IPv6 matrix asks the
# 'ipv6 nhrp' lines)
NhrpOn = Callable[[Member, Defaults], bool]


def _redirect4(m: Member, d: Defaults) -> bool:
    return has_redirect(m.tunnel, d)


def _shortcut4(m: Member, d: Defaults) -> bool:
    return has_shortcut(m.tunnel, d)


def verdict(
    cloud: CloudReport,
    a: Member,
    b: Member,
    routed: dict[str, set[str]],
    hubs: dict[str, Member],
    t: Trace,
    ctx: dict[int, CryptoContext],
    defaults: dict[str, Defaults],
    nhrp: tuple[NhrpOn, NhrpOn] = (_redirect4, _shortcut4),
    family: str = "",
) -> tuple[str, str]:
    """The pair's verdict from the path its installed routes take (``nhrp``: whether a hub
    redirects and a spoke takes shortcuts, for the family traced; ``family``: ``"IPv6 "``
    names the family in the reason)."""
    redirects, shortcuts = nhrp
    if not t.ok:
        why = explain(t, str(t.address))[0]
        return "broken", f"no {family}spoke routes over this cloud: {why}"
    first = t.hops[0] if t.hops else None
    to_far = first is not None and first.next_router == b.name and first.tunnel
    if cloud.phase == 1:
        return "via-hub", "phase 1: spokes are point-to-point to the hub"
    if a.nat in _SHARED_NAT and b.nat in _SHARED_NAT:
        return (
            "via-hub",
            f"{a.name} and {b.name} are both behind PAT (address-sharing NAT): "
            "no direct tunnel between them, traffic stays via the hub",
        )
    verdict = compare(ctx[id(a)], a.nbma, ctx[id(b)], b.nbma)
    if verdict.ok is False:
        if to_far:
            return (
                "broken",
                f"spoke-to-spoke IPsec fails ({verdict.text}) while routes point at the far spoke",
            )
        return "via-hub", f"spoke-to-spoke IPsec fails ({verdict.text}): shortcut never forms"
    if to_far:
        assert first is not None
        return (
            "direct",
            f"next hop preserved: NHRP resolves the far spoke ({first.route.describe()})",
        )
    via = first.next_router if first is not None else None
    used = [hubs[via]] if via in hubs else [hubs[n] for n in sorted(routed[a.name]) if n in hubs]
    if cloud.phase == 3:
        ip = "ipv6" if family else "ip"
        missing = [h.name for h in used if not redirects(h, defaults[h.name])]
        if missing:
            return "via-hub", f"no {ip} nhrp redirect on {', '.join(missing)}"
        no_sc = [s.name for s in (a, b) if not shortcuts(s, defaults[s.name])]
        if no_sc:
            return "via-hub", f"no {ip} nhrp shortcut on {', '.join(no_sc)}"
        route = first.route.describe() if first is not None else "no route"
        return (
            "direct",
            f"phase 3: {a.name} sends via {via} ({route}); the hub's redirect and the spokes' "
            "shortcut build the direct path",
        )
    route = first.route.describe() if first is not None else "no route"
    return "via-hub", f"{a.name} sends to {b.name} via {via or 'no hub'} ({route})"
