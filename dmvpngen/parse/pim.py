"""PIM and multicast-routing lines of a config, per routing table: what check and import need.

``ip multicast-routing [vrf V] [distributed]``, ``ip pim [vrf V] rp-address``, BSR and Auto-RP
candidates, ``ip pim [vrf V] spt-threshold``, and per interface ``ip pim sparse-mode |
nbma-mode | dr-priority`` (an interface runs PIM in the table of its VRF). A ``vrf V`` line
fills the table of V, read exactly as the global form (the IOS-XE multicast YANG model uses one
grouping for ``ip pim`` and ``ip pim vrf``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from dmvpngen.parse.tree import Node, ip_or_none

if TYPE_CHECKING:
    from dmvpngen.parse.facts import Interface

__all__ = ["InterfacePim", "Pim", "parse_global_pim", "parse_interface_pim"]


@dataclass
class InterfacePim:
    """PIM on one interface; each value with the line it came from."""

    mode: str | None = None  # "sparse-mode" | "dense-mode" | "sparse-dense-mode"
    line: int | None = None
    nbma: int | None = None
    dr_priority: tuple[int, int] | None = None  # (priority, line)

    @property
    def sparse(self) -> bool:
        """PIM sparse mode is on (sparse-dense counts: sparse once an RP is known)."""
        return self.mode in {"sparse-mode", "sparse-dense-mode"}


@dataclass
class Pim:
    """Multicast routing and RP lines of one routing table (the global one holds the VRFs')."""

    routing: int | None = None  # line of 'ip multicast-routing'
    distributed: bool = False
    rp_addresses: list[tuple[IPv4Address, int]] = field(default_factory=list)
    bsr_candidate: tuple[str, int] | None = None
    rp_candidate: tuple[str, int] | None = None
    announce: tuple[str, int] | None = None  # Auto-RP 'send-rp-announce <interface>'
    discovery: tuple[str, int] | None = None  # Auto-RP 'send-rp-discovery <interface>'
    autorp_listener: int | None = None
    spt_infinity: int | None = None
    register_rate_limit: tuple[int, int] | None = None  # (rate, line)
    ssm: int | None = None  # 'ip pim [vrf V] ssm ...': source-specific joins, no shared tree
    vrfs: dict[str, Pim] = field(default_factory=dict)  # 'ip multicast-routing/pim vrf V ...'

    def table(self, vrf: str | None) -> Pim:
        """The lines of ``vrf``'s table (None: the global table; empty when never named)."""
        if vrf is None:
            return self
        return self.vrfs.get(vrf) or Pim()

    def routing_in(self, vrf: str | None) -> int | None:
        """Line of the 'ip multicast-routing' that covers ``vrf`` (None: the global table)."""
        return self.table(vrf).routing

    @property
    def rp_mode(self) -> str | None:
        """How this router learns its RP: "static", "bsr", "auto-rp", or None."""
        if self.rp_addresses:
            return "static"
        if self.announce or self.discovery or self.autorp_listener:
            return "auto-rp"
        if self.bsr_candidate or self.rp_candidate:
            return "bsr"
        return None


def parse_global_pim(pim: Pim, node: Node, w: list[str]) -> None:
    """One global ``ip multicast-routing`` / ``ip pim ...`` line."""
    low = [x.lower() for x in w]
    if low[2:3] == ["vrf"] and len(w) > 3:
        # 'ip pim vrf V rp-address A' is 'ip pim rp-address A' in V's table
        parse_global_pim(pim.vrfs.setdefault(w[3], Pim()), node, w[:2] + w[4:])
        return
    if low[1] == "multicast-routing":
        pim.routing, pim.distributed = node.line, "distributed" in low
        return
    sub = low[2] if len(low) > 2 else ""
    arg = w[3] if len(w) > 3 else ""
    if sub == "rp-address" and (addr := ip_or_none(arg)) is not None:
        pim.rp_addresses.append((addr, node.line))
    elif sub == "bsr-candidate" and arg:
        pim.bsr_candidate = (_interface(w[3:]), node.line)
    elif sub == "rp-candidate" and arg:
        pim.rp_candidate = (_interface(w[3:]), node.line)
    elif sub == "send-rp-announce" and arg:
        pim.announce = (_interface(w[3:]), node.line)
    elif sub == "send-rp-discovery" and arg:
        pim.discovery = (_interface(w[3:]), node.line)
    elif low[2:4] == ["autorp", "listener"]:
        pim.autorp_listener = node.line
    elif sub == "spt-threshold" and low[3:4] == ["infinity"]:
        pim.spt_infinity = node.line
    elif sub == "register-rate-limit" and arg.isdigit():
        pim.register_rate_limit = (int(arg), node.line)
    elif sub == "ssm":
        pim.ssm = node.line


def _interface(rest: list[str]) -> str:
    from dmvpngen.parse.names import canonical_interface

    # 'Loopback0' or 'Loopback 0' before the keywords (scope, group-list, priority, ...)
    name = rest[0]
    if len(rest) > 1 and rest[1].isdigit() and not name[-1:].isdigit():
        name += rest[1]
    return canonical_interface(name)


def parse_interface_pim(intf: Interface, node: Node, low: list[str]) -> None:
    """One interface ``ip pim ...`` line."""
    pim = intf.pim if intf.pim is not None else InterfacePim()
    intf.pim = pim
    sub = low[2]
    if sub in {"sparse-mode", "dense-mode", "sparse-dense-mode"}:
        pim.mode, pim.line = sub, node.line
    elif sub == "nbma-mode":
        pim.nbma = node.line
    elif sub == "dr-priority" and len(low) > 3 and low[3].isdigit():
        pim.dr_priority = (int(low[3]), node.line)
