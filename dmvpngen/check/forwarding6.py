"""The spoke x spoke result for IPv6 in a dual-stack cloud: each pair's IPv6 site LAN traced
through the IPv6 routing model (:mod:`dmvpngen.check.reach6`), judged as the IPv4 pairs are
(:func:`dmvpngen.check.forwarding.verdict`) with the IPv6 NHRP lines: ``ipv6 nhrp redirect``
on the hub and ``ipv6 nhrp shortcut`` on the spokes build the phase 3 direct path.

A spoke without an IPv6 tunnel address, or that registers its IPv6 address with no hub
(NET082), is broken for IPv6 whatever IPv4 does. Spokes alike for both families form one
class, as for IPv4."""

from __future__ import annotations

from ipaddress import IPv6Address
from typing import Any

from dmvpngen.check.defaults import Defaults
from dmvpngen.check.forwarding import multipath, pair_classes, verdict, worst_lan
from dmvpngen.check.ike import CryptoContext
from dmvpngen.check.model import CloudReport, Member
from dmvpngen.parse.tree import addr_or_none
from dmvpngen.routes import Network
from dmvpngen.routes.flows import lan_ports
from dmvpngen.routes.topology import Port
from dmvpngen.routes.trace import Trace

__all__ = ["dual_stack", "forwarding6"]

FAMILY = "IPv6 "


def _v6(m: Member) -> IPv6Address | None:
    """The member's global IPv6 tunnel address."""
    v6 = m.tunnel.ipv6
    return v6.address.ip if v6 is not None and v6.address is not None else None


def dual_stack(cloud: CloudReport) -> bool:
    """Does any tunnel of ``cloud`` carry an IPv6 address?"""
    return any(_v6(m) is not None for m in cloud.members)


def _redirect6(m: Member, d: Defaults) -> bool:
    v6 = m.tunnel.ipv6
    return v6 is not None and (v6.nhrp.redirect is not None or bool(d.train.redirect))


def _shortcut6(m: Member, d: Defaults) -> bool:
    v6 = m.tunnel.ipv6
    return v6 is not None and (v6.nhrp.shortcut is not None or bool(d.train.shortcut))


def _hubs_registered(spoke: Member, hubs: list[Member]) -> tuple[str, ...]:
    """The hubs whose IPv6 tunnel address the spoke names as NHS (at the hub's NBMA, when the
    NHS line gives one)."""
    v6 = spoke.tunnel.ipv6
    if v6 is None or v6.nhrp.network_id is None:
        return ()
    static = {str(a): nbma for a, nbma, _ in v6.nhrp.maps}
    out = []
    for h in hubs:
        address = _v6(h)
        for n in v6.nhrp.nhs:
            if address is None or addr_or_none(str(n.address)) != address:
                continue
            nbma = n.nbma or static.get(str(n.address))
            if nbma is None or h.nbma is None or addr_or_none(nbma) == h.nbma:
                out.append(h.name)
                break
    return tuple(out)


def forwarding6(
    cloud: CloudReport,
    routed: dict[str, set[str]],
    group_of: dict[str, int],
    ctx: dict[int, CryptoContext],
    defaults: dict[str, Defaults],
    net: Network,
) -> None:
    """Fill ``cloud.forwarding6`` with one :class:`PairClass` per pair of spoke classes."""
    hub_list = cloud.hubs
    hubs = {h.name: h for h in hub_list}
    registered = {s.name: _hubs_registered(s, hub_list) for s in cloud.spokes}
    # every site LAN of each router, the first first (the pair's verdict is the worst over
    # the far spoke's LANs: forwarding.worst_lan)
    lans: dict[str, list[tuple[Port | None, Any]]] = {}
    for p in lan_ports(net):
        lans.setdefault(p.router, []).append((p, p.address.ip))
    classes: dict[tuple[object, ...], list[Member]] = {}
    for s in cloud.spokes:
        key = (
            group_of.get(s.name, -1),
            s.usable,
            _v6(s) is not None,
            _shortcut6(s, defaults[s.name]),
            registered[s.name],
            tuple(sorted(routed.get(s.name, ()))),
            s.nat,
        )
        classes.setdefault(key, []).append(s)
    cloud.forwarding6.extend(
        pair_classes(
            list(classes.values()),
            lambda a, b: _pair(cloud, a, b, registered, routed, hubs, net, lans, ctx, defaults),
        )
    )


def _pair(
    cloud: CloudReport,
    a: Member,
    b: Member,
    registered: dict[str, tuple[str, ...]],
    routed: dict[str, set[str]],
    hubs: dict[str, Member],
    net: Network,
    lans: dict[str, list[tuple[Port | None, Any]]],
    ctx: dict[int, CryptoContext],
    defaults: dict[str, Defaults],
) -> tuple[str, str]:
    for s in (a, b):
        if not s.usable:
            return "broken", f"{s.name}: {s.unusable_reason}"
        if _v6(s) is None:
            return "broken", f"{s.name} has no IPv6 address on {s.tunnel.name}"
        if not registered[s.name]:
            return "broken", f"{s.name} registers its IPv6 address with no hub"
        if not routed.get(s.name):
            return "broken", f"{s.name} has no working routing adjacency with a hub"
    if a.name not in net.topo.routers or b.name not in net.topo.routers:
        gone = a.name if a.name not in net.topo.routers else b.name
        return "broken", f"{gone} does not route IPv6 (no ipv6 unicast-routing)"
    dsts = lans.get(b.name) or [(None, _v6(b))]
    nhrp = (_redirect6, _shortcut6)

    def judge(paths: list[Trace]) -> tuple[str, str]:
        result, reason = verdict(
            cloud, a, b, routed, hubs, paths[0], ctx, defaults, nhrp=nhrp, family=FAMILY
        )
        return result, reason + multipath(paths)

    return worst_lan(net, a.name, a.tunnel.vrf or "", b.name, dsts, judge)
