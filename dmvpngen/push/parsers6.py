"""Parsers for the IPv6 show commands verification reads: NHRP for IPv6 and the IPv6 routing
neighbour tables.

ntc-templates has no template for any of them, so they are read here, each from the layout of
real captures (tests/push/data/SOURCES.tsv names them):

- ``show dmvpn ipv6``: one block per peer (``1.Peer NBMA Address: ...``, ``Tunnel IPv6
  Address: ...``, ``# Ent: 1, Status: UP, ...``), not the IPv4 table;
- ``show ipv6 eigrp neighbors``: classic and named mode (``EIGRP-IPv6 VR(name)
  Address-Family Neighbors``) list a neighbour by its link-local address, on the line after
  ``Link-local address:``;
- ``show ospfv3 neighbor``: neighbours by router id, one section per address family;
- ``show bgp ipv6 unicast summary``: the IPv4 summary's table; an address longer than the
  column is printed alone and its counters go on the next line.

Addresses come back in one spelling (:func:`norm6`), so they compare with the config's.
"""

from __future__ import annotations

import re

from dmvpngen.push.parsers import DmvpnPeer, norm6

__all__ = [
    "norm6",
    "parse_bgp6_summary",
    "parse_dmvpn6",
    "parse_eigrp6_neighbors",
    "parse_ospfv3_neighbors",
]


_PEER = re.compile(r"^\s*\d+\.Peer NBMA Address:\s*(?P<nbma>\S+)")
_TUNNEL6 = re.compile(r"^\s*Tunnel IPv6 Address:\s*(?P<addr>[0-9A-Fa-f:]+)")
_STATUS = re.compile(r"^\s*# Ent:\s*\d+,\s*Status:\s*(?P<st>[^,\s]+)")


def parse_dmvpn6(output: str) -> list[DmvpnPeer]:
    """Peers of every DMVPN interface from ``show dmvpn ipv6`` (tunnel addresses by
    :func:`norm6`); a peer whose block lacks a line is left out."""
    peers: list[DmvpnPeer] = []
    nbma = tunnel = ""
    for line in output.splitlines():
        if m := _PEER.match(line):
            nbma, tunnel = norm6(m["nbma"]), ""
        elif (m := _TUNNEL6.match(line)) and nbma:
            tunnel = norm6(m["addr"])
        elif (m := _STATUS.match(line)) and nbma and tunnel:
            peers.append(DmvpnPeer(nbma, tunnel, m["st"]))
            nbma = tunnel = ""
    return peers


_EIGRP6_ROW = re.compile(r"^\d+\s+Link-local address:\s+(?P<ifname>\S+)")
_LINK_LOCAL = re.compile(r"^\s+(?P<addr>[Ff][Ee]80:[0-9A-Fa-f:]*)\s*$")


def parse_eigrp6_neighbors(output: str) -> dict[str, str]:
    """EIGRP for IPv6 neighbour link-local address -> interface (``show ipv6 eigrp
    neighbors``, classic or named mode)."""
    neighbours: dict[str, str] = {}
    interface = ""
    for line in output.splitlines():
        if m := _EIGRP6_ROW.match(line):
            interface = m["ifname"]
        elif (m := _LINK_LOCAL.match(line)) and interface:
            neighbours[norm6(m["addr"])] = interface
            interface = ""
    return neighbours


_OSPFV3_AF = re.compile(r"^\s*OSPFv3 \d+ address-family (?P<af>ipv4|ipv6)\b")
_OSPFV3_ROW = re.compile(r"^(?P<rid>\d+\.\d+\.\d+\.\d+)\s+\d+\s+(?P<state>[\w-]+/\s*\S+|\S+)\s")


def parse_ospfv3_neighbors(output: str) -> dict[str, str]:
    """OSPFv3 neighbour router id -> state (``FULL/  -``...) in the IPv6 address family;
    sections of ``address-family ipv4`` are skipped (IOS 15's layout names no family)."""
    neighbours: dict[str, str] = {}
    ipv6 = True
    for line in output.splitlines():
        if m := _OSPFV3_AF.match(line):
            ipv6 = m["af"] == "ipv6"
        elif ipv6 and (m := _OSPFV3_ROW.match(line)):
            neighbours[m["rid"]] = m["state"]
    return neighbours


_BGP_ADDR = re.compile(r"^\*?(?P<addr>[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)(?:\s+(?P<rest>\d.*))?$")
_BGP_COUNTERS = re.compile(r"^\s+4\s+\d+\s+.*\s(?P<st>\S+)\s*$")


def parse_bgp6_summary(output: str) -> dict[str, str]:
    """BGP IPv6 neighbour -> state or received prefix count (a number means Established),
    from ``show bgp ipv6 unicast summary``; neighbours of a ``bgp listen range`` carry a
    leading '*', long addresses wrap onto a line of their own."""
    neighbours: dict[str, str] = {}
    pending = ""
    for line in output.splitlines():
        if m := _BGP_ADDR.match(line.strip()):
            if m["rest"]:
                neighbours[norm6(m["addr"])] = m["rest"].split()[-1]
                pending = ""
            else:
                pending = norm6(m["addr"])
        elif pending and (m := _BGP_COUNTERS.match(line)):
            neighbours[pending] = m["st"]
            pending = ""
        else:
            pending = ""
    return neighbours
