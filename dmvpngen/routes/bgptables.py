"""Which routing table each part of a router's BGP belongs to.

IOS keeps one BGP table per address family: the neighbours, ``network`` statements,
aggregates and redistributions under ``address-family ipv4 vrf V`` feed V's table only, the
ones at the top level or under ``address-family ipv4`` the global table (Cisco "IP Routing:
BGP Configuration Guide", *BGP Support for IP Prefix Export from a VRF Table into the Global
Table*: routes cross between the two only by explicit import/export). A router whose
neighbours are all in one table runs one BGP instance there (the model's long-standing
reading, kept as it was); one with neighbours in several tables runs one instance per table.
"""

from __future__ import annotations

from dmvpngen.parse.facts import Bgp
from dmvpngen.routes.topology import Router

__all__ = ["neighbor_table", "owns", "split", "tables"]


def tables(router: Router) -> list[str]:
    """The tables of ``router``'s BGP instances ("" is the global table)."""
    bgp = router.device.bgp
    if bgp is None:
        return []
    found = _neighbour_tables(router, bgp)
    return sorted(found) if len(found) > 1 else [bgp.vrf]


def split(router: Router) -> bool:
    """Does ``router`` run BGP in more than one table?"""
    bgp = router.device.bgp
    return bgp is not None and len(_neighbour_tables(router, bgp)) > 1


def neighbor_table(router: Router, bgp: Bgp, name: str) -> str:
    """The table of neighbour (or peer group) ``name``: its instance's VRF."""
    if not split(router):
        return bgp.vrf
    nb = bgp.neighbors.get(name)
    return router.facts.bgp_line_vrf.get(nb.line, "") if nb is not None else ""


def owns(router: Router, vrf: str, line: int | None) -> bool:
    """Does the BGP line ``line`` (network, aggregate, redistribution) feed ``vrf``'s instance?
    Always when the router runs one instance."""
    if line is None or not split(router):
        return True
    return router.facts.bgp_line_vrf.get(line, "") == vrf


def _neighbour_tables(router: Router, bgp: Bgp) -> set[str]:
    where = router.facts.bgp_line_vrf
    if not where:
        return set()
    return {where.get(nb.line, "") for nb in bgp.neighbors.values()}
