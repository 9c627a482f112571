"""The network-wide fixpoint: every router's RIB from connected, static and protocol routes,
iterated until no protocol table changes.

Each round, every instance rebuilds its table from its own originations (which depend on the
previous round's RIB: redistribution, BGP ``network`` statements) and what its neighbours sent
in the previous round. Starting from empty tables this is Bellman-Ford: it converges in about
as many rounds as the network is deep. Adverts are computed once per sending interface (IGP) or
per neighbour entry (BGP: a listen-range peer group is one entry), and spokes that hear the same
adverts share one received table, so a 2,000-spoke cloud costs a few hub-sized tables per round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Network

from dmvpngen.parse.facts import Device
from dmvpngen.routes.bgpigp import by_igp_metric
from dmvpngen.routes.instances import Adjacency, Instance, build_instances
from dmvpngen.routes.localroutes import base_rib
from dmvpngen.routes.model import Rib, Route
from dmvpngen.routes.multipath import install_paths
from dmvpngen.routes.nssaelect import Translators, translators
from dmvpngen.routes.origin import originate, reads_tables
from dmvpngen.routes.ospfareas import ospf_advert
from dmvpngen.routes.perobject import per_object
from dmvpngen.routes.policy import filtered, filters, outbound_paths, route_map_in
from dmvpngen.routes.protocols import Cand, bgp_advert, eigrp_advert
from dmvpngen.routes.receive import (
    Received,
    hearing,
    merge,
    received,
    received_key,
    sender_port,
)
from dmvpngen.routes.ribs import build_rib, learned_route
from dmvpngen.routes.sessions import neighbor_options
from dmvpngen.routes.topology import Router, Topology, build_topology

__all__ = ["Network", "compute"]

Key = tuple[str, str, int, str]
_MAX_ROUNDS = 64


@dataclass
class Network:
    """The routing model of a set of routers."""

    topo: Topology
    instances: dict[Key, Instance]
    adjacencies: list[Adjacency]
    ribs: dict[str, Rib] = field(default_factory=dict)
    tables: dict[Key, dict[IPv4Network, Cand]] = field(default_factory=dict)
    rounds: int = 0
    # routers that hear the same adverts and have the same static routes (up to their own
    # addresses) forward alike: one class, traced once
    classes: dict[str, int] = field(default_factory=dict)
    by_router: dict[str, list[Key]] = field(default_factory=dict)
    # the NSSA border routers that translate type 7 routes (None: no NSSA: nssaelect)
    translators: Translators = None


def compute(
    devices: list[Device],
    overlay: set[tuple[str, str]] | None = None,
    down: dict[str, set[str]] | None = None,
    classes: bool = True,
    lazy: bool = False,
) -> Network:
    """RIBs of ``devices`` (minus routers / interfaces in ``down``); ``classes``: group the
    routers that forward alike (``Network.classes``; a failover case, which retraces the base
    network's flows, reads none); ``lazy``: build a router's RIB when it is first read (a
    failover case's traces read few of them; ``net.ribs`` then answers indexing only)."""
    topo = build_topology(devices, overlay, down)
    instances, adjs = build_instances(topo)
    net = Network(topo, instances, adjs)
    net.translators = translators(instances, adjs)
    for k in instances:
        net.by_router.setdefault(k[0], []).append(k)
    heard: dict[Key, list[Adjacency]] = {}
    for a in adjs:
        heard.setdefault(a.local, []).append(a)
    # what an instance hears, apart from the adverts themselves, is the same every round
    hears = {key: hearing(net, inst, heard.get(key, [])) for key, inst in instances.items()}
    # the (sender, port) of every advert each instance hears: whether one changed in a round
    sources = {key: frozenset((h[0].remote, h[1]) for h in hs) for key, hs in hears.items()}
    start = {name: _connected(r) for name, r in topo.routers.items()}
    # Only these routers' RIBs are read inside the loop (originate); the others are built once,
    # from the converged tables, as the round that last changed their tables would have built
    # them (a RIB is a function of its router and that router's tables alone), and what their
    # instances originate is the same every round.
    read = {k[0] for k, inst in instances.items() if reads_tables(inst)}
    fixed = {k: _fixed_own(inst) for k, inst in instances.items() if k[0] not in read}
    ribs = dict(start)
    tables: dict[Key, dict[IPv4Network, Cand]] = {k: {} for k in instances}
    # the received-table key of each instance (static: see receive.received) as a small number,
    # so a round's lookup hashes an int, not the key's nested tuples; equal keys, equal numbers
    numbers: dict[object, int] = {}
    recv_keys = {k: received_key(inst, hears[k]) for k, inst in instances.items()}
    recv_ids = {k: numbers.setdefault(rk, len(numbers)) for k, rk in recv_keys.items()}
    ties: dict[Key, dict[IPv4Network, list[Cand]]] = {}
    # the RIB entry of a learned candidate, by the candidate object (received tables are shared
    # by a class of routers, and a candidate lives on through the rounds until it changes)
    learned: dict[tuple[int, str, int, str], tuple[Cand, Route]] = {}
    # What the last round worked out, reused where its inputs did not move: adverts are a
    # function of the sender's table (and the static facts of the sender and its port), what an
    # instance receives a function of the adverts it hears, its table of what it originates and
    # receives. ``fresh``: the adverts whose content changed this round.
    moved: set[Key] | None = None
    adverts: dict[tuple[Key, str], list[Cand]] = {}
    # (what it received, what it originated, the received best paths its merge read)
    last: dict[Key, tuple[Received, dict[IPv4Network, Cand], dict[IPv4Network, Cand]]] = {}
    sending = _sending(net)
    for rounds in range(1, _MAX_ROUNDS + 1):
        adverts, fresh = _adverts(net, sending, tables, adverts, moved)
        received_cache: dict[tuple[object, ...], Received] = {}
        by_id: dict[int, Received] = {}
        new: dict[Key, dict[IPv4Network, Cand]] = {}
        for key, inst in instances.items():
            own = fixed.get(key)
            if own is None:
                own = originate(inst, ribs[inst.router.name], tables[key])
            before = last.get(key)
            # no advert it hears changed this round: what is received is a function of the
            # adverts heard (and of static facts), so the last round's result stands
            if before is not None and fresh.isdisjoint(sources[key]):
                got_tied = before[0]
            else:
                hit = by_id.get(recv_ids[key])
                if hit is None:
                    hit = by_id[recv_ids[key]] = received(
                        net, inst, hears[key], adverts, received_cache
                    )[0]
                got_tied = hit
            # iBGP paths equal up to the IGP metric to their next hops: this router's metrics
            # decide (bgpigp), so the shared result is re-ranked and not reused
            mine = by_igp_metric(inst.vrf, ribs[key[0]], got_tied) if got_tied[2] else got_tied
            ties[key] = mine[1]
            if before is not None and before[2] is mine[0] and before[1] is own:
                new[key] = tables[key]  # the same inputs as the last round's merge
            else:
                new[key] = merge(inst, own, mine[0])
            last[key] = (got_tied, own, mine[0])
        moved = {k for k in instances if new[k] is not tables[k] and new[k] != tables[k]}
        changed = {k[0] for k in moved}
        # a RIB depends only on its router and that router's tables: rebuild the changed ones
        # (round 1 replaces the connected-only start RIBs everywhere)
        for name in read if rounds == 1 else read & changed:
            ribs[name] = build_rib(net, topo.routers[name], new, start[name], learned)
        if not changed:
            net.rounds = rounds
            break
        tables = new
    if lazy:
        # the loop built the RIBs of ``read``; the others still hold their connected routes
        ribs = _LazyRibs(
            {name: ribs[name] for name in read},
            lambda name: build_rib(net, topo.routers[name], tables, start[name], learned),
        )
    else:
        for name, r in topo.routers.items():
            if name not in read:
                ribs[name] = build_rib(net, r, tables, start[name], learned)
    net.tables, net.ribs = tables, ribs
    install_paths(net, ties, learned_route)
    if classes:
        net.classes = _classes(net, recv_keys)
    for rib in ribs.values():
        rib.freeze()
    return net


class _LazyRibs(dict[str, Rib]):
    """RIBs by router name, each built from the converged tables when first indexed (the
    routers outside the loop's ``read`` set: their RIBs are a function of their router and its
    tables alone, so building one later gives the RIB building it at once would)."""

    def __init__(self, built: dict[str, Rib], build: Callable[[str], Rib]) -> None:
        super().__init__(built)
        self._build = build

    def __missing__(self, name: str) -> Rib:
        rib = self[name] = self._build(name)  # KeyError for a router the network lacks
        rib.freeze()
        return rib


# Per Router / Instance object, what a computation derives from it alone: the base network and
# every failover case and cloud view share the Router and Instance objects
# (topology.build_routers, instances.build_instances), and nothing changes them once built. The
# values are never changed either (build_rib copies the connected RIB, merge copies ``own``).
@per_object
def _connected(router: Router) -> Rib:
    """``base_rib(router)``, built once per Router object."""
    return base_rib(router)


@per_object
def _fixed_own(inst: Instance) -> dict[IPv4Network, Cand]:
    """What an instance that reads no table originates (:func:`origin.reads_tables` is False:
    neither the RIB nor its table is read, so the empty ones give the answer), once per
    Instance object."""
    return originate(inst, _connected(inst.router), {})


def _sending(net: Network) -> list[tuple[tuple[Key, str], Adjacency]]:
    """Each (sender, port) that sends an advert, with the first adjacency that hears it (an
    advert is one per sender and port: its receivers on that port all hear the same)."""
    out: dict[tuple[Key, str], Adjacency] = {}
    for a in net.adjacencies:
        out.setdefault((a.remote, sender_port(net, a)), a)
    return list(out.items())


def _adverts(
    net: Network,
    sending: list[tuple[tuple[Key, str], Adjacency]],
    tables: dict[Key, dict[IPv4Network, Cand]],
    last: dict[tuple[Key, str], list[Cand]],
    moved: set[Key] | None,
) -> tuple[dict[tuple[Key, str], list[Cand]], set[tuple[Key, str]]]:
    """What every sender sends on every port this round (``last``: the last round's, kept for
    senders outside ``moved``, whose tables did not change), and which of them differ from the
    last round's. An advert equal to the last round's is kept as that same list, so a receiver
    that hears only unchanged adverts keeps what it received (see :func:`compute`)."""
    out: dict[tuple[Key, str], list[Cand]] = {}
    fresh: set[tuple[Key, str]] = set()
    for k, a in sending:
        if moved is not None and a.remote not in moved and k in last:
            out[k] = last[k]
            continue
        sent = _advert(net, a, k[1], tables[a.remote])
        old = last.get(k)
        if old is not None and old == sent:
            out[k] = old
        else:
            out[k] = sent
            fresh.add(k)
    return out, fresh


def _advert(net: Network, a: Adjacency, port: str, table: dict[IPv4Network, Cand]) -> list[Cand]:
    """What the sender of ``a`` sends on ``port`` (its interface, or its neighbour entry for
    the receiver) from its ``table``."""
    sender = net.instances[a.remote]
    if sender.proto == "eigrp":
        sent = eigrp_advert(sender, port, table)
        lists = filters(sender, "out", port) if sender.router.facts.distribute else []
        if lists:
            sent = [c for c in sent if not filtered(sender, lists, c.prefix, c.tag)]
        return sent
    if sender.proto == "ospf":
        return ospf_advert(sender, port, table, net.translators)
    bgp = sender.router.device.bgp
    assert bgp is not None
    opts = neighbor_options(sender.router, bgp, port)
    peer_as = net.instances[a.local].ident
    suppress = [
        g.prefix for g in sender.router.facts.aggregates if g.summary_only and g.prefix in table
    ]
    sent = bgp_advert(sender, table, opts, peer_as, suppress)
    if opts.filter_out is not None:
        sent = outbound_paths(sender, opts.filter_out, sent, peer_as != sender.ident)
    if opts.route_map_out is not None:
        policies = sender.router.facts.policies
        # the outbound map sees the AS path before this router's AS is prepended
        ebgp = peer_as != sender.ident
        passed = (
            route_map_in(
                policies, opts.route_map_out, c, "bgp", path=c.as_path[1:] if ebgp else None
            )
            for c in sent
        )
        sent = [c for c in passed if c is not None]
    if not opts.send_community:
        # communities, set by the outbound map or carried, leave only with
        # 'neighbor X send-community'
        sent = [c._replace(communities=()) if c.communities else c for c in sent]
    return sent


def _classes(net: Network, recv_keys: Mapping[Key, object]) -> dict[str, int]:
    ids: dict[tuple[object, ...], int] = {}
    out: dict[str, int] = {}
    for name, router in sorted(net.topo.routers.items()):
        statics = []
        for s in router.facts.statics:
            owner = net.topo.owner(s.next_hop) if s.next_hop is not None else None
            statics.append((s.prefix, s.vrf, s.interface, owner.router if owner else None))
        sig = (
            tuple(sorted((k[1:], recv_keys.get(k, 0)) for k in net.by_router.get(name, []))),
            tuple(statics),
            tuple(sorted((p.vrf, p.tunnel is not None) for p in router.ports.values())),
        )
        out[name] = ids.setdefault(sig, len(ids))
    return out
