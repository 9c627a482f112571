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

from dataclasses import dataclass, field
from ipaddress import IPv4Network

from dmvpngen.parse.facts import Device
from dmvpngen.routes.instances import Adjacency, Instance, build_instances
from dmvpngen.routes.model import DISTANCE, Rib, Route
from dmvpngen.routes.multipath import install_paths, tie, unequal, variance
from dmvpngen.routes.origin import base_rib, install_statics, originate, reads_tables
from dmvpngen.routes.ospfareas import ospf_advert
from dmvpngen.routes.policy import (
    InPolicy,
    filtered,
    filters,
    inbound,
    ospf_filtered,
    route_map_in,
    signature,
)
from dmvpngen.routes.protocols import Cand, bgp_advert, eigrp_advert, receive
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
) -> Network:
    """RIBs of ``devices`` (minus routers / interfaces in ``down``)."""
    topo = build_topology(devices, overlay, down)
    instances, adjs = build_instances(topo)
    net = Network(topo, instances, adjs)
    for k in instances:
        net.by_router.setdefault(k[0], []).append(k)
    heard: dict[Key, list[Adjacency]] = {}
    for a in adjs:
        heard.setdefault(a.local, []).append(a)
    # what an instance hears, apart from the adverts themselves, is the same every round
    hearing = {key: _hearing(net, inst, heard.get(key, [])) for key, inst in instances.items()}
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
    for rounds in range(1, _MAX_ROUNDS + 1):
        adverts = _adverts(net, tables)
        received_cache: dict[tuple[object, ...], Received] = {}
        new: dict[Key, dict[IPv4Network, Cand]] = {}
        for key, inst in instances.items():
            own = fixed.get(key)
            if own is None:
                own = originate(inst, ribs[inst.router.name], tables[key])
            (got, tied), recv_keys[key] = _received(
                net, inst, hearing[key], adverts, received_cache
            )
            ties[key] = tied
            new[key] = _merge(inst, own, got)
        changed = {k[0] for k in instances if new[k] != tables[k]}
        # a RIB depends only on its router and that router's tables: rebuild the changed ones
        # (round 1 replaces the connected-only start RIBs everywhere)
        for name in read if rounds == 1 else read & changed:
            ribs[name] = _rib(net, topo.routers[name], new, start[name], learned)
        if not changed:
            net.rounds = rounds
            break
        tables = new
    for name, r in topo.routers.items():
        if name not in read:
            ribs[name] = _rib(net, r, tables, start[name], learned)
    net.tables, net.ribs = tables, ribs
    install_paths(net, ties, _learned_route)
    net.classes = _classes(net, recv_keys)
    for rib in ribs.values():
        rib.freeze()
    return net


def _adverts(
    net: Network, tables: dict[Key, dict[IPv4Network, Cand]]
) -> dict[tuple[Key, str], list[Cand]]:
    out: dict[tuple[Key, str], list[Cand]] = {}
    for a in net.adjacencies:
        sender = net.instances[a.remote]
        port = _sender_port(net, a)
        k = (a.remote, port)
        if k in out:
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


def _sender_port(net: Network, a: Adjacency) -> str:
    """The sender's interface (IGP) or its neighbour entry for the receiver (BGP)."""
    return a.remote_port


_Hearing = tuple[tuple[Adjacency, str, tuple[object, ...]], ...]


def _hearing(net: Network, inst: Instance, adjs: list[Adjacency]) -> _Hearing:
    """Per adjacency of ``inst``: the adjacency, the sender's port and the part of the received
    table's cache key that does not change from round to round."""
    out = []
    for a in adjs:
        sport = _sender_port(net, a)
        params = _recv_params(inst, a)
        out.append((a, sport, (a.remote, sport, a.port, a.remote_address, params)))
    return tuple(out)


# what one class of receivers takes in: the best candidate per prefix, and the candidates that
# tie with it (equal-cost paths through other neighbours)
Received = tuple[dict[IPv4Network, Cand], dict[IPv4Network, list[Cand]]]


def _received(
    net: Network,
    inst: Instance,
    hearing: _Hearing,
    adverts: dict[tuple[Key, str], list[Cand]],
    cache: dict[tuple[object, ...], Received],
) -> tuple[Received, object]:
    """The best of what ``inst`` hears this round (with the candidates that tie with it), and
    the key it is shared under: receivers with equal keys hear the same adverts on the same
    terms (an advert list is one per sender and port each round, so the sender and port stand
    for it)."""
    spread = variance(inst)
    key = (inst.proto, inst.ident, spread, tuple(h[2] for h in hearing))
    hit = cache.get(key)
    if hit is not None:
        return hit, key
    best: dict[IPv4Network, Cand] = {}
    tied: dict[IPv4Network, list[Cand]] = {}
    heard: list[Cand] | None = [] if spread > 1 else None
    for a, sport, (_, _, _, _, params) in hearing:
        sender = net.instances[a.remote]
        assert isinstance(params, tuple)
        for adv in adverts[(a.remote, sport)]:
            # the table is shared by every receiver of this class, so nothing receiver-specific
            # is filtered here: a receiver's own originations win over echoes in _merge
            if inst.proto == "bgp" and inst.ident in adv.as_path and not params[4]:
                continue
            c = receive(
                adv,
                sender=sender.router.name,
                sender_address=a.remote_address,
                port=a.port if inst.proto != "bgp" else None,
                proto=inst.proto,
                delay=params[0],
                bw=params[1],
                cost=params[2],
                ibgp=params[3],
                from_client=params[5],
            )
            if params[6] is not None:  # an inbound route map or distribute list
                passed = inbound(inst, params[6], c)
                if passed is None:
                    continue
                c = passed
            prefix = c.prefix
            if heard is not None:
                heard.append(c)
            old = best.get(prefix)
            if old is None:
                best[prefix] = c
            elif _prefer(inst.proto, c, old):
                best[prefix] = c
                if tie(inst.proto, c, old):
                    tied.setdefault(prefix, []).append(old)
                elif tied:
                    tied.pop(prefix, None)
            elif tie(inst.proto, c, old):
                tied.setdefault(prefix, []).append(c)
    if heard is not None:
        unequal(heard, best, tied)
    cache[key] = (best, tied)
    return (best, tied), key


def _recv_params(
    inst: Instance, a: Adjacency
) -> tuple[int, int, int, bool, bool, bool, InPolicy | None]:
    if inst.proto == "bgp":
        bgp = inst.router.device.bgp
        assert bgp is not None and a.port is not None
        o = neighbor_options(inst.router, bgp, a.port)
        rmap = o.route_map_in
        pol: InPolicy | None = (rmap, (), signature(inst, [rmap])) if rmap else None
        return (0, 0, 0, a.remote[2] == inst.ident, o.allowas_in, o.rr_client, pol)
    s = inst.interfaces[a.port or ""]
    # OSPF's inbound lists only keep routes out of the routing table (the LSAs still flood):
    # applied when the RIB is built, not here
    eigrp_lists = inst.proto == "eigrp" and inst.router.facts.distribute
    lists = tuple(filters(inst, "in", a.port)) if eigrp_lists else ()
    pol = (None, lists, signature(inst, [n for _k, n in lists])) if lists else None
    return (s.port.delay, s.port.bandwidth, s.cost, False, False, False, pol)


def _prefer(proto: str, a: Cand, b: Cand) -> bool:
    if proto == "bgp":
        ka = (-a.weight, -a.local_pref, a.via is not None, len(a.as_path), a.ibgp, a.via or "")
        kb = (-b.weight, -b.local_pref, b.via is not None, len(b.as_path), b.ibgp, b.via or "")
        return ka < kb
    if a.ospf != b.ospf:
        # OSPF prefers intra-area over inter-area over external routes, whatever the metric
        # (type 5 and NSSA type 7 externals rank alike: the metric decides between them)
        rank_a, rank_b = _RANK.get(a.ospf, 0), _RANK.get(b.ospf, 0)
        if rank_a != rank_b:
            return rank_a < rank_b
    first, second = (a.external, a.metric, a.via or ""), (b.external, b.metric, b.via or "")
    if first != second:
        return first < second
    return str(a.next_hop) < str(b.next_hop)  # spelt out only on a tie: it is costly


_RANK = {"intra": 0, "inter": 1, "ext": 2, "nssa": 2}


def _merge(
    inst: Instance, own: dict[IPv4Network, Cand], got: dict[IPv4Network, Cand]
) -> dict[IPv4Network, Cand]:
    if not own:
        return got
    table = dict(got)
    for p, c in own.items():
        old = table.get(p)
        if old is None or old.origin == c.origin or _prefer(inst.proto, c, old):
            table[p] = c
    return table


_LABEL = {"eigrp": "EIGRP", "ospf": "OSPF", "bgp": "BGP"}


def _rib(
    net: Network,
    router: object,
    tables: dict[Key, dict[IPv4Network, Cand]],
    connected: Rib,
    learned: dict[tuple[int, str, int, str], tuple[Cand, Route]] | None = None,
) -> Rib:
    from dmvpngen.routes.topology import Router

    learned = {} if learned is None else learned
    assert isinstance(router, Router)
    rib = connected.copy()  # the connected routes, built once per computation
    for key in net.by_router.get(router.name, []):
        inst = net.instances[key]
        table = tables[key]
        # OSPF 'distribute-list ... in [interface]' keeps routes out of the table only
        rib_filter = inst.proto == "ospf" and bool(inst.router.facts.distribute)
        for c in table.values():
            if c.via is None:
                continue  # originated here: the connected / static route is already there
            if rib_filter and ospf_filtered(inst, c):
                continue
            at = (id(c), key[1], key[2], key[3])
            hit = learned.get(at)
            if hit is None or hit[0] is not c:
                hit = learned[at] = (c, _learned_route(inst, c))
            rib.offer(hit[1], inst.vrf)
        _discards(inst, table, rib)
    install_statics(router, rib)
    return rib


def _learned_route(inst: Instance, c: Cand) -> Route:
    """The RIB entry for candidate ``c`` learned by ``inst``."""
    proto = _protocol(inst.proto, c)
    why = f"{_LABEL[inst.proto]} {inst.ident} from {c.via}"
    if c.origin != c.via:
        why += f", originated by {c.origin}"
    return Route(
        c.prefix,
        proto,
        DISTANCE[proto],
        c.metric,
        c.port if inst.proto != "bgp" else None,
        c.next_hop,
        c.origin,
        c.via,
        why,
        None,
        c.tag,
    )


def _protocol(proto: str, c: Cand) -> str:
    if proto == "eigrp":
        return "eigrp-ex" if c.external else "eigrp"
    if proto == "bgp":
        return "ibgp" if c.ibgp else "ebgp"
    return proto


def _discards(inst: Instance, table: dict[IPv4Network, Cand], rib: Rib) -> None:
    """Summary (EIGRP, AD 5) and aggregate (BGP, AD 200) discard routes on this router."""
    me = inst.router.name
    if inst.proto == "eigrp":
        for name, s in sorted(inst.interfaces.items()):
            for net, line in s.summaries:
                if any(p != net and p.subnet_of(net) for p in table):
                    rib.offer(
                        Route(
                            net,
                            "eigrp-summary",
                            5,
                            0,
                            "Null0",
                            None,
                            me,
                            None,
                            f"summary on {name}",
                            line,
                        ),
                        inst.vrf,
                    )
    elif inst.proto == "ospf" and inst.abr:
        # 'area A range' on a border router installs a discard route for the range while a
        # component is up (IOS 'discard-route internal', on by default; distance 110)
        for area, ranges in sorted(inst.ranges.items()):
            for net, _advertised, line in ranges:
                inside = (
                    c.area == area
                    and c.ospf == "intra"
                    and c.prefix != net
                    and c.prefix.subnet_of(net)
                    for c in table.values()
                )
                if any(inside):
                    why = f"area {area} range"
                    route = Route(net, "ospf-summary", 110, 0, "Null0", None, me, None, why, line)
                    rib.offer(route, inst.vrf)
    elif inst.proto == "bgp":
        for g in inst.router.facts.aggregates:
            if any(p != g.prefix and p.subnet_of(g.prefix) for p in table):
                kind = "aggregate-address summary-only" if g.summary_only else "aggregate-address"
                rib.offer(
                    Route(g.prefix, "bgp-aggregate", 200, 0, "Null0", None, me, None, kind, g.line),
                    inst.vrf,
                )


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
