"""What ``check`` returns: clouds with their members and what forms, and located findings."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import TYPE_CHECKING, Any

from dmvpngen.check.catalogue import CATALOGUE, severity_rank
from dmvpngen.parse.facts import Device, Tunnel

if TYPE_CHECKING:
    from dmvpngen.check.ipv6_report import Ipv6Report
    from dmvpngen.check.multicast import MulticastReport
    from dmvpngen.check.software import SoftwareReport

__all__ = ["CheckResult", "CloudReport", "Finding", "Link", "Member", "PairClass", "Undecided"]


@dataclass(frozen=True, order=True)
class Finding:
    """One fault at the line of ``device`` that shows it; ``peer``: the router it disagrees with."""

    file: str
    line: int | None
    code: str
    device: str
    peer: str | None
    message: str
    severity: str = field(default="", compare=False)

    @staticmethod
    def make(
        code: str,
        device: Device,
        line: int | None,
        message: str,
        peer: Device | str | None = None,
        peer_line: int | None = None,
        severity: str | None = None,
    ) -> Finding:
        """Build a finding; the peer's file:line is appended to the message when known."""
        peer_name = peer.hostname if isinstance(peer, Device) else peer
        if isinstance(peer, Device):
            where = f"{peer.file}:{peer_line}" if peer_line else peer.file
            message = f"{message} (peer {peer.hostname} at {where})"
        return Finding(
            device.file,
            line,
            code,
            device.hostname,
            peer_name,
            message,
            severity or CATALOGUE[code][0],
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract's finding object."""
        return {
            "code": self.code,
            "severity": self.severity,
            "device": self.device,
            "peer": self.peer,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


@dataclass
class Member:
    """One router's tunnel in one cloud."""

    device: Device
    tunnel: Tunnel
    role: str = "spoke"
    nbma: IPv4Address | IPv6Address | None = None  # None: dynamic or unknown (IPv6: GRE over IPv6)
    nbma_dynamic: bool = False
    nat: str | None = None  # "static" | "pat" | "private" (NATed, public side unknown) | None
    inside: IPv4Address | None = None  # the pre-NAT source address when NATed
    usable: bool = True  # tunnel up with a working source
    unusable_reason: str = ""

    @property
    def name(self) -> str:
        """The router's hostname."""
        return self.device.hostname

    @functools.cached_property
    def ip(self) -> IPv4Address:
        """The tunnel address (read for every pair a cloud's passes judge: kept once read)."""
        assert self.tunnel.address is not None
        return self.tunnel.address.ip


@dataclass
class Link:
    """A hub-spoke (or spoke-spoke group) outcome: NHRP, IKE or routing."""

    kind: str  # "nhrp" | "ike" | "eigrp" | "ospf" | "bgp"
    a: str
    b: str
    ok: bool | None  # None: cannot be decided from the configs
    detail: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        state = "ok" if self.ok else "unknown" if self.ok is None else "fails"
        return {"kind": self.kind, "a": self.a, "b": self.b, "state": state, "detail": self.detail}


@dataclass
class PairClass:
    """Forwarding result between two groups of spokes that behave identically."""

    a: list[str]
    b: list[str]
    result: str  # "direct" | "via-hub" | "blocked" (by policy, by design) | "broken"
    reason: str
    pairs: int


@dataclass
class CloudReport:
    """One DMVPN cloud."""

    name: str
    subnet: IPv4Network | IPv6Network  # IPv6: an IPv6-only cloud, found by its IPv6 prefix
    phase: int
    network_id: int | None
    tunnel_key: int | None
    members: list[Member]
    links: list[Link] = field(default_factory=list)
    spoke_ike_groups: list[list[str]] = field(default_factory=list)
    spoke_ike: list[Link] = field(default_factory=list)
    forwarding: list[PairClass] = field(default_factory=list)
    forwarding6: list[PairClass] = field(default_factory=list)  # IPv6, dual-stack clouds

    @property
    def hubs(self) -> list[Member]:
        """Hub members in name order."""
        return [m for m in self.members if m.role == "hub"]

    @property
    def spokes(self) -> list[Member]:
        """Spoke members in name order."""
        return [m for m in self.members if m.role == "spoke"]

    def counts(self) -> dict[str, int]:
        """Spoke pairs per forwarding result."""
        out = {"direct": 0, "via-hub": 0, "blocked": 0, "broken": 0}
        for cls in self.forwarding:
            out[cls.result] += cls.pairs
        return out

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract's cloud object (plus detail keys after the contract ones)."""
        data: dict[str, Any] = {
            "name": self.name,
            "subnet": str(self.subnet),
            "phase": self.phase,
            "hubs": [m.name for m in self.hubs],
            "spokes": [m.name for m in self.spokes],
            "network_id": self.network_id,
            "tunnel_key": self.tunnel_key,
            "links": [link.as_dict() for link in self.links],
            "spoke_ike_groups": self.spoke_ike_groups,
            "spoke_ike": [link.as_dict() for link in self.spoke_ike],
            "forwarding": _forwarding(self.forwarding),
        }
        if self.forwarding6:
            # only for a dual-stack cloud: IPv4-only reports keep their shape
            data["forwarding_ipv6"] = _forwarding(self.forwarding6)
        return data


def _forwarding(classes: list[PairClass]) -> dict[str, Any]:
    """The JSON form of one family's pair classes."""
    out: dict[str, Any] = {"direct": 0, "via-hub": 0, "blocked": 0, "broken": 0}
    for c in classes:
        out[c.result] += c.pairs
    out["classes"] = [
        {"a": c.a, "b": c.b, "result": c.result, "reason": c.reason, "pairs": c.pairs}
        for c in classes
    ]
    return out


@dataclass(frozen=True, order=True)
class Undecided:
    """Something the checked set cannot settle, at the line that raises the question."""

    file: str
    line: int | None
    device: str
    what: str

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"file": self.file, "line": self.line, "device": self.device, "what": self.what}


@dataclass
class CheckResult:
    """Everything ``check`` found."""

    devices: list[Device]
    clouds: list[CloudReport]
    findings: list[Finding]
    inter_cloud: list[PairClass] = field(default_factory=list)  # hierarchy: across regions
    undecided: list[Undecided] = field(default_factory=list)  # needs a config not in the set
    routing: dict[str, Any] = field(default_factory=dict)  # the routing model's summary
    software: SoftwareReport | None = None  # releases against Cisco advisories
    multicast: MulticastReport | None = None  # PIM over the clouds, when any tunnel runs it
    ipv6: Ipv6Report | None = None  # IPv6 over the clouds, when any tunnel carries it

    def worst(self) -> str | None:
        """Highest severity present."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=severity_rank)

    def summary(self) -> dict[str, Any]:
        """Counts for the JSON summary and the report footer."""
        by_sev = dict.fromkeys(("critical", "high", "medium", "low", "info"), 0)
        for f in self.findings:
            by_sev[f.severity] += 1
        pairs = {"direct": 0, "via-hub": 0, "blocked": 0, "broken": 0}
        for cloud in self.clouds:
            for k, v in cloud.counts().items():
                pairs[k] += v
        return {
            "devices": len(self.devices),
            "clouds": len(self.clouds),
            "findings": len(self.findings),
            "by_severity": by_sev,
            "spoke_pairs": pairs,
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract."""
        return {
            "clouds": [c.as_dict() for c in self.clouds],
            "findings": [f.as_dict() for f in self.findings],
            "summary": self.summary(),
            "inter_cloud": [
                {"a": c.a, "b": c.b, "result": c.result, "reason": c.reason, "pairs": c.pairs}
                for c in self.inter_cloud
            ],
            "undecided": [u.as_dict() for u in self.undecided],
            "routing": self.routing,
            "software": self.software.as_dict() if self.software else None,
            "multicast": self.multicast.as_dict() if self.multicast else None,
            # only where a tunnel carries IPv6: IPv4-only reports keep their shape
            **({"ipv6": self.ipv6.as_dict()} if self.ipv6 else {}),
        }
