"""OSPF virtual links: a backbone adjacency between two border routers through a transit
area, configured on both ends (``area A virtual-link RID``, each naming the other's router
id). It makes the far router a border router of the backbone, so the areas behind it reach
area 0 (RFC 2328 section 15; Cisco "IP Routing: OSPF Configuration Guide", *Establishing
Virtual Links*: both endpoints are ABRs, the link cannot cross a stub area).

Modelled as a point-to-point interface in area 0 on each end (``OSPF_VL<n>``, as IOS names
it), whose neighbour is the far end's address in the transit area and whose cost is the
cost of the router's own transit-area interface towards it (the intra-area cost between the
two is not known before the routes are computed: a far end one hop away gets the exact cost).
"""

from __future__ import annotations

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


def virtual_links(instances: dict[Key, Instance]) -> tuple[list[Adjacency], set[tuple[str, int]]]:
    """Both directions of every virtual link both ends configure, and the (router, line) of
    each modelled ``virtual-link`` line; each end gains its ``OSPF_VL<n>`` interface."""
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
            vport = Port(
                port.router,
                name,
                IPv4Interface(f"{port.address.ip}/32"),
                inst.vrf,
                line,
                port.bandwidth,
                port.delay,
            )
            ends[(inst.key, peer.key)] = (name, IfSettings(vport, cost=mine.cost, area="0"), line)
    out: list[Adjacency] = []
    modelled: set[tuple[str, int]] = set()
    for (a, b), (name, settings, line) in sorted(ends.items()):
        back = ends.get((b, a))
        if back is None:
            continue
        inst = instances[a]
        inst.interfaces[name] = settings
        inst.abr = len({s.area for s in inst.interfaces.values()}) > 1
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
