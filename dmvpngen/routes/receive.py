"""What a protocol instance takes in each fixpoint round: the adverts of its neighbours as
it receives them (metric grown, inbound policy applied), the best candidate per prefix and the
ones that tie with it, shared by every receiver that hears the same adverts on the same terms;
and how its own originations merge with them."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.routes.bgpids import bgp_router_id, cluster_id
from dmvpngen.routes.instances import Adjacency, Instance
from dmvpngen.routes.multipath import tie, unequal, variance
from dmvpngen.routes.perobject import per_object
from dmvpngen.routes.policy import InPolicy, filters, inbound, signature
from dmvpngen.routes.protocols import Cand, eigrp_receive, receive
from dmvpngen.routes.ranking import MedRules, aged, bgp_order, deterministic_med, med_rules, prefer
from dmvpngen.routes.sessions import neighbor_options
from dmvpngen.routes.topology import Router

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network

__all__ = [
    "Hearing",
    "Received",
    "hearing",
    "merge",
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


# what one class of receivers takes in: the best candidate per prefix, the candidates that
# tie with it (equal-cost paths through other neighbours), and the iBGP paths that each
# receiver still ranks by its own IGP metric to their next hops (bgpigp)
Received = tuple[
    dict[IPv4Network, Cand], dict[IPv4Network, list[Cand]], dict[IPv4Network, list[Cand]]
]


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
    close: dict[IPv4Network, list[Cand]] = {}
    heard: list[Cand] | None = [] if spread > 1 else None
    # 'bgp deterministic-med': every path is kept until all are heard, then ranked by group
    grouped: dict[IPv4Network, list[Cand]] | None = {} if always[2] else None
    bgp = inst.proto == "bgp"
    eigrp = inst.proto == "eigrp"
    # a route reflector drops a path whose CLUSTER_LIST holds its own cluster id: reflected
    # by it once already (RFC 4456 section 8), as a regional hub's spoke routes come back
    # from the central hub in a hierarchy of reflectors (part of the key: receiver-specific)
    cluster = own_cluster(inst)
    for a, sport, (_, _, _, _, params) in hearing:
        sent = adverts[(a.remote, sport)]
        if not sent:
            continue  # nothing to take in (every sender's first round): nothing to set up
        sender = net.instances[a.remote]
        assert isinstance(params, tuple)
        name, address, delay, bw = sender.router.name, a.remote_address, params[0], params[1]
        # the sender's router id: an iBGP path's (unless reflected: its originator's) and,
        # with 'bgp bestpath compare-routerid', an eBGP path's; the iBGP neighbour's address
        rid = bgp_router_id(sender.router) if bgp and (params[3] or always[4]) else 0
        peer = int(a.remote_address) if bgp and params[3] else 0
        for adv in sent:
            # the table is shared by every receiver of this class, so nothing receiver-specific
            # is filtered here: a receiver's own originations win over echoes in _merge
            if bgp and inst.ident in adv.as_path and not params[4]:
                continue
            if cluster and adv.rr and cluster in adv.rr[1:]:
                continue
            if eigrp:  # the same as receive(), by position (a hub hears every spoke)
                c = eigrp_receive(adv, address, name, a.port, delay, bw)
            else:
                c = receive(
                    adv,
                    sender=name,
                    sender_address=address,
                    port=a.port if not bgp else None,
                    proto=inst.proto,
                    delay=delay,
                    bw=bw,
                    cost=params[2],
                    ibgp=params[3],
                    from_client=params[5],
                    rid=rid,
                    peer=peer,
                )
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
                best[prefix] = aged(c, old, always) if bgp else c
                if tie(inst.proto, c, old):
                    tied.setdefault(prefix, []).append(old)
                elif tied:
                    tied.pop(prefix, None)
                if bgp:
                    _near(close, prefix, c, old, always, True)
            else:
                if bgp:
                    best[prefix] = aged(old, c, always)
                    _near(close, prefix, c, old, always, False)
                if tie(inst.proto, c, old):
                    tied.setdefault(prefix, []).append(c)
    if grouped is not None:
        deterministic_med(grouped, best, tied, always, close)
    if heard is not None:
        unequal(heard, best, tied)
    cache[key] = (best, tied, close)
    return (best, tied, close), key


def _near(
    close: dict[IPv4Network, list[Cand]],
    prefix: IPv4Network,
    c: Cand,
    old: Cand,
    rules: MedRules,
    won: bool,
) -> None:
    """Keep ``close`` (prefix -> the iBGP paths the IGP metric to the next hop decides between)
    in step after the new path ``c`` was compared with the best so far, ``old`` (``won``: ``c``
    is preferred): two iBGP paths to other next hops, equal up to that step, both join; a
    path preferred at an earlier step (or an eBGP one) ends the prefix's list."""
    if not (c.ibgp and old.ibgp):
        if won and close:
            close.pop(prefix, None)
        return
    if won:
        if bgp_order(c, old, rules):
            if close:
                close.pop(prefix, None)
        elif c.next_hop != old.next_hop:
            close.setdefault(prefix, [old]).append(c)
    elif c.next_hop != old.next_hop and not bgp_order(c, old, rules):
        close.setdefault(prefix, [old]).append(c)


def received_key(inst: Instance, hearing: Hearing) -> tuple[object, ...]:
    """The key :func:`received` shares a result under: what it reads of ``inst`` and of the
    adverts' senders apart from the adverts themselves (static facts: the same every round)."""
    return (
        inst.proto,
        inst.ident,
        variance(inst),
        med_rules(inst),
        own_cluster(inst),
        tuple(h[2] for h in hearing),
    )


def own_cluster(inst: Instance) -> int:
    """The cluster id ``inst`` adds when it reflects (0 unless it has route-reflector clients:
    only a reflector's id can be on a path's CLUSTER_LIST, and the spokes of one hub keep
    sharing what they receive)."""
    return _reflector_cluster(inst.router) if inst.proto == "bgp" else 0


@per_object
def _reflector_cluster(router: Router) -> int:
    """:func:`own_cluster` of ``router``'s BGP, worked out once per Router (a hub with one
    neighbour per spoke would walk them all in every round otherwise)."""
    bgp = router.device.bgp
    if bgp is None or not any(nb.rr_client for nb in bgp.neighbors.values()):
        return 0
    return cluster_id(router)


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


def merge(
    inst: Instance, own: dict[IPv4Network, Cand], got: dict[IPv4Network, Cand]
) -> dict[IPv4Network, Cand]:
    if not own:
        return got
    table = dict(got)
    rules: MedRules | None = None  # the router's, the same for every prefix: read once
    for p, c in own.items():
        old = table.get(p)
        if old is None or old.origin == c.origin:
            table[p] = c
            continue
        if rules is None:
            rules = med_rules(inst)
        if prefer(inst.proto, c, old, rules):
            table[p] = c
    return table
