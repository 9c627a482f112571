"""BGP sessions: configured neighbours and ``bgp listen range`` peers, with the options that
decide what each side sends (route reflection, next-hop handling, unsuppress maps)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import TYPE_CHECKING, Any

from dmvpngen.parse.facts import Bgp, BgpNeighbor
from dmvpngen.parse.ipv6 import ipv6_or_none
from dmvpngen.parse.tree import ip_or_none
from dmvpngen.routes.bgptables import neighbor_table, split
from dmvpngen.routes.topology import Port, Router, Topology

if TYPE_CHECKING:
    from dmvpngen.routes.instances import Adjacency, Instance

__all__ = ["NeighborOptions", "accepting_entry", "bgp_sessions", "neighbor_options"]


@dataclass(frozen=True)
class NeighborOptions:
    """Options of one neighbour, merged with its peer group's."""

    name: str
    remote_as: int | None
    rr_client: bool
    next_hop_self: bool
    next_hop_unchanged: bool
    allowas_in: bool
    unsuppress: bool
    route_map_in: str | None
    route_map_out: str | None
    send_community: bool = False
    # 'neighbor X filter-list N in|out' (ip as-path access-list N)
    filter_in: str | None = None
    filter_out: str | None = None
    # 'next-hop-self all': reflected iBGP routes too (see BgpNeighbor.next_hop_self_all)
    next_hop_self_all: bool = False


def neighbor_options(router: Router, bgp: Bgp, name: str) -> NeighborOptions:
    """Options for neighbour ``name`` (an address or a peer-group name)."""
    nb = bgp.neighbors.get(name) or BgpNeighbor(name, bgp.line)
    grp = bgp.neighbors.get(nb.peer_group or "") if nb.peer_group else None
    facts = router.facts

    def pick(attr: str) -> object:
        own = getattr(nb, attr)
        if own not in (None, [], False):
            return own
        return getattr(grp, attr) if grp is not None else None

    def own_or_group(per: dict[str, str]) -> str | None:
        return per.get(name) or (per.get(grp.name) if grp else None)

    rmap_in = own_or_group(facts.route_map_in)
    rmap_out = own_or_group(facts.route_map_out)
    unsup = name in facts.unsuppress or (grp is not None and grp.name in facts.unsuppress)
    remote = pick("remote_as")
    return NeighborOptions(
        name,
        remote if isinstance(remote, int) else None,
        pick("rr_client") is not None,
        pick("next_hop_self") is not None,
        pick("next_hop_unchanged") is not None,
        pick("allowas_in") is not None,
        unsup,
        rmap_in,
        rmap_out,
        name in facts.send_community or (grp is not None and grp.name in facts.send_community),
        own_or_group(facts.filter_list_in) if facts.filter_list_in else None,
        own_or_group(facts.filter_list_out) if facts.filter_list_out else None,
        # the neighbour's own 'next-hop-self' line decides, else its group's ('all' is only
        # ever set beside a line)
        nb.next_hop_self_all
        if nb.next_hop_self is not None
        else (grp is not None and grp.next_hop_self_all),
    )


def accepting_entry(bgp: Bgp, peer_addrs: list[IPv4Address]) -> str | None:
    """The neighbour entry (address or listen-range peer group) that accepts the peer."""
    for a in peer_addrs:
        if str(a) in bgp.neighbors:
            return str(a)
    for net, group, _line in bgp.listen_ranges:
        if any(a in net for a in peer_addrs):
            return group
    return None


def _source(router: Router, target: IPv4Address, vrf: str) -> Port | None:
    for p in router.ports.values():
        if target in p.network and p.vrf == vrf:
            return p
    loopback = router.ports.get("Loopback0")
    return loopback if loopback is not None and loopback.vrf == vrf else None


def bgp_sessions(
    topo: Topology, instances: dict[tuple[str, str, int, str], Instance]
) -> list[Adjacency]:
    """Both directions of every BGP session that both ends configure and can reach."""
    from dmvpngen.routes.instances import Adjacency

    out: list[Adjacency] = []
    seen: set[tuple[str, str]] = set()
    for router in topo.routers.values():
        bgp = router.device.bgp
        if bgp is None:
            continue
        for name, nb in sorted(bgp.neighbors.items()):
            addr = _address(name)
            if addr is None or nb.is_peer_group:
                continue
            owner = topo.owner(addr)
            if owner is None or owner.router == router.name:
                continue
            peer = topo.routers[owner.router]
            pbgp = peer.device.bgp
            vrf = neighbor_table(router, bgp, name)
            src = _source(router, addr, vrf)
            if pbgp is None or src is None:
                continue
            if owner.tunnel is not None and not topo.overlay_ok(router.name, peer.name):
                continue
            entry = accepting_entry(pbgp, [src.address.ip])
            if entry is None:
                continue
            their_vrf = neighbor_table(peer, pbgp, entry)
            if split(router) or split(peer):
                # a VRF's name is the router's own: the peer's entry must sit in the table of
                # the interface that holds the address
                if their_vrf != owner.vrf:
                    continue
            elif their_vrf != vrf:
                continue
            mine = neighbor_options(router, bgp, name)
            theirs = neighbor_options(peer, pbgp, entry)
            if mine.remote_as != pbgp.asn or (
                theirs.remote_as not in (None, bgp.asn) and bgp.asn not in _alternates(pbgp, entry)
            ):
                continue
            pair = (router.name, peer.name)
            if pair in seen:
                continue
            seen.add(pair)
            seen.add((peer.name, router.name))
            a_key = (router.name, "bgp", bgp.asn, vrf)
            b_key = (peer.name, "bgp", pbgp.asn, their_vrf)
            out.append(Adjacency(a_key, b_key, name, addr, entry))
            out.append(Adjacency(b_key, a_key, entry, src.address.ip, name))
    return out


def _address(name: str) -> IPv4Address | None:
    """A neighbour entry's address: IPv4, or IPv6 in an IPv6 view (routes.family) whose
    tables take IPv6 addresses where the model's types say IPv4."""
    addr = ip_or_none(name)
    if addr is None and ":" in name:
        six: Any = ipv6_or_none(name)
        return six  # type: ignore[no-any-return]
    return addr


def _alternates(bgp: Bgp, entry: str) -> list[int]:
    nb = bgp.neighbors.get(entry)
    return nb.alternate_as if nb else []
