"""Naming the NSSA translator in a finding: when a flow fails outside an NSSA toward an address
that one of the NSSA's type 7 routes covers, which border router translates that route into
type 5 is what decides how the other areas see it (RFC 3101 section 3.1: every border router
configured ``area A nssa translate type7 always``, else the one with the highest router id;
:mod:`dmvpngen.routes.nssaelect`), with the forwarding address it keeps or suppresses. The
words name the translator, why it was elected, the border routers standing by and the
forwarding address, so the engineer sees which router's options matter.

Only where some NSSA has a border router (``Network.translators`` is not None): other networks
pay nothing.
"""

from __future__ import annotations

import weakref
from ipaddress import IPv4Address
from typing import Any, NamedTuple

from dmvpngen.routes.fixpoint import Network
from dmvpngen.routes.nssaelect import Key
from dmvpngen.routes.ospfvlinks import router_id

__all__ = ["translator_change", "translator_note"]


class _Type7(NamedTuple):
    """A type 7 route with its P-bit set, as the NSSA's border routers hold it."""

    prefix: Any
    area: str
    origin: str  # the NSSA ASBR
    borders: tuple[Key, ...]  # the NSSA's border routers that hold it


def translator_note(net: Network, address: IPv4Address, at: str) -> str:
    """`` (NSSA 10's type 7 route P from R is translated into type 5 by ...)`` for a flow to
    ``address`` that fails at ``at`` (outside the NSSA); "" when no type 7 route covers
    ``address`` or ``at`` holds it itself."""
    if net.translators is None:
        return ""
    hits = [r for r in _type7s(net) if address in r.prefix]
    if not hits:
        return ""
    route = max(hits, key=lambda r: r.prefix.prefixlen)
    if any(_holds(net, key, route) for key in net.tables if key[0] == at):
        return ""  # inside the NSSA: the type 7 itself reaches it, no translation involved
    elected = [k for k in route.borders if (k, route.area) in net.translators]
    if not elected:
        return (
            f" (NSSA {route.area}'s type 7 route {route.prefix} from {route.origin} has no "
            "translator)"
        )
    names = " and ".join(k[0] for k in elected)
    standby = [k[0] for k in route.borders if k not in elected]
    if any(_always(net, k, route.area) for k in elected):
        why = "configured 'area " + route.area + " nssa translate type7 always'"
    else:
        rid = router_id(net.instances[elected[0]])
        why = f"the NSSA border router with the highest router id ({rid})"
    text = (
        f" (NSSA {route.area}'s type 7 route {route.prefix} from {route.origin} is translated "
        f"into type 5 by {names}{' alone' if len(elected) == 1 else ''}, {why}"
    )
    if standby:
        text += f"; {', '.join(standby)} stand{'s' if len(standby) == 1 else ''} by"
    return text + _fa_words(net, elected, route, at) + ")"


def translator_change(base: Network, now: Network) -> list[str]:
    """What a failover case changes in the NSSAs' translators: ``NSSA 10 translated by he1
    (he2 before)`` for each NSSA whose translators differ from ``base``'s."""
    if base.translators is None:
        return []
    before = _by_area(base.translators)
    after = _by_area(now.translators or frozenset())
    out = []
    for area in sorted(before):
        if after.get(area, []) != before[area]:
            now_names = " and ".join(after.get(area, [])) or "no border router"
            out.append(
                f"NSSA {area} translated by {now_names} ({' and '.join(before[area])} before)"
            )
    return out


def _by_area(translators: frozenset[tuple[Key, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, area in sorted(translators):
        out.setdefault(area, []).append(key[0])
    return out


def _fa_words(net: Network, elected: list[Key], route: _Type7, at: str) -> str:
    """The forwarding address the translator's type 5 carries, and whether ``at`` has the
    OSPF route it needs to install it (RFC 2328 section 16.4 (3))."""
    opts = _opts(net, elected[0], route.area)
    if "suppress-fa" in opts:
        return "; with 'suppress-fa' the type 5 carries forwarding address 0.0.0.0"
    held = net.tables.get(elected[0], {}).get(route.prefix)
    fa = held.fa if held is not None else None
    if fa is None:
        return ""
    text = f"; its type 5 keeps forwarding address {fa}"
    mine = [t for key, t in net.tables.items() if key[0] == at and key[1] == "ospf"]
    if mine and not any(
        fa in p and c.ospf in {"intra", "inter"} for t in mine for p, c in t.items()
    ):
        text += f", to which {at} has no intra-area or inter-area route"
    return text


def _opts(net: Network, key: Key, area: str) -> frozenset[str] | tuple[()]:
    inst = net.instances[key]
    return inst.router.facts.ospf_nssa_opts.get((inst.ident, inst.vrf), {}).get(area, ())


def _always(net: Network, key: Key, area: str) -> bool:
    return "always" in _opts(net, key, area)


def _holds(net: Network, key: Any, route: _Type7) -> bool:
    c = net.tables.get(key, {}).get(route.prefix)
    return c is not None and c.ospf == "nssa" and c.area == route.area


def _type7s(net: Network) -> list[_Type7]:
    """Every type 7 route with its P-bit set that an NSSA border router holds (once per
    network: the findings of one network ask for it many times)."""
    hit = _CACHE.get(id(net))
    if hit is not None and hit[0]() is net:
        return hit[1]
    found: dict[tuple[Any, str], tuple[str, list[Key]]] = {}
    for key, inst in sorted(net.instances.items()):
        if inst.proto != "ospf" or not inst.abr or not inst.nssa:
            continue
        for c in net.tables.get(key, {}).values():
            if c.ospf == "nssa" and not c.p_clear and c.area in inst.nssa:
                found.setdefault((c.prefix, c.area), (c.origin, []))[1].append(key)
    out = [_Type7(p, a, o, tuple(b)) for (p, a), (o, b) in found.items()]
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[id(net)] = (weakref.ref(net), out)
    return out


_CACHE: dict[int, tuple[weakref.ref[Network], list[_Type7]]] = {}
