"""Partial sets: what can still be said about routers whose peers' configs are missing.

Engineers often hold only some of a network's configs (a spoke whose hub belongs to another
team, a second cloud whose hub is not a Cisco router). Every member is still checked against
the peers that are present and against itself; what needs the missing peer is listed as
undecided, with the line that names the peer, instead of being guessed.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from dmvpngen.check.model import CloudReport, Finding, Member, Undecided
from dmvpngen.parse.facts import Device, Nhs
from dmvpngen.parse.tree import addr_or_none

__all__ = ["absent_peers"]


def _absent(nhs: Nhs, by_ip: set[IPv4Address], hub_nbmas: set[IPv4Address | IPv6Address]) -> bool:
    """The NHS is no router of the set (by tunnel address, or by NBMA for a dynamic NHS)."""
    if nhs.address is not None:
        return nhs.address not in by_ip
    # by address: IOS prints an IPv6 NBMA in upper case; a DNS name is never a hub's address
    return nhs.nbma is not None and addr_or_none(nhs.nbma) not in hub_nbmas


def absent_peers(
    clouds: list[CloudReport], all_ips: dict[IPv4Address, tuple[Device, str]]
) -> tuple[list[Finding], list[Undecided]]:
    """Findings that need no peer, and the questions only a missing peer could answer."""
    findings: list[Finding] = []
    undecided: list[Undecided] = []
    hub_nbmas = {m.nbma for c in clouds for m in c.hubs if m.nbma is not None}
    known = set(all_ips)
    for cloud in clouds:
        for member in cloud.members:
            for nhs in member.tunnel.nhs:
                if not _absent(nhs, known, hub_nbmas):
                    continue
                findings.extend(_alone(member, nhs))
                undecided.append(_question(member, nhs))
        if not cloud.hubs:
            first = cloud.members[0]
            undecided.append(
                Undecided(
                    first.device.file,
                    first.tunnel.line,
                    first.name,
                    f"cloud {cloud.name} ({cloud.subnet}) has no hub in the set: its phase, "
                    "redirects and what spokes learn from the hub are judged from the spokes "
                    "alone",
                )
            )
    return findings, sorted(undecided)


def _alone(member: Member, nhs: Nhs) -> list[Finding]:
    """Faults of an NHS entry that show on the member itself."""
    if nhs.address is not None and nhs.nbma is None:
        return [
            Finding.make(
                "NET010",
                member.device,
                nhs.line,
                f"NHS {nhs.address} on {member.tunnel.name} has no NBMA address (add 'nbma' or "
                "'ip nhrp map'): the spoke cannot reach it to register, whatever its config",
            )
        ]
    return []


def _question(member: Member, nhs: Nhs) -> Undecided:
    where = f"NBMA {nhs.nbma}" if nhs.nbma else "no NBMA address"
    name = str(nhs.address) if nhs.address is not None else f"dynamic NHS at {nhs.nbma}"
    return Undecided(
        member.device.file,
        nhs.line,
        member.name,
        f"{member.tunnel.name} -> NHS {name} ({where}): its config is not in the set, so "
        "registration, tunnel key and NHRP authentication agreement, IKE/IPsec and the routing "
        "adjacency with it are not decided",
    )
