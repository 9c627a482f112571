"""OSPF virtual links: a backbone adjacency between two border routers through a transit
area, configured on both ends (``area A virtual-link RID``, each naming the other's router
id). It makes the far router a border router of the backbone, so the areas behind it reach
area 0 (RFC 2328 section 15; Cisco "IP Routing: OSPF Configuration Guide", *Establishing
Virtual Links*: both endpoints are ABRs, the link cannot cross a stub area).

Modelled as a point-to-point interface in area 0 on each end (``OSPF_VL<n>``, as IOS names
it). Its cost is the cost of the intra-area path to the far end through the transit area,
and its neighbour address the far end's address on the interface that path arrives on (RFC
2328 sections 15 and 16.1: the virtual link's cost is the transit area's shortest-path cost
between the two, worked out from the transit area's adjacencies, each hop at the sending
interface's cost). When the set holds no such path (the transit area runs through routers
outside it), the link keeps the router's own transit-area interface cost and the far end's
first transit-area address, so a partial set does not lose what the link carries.
"""

from __future__ import annotations

import heapq
from ipaddress import IPv4Address, IPv4Interface

from dmvpngen.parse.tree import ip_or_none
from dmvpngen.routes.instances import Adjacency, IfSettings, Instance
from dmvpngen.routes.topology import Port

__all__ = ["is_virtual", "router_id", "virtual_links"]

Key = tuple[str, str, int, str]


def is_virtual(name: str) -> bool:
    """Is ``name`` a virtual link's interface (not a port of the router)?"""
    return name.startswith("OSPF_VL")


def router_id(inst: Instance) -> IPv4Address | None:
    """The OSPF router id: ``router-id``, else the highest loopback address, else the highest
    interface address (of the instance's VRF)."""
    given = inst.router.facts.ospf_router_id.get((inst.ident, inst.vrf))
    if given is not None:
        return ip_or_none(given)
    ports = [p for p in inst.router.ports.values() if p.vrf == inst.vrf]
    loops = [p.address.ip for p in ports if p.name.startswith("Loopback")]
    pool = loops or [p.address.ip for p in ports]
    return max(pool) if pool else None


def virtual_links(
    instances: dict[Key, Instance], adjs: list[Adjacency] | None = None
) -> tuple[list[Adjacency], set[tuple[str, int]]]:
    """Both directions of every virtual link both ends configure, and the (router, line) of
    each modelled ``virtual-link`` line; each end gains its ``OSPF_VL<n>`` interface.
    ``adjs``: the network's IGP adjacencies (the transit area's paths)."""
    ospf = sorted((k, i) for k, i in instances.items() if i.proto == "ospf")
    by_rid: dict[IPv4Address, list[Instance]] = {}
    for _k, inst in ospf:
        rid = router_id(inst)
        if rid is not None:
            by_rid.setdefault(rid, []).append(inst)
    ends: dict[tuple[Key, Key], tuple[str, IfSettings, int]] = {}
    for _k, inst in ospf:
        links = inst.router.facts.ospf_vlinks.get((inst.ident, inst.vrf), [])
        me = router_id(inst)
        for n, (area, rid_text, line) in enumerate(links):
            rid = ip_or_none(rid_text)
            peer = _peer(by_rid.get(rid, []) if rid is not None else [], area, me)
            mine = _transit(inst, area)
            if peer is None or mine is None or area in inst.stubs or area in inst.nssa:
                continue
            name = f"OSPF_VL{n}"
            port = mine.port
            cost = mine.cost
            path = _transit_path(instances, adjs or [], inst.key, peer.key, area)
            if path is not None:
                cost, first = path
                port = inst.interfaces[first].port
            vport = Port(
                port.router,
                name,
                IPv4Interface(f"{port.address.ip}/32"),
                inst.vrf,
                line,
                port.bandwidth,
                port.delay,
            )
            ends[(inst.key, peer.key)] = (name, IfSettings(vport, cost=cost, area="0"), line)
    out: list[Adjacency] = []
    modelled: set[tuple[str, int]] = set()
    for (a, b), (name, settings, line) in sorted(ends.items()):
        back = ends.get((b, a))
        if back is None:
            continue
        inst = instances[a]
        inst.interfaces[name] = settings
        inst.abr = len({s.area for s in inst.interfaces.values()}) > 1
        # the far end is named by its address on the interface its own path back starts on
        # (its end's port), the far end's interface on the path between the two
        out.append(Adjacency(a, b, name, back[1].port.address.ip, back[0]))
        modelled.add((inst.router.name, line))
    return out, modelled


def _peer(cands: list[Instance], area: str, me: IPv4Address | None) -> Instance | None:
    """The instance among ``cands`` whose own virtual link through ``area`` names ``me``."""
    for inst in cands:
        for other_area, rid_text, _line in inst.router.facts.ospf_vlinks.get(
            (inst.ident, inst.vrf), []
        ):
            if other_area == area and ip_or_none(rid_text) == me:
                return inst
    return None


def _transit(inst: Instance, area: str) -> IfSettings | None:
    """The router's first (by name) interface in the transit ``area``."""
    for _name, s in sorted(inst.interfaces.items()):
        if s.area == area and not is_virtual(_name):
            return s
    return None


def _transit_path(
    instances: dict[Key, Instance], adjs: list[Adjacency], src: Key, dst: Key, area: str
) -> tuple[int, str] | None:
    """The cost of the shortest intra-area path from ``src`` to ``dst`` through ``area`` and
    the interface of ``src`` it leaves by (None: no path in the set); each hop costs the
    sending interface's OSPF cost (RFC 2328 section 16.1)."""
    return _dijkstra(instances, adjs, src, area).get(dst)


def _dijkstra(
    instances: dict[Key, Instance], adjs: list[Adjacency], src: Key, area: str
) -> dict[Key, tuple[int, str]]:
    """Cost and first interface from ``src`` to every instance reached through ``area``."""
    edges: dict[Key, list[tuple[Key, int, str]]] = {}
    for a in adjs:
        # ``a.local`` hears ``a.remote`` on ``a.port``: traffic from local leaves by that port
        if a.local[1] != "ospf" or a.port is None or is_virtual(a.port):
            continue
        s = instances[a.local].interfaces.get(a.port)
        if s is not None and s.area == area:
            edges.setdefault(a.local, []).append((a.remote, s.cost, a.port))
    best: dict[Key, tuple[int, str]] = {}
    heap: list[tuple[int, Key, str]] = [(0, src, "")]
    while heap:
        cost, node, first = heapq.heappop(heap)
        if node in best:
            continue
        best[node] = (cost, first)
        for nxt, step, port in sorted(edges.get(node, [])):
            if nxt not in best:
                heapq.heappush(heap, (cost + step, nxt, first or port))
    best.pop(src, None)
    return best
