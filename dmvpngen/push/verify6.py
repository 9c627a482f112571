"""The IPv6 half of verification: NHRP for IPv6 registrations and IPv6 routing neighbours, for
IPv6-only overlays and the IPv6 side of dual-stack tunnels.

What each router should see comes from the intended configs, as for IPv4 (``verify.py``): a
hub, the spokes that list its tunnel IPv6 address as NHS (``ipv6 nhrp nhs``); a spoke, those
NHSs. The IPv6 tables name a neighbour differently per protocol, so each peer is known by
three keys: its tunnel IPv6 address (NHRP, BGP sessions), its tunnel link-local address (EIGRP
for IPv6 lists neighbours by the link-local address they speak from) and its router id
(OSPFv3 lists neighbours by router id).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from dmvpngen.push.diff import config_blocks
from dmvpngen.push.model import Check
from dmvpngen.push.parsers import DmvpnPeer, norm6
from dmvpngen.push.parsers6 import (
    parse_bgp6_summary,
    parse_dmvpn6,
    parse_eigrp6_neighbors,
    parse_ospfv3_neighbors,
)

__all__ = [
    "Expectation6",
    "Facts6",
    "Peer6",
    "baseline_peers6",
    "expectations6",
    "facts6",
    "run_checks6",
]

Show = Callable[[str], str]


@dataclass(frozen=True)
class Peer6:
    """A peer over NHRP for IPv6, by the keys the IPv6 tables use."""

    address: str  # tunnel IPv6 address (norm6)
    link_local: str = ""  # tunnel link-local address ('' when the config sets none)
    router_id: str = ""


@dataclass(frozen=True)
class Expectation6:
    """Per router: spokes a hub must see, hubs a spoke must reach, the IPv6 routing protocol."""

    peers: tuple[Peer6, ...] = ()
    nhs: tuple[Peer6, ...] = ()
    routing: str = ""  # "eigrp" | "ospfv3" | "bgp" | ""


@dataclass(frozen=True)
class Facts6:
    """What the IPv6 checks need from one intended config."""

    tunnels: tuple[ipaddress.IPv6Interface, ...]
    link_local: str
    nhs: tuple[str, ...]
    routing: str
    router_id: str

    def peer(self, address: str) -> Peer6:
        """This router as a peer at ``address``."""
        return Peer6(address, self.link_local, self.router_id)


_ADDR6 = re.compile(r"^\s+ipv6 address (\S+/\d+)\s*$")
_LINK_LOCAL = re.compile(r"^\s+ipv6 address (\S+) link-local\s*$")
_NHS6 = re.compile(r"^\s+ipv6 nhrp nhs ([0-9A-Fa-f]*:[0-9A-Fa-f:]*)")
_RID = re.compile(r"^\s+(?:eigrp router-id|router-id|bgp router-id) (\d+\.\d+\.\d+\.\d+)")
_AF6 = re.compile(r"^\s+address-family ipv6\b")


def facts6(config: str) -> Facts6:
    """The IPv6 tunnel addresses, NHSs, IPv6 routing protocol and router id of a config."""
    tunnels: list[ipaddress.IPv6Interface] = []
    nhs: list[str] = []
    link_local = routing = router_id = ""
    for block in config_blocks(config):
        if block.head.startswith("interface Tunnel"):
            for line in block.body:
                if m := _LINK_LOCAL.match(line):
                    link_local = link_local or norm6(m[1])
                elif m := _ADDR6.match(line):
                    tunnels.append(ipaddress.IPv6Interface(m[1]))
                elif m := _NHS6.match(line):
                    nhs.append(norm6(m[1]))
            continue
        words = block.head.split()
        if words[:1] != ["router"] or len(words) < 2:
            continue
        rid = next((m[1] for line in block.body if (m := _RID.match(line))), "")
        ipv6_af = any(_AF6.match(line) for line in block.body)
        if words[1] == "ospfv3" or (words[1] in ("eigrp", "bgp") and ipv6_af):
            routing = routing or words[1]
            router_id = router_id or rid
    return Facts6(tuple(tunnels), link_local, tuple(nhs), routing, router_id)


def expectations6(facts: dict[str, Facts6]) -> dict[str, Expectation6]:
    """Every router's IPv6 expectation from the facts of the whole network."""
    at = {norm6(str(t.ip)): name for name, f in facts.items() for t in f.tunnels}
    out: dict[str, Expectation6] = {}
    for name, fact in facts.items():
        own = {norm6(str(t.ip)) for t in fact.tunnels}
        spokes = sorted(
            {
                norm6(str(tun.ip))
                for other, ofact in facts.items()
                if other != name and own & set(ofact.nhs)
                for tun in ofact.tunnels
                if any(tun.ip in mine.network for mine in fact.tunnels)
            },
            key=ipaddress.IPv6Address,
        )
        out[name] = Expectation6(
            peers=tuple(facts[at[a]].peer(a) for a in spokes),
            nhs=tuple(facts[at[a]].peer(a) if a in at else Peer6(a) for a in fact.nhs),
            routing=fact.routing,
        )
    return out


def _missing(wanted: Iterable[str], have: Collection[str]) -> list[str]:
    return [w for w in wanted if w not in have]


class _Reader:
    """Runs show commands and keeps the first error a router answered (``% Invalid input``
    on a release without the command, ``% BGP not active``...), so a check that finds
    nothing says why instead of only counting."""

    def __init__(self, show: Show) -> None:
        self.show = show
        self.refused = ""

    def __call__(self, command: str) -> str:
        output = self.show(command)
        error = next((ln.strip() for ln in output.splitlines() if ln.strip().startswith("%")), "")
        if error and not self.refused:
            self.refused = f" ('{command}' answered '{error[:80]}')"
        return output


def _routing6_check(read: _Reader, routing: str, peers: Iterable[Peer6]) -> Check:
    peers = list(peers)
    if routing == "eigrp":
        # named and classic mode both answer 'show ipv6 eigrp neighbors', by link-local
        up = set(parse_eigrp6_neighbors(read("show ipv6 eigrp neighbors")))
        keys = [p.link_local or p.address for p in peers]
    elif routing == "ospfv3":
        states = parse_ospfv3_neighbors(read("show ospfv3 neighbor"))
        up = {rid for rid, st in states.items() if st.upper().startswith("FULL")}
        keys = [p.router_id or p.address for p in peers]
    else:
        states = parse_bgp6_summary(read("show bgp ipv6 unicast summary"))
        up = {addr for addr, st in states.items() if st.isdigit()}
        keys = [p.address for p in peers]
    missing = [p.address for p, key in zip(peers, keys, strict=True) if key not in up]
    detail = f"{len(peers) - len(missing)}/{len(peers)} {routing} IPv6 neighbours up"
    if missing:
        detail += f"; missing {', '.join(missing)}{read.refused}"
    return Check(name=f"{routing}-ipv6-neighbours", ok=not missing, detail=detail)


def run_checks6(
    show: Show, exp: Expectation6, role: str, peers: Collection[str] | None = None
) -> tuple[list[Check], set[str]]:
    """The IPv6 checks for one router, and the NBMA addresses of the peers it must hold IKE
    SAs with. ``peers`` narrows a hub's spokes (tunnel addresses that were up before a
    change)."""
    read = _Reader(show)
    rows = {p.tunnel: p for p in parse_dmvpn6(read("show dmvpn ipv6"))}
    if role == "hub":
        wanted = [p for p in exp.peers if peers is None or p.address in peers]
        name, what = "dmvpn-ipv6-peers", "spokes up"
    else:
        # a spoke's NHS rows in 'show dmvpn ipv6' are UP once the hub accepted its
        # registration (static entries stay in state NHRP until then)
        wanted, name, what = list(exp.nhs), "nhs-ipv6-up", "NHS up"
    down = _missing([p.address for p in wanted], {a for a, r in rows.items() if r.up})
    detail = f"{len(wanted) - len(down)}/{len(wanted)} {what} (NHRP for IPv6)"
    if down:
        detail += "; not up: " + ", ".join(f"{a} ({_state(rows, a)})" for a in down)
        detail += read.refused
    checks = [Check(name=name, ok=not down, detail=detail)]
    if exp.routing and wanted:
        checks.append(_routing6_check(_Reader(show), exp.routing, wanted))
    return checks, {rows[p.address].nbma for p in wanted if p.address in rows}


def _state(rows: dict[str, DmvpnPeer], address: str) -> str:
    return rows[address].state if address in rows else "absent"


def baseline_peers6(show: Show) -> list[str]:
    """Tunnel IPv6 addresses of the peers that are up now (taken on a hub before a change)."""
    return [p.tunnel for p in parse_dmvpn6(show("show dmvpn ipv6")) if p.up]
