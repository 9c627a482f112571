"""What a healthy DMVPN looks like from each router, and the checks that compare it with the
router's show commands (dmvpn-reference §8). The IPv4 tables are read here; tunnels that run
NHRP for IPv6 (IPv6-only overlays, the IPv6 half of dual stack) are judged by ``verify6``."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from dmvpngen.push.diff import config_blocks
from dmvpngen.push.model import Check, Target
from dmvpngen.push.parsers import (
    parse_bgp_summary,
    parse_dmvpn,
    parse_eigrp_neighbors,
    parse_ikev2_sa,
    parse_isakmp_sa,
    parse_nhs_detail,
    parse_ospf_neighbors,
)
from dmvpngen.push.verify6 import (
    Expectation6,
    baseline_peers6,
    expectations6,
    facts6,
    run_checks6,
)

__all__ = ["Expectation", "baseline_peers", "expectations", "run_checks"]

Show = Callable[[str], str]


@dataclass(frozen=True)
class Expectation:
    """Per router: peers a hub must see, NHSs a spoke must reach, protocols in use."""

    role: str
    peers: tuple[str, ...] = ()  # tunnel IPs of spokes registered at this hub
    nhs: tuple[str, ...] = ()  # tunnel IPs of this spoke's next hop servers
    routing: str = ""  # "eigrp" | "ospf" | "bgp" | ""
    ike: str = ""  # "ikev2" | "isakmp" | ""
    vrf: str = ""  # inside VRF of the tunnels, where routing neighbours must be looked up
    ipv4: bool = True  # the tunnels run NHRP for IPv4 (False: an IPv6-only overlay)
    v6: Expectation6 | None = field(default=None)  # the tunnels run NHRP for IPv6


@dataclass(frozen=True)
class _Facts:
    tunnels: tuple[ipaddress.IPv4Interface, ...]
    nhs: tuple[str, ...]
    routing: str
    ike: str
    vrf: str


_VRF = re.compile(r"^\s+vrf forwarding (\S+)")
_NHS = re.compile(r"^\s+ip nhrp nhs (\d+\.\d+\.\d+\.\d+)")
_ADDR = re.compile(r"^\s+ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)\s*$")


def _facts(config: str) -> _Facts:
    tunnels: list[ipaddress.IPv4Interface] = []
    nhs: list[str] = []
    routing = ike = vrf = ""
    for block in config_blocks(config):
        if block.head.startswith("interface Tunnel"):
            for line in block.body:
                if m := _VRF.match(line):
                    vrf = vrf or m[1]
                if m := _ADDR.match(line):
                    tunnels.append(ipaddress.IPv4Interface(f"{m[1]}/{m[2]}"))
                if m := _NHS.match(line):
                    nhs.append(m[1])
        elif m2 := re.match(r"^router (eigrp|ospf|bgp)\b", block.head):
            routing = routing or m2[1]
        elif block.head.startswith("crypto ikev2 "):
            ike = "ikev2"
        elif block.head.startswith("crypto isakmp ") and not ike:
            ike = "isakmp"
    return _Facts(tuple(tunnels), tuple(nhs), routing, ike, vrf)


def expectations(targets: Iterable[Target]) -> dict[str, Expectation]:
    """Derive every router's expectation from the intended configs of the whole network."""
    facts = {t.hostname: (t, _facts(t.intended)) for t in targets}
    six = {name: facts6(target.intended) for name, (target, _) in facts.items()}
    v6 = expectations6(six)
    out: dict[str, Expectation] = {}
    for name, (target, fact) in facts.items():
        own = {str(t.ip) for t in fact.tunnels}
        peers = sorted(
            {
                str(tun.ip)
                for other, (_, ofact) in facts.items()
                if other != name and own & set(ofact.nhs)
                for tun in ofact.tunnels
                if any(tun.ip in mine.network for mine in fact.tunnels)
            },
            key=ipaddress.IPv4Address,
        )
        out[name] = Expectation(
            target.role,
            tuple(peers),
            fact.nhs,
            fact.routing,
            fact.ike,
            fact.vrf,
            ipv4=bool(fact.tunnels) or not six[name].tunnels,  # IPv6-only tunnels: no IPv4
            v6=v6[name] if six[name].tunnels else None,
        )
    return out


def _routing_check(show: Show, routing: str, wanted: list[str], vrf: str = "") -> Check:
    if routing == "eigrp":
        # EIGRP lists VRF neighbours only when asked for the VRF; OSPF shows every process
        command = f"show ip eigrp vrf {vrf} neighbors" if vrf else "show ip eigrp neighbors"
        up = set(parse_eigrp_neighbors(show(command)))
    elif routing == "ospf":
        states = parse_ospf_neighbors(show("show ip ospf neighbor"))
        up = {addr for addr, st in states.items() if st.upper().startswith("FULL")}
    else:
        # a VRF's BGP neighbours are listed only by the VRF's summary (Cisco IOS command
        # reference, 'show ip bgp vpnv4': 'vrf vrf-name' ... 'summary'), in the same table form
        command = f"show ip bgp vpnv4 vrf {vrf} summary" if vrf else "show ip bgp summary"
        states = parse_bgp_summary(show(command))
        up = {addr for addr, st in states.items() if st.strip().isdigit()}
    missing = [a for a in wanted if a not in up]
    detail = f"{len(wanted) - len(missing)}/{len(wanted)} {routing} neighbours up"
    if missing:
        detail += f"; missing {', '.join(missing)}"
    return Check(name=f"{routing}-neighbours", ok=not missing, detail=detail)


def run_checks(show: Show, exp: Expectation, peers: Collection[str] | None = None) -> list[Check]:
    """Run the checks for one router. ``peers`` narrows a hub's expected spokes (a push only
    requires the spokes that were up before the change to come back), by tunnel IPv4 or IPv6
    address."""
    nhrp: list[Check] = []
    routing: list[Check] = []
    nbmas: set[str] = set()
    if exp.ipv4:
        nhrp4, nbmas, neighbours = _nhrp4_checks(show, exp, peers)
        nhrp += nhrp4
        if exp.routing and neighbours:
            routing.append(_routing_check(show, exp.routing, neighbours, exp.vrf))
    if exp.v6 is not None:
        checks6, nbmas6 = run_checks6(show, exp.v6, exp.role, peers)
        nhrp, routing = nhrp + checks6[:1], routing + checks6[1:]
        nbmas |= nbmas6
    # the order of the IPv4 report: registrations, IKE, routing
    ike = [_ike_check(show, exp.ike, nbmas)] if exp.ike else []
    return [*nhrp, *ike, *routing]


def _nhrp4_checks(
    show: Show, exp: Expectation, peers: Collection[str] | None
) -> tuple[list[Check], set[str], list[str]]:
    """The NHRP for IPv4 check, the NBMA addresses of the peers and the routing neighbours."""
    rows = {p.tunnel: p for p in parse_dmvpn(show("show dmvpn"))}
    if exp.role == "hub":
        wanted = [a for a in exp.peers if peers is None or a in peers]
        missing = [a for a in wanted if a not in rows or not rows[a].up]
        detail = f"{len(wanted) - len(missing)}/{len(wanted)} spokes up"
        if missing:
            detail += "; not up: " + ", ".join(
                f"{a} ({rows[a].state if a in rows else 'absent'})" for a in missing
            )
        check = Check(name="dmvpn-peers", ok=not missing, detail=detail)
        return [check], {rows[a].nbma for a in wanted if a in rows}, wanted
    entries = parse_nhs_detail(show("show ip nhrp nhs detail"))
    responding = {e.address for e in entries if e.responding}
    missing = [a for a in exp.nhs if a not in responding]
    detail = f"{len(exp.nhs) - len(missing)}/{len(exp.nhs)} NHS responding"
    if missing:
        detail += f"; not responding: {', '.join(missing)}"
    check = Check(name="nhs-responding", ok=not missing, detail=detail)
    return [check], {rows[a].nbma for a in exp.nhs if a in rows}, list(exp.nhs)


def _ike_check(show: Show, ike: str, nbmas: set[str]) -> Check:
    if ike == "ikev2":
        sas = parse_ikev2_sa(show("show crypto ikev2 sa"))
    else:
        sas = parse_isakmp_sa(show("show crypto isakmp sa"))
    up = {addr for sa in sas if sa.up for addr in (sa.local, sa.remote)}
    missing = sorted(nbmas - up)
    detail = f"{len(nbmas) - len(missing)}/{len(nbmas)} {ike} SAs up"
    if missing:
        detail += f"; missing {', '.join(missing)}"
    return Check(name="ike-sa", ok=not missing, detail=detail)


def baseline_peers(show: Show, exp: Expectation) -> list[str]:
    """Tunnel addresses (IPv4 and IPv6) of the peers that are up now (taken on a hub before
    a change)."""
    up = [p.tunnel for p in parse_dmvpn(show("show dmvpn")) if p.up] if exp.ipv4 else []
    return up + (baseline_peers6(show) if exp.v6 is not None else [])
