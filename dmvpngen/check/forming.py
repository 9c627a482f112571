"""What will form: NHRP registrations, IKE/IPsec hub-spoke and spoke-spoke, routing adjacencies."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

from dmvpngen.check.defaults import Defaults, has_multicast_dynamic
from dmvpngen.check.ike import CryptoContext, Verdict, compare
from dmvpngen.check.model import CloudReport, Finding, Link, Member
from dmvpngen.check.routing import adjacencies
from dmvpngen.parse.facts import Device, Nhs
from dmvpngen.parse.tree import addr_or_none

__all__ = ["hub_spoke", "spoke_groups"]


def _verdict_findings(
    v: Verdict,
    a: Member,
    b: Member,
    what: str,
    out: list[Finding],
    skip: frozenset[str] = frozenset(),
) -> None:
    for code, text in v.reasons:
        if code in skip or code == "NET028":
            continue
        out.append(
            Finding.make(
                code,
                a.device,
                a.tunnel.protection_line or a.tunnel.line,
                f"{what} {a.name}-{b.name} on {a.tunnel.name}: {text}",
                b.device,
                b.tunnel.protection_line or b.tunnel.line,
            )
        )


def hub_spoke(
    cloud: CloudReport,
    ctx: dict[int, CryptoContext],
    all_tunnel_ips: dict[IPv4Address, tuple[Device, str]],
    findings: list[Finding],
    defaults: dict[str, Defaults],
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Registration, IKE and routing per spoke and hub.

    Returns (hubs each spoke registers with, hubs each spoke has working routing with).
    """
    by_ip = {m.ip: m for m in cloud.members}
    known_nbma = {m.nbma for m in cloud.members if m.nbma is not None}
    known_nbma |= {m.inside for m in cloud.members if m.inside is not None}
    registered: dict[str, set[str]] = {}
    routed_ok: dict[str, set[str]] = {}
    ike_cache: dict[tuple[object, ...], Verdict] = {}
    routed: set[tuple[str, str]] = set()
    for spoke in cloud.spokes:
        ok_hubs: set[str] = set()
        for nhs in spoke.tunnel.nhs:
            hub = _resolve(spoke, nhs, by_ip, all_tunnel_ips, findings)
            if hub is None:
                cloud.links.append(
                    Link(
                        "nhrp",
                        spoke.name,
                        str(nhs.address or nhs.nbma),
                        False,
                        "NHS is not a hub of this cloud",
                    )
                )
                continue
            state, why = _nbma_state(spoke, hub, nhs, findings, known_nbma)
            cs, ch = ctx[id(spoke)], ctx[id(hub)]
            key = (
                cs,
                None if cs.wildcard_only else spoke.nbma,
                ch,
                None if ch.wildcard_only else hub.nbma,
            )
            verdict = ike_cache.get(key)
            if verdict is None:
                verdict = compare(ctx[id(spoke)], spoke.nbma, ctx[id(hub)], hub.nbma)
                ike_cache[key] = verdict
            if verdict.ok is False or verdict.reasons:
                _verdict_findings(verdict, spoke, hub, "IKE/IPsec", findings)
            cloud.links.append(Link("ike", spoke.name, hub.name, verdict.ok, verdict.text))
            if not spoke.usable or not hub.usable:
                state, why = (
                    False,
                    spoke.unusable_reason
                    if not spoke.usable
                    else f"{hub.name}: {hub.unusable_reason}",
                )
            elif spoke.tunnel.key != hub.tunnel.key:
                state, why = False, "tunnel keys differ"
            elif spoke.tunnel.auth != hub.tunnel.auth:
                state, why = False, "NHRP authentication differs"
            elif verdict.ok is False:
                state, why = False, f"IPsec fails: {verdict.text}"
            elif state is True and verdict.ok is None:
                state, why = None, "IKE outcome unknown: " + verdict.text
            cloud.links.append(Link("nhrp", spoke.name, hub.name, state, why))
            if state is not False:
                ok_hubs.add(hub.name)
            if (hub.name, spoke.name) not in routed:
                routed.add((hub.name, spoke.name))
                block = why if state is False else _multicast_gap(hub, spoke, nhs, defaults)
                links = adjacencies(hub, spoke, findings, block)
                cloud.links.extend(links)
                if state is not False and all(x.ok is not False for x in links):
                    routed_ok.setdefault(spoke.name, set()).add(hub.name)
        registered[spoke.name] = ok_hubs
    for hub in cloud.hubs:
        # hub-to-hub NHS entries: a missing or wrong peer is reported like a spoke's
        for nhs in hub.tunnel.nhs:
            if nhs.address is not None and nhs.address != hub.ip:
                _resolve(hub, nhs, by_ip, all_tunnel_ips, findings)
    _listen_limits(cloud, findings)
    return registered, routed_ok


def _listen_limits(cloud: CloudReport, findings: list[Finding]) -> None:
    """A hub accepting spokes by listen range must allow at least as many as the cloud has."""
    for hub in cloud.hubs:
        bgp = hub.device.bgp
        if bgp is None or bgp.listen_limit is None:
            continue
        ranges = [net for net, _pg, _line in bgp.listen_ranges]
        covered = [s for s in cloud.spokes if any(s.ip in net for net in ranges)]
        if len(covered) > bgp.listen_limit:
            findings.append(
                Finding.make(
                    "NET039",
                    hub.device,
                    bgp.listen_limit_line or bgp.line,
                    f"bgp listen limit {bgp.listen_limit} but {len(covered)} spokes of "
                    f"{cloud.name} fall in its listen ranges: the excess never peer",
                )
            )


def _multicast_gap(
    hub: Member, spoke: Member, nhs: Nhs, defaults: dict[str, Defaults]
) -> str | None:
    """Why multicast routing hellos cannot flow between hub and spoke, or None."""
    if not has_multicast_dynamic(hub.tunnel, defaults[hub.name]):
        return (
            f"{hub.name} lacks 'ip nhrp map multicast dynamic': its hellos never reach {spoke.name}"
        )
    if not (nhs.multicast or any(n == nhs.nbma for n, _ in spoke.tunnel.map_multicast)):
        return (
            f"{spoke.name} has no multicast mapping to {hub.name}: its hellos never reach the hub"
        )
    return None


def _resolve(
    spoke: Member,
    nhs: Nhs,
    by_ip: dict[IPv4Address, Member],
    all_ips: dict[IPv4Address, tuple[Device, str]],
    findings: list[Finding],
) -> Member | None:
    if nhs.address is None:
        hub = next(
            (
                m
                for m in by_ip.values()
                if m.role == "hub" and m.nbma and m.nbma == addr_or_none(nhs.nbma or "")
            ),
            None,
        )
        if hub is None:
            findings.append(
                Finding.make(
                    "NET008",
                    spoke.device,
                    nhs.line,
                    f"dynamic NHS at NBMA {nhs.nbma} is no router of the checked set",
                    nhs.nbma,
                )
            )
        return hub
    target = by_ip.get(nhs.address)
    if target is None:
        owner = all_ips.get(nhs.address)
        if owner is not None:
            findings.append(
                Finding.make(
                    "NET007",
                    spoke.device,
                    nhs.line,
                    f"NHS {nhs.address} on {spoke.tunnel.name} is {owner[1]} of "
                    f"{owner[0].hostname}, outside this cloud",
                    owner[0],
                )
            )
        else:
            findings.append(
                Finding.make(
                    "NET008",
                    spoke.device,
                    nhs.line,
                    f"NHS {nhs.address} on {spoke.tunnel.name} is no router of the checked set "
                    "(config missing, or wrong NHS address)",
                    str(nhs.address),
                )
            )
        return None
    if target.role != "hub" or target is spoke:
        if target is spoke:
            return None
        findings.append(
            Finding.make(
                "NET007",
                spoke.device,
                nhs.line,
                f"NHS {nhs.address} on {spoke.tunnel.name} is {target.name}, which is not a hub",
                target.device,
                target.tunnel.address_line,
            )
        )
        return None
    return target


def _nbma_state(
    spoke: Member,
    hub: Member,
    nhs: Nhs,
    findings: list[Finding],
    known_nbma: set[IPv4Address | IPv6Address] | None = None,
) -> tuple[bool | None, str]:
    if nhs.nbma is None:
        findings.append(
            Finding.make(
                "NET010",
                spoke.device,
                nhs.line,
                f"NHS {nhs.address} has no NBMA address (add 'nbma' or 'ip nhrp map')",
                hub.device,
                hub.tunnel.line,
            )
        )
        return False, "no NBMA address for the NHS"
    addr = addr_or_none(nhs.nbma)
    if addr is None:
        findings.append(
            Finding.make(
                "NET011",
                spoke.device,
                nhs.nbma_line,
                f"NHS {nhs.address} NBMA is the name {nhs.nbma}; resolve it to {hub.name}'s "
                "post-NAT address to verify",
                hub.device,
                hub.tunnel.source_line,
            )
        )
        return None, f"NBMA {nhs.nbma} is a DNS name"
    family = 6 if spoke.tunnel.transport_v6 else 4
    if addr.version != family:
        findings.append(
            Finding.make(
                "NET090",
                spoke.device,
                nhs.nbma_line,
                f"NHS {nhs.address} NBMA {addr} is IPv{addr.version}, but {spoke.tunnel.name} "
                f"runs GRE over IPv{family} ('tunnel mode gre multipoint"
                f"{' ipv6' if family == 6 else ''}'): registration never leaves the router",
                hub.device,
                hub.tunnel.mode_line or hub.tunnel.line,
            )
        )
        return False, f"NBMA {addr} is not an IPv{family} address"
    if hub.nbma is None:
        return None, f"{hub.name}'s NBMA address is not known from its config"
    if addr != hub.nbma and hub.nat == "private" and addr not in (known_nbma or set()):
        # A hub with a private address is normally behind static NAT, and the spoke names its
        # post-NAT address, which no config shows: that cannot be verified, not a fault.
        findings.append(
            Finding.make(
                "NET047",
                spoke.device,
                nhs.nbma_line,
                f"NHS {nhs.address} NBMA {addr} cannot be verified: {hub.name} sources "
                f"{hub.tunnel.name} from private address {hub.nbma}, presumably static NAT to "
                f"{addr} (say so in the WAN description: 'behind static NAT {addr}')",
                hub.device,
                hub.tunnel.source_line,
            )
        )
        return None, f"NBMA {addr}: presumed static NAT of {hub.name}'s {hub.nbma}"
    if addr != hub.nbma:
        findings.append(
            Finding.make(
                "NET009",
                spoke.device,
                nhs.nbma_line,
                f"NHS {nhs.address} mapped to NBMA {addr} but {hub.name} sources "
                f"{hub.tunnel.name} from {hub.nbma} (unless static NAT maps {addr} to it, "
                "registration fails)",
                hub.device,
                hub.tunnel.source_line,
            )
        )
        return False, f"NBMA {addr} is not {hub.name}'s address {hub.nbma}"
    if hub.inside is not None:
        return True, f"via {addr} (static NAT of {hub.inside})"
    return True, f"via {addr}"


def spoke_groups(
    cloud: CloudReport, ctx: dict[int, CryptoContext], findings: list[Finding]
) -> dict[str, int]:
    """Group spokes with identical crypto; compare groups, not pairs. Returns group per spoke."""
    groups: dict[object, list[Member]] = {}
    for s in cloud.spokes:
        c = ctx[id(s)]
        key: object = c if c.wildcard_only else (c, s.nbma)
        groups.setdefault(key, []).append(s)
    ordered = list(groups.values())
    cloud.spoke_ike_groups = [[m.name for m in g] for g in ordered]
    index = {m.name: i for i, g in enumerate(ordered) for m in g}
    if cloud.phase == 1:
        return index
    for i, ga in enumerate(ordered):
        for j in range(i, len(ordered)):
            gb = ordered[j]
            if i == j and len(ga) < 2:
                continue
            a, b = ga[0], (gb[1] if i == j else gb[0])
            verdict = compare(ctx[id(a)], a.nbma, ctx[id(b)], b.nbma)
            cloud.spoke_ike.append(
                Link("ike", f"group{i + 1}", f"group{j + 1}", verdict.ok, verdict.text)
            )
            if verdict.ok is False or (verdict.reasons and i != j):
                _verdict_findings(
                    verdict,
                    a,
                    b,
                    f"spoke-to-spoke IKE/IPsec ({len(ga)}x{len(gb)} spokes)",
                    findings,
                )
    return index
