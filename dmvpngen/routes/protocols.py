"""What one protocol instance sends to a neighbour, and how the neighbour takes it in.

EIGRP: split horizon per interface, per-interface summaries (components suppressed, the
summary's discard route installed locally), stub routers sending only their connected and
summary routes, ``no next-hop-self`` keeping a third-party next hop (Cisco "DMVPN Configuration
Guide": phase 2 needs split horizon off and next-hop-self off on the hub). OSPF: a distance
vector over the same adjacencies gives the SPF result; broadcast / non-broadcast networks keep
the originating router as next hop, point-to-multipoint rewrites it; a type 2 external keeps
its external cost and carries the cost to the ASBR beside it. BGP: iBGP split horizon
and route reflection, next-hop-self / next-hop-unchanged, summary-only aggregates with
unsuppress maps, AS-path loop prevention, inbound local-preference.
"""

from __future__ import annotations

import functools
from ipaddress import IPv4Address, IPv4Network
from typing import NamedTuple

from dmvpngen.routes.bgpids import cluster_id
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.perobject import per_object
from dmvpngen.routes.sessions import NeighborOptions

__all__ = [
    "Cand",
    "bgp_advert",
    "eigrp_advert",
    "eigrp_metric",
    "eigrp_receive",
    "origin_code",
    "originated",
    "receive",
]


class Cand(NamedTuple):
    """A route in a protocol's table (topology table / LSDB result / BGP table)."""

    prefix: IPv4Network
    metric: int
    next_hop: IPv4Address | None  # None: this router originated it
    via: str | None  # neighbour router
    port: str | None  # interface it was learned on (None: local or BGP)
    origin: str
    why: str
    line: int | None  # the line on the origin router
    external: bool = False
    delay: int = 0
    bw: int = 0
    as_path: tuple[int, ...] = ()
    local_pref: int = 100
    ibgp: bool = False
    from_client: bool = False
    weight: int = 0
    kind: str = "connected"  # what the origin is: connected | static | redistributed | summary
    tag: int = 0
    ospf: str = ""  # OSPF route type: "intra" | "inter" | "ext" (O, O IA, O E2)
    area: str = ""  # OSPF: the area it was learned in (intra / inter) or originated in
    communities: tuple[str, ...] = ()  # BGP communities ('set community'), as IOS prints them
    # OSPF external metric type: E1 / N1 (True) adds the internal cost to the metric; E2 / N2
    # (False, IOS's default) keeps the external cost and counts the cost to the ASBR in 'fwd',
    # which breaks ties between E2 routes of equal metric (RFC 2328 section 16.4)
    e1: bool = False
    fwd: int = 0
    # BGP: the path arrived without a MED (an eBGP neighbour does not pass on one it heard)
    no_med: bool = False
    fa: IPv4Address | None = None  # OSPF external: the forwarding address (None: 0.0.0.0)
    # BGP origin code a route map's 'set origin' gave the path (-1: none, the code follows
    # from how the path entered BGP); it travels with the path like the attribute
    set_origin: int = -1
    # OSPF type 7: the P-bit is clear ('redistribute ... nssa-only', or a border router's own
    # type 7): the NSSA's border routers do not translate it, and a type 5 wins over it
    p_clear: bool = False
    # BGP, where the receiver has 'bgp bestpath compare-routerid': the sender's router id
    rid: int = 0
    # BGP: the neighbour of an equal eBGP path this one won over on the age step (IOS keeps
    # the older path, which configs do not tell: the model's own order decided)
    arrival: str = ""
    # iBGP: ORIGINATOR_ID then CLUSTER_LIST (RFC 4456; empty: not reflected), the neighbour's
    # address, and which late best-path step chose the installed path (bgpigp)
    rr: tuple[int, ...] = ()
    peer: int = 0
    decided: str = ""
    # last: receive() builds EIGRP candidates from a plain tuple that ends with it
    rd: int = 0  # EIGRP: the metric the neighbour advertised (reported distance)


def originated(
    prefix: IPv4Network,
    component: Cand | None,
    origin: str,
    why: str,
    line: int | None,
    **extra: str | int,
) -> Cand:
    """A summary ``origin`` advertises for ``prefix`` at the metric of its best ``component``
    (None: metric 1, a stub area's default)."""
    metric = component.metric if component is not None else 1
    out = Cand(prefix, metric, None, None, None, origin, why, line, kind="summary")
    return out._replace(**extra) if extra else out  # type: ignore[arg-type]


def origin_code(c: Cand) -> int:
    """BGP origin: 0 (IGP: ``network``, ``aggregate-address``), 1 (EGP) or 2 (incomplete:
    routes redistributed into BGP; Cisco document 13753, "BGP Best Path Selection Algorithm":
    IGP is lower than EGP, EGP lower than incomplete); a route map's ``set origin`` (inbound,
    outbound or on redistribution) replaces it."""
    if c.set_origin >= 0:
        return c.set_origin
    return 2 if c.kind in _INCOMPLETE else 0


_INCOMPLETE = frozenset({"redistributed", "static"})


def eigrp_metric(bw: int, delay: int) -> int:
    """Classic composite metric with default K values: 256 * (10^7 / min bw + sum of delay)."""
    return 256 * (10_000_000 // max(bw, 1) + delay)


_STUB_SENDS = {
    "connected": {"connected"},
    "summary": {"summary"},
    "static": {"static"},
    "redistributed": {"redistributed", "static"},
    "receive-only": set(),
}


@functools.lru_cache(maxsize=64)
def _stub_sends(stub: str) -> frozenset[str]:
    """The kinds of route an ``eigrp stub`` of these keywords sends (asked for every route a
    stub advertises: computed once per keyword set)."""
    allowed: set[str] = set()
    for word in stub.split() or ["connected", "summary"]:
        allowed |= _STUB_SENDS.get(word, set())
    return frozenset(allowed)


def eigrp_advert(inst: Instance, port: str, table: dict[IPv4Network, Cand]) -> list[Cand]:
    """What ``inst`` sends on ``port`` (to every neighbour there)."""
    if not table:
        return []  # nothing to send, and no component for a summary (every first round)
    s = inst.interfaces[port]
    out: list[Cand] = []
    # read once per advert, not once per route (every spoke advertises in every round)
    sends = _stub_sends(inst.stub) if inst.stub is not None else None
    split, nh_self = s.split_horizon, s.next_hop_self
    if not s.summaries:
        # most ports have none (a spoke's tunnel, every round): no component to hold back
        for c in table.values():
            if sends is not None and (c.via is not None or c.kind not in sends):
                continue  # a stub sends only its own routes of the kinds its keywords name
            if split and c.port == port:
                continue
            hop = c.next_hop if (not nh_self and c.port == port) else None
            # the candidate itself when its next hop stays (its own routes): a copy costs more
            out.append(c if c.next_hop is hop else c._replace(next_hop=hop))
        return out
    summaries: dict[IPv4Network, Cand | None] = dict.fromkeys(n for n, _ in s.summaries)
    decided = _components(inst).setdefault(port, {})
    for c in table.values():
        # a summary stands for every component in the topology table, wherever it was learned
        # (split horizon applies to the components, not to the summary the router originates)
        known = decided.get(c.prefix)
        if known is None:
            known = decided[c.prefix] = _component(inst, port, tuple(summaries), c.prefix)
        covering, leaked = known
        if covering:
            for n in covering:
                best = summaries[n]
                if best is None or c.metric < best.metric:
                    summaries[n] = c
            if not leaked:
                continue
        if sends is not None and (c.via is not None or c.kind not in sends):
            continue
        if split and c.port == port:
            continue
        hop = c.next_hop if (not nh_self and c.port == port) else None
        out.append(c if c.next_hop is hop else c._replace(next_hop=hop))
    lines = dict(s.summaries)
    for n, comp in summaries.items():
        stub_sends = inst.stub is None or "summary" in (inst.stub.split() or ["summary"])
        if comp is not None and stub_sends:
            why = f"summary on {inst.router.name} {port}"
            out.append(
                originated(n, comp, inst.router.name, why, lines[n], delay=comp.delay, bw=comp.bw)
            )
    return out


@per_object
def _components(
    inst: Instance,
) -> dict[str, dict[IPv4Network, tuple[tuple[IPv4Network, ...], bool]]]:
    """Per port with summaries, per prefix: :func:`_component`'s answer, filled as asked (a
    hub advertises every spoke's prefix in every round of every computation; the answer is a
    function of the Instance, which nothing changes once built, the port and the prefix)."""
    return {}


def _component(
    inst: Instance, port: str, nets: tuple[IPv4Network, ...], prefix: IPv4Network
) -> tuple[tuple[IPv4Network, ...], bool]:
    """The summaries of ``port`` (``nets``) that stand for ``prefix``, and whether a leak-map
    of one of them lets ``prefix`` out beside it (Cisco "EIGRP Route Tag Enhancements /
    summary leak-map": the component is advertised as well)."""
    covering = _covering(nets, prefix)
    facts = inst.router.facts
    leak = [m for n in covering if (m := facts.leak_maps.get((port, n))) is not None]
    return covering, bool(leak) and any(facts.leaks(m, prefix) for m in leak)


# (summary prefixes, prefix) -> the summaries that stand for the prefix. A hub advertises every
# spoke's prefix in every round of every computation, and ``subnet_of`` is Python code; the
# answer is a function of the key alone (bounded as prefixes.interned's table is).
_COVERS: dict[tuple[tuple[IPv4Network, ...], IPv4Network], tuple[IPv4Network, ...]] = {}


def _covering(nets: tuple[IPv4Network, ...], prefix: IPv4Network) -> tuple[IPv4Network, ...]:
    """The prefixes of ``nets`` that hold ``prefix`` and are not ``prefix`` itself, in order."""
    key = (nets, prefix)
    hit = _COVERS.get(key)
    if hit is None:
        if len(_COVERS) >= 1 << 17:
            _COVERS.clear()
        hit = _COVERS[key] = tuple(n for n in nets if prefix != n and prefix.subnet_of(n))
    return hit


def bgp_advert(
    sender: Instance,
    table: dict[IPv4Network, Cand],
    opts: NeighborOptions,
    peer_as: int,
    suppress: list[IPv4Network],
) -> list[Cand]:
    """What ``sender`` sends to the neighbour whose options (on the sender) are ``opts``."""
    ibgp = peer_as == sender.ident
    out: list[Cand] = []
    # a route reflector's CLUSTER_ID ('bgp cluster-id', else its router id: RFC 4456 section
    # 7), added to every iBGP path it reflects
    cluster = cluster_id(sender.router) if ibgp else 0
    # 'next-hop-self' sets this router as next hop of eBGP-learned routes; of reflected iBGP
    # routes only with 'all' (Cisco IOS XE IP Routing: BGP Configuration Guide, "Configuring
    # Internal BGP Features": "next-hop-self all")
    nhs = opts.next_hop_self
    nhs_all = nhs and opts.next_hop_self_all
    for c in table.values():
        # iBGP split horizon; a route reflector reflects client routes to all, others to
        # clients only (RFC 4456).
        if ibgp and c.ibgp and not (c.from_client or opts.rr_client):
            continue
        if (
            suppress
            and not opts.unsuppress
            and any(c.prefix != n and c.prefix.subnet_of(n) for n in suppress)
        ):
            continue
        if ibgp:
            own = nhs_all or (nhs and not c.ibgp)
            hop = None if (own or c.next_hop is None) else c.next_hop
            if c.ibgp:
                # reflected: ORIGINATOR_ID kept or set (an iBGP path's 'rid' is its
                # originator), CLUSTER_LIST grown by this cluster (RFC 4456 sections 7, 8)
                out.append(c._replace(next_hop=hop, rr=(c.rid, cluster, *c.rr[1:])))
            else:
                out.append(c._replace(next_hop=hop))
        else:
            hop = c.next_hop if (opts.next_hop_unchanged and c.next_hop is not None) else None
            # a MED heard from a neighbouring AS is not passed on to another (RFC 4271
            # section 5.1.4); routes originated in this AS (empty AS path) keep theirs
            # (it then arrives without one: 'no_med')
            path = (sender.ident, *c.as_path)
            if c.as_path:
                out.append(c._replace(next_hop=hop, as_path=path, metric=0, no_med=True))
            else:
                out.append(c._replace(next_hop=hop, as_path=path))
    return out


_tuple_new = tuple.__new__


def eigrp_receive(
    adv: Cand, sender_address: IPv4Address, sender: str, port: str | None, delay: int, bw: int
) -> Cand:
    """:func:`receive` for EIGRP, its arguments by position: a hub takes in every spoke's
    advert in every round, and keyword arguments cost more than the work itself."""
    hop = adv[2] if adv[2] is not None else sender_address
    d, b = adv[9] + delay, min(adv[10] or bw, bw)
    # built field by field: _replace walks all of Cand's fields by name
    # (prefix, metric, next_hop, via, port, origin, why, line, external, delay, bw, ...,
    # rd: the metric as the neighbour advertised it)
    return _tuple_new(
        Cand, (adv[0], eigrp_metric(b, d), hop, sender, port, *adv[5:9], d, b, *adv[11:-1], adv[1])
    )


_EXTERNAL = frozenset({"ext", "nssa"})  # OSPF type 5 and NSSA type 7 routes


def receive(
    adv: Cand,
    *,
    sender: str,
    sender_address: IPv4Address,
    port: str | None,
    proto: str,
    delay: int = 0,
    bw: int = 0,
    cost: int = 0,
    ibgp: bool = False,
    from_client: bool = False,
    local_pref: int | None = None,
    rid: int = 0,
    peer: int = 0,
) -> Cand:
    """``adv`` as the receiver stores it (metric grown, next hop resolved to an address)."""
    if proto == "eigrp":
        return eigrp_receive(adv, sender_address, sender, port, delay, bw)
    hop = adv.next_hop if adv.next_hop is not None else sender_address
    if proto == "ospf":
        if adv.ospf in _EXTERNAL and not adv.e1:
            # E2 / N2: the metric stays the external cost, the cost to the ASBR grows
            return adv._replace(next_hop=hop, via=sender, port=port, fwd=adv.fwd + cost)
        if adv.fa is not None:
            # an E1 route with a forwarding address carries its cost to the address in 'fwd'
            # too (ospffa.toward_fa), so the external cost can be told from it
            metric, fwd = adv.metric + cost, adv.fwd + cost
            return adv._replace(next_hop=hop, via=sender, port=port, metric=metric, fwd=fwd)
        return adv._replace(next_hop=hop, via=sender, port=port, metric=adv.metric + cost)
    lp = adv.local_pref if ibgp else 100
    # an iBGP path's router id is its ORIGINATOR_ID when reflected (RFC 4456 section 9);
    # the reflection attributes do not cross an AS border, nor does the step that chose it
    return adv._replace(
        next_hop=hop,
        via=sender,
        port=None,
        ibgp=ibgp,
        from_client=from_client,
        local_pref=local_pref if local_pref is not None else lp,
        weight=0,
        rid=adv.rr[0] if ibgp and adv.rr else rid,
        rr=adv.rr if ibgp else (),
        peer=peer,
        decided="",
    )
