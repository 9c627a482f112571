"""Parsers for the show commands verification reads.

ntc-templates (TextFSM) parse what it has templates for (``show dmvpn``, EIGRP/OSPF neighbours,
BGP summary); the IKE SA and NHS tables, which it does not cover, use the small parsers below.
"""

from __future__ import annotations

import io
import ipaddress
import re
from dataclasses import dataclass
from functools import cache

__all__ = [
    "DmvpnPeer",
    "IkeSa",
    "NhsEntry",
    "norm6",
    "parse_bgp_summary",
    "parse_dmvpn",
    "parse_eigrp_neighbors",
    "parse_ikev2_sa",
    "parse_isakmp_sa",
    "parse_nhs_detail",
    "parse_ospf_neighbors",
]


@dataclass(frozen=True)
class DmvpnPeer:
    """One row of ``show dmvpn``."""

    nbma: str
    tunnel: str
    state: str

    @property
    def up(self) -> bool:
        """NHRP registered and the tunnel up."""
        return self.state.upper() == "UP"


@dataclass(frozen=True)
class IkeSa:
    """One IKE SA (IKEv2 or ISAKMP) towards ``remote``."""

    local: str
    remote: str
    status: str

    @property
    def up(self) -> bool:
        """READY (IKEv2) or QM_IDLE (IKEv1) and not being deleted."""
        return self.status in ("READY", "QM_IDLE")


@dataclass(frozen=True)
class NhsEntry:
    """One next hop server of a spoke tunnel, from ``show ip nhrp nhs detail``."""

    interface: str
    address: str
    flags: str

    @property
    def responding(self) -> bool:
        """The NHS answers registrations (flag R)."""
        return "R" in self.flags


# The ntc-templates template for each command (resolving through its index costs ~0.5 s a call).
_TEMPLATES = {
    "show dmvpn": "cisco_ios_show_dmvpn.textfsm",
    "show ip eigrp neighbors": "cisco_ios_show_ip_eigrp_neighbors.textfsm",
    "show ip ospf neighbor": "cisco_ios_show_ip_ospf_neighbor.textfsm",
    "show ip bgp summary": "cisco_ios_show_ip_bgp_summary.textfsm",
}


@cache
def _template(command: str) -> str:
    from pathlib import Path

    import ntc_templates

    folder = Path(ntc_templates.__file__).parent / "templates"
    return (folder / _TEMPLATES[command]).read_text(encoding="utf-8")


def _textfsm(command: str, output: str) -> list[dict[str, str]]:
    import textfsm

    fsm = textfsm.TextFSM(io.StringIO(_template(command)))
    header = [h.lower() for h in fsm.header]
    try:
        rows = fsm.ParseText(output)
    except textfsm.TextFSMError:
        # Output the template does not know (an error message, an unfamiliar release):
        # nothing recognisable, so the check that needed it fails and says what is missing.
        return []
    return [dict(zip(header, row, strict=True)) for row in rows]


def parse_dmvpn(output: str) -> list[DmvpnPeer]:
    """Peers of every DMVPN interface (ntc-templates ``cisco_ios_show_dmvpn``)."""
    rows = _textfsm("show dmvpn", output)
    return [DmvpnPeer(r["peer_nbma"], r["peer_tunnel"], r["state"]) for r in rows]


def parse_eigrp_neighbors(output: str) -> dict[str, str]:
    """EIGRP neighbour address -> interface."""
    rows = _textfsm("show ip eigrp neighbors", output)
    return {r["ip_address"]: r["interface"] for r in rows}


def parse_ospf_neighbors(output: str) -> dict[str, str]:
    """OSPF neighbour interface address -> state (``FULL/DR``, ``FULL/  -``...)."""
    rows = _textfsm("show ip ospf neighbor", output)
    return {r["ip_address"]: r["state"] for r in rows}


def parse_bgp_summary(output: str) -> dict[str, str]:
    """BGP neighbour -> state or received prefix count (a number means Established)."""
    # Neighbours created by `bgp listen range` are printed with a leading '*'.
    cleaned = re.sub(r"^\*(?=\d)", "", output, flags=re.M)
    rows = _textfsm("show ip bgp summary", cleaned)
    return {r["bgp_neighbor"]: r["state_or_prefixes_received"] for r in rows}


_IKEV2_ROW = re.compile(
    r"^\s*\d+\s+(?P<local>[\dA-Fa-f.:]+)/\d+\s+(?P<remote>[\dA-Fa-f.:]+)/\d+\s+\S+\s+(?P<st>\S+)"
)
_ISAKMP_ROW = re.compile(
    r"^(?P<dst>\d+\.\d+\.\d+\.\d+)\s+(?P<src>\d+\.\d+\.\d+\.\d+)\s+(?P<st>\S+)\s+\d+\s+(?P<rest>.*)$"
)
_NHS_ROW = re.compile(r"^\s*(?P<addr>\d+\.\d+\.\d+\.\d+)\s+(?P<flags>[ERWD]+)\b")
_NHS_IF = re.compile(r"^(?P<ifname>[A-Za-z][\w/.-]*\d):\s*$")


def norm6(address: str) -> str:
    """An IPv6 address as IOS prints it (compressed, upper case); anything else unchanged."""
    try:
        return str(ipaddress.IPv6Address(address.split("%")[0])).upper()
    except ValueError:
        return address


def parse_ikev2_sa(output: str) -> list[IkeSa]:
    """Rows of ``show crypto ikev2 sa``, both sections: IPv4 peers, and IPv6 peers (an IPv6
    transport) in the same columns, their addresses by :func:`norm6`."""
    sas = []
    for line in output.splitlines():
        match = _IKEV2_ROW.match(line)
        if match:
            sas.append(IkeSa(norm6(match["local"]), norm6(match["remote"]), match["st"]))
    return sas


def parse_isakmp_sa(output: str) -> list[IkeSa]:
    """Rows of ``show crypto isakmp sa``; SAs being deleted do not count as up."""
    sas = []
    for line in output.splitlines():
        match = _ISAKMP_ROW.match(line.strip())
        if match:
            status = match["st"] if "deleted" not in match["rest"] else "DELETED"
            sas.append(IkeSa(match["dst"], match["src"], status))
    return sas


def parse_nhs_detail(output: str) -> list[NhsEntry]:
    """NHS rows per tunnel from ``show ip nhrp nhs detail``."""
    entries = []
    interface = ""
    for line in output.splitlines():
        if line.startswith("Pending Registration"):
            break
        head = _NHS_IF.match(line.strip())
        if head:
            interface = head["ifname"]
            continue
        row = _NHS_ROW.match(line)
        if row and interface:
            entries.append(NhsEntry(interface, row["addr"], row["flags"]))
    return entries
