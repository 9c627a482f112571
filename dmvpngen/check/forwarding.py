"""What forwarding results between spokes: direct, via the hub, or broken, and why.

Spokes that behave identically (same crypto group, same shortcut setting, same hubs reached,
both usable) form one class; results are computed per class pair, so a 2,000-spoke cloud costs
a handful of comparisons, not millions.
"""

from __future__ import annotations

from dmvpngen.check.defaults import Defaults, has_redirect, has_shortcut
from dmvpngen.check.ike import CryptoContext, compare
from dmvpngen.check.model import CloudReport, Member, PairClass
from dmvpngen.check.policy import blocked, policy_key
from dmvpngen.check.routing import HubRoutes, hub_routes

__all__ = ["forwarding"]


_SHARED_NAT = {"pat"}


def _best_routes(hubs: list[Member], routes: dict[str, HubRoutes]) -> HubRoutes:
    order = {"preserved": 0, "summary": 1, "hub": 2, "unknown": 3, "none": 4}
    if not hubs:
        return HubRoutes("none", "no hub reached")
    return min((routes[h.name] for h in hubs), key=lambda r: order[r.mode])


def forwarding(
    cloud: CloudReport,
    registered: dict[str, set[str]],
    routed: dict[str, set[str]],
    group_of: dict[str, int],
    ctx: dict[int, CryptoContext],
    defaults: dict[str, Defaults],
) -> None:
    """Fill ``cloud.forwarding`` with one :class:`PairClass` per pair of spoke classes."""
    hubs = {h.name: h for h in cloud.hubs}
    routes = {h.name: hub_routes(h) for h in cloud.hubs}
    classes: dict[tuple[object, ...], list[Member]] = {}
    for s in cloud.spokes:
        key = (
            group_of.get(s.name, -1),
            s.usable,
            has_shortcut(s.tunnel, defaults[s.name]),
            tuple(sorted(registered.get(s.name, ()))),
            tuple(sorted(routed.get(s.name, ()))),
            policy_key(s, cloud.hubs),
            s.nat in _SHARED_NAT,
        )
        classes.setdefault(key, []).append(s)
    keys = list(classes)
    for i, ka in enumerate(keys):
        for j in range(i, len(keys)):
            kb = keys[j]
            ma, mb = classes[ka], classes[kb]
            pairs = len(ma) * (len(ma) - 1) // 2 if i == j else len(ma) * len(mb)
            if pairs == 0:
                continue
            a, b = ma[0], (ma[1] if i == j else mb[0])
            result, reason = _pair(cloud, a, b, registered, routed, hubs, routes, ctx, defaults)
            cloud.forwarding.append(
                PairClass([m.name for m in ma], [m.name for m in mb], result, reason, pairs)
            )


def _pair(
    cloud: CloudReport,
    a: Member,
    b: Member,
    registered: dict[str, set[str]],
    routed: dict[str, set[str]],
    hubs: dict[str, Member],
    routes: dict[str, HubRoutes],
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
    common = sorted(routed[a.name] & routed[b.name]) or sorted(routed[a.name] | routed[b.name])
    used = [hubs[n] for n in common if n in hubs]
    rt = _best_routes(used, routes)
    if rt.mode == "none":
        return "broken", f"no spoke routes over this cloud: {rt.reason}"
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
        if cloud.phase == 2 or rt.mode == "preserved":
            return (
                "broken",
                f"spoke-to-spoke IPsec fails ({verdict.text}) while routes point at the far spoke",
            )
        return "via-hub", f"spoke-to-spoke IPsec fails ({verdict.text}): shortcut never forms"
    if rt.mode == "preserved":
        return "direct", "next hop preserved: NHRP resolves the far spoke"
    if cloud.phase == 3:
        missing = [h.name for h in used if not has_redirect(h.tunnel, defaults[h.name])]
        if missing:
            return "via-hub", f"no ip nhrp redirect on {', '.join(missing)}"
        no_sc = [s.name for s in (a, b) if not has_shortcut(s.tunnel, defaults[s.name])]
        if no_sc:
            return "via-hub", f"no ip nhrp shortcut on {', '.join(no_sc)}"
        return "direct", "phase 3: hub redirect + spoke shortcut"
    return "via-hub", rt.reason
