"""Parsers for the IOS show commands the lab verification reads.

Tested on real captured outputs (``tests/lab/data/show/``); each parser ignores what it does not
understand rather than failing, and the checks treat "nothing parsed" as "not there".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

__all__ = [
    "DmvpnPeer",
    "Hop",
    "IkeSa",
    "Neighbor",
    "NhrpEntry",
    "PingResult",
    "RouteEntry",
    "invalid_command",
    "parse_dmvpn",
    "parse_ike_sas",
    "parse_neighbors",
    "parse_nhrp",
    "parse_pim_neighbors",
    "parse_ping",
    "parse_routes",
    "parse_traceroute",
]

_IP = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"


def invalid_command(text: str) -> bool:
    """True when IOS rejected the command (``% Invalid input``, ``% Incomplete command``...)."""
    return bool(re.search(r"^\s*% (Invalid|Incomplete|Ambiguous|Unknown)", text, re.MULTILINE))


@dataclass(frozen=True)
class NhrpEntry:
    """One entry of ``show ip nhrp`` / ``show ip nhrp shortcut``."""

    prefix: IPv4Network
    via: IPv4Address
    interface: str
    type: str  # static, dynamic, incomplete...
    flags: tuple[str, ...]
    nbma: IPv4Address | None


_NHRP_HEAD = re.compile(
    rf"^\s*(?P<prefix>{_IP}/\d+)\s+\(?via\s+(?P<via>{_IP})\)?,?\s*(?P<rest>.*)$"
)
_NHRP_CREATED = re.compile(r"^\s*(?P<intf>\S+)\s+created\b")
_NHRP_TYPE = re.compile(r"^\s*Type:\s*(?P<type>[\w-]+)(?:,\s*Flags:\s*(?P<flags>.*))?$")
_NHRP_NBMA = re.compile(rf"^\s*NBMA address:\s*(?P<nbma>{_IP})")


def parse_nhrp(text: str) -> list[NhrpEntry]:
    """Entries of ``show ip nhrp`` (also the same-shaped ``show ip nhrp shortcut``)."""
    entries: list[NhrpEntry] = []
    current: dict[str, object] | None = None

    def close() -> None:
        if current is not None:
            entries.append(
                NhrpEntry(
                    IPv4Network(str(current["prefix"]), strict=False),
                    IPv4Address(str(current["via"])),
                    str(current.get("interface", "")),
                    str(current.get("type", "")),
                    tuple(current.get("flags", ())),  # type: ignore[arg-type]
                    IPv4Address(str(current["nbma"])) if current.get("nbma") else None,
                )
            )

    for line in text.splitlines():
        head = _NHRP_HEAD.match(line)
        if head:
            close()
            current = {"prefix": head["prefix"], "via": head["via"]}
            created = _NHRP_CREATED.match(head["rest"])  # 12.4 puts it on the same line
            if created:
                current["interface"] = created["intf"]
            continue
        if current is None:
            continue
        if (m := _NHRP_CREATED.match(line)) and "interface" not in current:
            current["interface"] = m["intf"]
        elif m := _NHRP_TYPE.match(line):
            current["type"] = m["type"].lower()
            current["flags"] = tuple((m["flags"] or "").split())
        elif m := _NHRP_NBMA.match(line):
            current["nbma"] = m["nbma"]
    close()
    return entries


@dataclass(frozen=True)
class DmvpnPeer:
    """One peer row of ``show dmvpn``."""

    interface: str
    nbma: IPv4Address
    tunnel: IPv4Address
    state: str
    attributes: str


_DMVPN_ROW = re.compile(
    rf"^\s*(?:(?P<ent>\d+)\s+(?P<nbma>{_IP})\s+)?(?P<tun>{_IP})\s+(?P<state>[A-Z]+)\s+"
    r"(?P<updn>\S+)\s+(?P<attrb>\S+)\s*$"
)


def parse_dmvpn(text: str) -> list[DmvpnPeer]:
    """Peers of ``show dmvpn`` (rows under a ``# Ent ... Attrb`` header, per tunnel interface)."""
    peers: list[DmvpnPeer] = []
    interface = ""
    nbma: str | None = None
    for line in text.splitlines():
        if m := re.match(r"^\s*Interface:\s*(\S+?),", line):
            interface = m.group(1)
            continue
        row = _DMVPN_ROW.match(line)
        if not row:
            continue
        if row["nbma"]:
            nbma = row["nbma"]
        if nbma is None:
            continue
        peers.append(
            DmvpnPeer(
                interface, IPv4Address(nbma), IPv4Address(row["tun"]), row["state"], row["attrb"]
            )
        )
    return peers


@dataclass(frozen=True)
class PingResult:
    """Outcome of an IOS ``ping``."""

    sent: int
    received: int

    @property
    def ok(self) -> bool:
        """At least one echo answered."""
        return self.received > 0


def parse_ping(text: str) -> PingResult:
    """Sent and received counts from ``Success rate is N percent (r/s)``; 0/0 if absent."""
    m = re.search(r"Success rate is \d+ percent \((\d+)/(\d+)\)", text)
    if not m:
        return PingResult(0, 0)
    return PingResult(sent=int(m.group(2)), received=int(m.group(1)))


@dataclass(frozen=True)
class Hop:
    """One hop of an IOS ``traceroute``: its number and every address that answered."""

    number: int
    addresses: tuple[IPv4Address, ...]


def parse_traceroute(text: str) -> list[Hop]:
    """Hops of an IOS ``traceroute`` (continuation lines add addresses to the hop above)."""
    hops: list[Hop] = []
    for line in text.splitlines():
        if re.match(r"^\s*(Type escape|Tracing the route|VRF info)", line):
            continue
        m = re.match(r"^\s*(\d{1,3})\s+(.*)$", line)
        found = tuple(IPv4Address(a) for a in re.findall(rf"(?<![\d.]){_IP}(?![\d.])", line))
        if m:
            hops.append(Hop(int(m.group(1)), found))
        elif hops and found and re.match(rf"^\s+{_IP}", line):
            last = hops[-1]
            hops[-1] = Hop(last.number, last.addresses + found)
    return hops


@dataclass(frozen=True)
class RouteEntry:
    """A route from ``show ip route``: its codes, prefix and whether NHRP overrides its next hop."""

    codes: str
    prefix: IPv4Network
    next_hop_override: bool


def parse_routes(text: str) -> list[RouteEntry]:
    """Routes of ``show ip route [nhrp|next-hop-override]``: ``H`` (NHRP) and ``%`` (override).

    A ``[NHO]`` continuation line marks the route above it as overridden.
    """
    routes: list[RouteEntry] = []
    subnet_len = 32  # "a.b.c.d/nn is subnetted" gives the mask of the lines below it
    for line in text.splitlines():
        if header := re.match(rf"^\s+{_IP}/(\d+) is subnetted", line):
            subnet_len = int(header.group(1))
            continue
        m = re.match(
            rf"^(?P<codes>[A-Za-z][A-Za-z0-9* ]{{0,6}}?)\s*(?P<pct>%)?\s+(?P<net>{_IP}(?:/\d+)?)",
            line,
        )
        if m and not line.startswith("Gateway"):
            net = m["net"] if "/" in m["net"] else f"{m['net']}/{subnet_len}"
            try:
                prefix = IPv4Network(net, strict=False)
            except ValueError:
                continue
            routes.append(RouteEntry(m["codes"].strip(), prefix, bool(m["pct"])))
        elif routes and "[NHO]" in line:
            last = routes[-1]
            routes[-1] = RouteEntry(last.codes, last.prefix, True)
    return routes


@dataclass(frozen=True)
class IkeSa:
    """One IKE SA: who the peer is (address/port, or the address pair for IKEv1) and if it is up."""

    peer: str
    up: bool


_IKE_ADDR = rf"(?:{_IP}|[0-9A-Fa-f]*:[0-9A-Fa-f:]*)"


def parse_ike_sas(text: str) -> list[IkeSa]:
    """SAs of ``show crypto ikev2 sa`` (READY = up) or ``show crypto isakmp sa`` (QM_IDLE = up)."""
    sas: list[IkeSa] = []
    for line in text.splitlines():
        # IPv6 peers (an IPv6 transport) are listed in the same columns, in the IPv6 section
        v2 = re.match(rf"^\s*\d+\s+{_IKE_ADDR}/\d+\s+({_IKE_ADDR}/\d+)\s+\S+\s+(\S+)", line)
        if v2:
            sas.append(IkeSa(v2.group(1), v2.group(2) == "READY"))
            continue
        v1 = re.match(rf"^\s*({_IP})\s+({_IP})\s+(\S+)\s+\d+\s+\S+", line)
        if v1:
            # dst/src follow who initiated: the unordered pair names the peering
            pair = sorted((v1.group(1), v1.group(2)))
            sas.append(IkeSa("-".join(pair), v1.group(3) == "QM_IDLE"))
    return sas


@dataclass(frozen=True)
class Neighbor:
    """A routing-protocol neighbour: its address, interface (unknown for BGP), and if it is up."""

    address: IPv4Address
    interface: str
    up: bool


def parse_pim_neighbors(text: str) -> list[Neighbor]:
    """PIM neighbours from ``show ip pim neighbor`` (a listed neighbour is up: its hellos
    arrive)."""
    found: list[Neighbor] = []
    for line in text.splitlines():
        m = re.match(rf"^\s*({_IP})\s+(\S+)\s+\S+/\S+\s+v\d", line)
        if m:
            found.append(Neighbor(IPv4Address(m.group(1)), m.group(2), True))
    return found


def parse_neighbors(protocol: str, text: str) -> list[Neighbor]:
    """Neighbours from ``show ip eigrp neighbors`` / ``show ip ospf neighbor`` /
    ``show ip bgp summary`` (``protocol`` is eigrp, ospf or bgp).

    OSPF counts only FULL adjacencies; BGP only neighbours whose State/PfxRcd is a prefix count
    (a ``*`` marks dynamic neighbours from a listen range).
    """
    found: list[Neighbor] = []
    for line in text.splitlines():
        if protocol == "eigrp":
            m = re.match(rf"^\s*\d+\s+({_IP})\s+(\S+)\s+\d+\s+\S+\s+\d+", line)
            if m:
                found.append(Neighbor(IPv4Address(m.group(1)), m.group(2), True))
        elif protocol == "ospf":
            m = re.match(rf"^{_IP}\s+\d+\s+(\S+)\s+\S+\s+({_IP})\s+(\S+)", line)
            if m:
                up = m.group(1).startswith("FULL")
                found.append(Neighbor(IPv4Address(m.group(2)), m.group(3), up))
        else:
            m = re.match(rf"^\*?({_IP})\s+4\s+[\d.]+\s+(?:\d+\s+){{5}}\S+\s+(\S.*?)\s*$", line)
            if m:
                found.append(Neighbor(IPv4Address(m.group(1)), "", m.group(2).isdigit()))
    return found
