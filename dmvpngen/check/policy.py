"""Traffic policy on the tunnels: access lists that keep spokes apart (hub-only spokes).

A pair of spokes whose LAN-to-LAN traffic an ACL on the path drops (the sender's tunnel out,
a hub's tunnel in or out, the receiver's tunnel in) is isolated by design, not broken.
"""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpngen.check.model import CloudReport, Member
from dmvpngen.parse.acl import acl_verdict
from dmvpngen.parse.facts import Device

__all__ = ["blocked", "isolated", "lan_prefixes"]


def lan_prefixes(device: Device) -> list[IPv4Network]:
    """Site prefixes: addressed interfaces that are no tunnel, loopback, WAN or NAT outside."""
    wan_vrfs = {t.tunnel_vrf for t in device.tunnels.values() if t.tunnel_vrf}
    sources = {t.source for t in device.tunnels.values()}
    out = []
    for intf in device.interfaces.values():
        if intf.address is None or intf.shutdown is not None or intf.name in sources:
            continue
        if intf.name.startswith(("Loopback", "Dialer")) or intf.nat == "outside":
            continue
        if intf.vrf is not None and intf.vrf in wan_vrfs:
            continue
        out.append(intf.address.network)
    return sorted(set(out))


def _denies(m: Member, direction: str, src: IPv4Network, dst: IPv4Network) -> str | None:
    """Where ``m``'s tunnel ACL in ``direction`` drops all src->dst traffic, else None."""
    acl = m.tunnel.access_groups.get(direction)
    if acl is None or acl[0] not in m.device.acls:
        return None
    action, line = acl_verdict(m.device.acls[acl[0]], src, dst)
    if action != "deny":
        return None
    return f"{m.name} {m.tunnel.name} {direction} {acl[0]} ({m.device.file}:{line or acl[1]})"


def blocked(a: Member, b: Member, hubs: list[Member]) -> str | None:
    """Why every LAN-to-LAN flow between ``a`` and ``b`` is dropped by policy, else None."""
    la, lb = lan_prefixes(a.device), lan_prefixes(b.device)
    if not la or not lb:
        return None
    where: list[str] = []
    for s, d, ls, ld in ((a, b, la, lb), (b, a, lb, la)):
        for src in ls:
            for dst in ld:
                hit = _denies(s, "out", src, dst) or _denies(d, "in", src, dst)
                if hit is None:
                    hits = [_denies(h, "in", src, dst) or _denies(h, "out", src, dst) for h in hubs]
                    hit = hits[0] if hubs and all(hits) else None
                if hit is None:
                    return None
                where.append(hit)
    return f"blocked by policy (hub-only spoke): LAN-to-LAN traffic dropped by {where[0]}"


def isolated(cloud: CloudReport, spoke: Member) -> bool:
    """True when policy keeps ``spoke`` from every other spoke of the cloud (hub-only spoke)."""
    if "in" not in spoke.tunnel.access_groups:
        return False  # decided before listing the others: called once per spoke
    others = [s for s in cloud.spokes if s is not spoke]
    if not others:
        return False
    hubs = cloud.hubs
    return all(blocked(spoke, o, hubs) for o in others)


def policy_key(spoke: Member, hubs: list[Member]) -> tuple[object, ...]:
    """What sets ``spoke`` apart for policy: its tunnel ACLs and the hub deny entries naming
    its LANs (spokes with equal keys are treated alike by every ACL on the path)."""
    lans = lan_prefixes(spoke.device)
    own = tuple(sorted((d, a) for d, (a, _line) in spoke.tunnel.access_groups.items()))
    hub_hits = []
    for h in hubs:
        for _d, (acl, _line) in sorted(h.tunnel.access_groups.items()):
            for e in h.device.acls.get(acl, []):
                if e.action == "deny" and any(
                    e.source.overlaps(n) or e.destination.overlaps(n) for n in lans
                ):
                    hub_hits.append((h.name, acl, e.line))
    if own or hub_hits:
        return (own, tuple(hub_hits), tuple(lans))
    return ()
