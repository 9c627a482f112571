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

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Network

from dmvpngen.parse.facts import Device
from dmvpngen.routes.instances import Adjacency, Instance, build_instances
from dmvpngen.routes.localroutes import base_rib
from dmvpngen.routes.model import Rib, Route
from dmvpngen.routes.multipath import install_paths
from dmvpngen.routes.origin import originate, reads_tables
from dmvpngen.routes.ospfareas import ospf_advert
from dmvpngen.routes.policy import filtered, filters, outbound_paths, route_map_in
from dmvpngen.routes.protocols import Cand, bgp_advert, eigrp_advert
from dmvpngen.routes.receive import Hearing, Received, hearing, merge, received, sender_port
from dmvpngen.routes.ribs import build_rib, learned_route
from dmvpngen.routes.sessions import neighbor_options
from dmvpngen.routes.topology import Topology, build_topology

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
    for k in instances:
        net.by_router.setdefault(k[0], []).append(k)
    heard: dict[Key, list[Adjacency]] = {}
    for a in adjs:
        heard.setdefault(a.local, []).append(a)
    # what an instance hears, apart from the adverts themselves, is the same every round
    hears = {key: hearing(net, inst, heard.get(key, [])) for key, inst in instances.items()}
    start = {name: base_rib(r) for name, r in topo.routers.items()}
    # Only these routers' RIBs are read inside the loop (originate); the others are built once,
    # from the converged tables, as the round that last changed their tables would have built
    # them (a RIB is a function of its router and that router's tables alone), and what their
    # instances originate is the same every round.
    read = {k[0] for k, inst in instances.items() if reads_tables(inst)}
    fixed = {
        k: originate(inst, start[k[0]], {}) for k, inst in instances.items() if k[0] not in read
    }
    ribs = dict(start)
    tables: dict[Key, dict[IPv4Network, Cand]] = {k: {} for k in instances}
    recv_keys: dict[Key, object] = {}
    ties: dict[Key, dict[IPv4Network, list[Cand]]] = {}
    # the RIB entry of a learned candidate, by the candidate object (received tables are shared
    # by a class of routers, and a candidate lives on through the rounds until it changes)
    learned: dict[tuple[int, str, int, str], tuple[Cand, Route]] = {}
    # What the last round worked out, reused where its inputs did not move: adverts are a
    # function of the sender's table (and the static facts of the sender and its port), what an
    # instance receives of the adverts it hears, its table of what it originates and receives.
    # ``moved``: the instances whose table changed in the last round (None: round 1).
    moved: set[Key] | None = None
    adverts: dict[tuple[Key, str], list[Cand]] = {}
    last: dict[Key, tuple[Received, object, dict[IPv4Network, Cand]]] = {}
    for rounds in range(1, _MAX_ROUNDS + 1):
        adverts = _adverts(net, tables, adverts, moved)
        received_cache: dict[tuple[object, ...], Received] = {}
        new: dict[Key, dict[IPv4Network, Cand]] = {}
        for key, inst in instances.items():
            own = fixed.get(key)
            if own is None:
                own = originate(inst, ribs[inst.router.name], tables[key])
            before = last.get(key)
            if before is not None and moved is not None and _still(hears[key], moved):
                (got, tied), recv_keys[key] = before[0], before[1]
            else:
                (got, tied), recv_keys[key] = received(
                    net, inst, hears[key], adverts, received_cache
                )
            ties[key] = tied
            if before is not None and before[0][0] is got and before[2] is own:
                new[key] = tables[key]  # the same inputs as the last round's merge
            else:
                new[key] = merge(inst, own, got)
            last[key] = ((got, tied), recv_keys[key], own)
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


def _still(hearing: Hearing, moved: set[Key]) -> bool:
    """No sender ``hearing`` lists changed its table in the last round."""
    return not any(h[0].remote in moved for h in hearing)


def _adverts(
    net: Network,
    tables: dict[Key, dict[IPv4Network, Cand]],
    last: dict[tuple[Key, str], list[Cand]],
    moved: set[Key] | None,
) -> dict[tuple[Key, str], list[Cand]]:
    """What every sender sends on every port this round (``last``: the last round's, kept for
    senders outside ``moved``, whose tables did not change)."""
    out: dict[tuple[Key, str], list[Cand]] = {}
    for a in net.adjacencies:
        sender = net.instances[a.remote]
        port = sender_port(net, a)
        k = (a.remote, port)
        if k in out:
            continue
        if moved is not None and a.remote not in moved and k in last:
            out[k] = last[k]
            continue
        table = tables[a.remote]
        if sender.proto == "eigrp":
            sent = eigrp_advert(sender, port, table)
            lists = filters(sender, "out", port) if sender.router.facts.distribute else []
            if lists:
                sent = [c for c in sent if not filtered(sender, lists, c.prefix, c.tag)]
            out[k] = sent
        elif sender.proto == "ospf":
            out[k] = ospf_advert(sender, port, table)
        else:
            bgp = sender.router.device.bgp
            assert bgp is not None
            opts = neighbor_options(sender.router, bgp, port)
            peer_as = net.instances[a.local].ident
            suppress = [
                g.prefix
                for g in sender.router.facts.aggregates
                if g.summary_only and g.prefix in table
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
            out[k] = sent
    return out


def _classes(net: Network, recv_keys: dict[Key, object]) -> dict[str, int]:
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
