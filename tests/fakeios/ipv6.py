"""NHRP for IPv6 on the simulated routers: who is registered with whom over IPv6, and the IPv6
show commands, printed in the layouts of real captures (tests/push/data/SOURCES.tsv).

A spoke's tunnel is registered at a hub over IPv6 when the spoke lists the hub's tunnel IPv6
address as ``ipv6 nhrp nhs``, both tunnels are up, tunnel keys and ``ipv6 nhrp authentication``
match, the spoke's address lies in the hub tunnel's prefix, both run the same IKE and neither
router is ``tunnel_down``; the peer's NBMA is its tunnel source's IPv6 address under ``tunnel
mode gre multipoint ipv6``, else its IPv4 one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.fakeios.router import FakeNetwork, FakeRouter

__all__ = ["Peer6", "Tunnel6", "peers6", "show_bgp6", "show_dmvpn6", "show_eigrp6", "show_ospfv3"]


@dataclass(frozen=True)
class Tunnel6:
    """What NHRP for IPv6 needs from one tunnel interface."""

    name: str
    iface: ipaddress.IPv6Interface
    link_local: str
    nhs: tuple[str, ...]
    key: str
    auth: str
    shutdown: bool
    nbma: str


@dataclass(frozen=True)
class Peer6:
    """One IPv6 NHRP peer of a router's tunnel."""

    ifname: str
    router: FakeRouter | None
    tunnel: str  # the peer's tunnel IPv6 address (IOS spelling)
    link_local: str
    nbma: str
    up: bool
    static: bool  # this router lists the peer as NHS


def _up(address: str) -> str:
    return str(ipaddress.IPv6Address(address)).upper()


def tunnels6(router: FakeRouter) -> list[Tunnel6]:
    """Tunnels of ``router`` that carry an IPv6 address."""
    out = []
    for node in router.running.children:
        if not node.text.startswith("interface Tunnel"):
            continue
        iface, link_local, nhs, key, auth, shut, src, v6 = None, "", [], "", "", False, "", False
        for child in node.children:
            words = child.text.split()
            if words[:2] == ["ipv6", "address"] and words[-1] == "link-local":
                link_local = _up(words[2])
            elif words[:2] == ["ipv6", "address"] and "/" in words[2]:
                iface = iface or ipaddress.IPv6Interface(words[2])
            elif words[:3] == ["ipv6", "nhrp", "nhs"] and ":" in words[3]:
                nhs.append(_up(words[3]))
            elif words[:2] == ["tunnel", "key"]:
                key = words[2]
            elif words[:3] == ["ipv6", "nhrp", "authentication"]:
                auth = words[3]
            elif words == ["shutdown"]:
                shut = True
            elif words[:2] == ["tunnel", "source"]:
                src = words[2]
            elif words == ["tunnel", "mode", "gre", "multipoint", "ipv6"]:
                v6 = True
        if iface is None:
            continue
        nbma = _source6(router, src) if v6 else router.tunnel_nbma(src)
        out.append(
            Tunnel6(node.text.split()[1], iface, link_local, tuple(nhs), key, auth, shut, nbma)
        )
    return out


def _source6(router: FakeRouter, source: str) -> str:
    node = router.running.find(f"interface {source}")
    for child in node.children if node else []:
        words = child.text.split()
        if words[:2] == ["ipv6", "address"] and "/" in words[-1]:
            return _up(words[2].split("/")[0])
    return "::"


def _owner(net: FakeNetwork, address: str) -> tuple[FakeRouter, Tunnel6] | None:
    for router in net.routers.values():
        for tun in tunnels6(router):
            if _up(str(tun.iface.ip)) == address:
                return router, tun
    return None


def _registered(spoke: FakeRouter, stun: Tunnel6, hub: FakeRouter, htun: Tunnel6) -> bool:
    return (
        not (spoke.tunnel_down or hub.tunnel_down or stun.shutdown or htun.shutdown)
        and stun.key == htun.key
        and stun.auth == htun.auth
        and stun.iface.ip in htun.iface.network
        and spoke.ike() == hub.ike()
    )


def peers6(router: FakeRouter) -> list[Peer6]:
    """Every IPv6 NHRP peer of ``router``: its NHSs (as a spoke) and the spokes registered
    with it (as a hub)."""
    net = router.network
    with net.lock:
        out = []
        for tun in tunnels6(router):
            for nhs in tun.nhs:
                found = _owner(net, nhs)
                if found is None:
                    out.append(Peer6(tun.name, None, nhs, "", "0.0.0.0", False, True))
                    continue
                hub, htun = found
                up = _registered(router, tun, hub, htun)
                out.append(Peer6(tun.name, hub, nhs, htun.link_local, htun.nbma, up, True))
            own = _up(str(tun.iface.ip))
            for other in net.routers.values():
                if other is router:
                    continue
                for otun in tunnels6(other):
                    if own in otun.nhs and _registered(other, otun, router, tun):
                        address = _up(str(otun.iface.ip))
                        out.append(
                            Peer6(tun.name, other, address, otun.link_local, otun.nbma, True, False)
                        )
        return out


def show_dmvpn6(router: FakeRouter, legend: str) -> str:
    """``show dmvpn ipv6``: one block per peer, as IOS-XE prints it."""
    peers = peers6(router)
    out = [legend, ""]
    for tun in tunnels6(router):
        rows = [p for p in peers if p.ifname == tun.name]
        kind = "Spoke" if tun.nhs else "Hub"
        out += [
            f"Interface: {tun.name}, IPv6 NHRP Details ",
            f"Type:{kind}, Total NBMA Peers (v4/v6): {len(rows)}",
        ]
        for i, peer in enumerate(rows, start=1):
            state = "UP" if peer.up else "NHRP"
            attrib = "S" if peer.static else "D"
            out += [
                f"    {i}.Peer NBMA Address: {peer.nbma}",
                f"        Tunnel IPv6 Address: {peer.tunnel}",
                f"        IPv6 Target Network: {peer.tunnel}/128",
                f"        # Ent: 1, Status: {state}, UpDn Time: 00:01:00, Cache Attrib: {attrib}",
            ]
        out.append("")
    return "\n".join(out)


def routing6(router: FakeRouter) -> tuple[str, str]:
    """(protocol, AS or process) of the IPv6 routing: EIGRP and BGP with an IPv6 address
    family, or OSPFv3."""
    for node in router.running.children:
        words = node.text.split()
        if words[:1] != ["router"] or len(words) < 3:
            continue
        if words[1] == "ospfv3":
            return "ospfv3", words[2]
        for child in node.children:
            sub = child.text.split()
            if sub[:2] == ["address-family", "ipv6"] and words[1] in ("eigrp", "bgp"):
                asn = (
                    sub[sub.index("autonomous-system") + 1]
                    if "autonomous-system" in sub
                    else words[2]
                )
                return words[1], asn
    return "", ""


def router_id(router: FakeRouter) -> str:
    """The router id its IPv6 routing process names ('' without one)."""
    keys = (["router-id"], ["eigrp", "router-id"], ["bgp", "router-id"])
    for node in router.running.children:
        for child in [node, *node.children, *(g for c in node.children for g in c.children)]:
            words = child.text.split()
            if words[:-1] in keys and len(words) >= 2:
                return words[-1]
    return ""


def _routed(router: FakeRouter) -> list[Peer6]:
    """Up peers that run the same IPv6 routing (BGP peers may sit in other ASes)."""
    mine = routing6(router)
    out = []
    for peer in peers6(router):
        if not peer.up or peer.router is None or not mine[0]:
            continue
        theirs = routing6(peer.router)
        if mine == theirs or mine[0] == theirs[0] == "bgp":
            out.append(peer)
    return out


def show_eigrp6(router: FakeRouter) -> str:
    """``show ipv6 eigrp neighbors`` of a named-mode process (neighbours by link-local)."""
    proto, asn = routing6(router)
    if proto != "eigrp":
        return ""
    out = [
        f"EIGRP-IPv6 VR(DMVPN) Address-Family Neighbors for AS({asn})",
        "H   Address                 Interface              Hold Uptime   SRTT   RTO  Q  Seq",
        "                                                   (sec)         (ms)       Cnt Num",
    ]
    for i, peer in enumerate(_routed(router)):
        short = peer.ifname.replace("Tunnel", "Tu")
        out += [
            f"{i:<3} Link-local address:     {short:<22} 13 00:01:00   10   100  0  3",
            f"    {peer.link_local}",
        ]
    return "\n".join(out)


def show_ospfv3(router: FakeRouter) -> str:
    """``show ospfv3 neighbor`` (IOS-XE layout, one section per address family)."""
    proto, process = routing6(router)
    if proto != "ospfv3":
        return ""
    out = [
        f"          OSPFv3 {process} address-family ipv6 (router-id {router_id(router)})",
        "",
        "Neighbor ID     Pri   State           Dead Time   Interface ID    Interface",
    ]
    for peer in _routed(router):
        assert peer.router is not None
        rid = router_id(peer.router)
        out.append(f"{rid:<15} {0:>3}   FULL/  -        00:00:35    {23:<15} {peer.ifname}")
    return "\n".join(out)


def show_bgp6(router: FakeRouter) -> str:
    """``show bgp ipv6 unicast summary``: listen-range neighbours starred, long addresses
    wrapped onto a line of their own."""
    proto, asn = routing6(router)
    if proto != "bgp":
        return "% BGP not active"
    out = [
        f"BGP router identifier {router_id(router)}, local AS number {asn}",
        "BGP table version is 5, main routing table version 5",
        "",
        "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd",
    ]
    hub = not any(t.nhs for t in tunnels6(router))
    counters = f"4 {asn:>12}      10      12        5    0    0 00:03:10        2"
    for peer in _routed(router):
        name = f"*{peer.tunnel}" if hub else peer.tunnel
        out += [name, f"{'':<16}{counters}"] if len(name) > 15 else [f"{name:<15} {counters}"]
    return "\n".join(out)
