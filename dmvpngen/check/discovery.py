"""Find the clouds in a set of routers: tunnels grouped by subnet, roles, NBMA addresses, phase."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network, IPv6Address

from dmvpngen.check.defaults import Defaults, has_redirect, has_shortcut
from dmvpngen.check.model import CloudReport, Member
from dmvpngen.parse.facts import Device, Interface, Tunnel
from dmvpngen.parse.tree import addr_or_none, ip_or_none

__all__ = ["discover", "member_nbma", "nat_of", "source_interface", "source_state"]


def _is_dmvpn(tun: Tunnel) -> bool:
    return tun.address is not None and tun.nhrp and tun.mode in {"gre-multipoint", "gre-p2p"}


def source_state(device: Device, tun: Tunnel) -> tuple[str | None, str]:
    """(problem code or None, explanation) for the tunnel's source interface."""
    if tun.source is None:
        return "NET050", "has no 'tunnel source'"
    if ip_or_none(tun.source) is not None:
        owner = [
            i for i in device.interfaces.values() if i.address and str(i.address.ip) == tun.source
        ]
        if not owner:
            return "NET050", f"source address {tun.source} is on no interface of the router"
        intf = owner[0]
    else:
        found = device.interface(tun.source)
        if found is None:
            return "NET050", f"source interface {tun.source} does not exist"
        intf = found
    if intf.shutdown is not None:
        return (
            "NET051",
            f"source interface {intf.name} is shut down ({device.file}:{intf.shutdown})",
        )
    if tun.transport_v6:
        if intf.ipv6 is None or intf.ipv6.address is None:
            return "NET052", f"source interface {intf.name} has no IPv6 address (GRE over IPv6)"
    elif intf.address is None and not intf.dynamic:
        return "NET052", f"source interface {intf.name} has no IP address"
    return None, ""


_STATIC_NAT = re.compile(r"behind static NAT (\d+\.\d+\.\d+\.\d+)", re.IGNORECASE)
_PAT = re.compile(r"behind (PAT|NAT)\b", re.IGNORECASE)
_PRIVATE = tuple(
    IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)


def source_interface(device: Device, tun: Tunnel) -> Interface | None:
    """The interface the tunnel is sourced from (by name or by its address)."""
    if tun.source is None:
        return None
    addr = ip_or_none(tun.source)
    if addr is None:
        return device.interface(tun.source)
    return next((i for i in device.interfaces.values() if i.address and i.address.ip == addr), None)


def nat_of(intf: Interface | None) -> tuple[str | None, IPv4Address | None]:
    """(NAT kind, post-NAT address) of a WAN interface.

    The post-NAT address is in no config line: a description saying "behind static NAT
    A.B.C.D" (as dmvpngen writes it) names it; "behind PAT" marks address-sharing NAT. A
    private (RFC 1918) or carrier-grade-NAT address with neither is "private": perhaps NATed,
    perhaps a lab or MPLS underlay; only a declared PAT keeps two spokes from a direct tunnel.
    """
    if intf is None:
        return None, None
    text = intf.description or ""
    match = _STATIC_NAT.search(text)
    if match:
        return "static", IPv4Address(match.group(1))
    if _PAT.search(text):
        return "pat", None
    if intf.address is not None and any(intf.address.ip in n for n in _PRIVATE):
        return "private", None
    return None, None


def member_nbma(device: Device, tun: Tunnel) -> tuple[IPv4Address | IPv6Address | None, bool]:
    """(NBMA address, dynamic?) of the tunnel: its source's post-NAT address when a static NAT
    is declared, else the source interface's address (its IPv6 address for GRE over IPv6)."""
    if tun.source is None:
        return None, False
    if tun.transport_v6:
        intf = source_interface(device, tun)
        v6 = intf.ipv6.address if intf is not None and intf.ipv6 is not None else None
        return (v6.ip if v6 is not None else None), False
    addr = ip_or_none(tun.source)
    intf = source_interface(device, tun)
    _kind, public = nat_of(intf)
    if public is not None:
        return public, False
    if addr is not None:
        return addr, False
    if intf is None:
        return None, False
    if intf.dynamic:
        return None, True
    return (intf.address.ip if intf.address else None), False


def discover(devices: list[Device], defaults: dict[str, Defaults]) -> list[CloudReport]:
    """Group DMVPN tunnels by subnet and assign roles and phase."""
    from dmvpngen.routes.family import ipv6_only_tunnel

    groups: dict[IPv4Network, list[Member]] = defaultdict(list)
    for device in devices:
        for original in device.tunnels.values():
            # an IPv6-only cloud's member is grouped by its IPv6 prefix, read as NHRP for IPv6
            tun = ipv6_only_tunnel(device, original) or original
            if not _is_dmvpn(tun):
                continue
            assert tun.address is not None
            nbma, dynamic = member_nbma(device, tun)
            member = Member(device, tun, nbma=nbma, nbma_dynamic=dynamic)
            intf = source_interface(device, tun)
            member.nat, _ = nat_of(intf)
            if member.nat is not None and intf is not None and intf.address is not None:
                member.inside = intf.address.ip
            code, why = source_state(device, tun)
            if tun.shutdown is not None:
                member.usable, member.unusable_reason = False, f"{tun.name} is shut down"
            elif code is not None:
                member.usable, member.unusable_reason = False, f"{tun.name} {why}"
            groups[tun.address.network].append(member)
    # A member whose mask is off lands in a subnet inside (or around) the real cloud: fold the
    # smaller group into the larger one so the mismatch is reported, not a second cloud.
    for subnet in sorted(groups, key=lambda n: (n.version, -n.prefixlen)):
        if len(groups[subnet]) > 1:
            continue
        home = [
            n
            for n in groups
            if n != subnet
            and n.version == subnet.version
            and n.overlaps(subnet)
            and len(groups[n]) > 1
        ]
        if home:
            groups[home[0]].extend(groups.pop(subnet))
    clouds: list[CloudReport] = []
    # IPv4 subnets first, then IPv6 prefixes (a mixed list does not sort)
    for subnet in sorted(groups, key=lambda n: (n.version, n)):
        members = sorted(groups[subnet], key=lambda m: (m.name, m.tunnel.name))
        _assign_roles(members, defaults)
        clouds.append(_cloud(subnet, members, defaults))
    _name_clouds(clouds)
    return clouds


def _assign_roles(members: list[Member], defaults: dict[str, Defaults]) -> None:
    targets: set[IPv4Address] = set()
    for m in members:
        targets.update(n.address for n in m.tunnel.nhs if n.address is not None)
        for n in m.tunnel.nhs:
            # 'nhs dynamic nbma X' names the hub by NBMA address only
            if n.address is None and n.nbma:
                # compared as addresses: IOS prints an IPv6 NBMA in upper case
                hub = addr_or_none(n.nbma)
                targets.update(o.ip for o in members if o.nbma and o.nbma == hub)
    for m in members:
        t = m.tunnel
        d = defaults[m.name]
        serves = t.map_multicast_dynamic is not None or t.redirect is not None
        if (m.ip in targets and (serves or not t.nhs)) or (
            not t.nhs and t.mode == "gre-multipoint" and (serves or d.nhrp_defaults_on)
        ):
            # An NHS target that registers nowhere itself (or has hub features) is a hub, and so
            # is a multipoint tunnel with hub features that points at nobody. A router that
            # registers elsewhere and only a stray NHS points at stays a spoke; a spoke that
            # lost its NHS line stays a spoke (and is reported).
            m.role = "hub"
        else:
            m.role = "spoke"


def _known(test: Callable[[Tunnel, Defaults], bool], m: Member, d: dict[str, Defaults]) -> bool:
    """The feature is on by a config line or by a known release's default. Defaults that are
    only assumed (no release, IOS-XE look) do not make a cloud phase 3 when no router of it has
    a redirect or shortcut line: such a cloud reads as designed, phase 2."""
    defaults = d[m.name]
    return test(m.tunnel, defaults) and not (
        defaults.assumed and m.tunnel.redirect is None and m.tunnel.shortcut is None
    )


def _cloud(
    subnet: IPv4Network, members: list[Member], defaults: dict[str, Defaults]
) -> CloudReport:
    def common(values: list[int | None]) -> int | None:
        counted = [v for v in values if v is not None]
        return max(set(counted), key=counted.count) if counted else None

    hubs = [m for m in members if m.role == "hub"]
    spokes = [m for m in members if m.role == "spoke"]
    ref = hubs or members
    phase = 2
    if any(s.tunnel.mode == "gre-p2p" for s in spokes):
        phase = 1
    elif any(_known(has_redirect, h, defaults) for h in hubs) or any(
        _known(has_shortcut, s, defaults) for s in spokes
    ):
        phase = 3
    return CloudReport(
        name="",
        subnet=subnet,
        phase=phase,
        network_id=common([m.tunnel.network_id for m in ref]),
        tunnel_key=common([m.tunnel.key for m in ref]),
        members=members,
    )


_NAME_OK = re.compile(r"[^A-Za-z0-9_.-]+")


def _name_clouds(clouds: list[CloudReport]) -> None:
    """Hub tunnel description when unique, else dmvpn<network-id>, else the tunnel and subnet."""

    def candidate(cloud: CloudReport) -> str:
        for m in cloud.hubs or cloud.members:
            if m.tunnel.description:
                text = _NAME_OK.sub("-", m.tunnel.description.strip()).strip("-.")[:60]
                if text and text[0].isalnum():
                    return text
        if cloud.network_id is not None:
            return f"dmvpn{cloud.network_id}"
        return f"tunnel{cloud.members[0].tunnel.number}"

    names = [candidate(c) for c in clouds]
    for cloud, name in zip(clouds, names, strict=True):
        if names.count(name) > 1:
            name = f"{name}-{cloud.subnet.network_address}"
        cloud.name = name
