"""What runs where: which interfaces an IGP runs on, and BGP neighbours with their password state.

Shared by the routing-authentication rules (RTA) and the DMVPN adjacency rule (DMV011), computed
once per config view and cached on it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from dmvpngen.lint.rules._helpers import (
    classful_wildcard,
    covered_by,
    interface_addresses,
    interface_name,
)
from dmvpngen.lint.view import ConfigView, Line

__all__ = [
    "Adjacency",
    "BgpPeer",
    "bgp_peers",
    "eigrp_adjacencies",
    "ospf_adjacencies",
    "tunnel_adjacency",
    "tunnel_peer",
]


@dataclass(frozen=True)
class Adjacency:
    """An IGP enabled on an interface that can form adjacencies (not passive, not loopback)."""

    interface: Line
    process: str  # "EIGRP 100", "EIGRP NAME AS 100", "OSPF 1"
    authenticated: bool
    anchor: Line  # where a finding points: the interface, or the named-mode af line


@dataclass(frozen=True)
class BgpPeer:
    """A BGP neighbour, peer group or listen range with whether a password protects it."""

    line: Line
    peer: str
    has_password: bool
    listen_range: str = ""


def _cached(cfg: ConfigView, key: str) -> object | None:
    return getattr(cfg, "_routing_cache", {}).get(key)


def _store(cfg: ConfigView, key: str, value: object) -> None:
    cache = getattr(cfg, "_routing_cache", None)
    if cache is None:
        cache = {}
        cfg._routing_cache = cache  # type: ignore[attr-defined]
    cache[key] = value


def _usable(intf: Line) -> bool:
    name = interface_name(intf).lower()
    return not name.startswith(("loopback", "lo")) and not intf.has_child(r"^shutdown\s*$")


def _passive(block: Line, name: str, default_kw: str = "passive-interface") -> bool:
    low = name.lower()
    default = block.has_child(rf"^{default_kw} default\s*$")
    for line in block.children_matching(rf"^(no )?{default_kw}\s+\S+"):
        words = line.words
        target = words[-1].lower()
        if target == low:
            return words[0] != "no"
    return default


def _statements(block: Line, has_area: bool = False) -> list[tuple[str, str]]:
    out = []
    for line in block.children_matching(r"^network\s+\d"):
        words = line.words
        addr = words[1]
        wild = words[2] if len(words) > 2 and words[2][0].isdigit() else classful_wildcard(addr)
        if has_area and "area" not in words:
            continue
        out.append((addr, wild))
    return out


def eigrp_adjacencies(cfg: ConfigView) -> list[Adjacency]:
    """EIGRP (classic and named mode) on every usable interface."""
    hit = _cached(cfg, "eigrp")
    if hit is not None:
        return hit  # type: ignore[return-value]
    out: list[Adjacency] = []
    for router in cfg.find(r"^router eigrp\s+\S+"):
        families = router.children_matching(r"^address-family ipv4\b.*autonomous-system\s+\d+")
        if not families:
            asn = router.words[2]
            for intf in covered_by(cfg, _statements(router)):
                if _usable(intf) and not _passive(router, interface_name(intf)):
                    auth = intf.has_child(rf"^ip authentication mode eigrp {asn}\s+\S+")
                    out.append(Adjacency(intf, f"EIGRP {asn}", auth, intf))
            continue
        for family in families:
            asn = family.words[-1]
            default = family.child(r"^af-interface default\s*$")
            default_auth = default is not None and default.has_child(r"^authentication mode\s")
            default_passive = default is not None and default.has_child(r"^passive-interface")
            for intf in covered_by(cfg, _statements(family)):
                name = interface_name(intf)
                af = family.child(rf"^af-interface {name}\s*$")
                passive = default_passive
                auth = default_auth
                if af is not None:
                    if af.has_child(r"^passive-interface"):
                        passive = True
                    if af.has_child(r"^no passive-interface"):
                        passive = False
                    auth = auth or af.has_child(r"^authentication mode\s")
                if _usable(intf) and not passive:
                    desc = f"EIGRP {router.words[2]} AS {asn}"
                    out.append(Adjacency(intf, desc, auth, intf))
    _store(cfg, "eigrp", out)
    return out


def _ospf_auth(intf: Line, area_auth: bool) -> bool:
    line = intf.child(r"^ip ospf authentication(\s|$)")
    if line is not None:
        return "null" not in line.words
    return area_auth


def ospf_adjacencies(cfg: ConfigView) -> list[Adjacency]:
    """OSPFv2 on every usable interface (network statements and ``ip ospf N area A``)."""
    hit = _cached(cfg, "ospf")
    if hit is not None:
        return hit  # type: ignore[return-value]
    out: list[Adjacency] = []
    for router in cfg.find(r"^router ospf\s+\d+"):
        pid = router.words[2]
        auth_areas = {
            line.words[1] for line in router.children_matching(r"^area\s+\S+\s+authentication")
        }
        members: dict[int, tuple[Line, str]] = {}
        for line in router.children_matching(r"^network\s+\d"):
            words = line.words
            if len(words) < 5:
                continue
            for intf in covered_by(cfg, [(words[1], words[2])]):
                members.setdefault(intf.number, (intf, words[4]))
        for intf in cfg.interfaces:
            assign = intf.child(rf"^ip ospf {pid} area\s+\S+")
            if assign is not None:
                members[intf.number] = (intf, assign.words[4])
        for _, (intf, area) in sorted(members.items()):
            if _usable(intf) and not _passive(router, interface_name(intf)):
                auth = _ospf_auth(intf, area in auth_areas)
                out.append(Adjacency(intf, f"OSPF {pid} area {area}", auth, intf))
    _store(cfg, "ospf", out)
    return out


def _protected(
    peer: str,
    passwords: set[str],
    groups: dict[str, str],
    inherits: dict[str, str],
    template_pw: set[str],
) -> bool:
    """A password on the peer, its peer group, or an inherited peer-session template."""
    if peer in passwords or inherits.get(peer) in template_pw:
        return True
    group = groups.get(peer)
    return group is not None and (group in passwords or inherits.get(group) in template_pw)


# An address family of a VRF: its neighbours, peer groups and their options live only there.
_VRF_FAMILY = re.compile(r"^address-family\s+ipv[46]\s+(?:\S+\s+)?vrf\s+(\S+)")


def _bgp_tables(router: Line) -> dict[str, list[Line]]:
    """The lines of each BGP routing table: '' for the global one (the top of ``router bgp``,
    its global address families and templates) and one entry per VRF (its ``address-family
    ... vrf V`` blocks). On IOS a VRF's neighbours and peer groups exist only in its address
    family, so a ``neighbor X password`` at the top of ``router bgp`` protects the global
    neighbour X, never VRF V's neighbour X (Cisco's IOS-XE 17.12.1 BGP model,
    ``Cisco-IOS-XE-bgp.yang``, holds a VRF's neighbours and their options under its
    ``address-family ipv4 vrf`` entry; docs/review.md, "BGP in an inside VRF")."""
    tables: dict[str, list[Line]] = {"": list(router.children)}
    for child in router.children:
        match = _VRF_FAMILY.match(child.text)
        tables.setdefault(match[1] if match else "", []).extend(child.children)
    return tables


def _table_peers(lines: list[Line], template_pw: set[str]) -> tuple[list[BgpPeer], dict[str, bool]]:
    """The neighbours and peer groups with a ``remote-as`` in one table, and whether each peer
    group defined there is protected (for the listen ranges that name it)."""
    passwords: set[str] = set()
    groups: dict[str, str] = {}
    inherits: dict[str, str] = {}
    defined: list[str] = []
    remote: list[Line] = []
    for line in lines:
        words = line.words
        if len(words) < 3 or words[0] != "neighbor":
            continue
        peer, what = words[1], words[2]
        if what == "password":
            passwords.add(peer)
        elif what == "peer-group":
            if len(words) > 3:
                groups[peer] = words[3]
            else:
                defined.append(peer)
        elif what == "inherit" and len(words) > 4 and words[3] == "peer-session":
            inherits[peer] = words[4]
        elif what == "remote-as":
            remote.append(line)
    out: list[BgpPeer] = []
    seen: set[str] = set()
    for line in remote:
        peer = line.words[1]
        if peer not in seen:
            seen.add(peer)
            protected = _protected(peer, passwords, groups, inherits, template_pw)
            out.append(BgpPeer(line, peer, protected))
    states = {g: _protected(g, passwords, groups, inherits, template_pw) for g in defined}
    return out, states


def bgp_peers(cfg: ConfigView) -> list[BgpPeer]:
    """BGP neighbours with a ``remote-as`` and listen ranges, with their password state, each
    read in its own routing table (global or VRF)."""
    hit = _cached(cfg, "bgp")
    if hit is not None:
        return hit  # type: ignore[return-value]
    out: list[BgpPeer] = []
    for router in cfg.find(r"^router bgp\s+\d"):
        template_pw = {
            t.words[2]
            for t in router.children_matching(r"^template peer-session\s+\S+")
            if t.has_child(r"^password\s")
        }
        group_state: dict[str, bool] = {}
        # the global table first: a listen range names its global peer group when both exist
        for _table, lines in sorted(_bgp_tables(router).items(), key=lambda kv: kv[0] != ""):
            peers, states = _table_peers(lines, template_pw)
            out += peers
            for group, protected in states.items():
                group_state.setdefault(group, protected)
        for line in router.children_matching(r"^bgp listen range\s+\S+\s+peer-group\s+\S+"):
            group = line.words[5]
            protected = group_state.get(group, False)
            out.append(BgpPeer(line, group, protected, listen_range=line.words[3]))
    _store(cfg, "bgp", out)
    return out


def peer_in(peer: BgpPeer, network: ipaddress.IPv4Network) -> bool:
    """True when the neighbour address or listen range lies inside ``network``."""
    try:
        if peer.listen_range:
            return ipaddress.IPv4Network(peer.listen_range, strict=False).subnet_of(network)
        return ipaddress.IPv4Address(peer.peer) in network
    except ValueError:
        return False


def _dmvpn_router(cfg: ConfigView) -> bool:
    # DMV011 runs on DMVPN hubs and spokes only (Role.DMVPN); elsewhere the RTA rules report
    return cfg.role in ("hub", "spoke")


def tunnel_adjacency(cfg: ConfigView, adj: Adjacency) -> bool:
    """True when ``adj`` runs over a DMVPN tunnel of a hub or spoke: DMV011 owns that fact."""
    if not _dmvpn_router(cfg):
        return False
    return adj.interface.number in {t.number for t in cfg.dmvpn_tunnels}


def tunnel_peer(cfg: ConfigView, peer: BgpPeer) -> str | None:
    """The DMVPN tunnel whose subnet holds ``peer`` on a hub or spoke (DMV011 owns it), or None."""
    if not _dmvpn_router(cfg):
        return None
    # a peer group's 'remote-as' line and the listen range that uses it are one fact
    members = [peer]
    if not peer.listen_range and not peer.peer[:1].isdigit():
        members = [p for p in bgp_peers(cfg) if p.listen_range and p.peer == peer.peer]
    for tun in cfg.dmvpn_tunnels:
        for addr in interface_addresses(tun):
            if any(peer_in(p, addr.network) for p in members):
                return interface_name(tun)
    return None
