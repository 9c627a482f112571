"""Equal-cost multipath: which candidates tie, and how many paths each protocol installs.

IOS installs up to ``maximum-paths`` equal-cost paths per prefix: four for EIGRP and OSPF by
default, one for BGP until ``maximum-paths N`` (eBGP) or ``maximum-paths ibgp N`` is configured,
and BGP paths only with identical attributes and AS path (Cisco "BGP Multipath Load Sharing
for Both eBGP and iBGP"; "Cisco IOS Cookbook" 5.11 for the defaults).
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.routes.instances import Instance
from dmvpngen.routes.model import Route
from dmvpngen.routes.protocols import Cand

if TYPE_CHECKING:
    from dmvpngen.routes.fixpoint import Network

__all__ = ["install_paths", "tie"]

Key = tuple[str, str, int, str]


def tie(proto: str, a: Cand, b: Cand) -> bool:
    """Equal-cost candidates through different neighbours (BGP: same attributes and AS path,
    as IOS requires for BGP multipath)."""
    if (a.via, a.next_hop) == (b.via, b.next_hop):
        return False
    if proto == "bgp":
        return (a.weight, a.local_pref, a.as_path, a.ibgp) == (
            b.weight,
            b.local_pref,
            b.as_path,
            b.ibgp,
        )
    return (a.external, a.ospf, a.metric) == (b.external, b.ospf, b.metric)


# IOS defaults for 'maximum-paths' (Cisco IOS IP Routing configuration guides; "Cisco IOS
# Cookbook" 5.11): four paths for EIGRP and OSPF, one for BGP until it is configured.
_DEFAULT_PATHS = {"eigrp": 4, "ospf": 4, "bgp": 1}


def install_paths(
    net: Network,
    ties: dict[Key, dict[IPv4Network, list[Cand]]],
    route_of: Callable[[Instance, Cand], Route],
) -> None:
    """Install the equal-cost paths of the converged tables beside the installed routes
    (``route_of``: the routing table entry of a learned candidate)."""
    for key, tied in ties.items():
        if not tied:
            continue
        inst = net.instances[key]
        rib = net.ribs[inst.router.name]
        table = net.tables[key]
        for prefix, others in tied.items():
            best = table.get(prefix)
            if best is None or best.via is None:
                continue  # originated here (or filtered): nothing learned to share
            limit = _limit(inst, best.ibgp)
            installed = rib.tables.get(inst.vrf, {}).get(prefix)
            if (
                limit < 2
                or installed is None
                or (installed.via, installed.next_hop)
                != (
                    best.via,
                    best.next_hop,
                )
            ):
                continue  # one path allowed, or another source won the prefix in the RIB
            for c in others[: limit - 1]:
                rib.add_path(route_of(inst, c), inst.vrf, limit)


def _limit(inst: Instance, ibgp: bool) -> int:
    """Paths ``inst`` installs per prefix; BGP counts iBGP (``maximum-paths ibgp``) and eBGP
    paths apart, and the ties of one prefix are all one kind (:func:`_tie`)."""
    paths, ibgp_paths = inst.router.facts.maximum_paths.get(
        (inst.proto, inst.ident, "" if inst.proto == "bgp" else inst.vrf), (None, None)
    )
    if inst.proto == "bgp":
        return (ibgp_paths if ibgp else paths) or 1
    return paths if paths is not None else _DEFAULT_PATHS[inst.proto]
