"""IPv6 lines of an interface (addresses, NHRP for IPv6, OSPFv3) and of the router (IPv6
routing, OSPFv3 processes, IPv6 access lists), each with its line number."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from ipaddress import IPv6Address, IPv6Interface, IPv6Network

from dmvpngen.parse.acl6 import Acl6Entry, parse_acl6_entry
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.tree import Node, lower_words, words

__all__ = [
    "InterfaceIpv6",
    "Ipv6Nhrp",
    "Ipv6Nhs",
    "Ospfv3Process",
    "RouterIpv6",
    "ipv6_or_none",
    "parse_interface_ipv6",
    "parse_ospfv3",
    "parse_router_ipv6",
]


def ipv6_or_none(text: str) -> IPv6Address | None:
    """An IPv6 address (a ``/len`` suffix ignored), or None when ``text`` is not one."""
    try:
        return IPv6Address(text.split("/")[0])
    except ValueError:
        return None


@dataclass
class Ipv6Nhs:
    """``ipv6 nhrp nhs <IPv6> [nbma <NBMA>] [multicast]``."""

    address: IPv6Address
    line: int
    nbma: str | None = None
    multicast: bool = False


@dataclass
class Ipv6Nhrp:
    """NHRP for IPv6 on a tunnel."""

    network_id: int | None = None
    network_id_line: int | None = None
    auth: str | None = None
    auth_line: int | None = None
    holdtime: int | None = None
    nhs: list[Ipv6Nhs] = field(default_factory=list)
    maps: list[tuple[IPv6Address, str, int]] = field(default_factory=list)
    map_multicast: list[tuple[str, int]] = field(default_factory=list)
    map_multicast_dynamic: int | None = None
    redirect: int | None = None
    shortcut: int | None = None
    no_unique: int | None = None


@dataclass
class InterfaceIpv6:
    """IPv6 on one interface: global addresses, link-local, MTU, NHRP and OSPFv3 lines."""

    addresses: list[tuple[IPv6Interface, int]] = field(default_factory=list)
    link_local: tuple[IPv6Address, int] | None = None
    mtu: int | None = None
    mss: int | None = None
    nhrp: Ipv6Nhrp = field(default_factory=Ipv6Nhrp)
    ospfv3_area: tuple[int, str, int] | None = None  # (process, area, line)
    ospfv3_network: str | None = None
    ospfv3_priority: int | None = None
    ospfv3_auth: str | None = None  # key chain name
    ospfv3_cost: int | None = None
    traffic_filter_in: tuple[str, int] | None = None  # 'ipv6 traffic-filter NAME in'

    @property
    def address(self) -> IPv6Interface | None:
        """The first global (or unique-local) address."""
        return self.addresses[0][0] if self.addresses else None


@dataclass
class Ospfv3Process:
    """``router ospfv3 <pid>``: router id and the interfaces of its IPv6 address family."""

    process: int
    line: int
    router_id: str | None = None
    passive_default: bool = False
    no_passive: list[str] = field(default_factory=list)
    # 'passive-interface X' (at the process or in its address family): no adjacency there,
    # the interface's prefixes still advertised
    passive: list[str] = field(default_factory=list)


@dataclass
class RouterIpv6:
    """Router-wide IPv6 facts."""

    unicast_routing: int | None = None
    ospfv3: list[Ospfv3Process] = field(default_factory=list)
    # name -> permitted source prefixes of 'ipv6 access-list' (permit ipv6 <prefix> any)
    acls: dict[str, list[IPv6Network]] = field(default_factory=dict)
    # name -> every understood entry of 'ipv6 access-list', in order (dmvpngen.parse.acl6)
    acl_entries: dict[str, list[Acl6Entry]] = field(default_factory=dict)
    # 'ipv6 route [vrf V] ::/0 [interface] <next hop>': VRF ("" global) -> next hop text
    default_routes: dict[str, str] = field(default_factory=dict)
    # traditional IPv6 routing processes: 'ipv6 router eigrp 100' -> "eigrp", ... (line kept)
    legacy_routing: dict[str, int] = field(default_factory=dict)


def parse_interface_ipv6(facts: InterfaceIpv6, node: Node, w: list[str], low: list[str]) -> bool:
    """One ``ipv6 ...`` or ``ospfv3 ...`` interface line; True when consumed."""
    if low[0] == "ospfv3":
        _ospfv3_intf(facts, node, w, low)
        return True
    if low[0] != "ipv6" or len(w) < 3:
        return False
    sub = low[1]
    if sub == "address":
        if low[-1] == "link-local" and (ll := ipv6_or_none(w[2])) is not None:
            facts.link_local = (ll, node.line)
        elif "/" in w[2]:
            with contextlib.suppress(ValueError):
                facts.addresses.append((IPv6Interface(w[2]), node.line))
    elif sub == "mtu" and w[2].isdigit():
        facts.mtu = int(w[2])
    elif low[1:3] == ["tcp", "adjust-mss"] and len(w) > 3 and w[3].isdigit():
        facts.mss = int(w[3])
    elif sub == "nhrp":
        _nhrp(facts.nhrp, node, w, low)
    elif sub == "traffic-filter" and len(w) > 3 and low[3] == "in":
        facts.traffic_filter_in = (w[2], node.line)
    else:
        return False
    return True


def _nhrp(nhrp: Ipv6Nhrp, node: Node, w: list[str], low: list[str]) -> None:
    sub = low[2]
    if sub == "network-id" and len(w) > 3 and w[3].isdigit():
        nhrp.network_id, nhrp.network_id_line = int(w[3]), node.line
    elif sub == "authentication" and len(w) > 3:
        nhrp.auth, nhrp.auth_line = w[3], node.line
    elif sub == "holdtime" and len(w) > 3 and w[3].isdigit():
        nhrp.holdtime = int(w[3])
    elif sub == "redirect":
        nhrp.redirect = node.line
    elif sub == "shortcut":
        nhrp.shortcut = node.line
    elif sub == "registration" and "no-unique" in low:
        nhrp.no_unique = node.line
    elif sub == "nhs" and len(w) > 3 and (addr := ipv6_or_none(w[3])) is not None:
        entry = Ipv6Nhs(addr, node.line, multicast="multicast" in low[4:])
        if "nbma" in low[4:-1]:
            entry.nbma = w[low.index("nbma") + 1]
        nhrp.nhs.append(entry)
    elif sub == "map" and len(w) > 4:
        if low[3] == "multicast":
            if low[4] == "dynamic":
                nhrp.map_multicast_dynamic = node.line
            else:
                nhrp.map_multicast.append((w[4], node.line))
        elif (addr := ipv6_or_none(w[3])) is not None:
            nhrp.maps.append((addr, w[4], node.line))


def _ospfv3_intf(facts: InterfaceIpv6, node: Node, w: list[str], low: list[str]) -> None:
    if len(w) < 3:
        return
    sub = low[1]
    if sub == "network":
        facts.ospfv3_network = low[2]
    elif sub == "priority" and w[2].isdigit():
        facts.ospfv3_priority = int(w[2])
    elif sub == "cost" and w[2].isdigit():
        facts.ospfv3_cost = int(w[2])
    elif low[1:3] == ["authentication", "key-chain"] and len(w) > 3:
        facts.ospfv3_auth = w[3]
    elif sub.isdigit() and low[2] == "ipv6" and len(w) > 4 and low[3] == "area":
        facts.ospfv3_area = (int(sub), w[4], node.line)


def parse_ospfv3(facts: RouterIpv6, node: Node, w: list[str]) -> None:
    """``router ospfv3 <pid>`` with its ``address-family ipv6 unicast`` block."""
    if not w[2].isdigit():
        return
    proc = Ospfv3Process(int(w[2]), node.line)
    for child in node.walk():
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[0] == "router-id" and len(cw) > 1:
            proc.router_id = cw[1]
        elif cl[:2] == ["passive-interface", "default"]:
            proc.passive_default = True
        elif cl[:2] == ["no", "passive-interface"] and len(cw) > 2:
            proc.no_passive.append(canonical_interface(" ".join(cw[2:])))
        elif cl[0] == "passive-interface" and len(cw) > 1:
            proc.passive.append(canonical_interface(" ".join(cw[1:])))
    facts.ospfv3.append(proc)


def _default_route(facts: RouterIpv6, w: list[str], low: list[str]) -> None:
    """``ipv6 route [vrf V] ::/0 [interface] <next hop>``; the next hop keeps its interface
    when it is link-local (IOS needs both), as 'GigabitEthernet1 FE80::1'."""
    vrf, rest = ("", w[2:]) if low[2] != "vrf" else (w[3], w[4:])
    if len(rest) < 2 or ipv6_or_none(rest[0]) != IPv6Address("::") or not rest[0].endswith("/0"):
        return
    hop = [x for x in rest[1:] if not x.isdigit() and x.lower() not in {"name", "tag"}]
    if not hop:
        return
    if ipv6_or_none(hop[0]) is None and len(hop) > 1 and ipv6_or_none(hop[1]) is not None:
        facts.default_routes.setdefault(vrf, f"{canonical_interface(hop[0])} {hop[1]}")
    elif ipv6_or_none(hop[0]) is not None:
        facts.default_routes.setdefault(vrf, hop[0])


def parse_router_ipv6(facts: RouterIpv6, node: Node, w: list[str]) -> None:
    """A top-level ``ipv6 ...`` block: unicast routing and IPv6 access lists."""
    low = [x.lower() for x in w]
    if low[1:2] == ["unicast-routing"]:
        facts.unicast_routing = node.line
    elif low[1:2] == ["router"] and len(w) > 2:
        facts.legacy_routing.setdefault(low[2], node.line)
    elif low[1:2] == ["route"] and len(w) > 3:
        _default_route(facts, w, low)
    elif low[1:2] == ["access-list"] and len(w) > 2:
        permitted = facts.acls.setdefault(w[2], [])
        entries = facts.acl_entries.setdefault(w[2], [])
        for child in node.children:
            if (entry := parse_acl6_entry(child.text, child.line)) is not None:
                entries.append(entry)
            cw = words(child.text)
            cl = lower_words(child.text)
            if cl[:2] == ["permit", "ipv6"] and len(cw) > 2 and "/" in cw[2]:
                with contextlib.suppress(ValueError):
                    permitted.append(IPv6Network(cw[2], strict=False))
