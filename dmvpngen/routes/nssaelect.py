"""Which border routers of an NSSA translate its type 7 routes into type 5 (RFC 3101 section
3.1, "Translating Type-7 LSAs"): every border router configured ``area A nssa translate type7
always`` (its router-LSA's Nt bit; Cisco "IP Routing: OSPF Command Reference", ``area nssa
translate``: "configures an NSSA ABR router as a forced NSSA LSA translator"); when none of the
NSSA's border routers has it, the one with the highest OSPF router id, the others standing by.
The NSSA is the part of area A its routers reach inside it: two islands of one area number
elect apart.

The election is worked out per computation (a failover case without the elected router elects
another), and only where an NSSA has border routers: no NSSA, no work.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address

from dmvpngen.routes.instances import Adjacency, Instance
from dmvpngen.routes.ospfvlinks import router_id

__all__ = ["Translators", "translators"]

Key = tuple[str, str, int, str]
# (OSPF instance key, NSSA area) of every border router that translates; None: no NSSA has
# a border router (nothing to elect)
Translators = frozenset[tuple[Key, str]] | None


def translators(instances: dict[Key, Instance], adjacencies: Iterable[Adjacency]) -> Translators:
    """The border routers that translate, per NSSA."""
    borders = {
        (key, area)
        for key, inst in instances.items()
        if inst.proto == "ospf" and inst.abr and inst.nssa
        for area in inst.nssa
        if any(s.area == area for s in inst.interfaces.values())
    }
    if not borders:
        return None
    islands = _islands(instances, adjacencies, {area for _key, area in borders})
    elected: dict[tuple[str, Key], list[tuple[Key, str]]] = {}
    for key, area in borders:
        root = islands.get((key, area), key)
        elected.setdefault((area, root), []).append((key, area))
    out: set[tuple[Key, str]] = set()
    for group in elected.values():
        forced = [m for m in group if _always(instances[m[0]], m[1])]
        if forced:
            out.update(forced)
            continue
        out.add(max(group, key=lambda m: (_rid(instances[m[0]]), m[0])))
    return frozenset(out)


def _always(inst: Instance, area: str) -> bool:
    opts = inst.router.facts.ospf_nssa_opts.get((inst.ident, inst.vrf), {}).get(area, ())
    return "always" in opts


def _rid(inst: Instance) -> IPv4Address:
    return router_id(inst) or IPv4Address(0)


def _islands(
    instances: dict[Key, Instance], adjacencies: Iterable[Adjacency], areas: set[str]
) -> dict[tuple[Key, str], Key]:
    """(instance, area) -> a representative of the routers it reaches inside the area (union
    of the OSPF adjacencies whose interface lies in one of ``areas``)."""
    parent: dict[tuple[Key, str], tuple[Key, str]] = {}

    def find(x: tuple[Key, str]) -> tuple[Key, str]:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a in adjacencies:
        if a.local[1] != "ospf" or a.port is None:
            continue
        s = instances[a.local].interfaces.get(a.port)
        if s is None or s.area not in areas:
            continue
        left, right = find((a.local, s.area)), find((a.remote, s.area))
        if left != right:
            parent[max(left, right)] = min(left, right)
    return {x: find(x)[0] for x in parent}
