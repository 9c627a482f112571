"""Addresses: tunnel IPs in their subnet and unique, NBMA addresses unique, no LAN overlaps."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network, IPv6Network
from typing import TypeVar

from dmvpngen.errors import Problem
from dmvpngen.model import Cloud, Inventory, Router
from dmvpngen.model.loader import Locator

__all__ = ["check", "members", "overlaps"]

PathT = tuple[str | int, ...]


def _routers(inv: Inventory) -> list[tuple[str, int]]:
    return [("hubs", i) for i in range(len(inv.hubs))] + [
        ("spokes", i) for i in range(len(inv.spokes))
    ]


def members(inv: Inventory, cloud: Cloud) -> list[tuple[str, int, Router]]:
    """``(kind, index, router)`` of every router with a tunnel in ``cloud``."""
    names = {r.name for r in (*inv.cloud_hubs(cloud), *inv.cloud_uplink_hubs(cloud))}
    spokes = {id(s) for s in inv.cloud_spokes(cloud)}
    out: list[tuple[str, int, Router]] = [
        ("hubs", i, h) for i, h in enumerate(inv.hubs) if h.name in names
    ]
    return out + [("spokes", i, s) for i, s in enumerate(inv.spokes) if id(s) in spokes]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Address plan problems."""
    yield from _tunnel_ips(inv, loc)
    yield from _nbma(inv, loc)
    yield from _prefixes(inv, loc)


def _tunnel_ips(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    for cloud in inv.clouds:
        subnet = cloud.subnet
        if subnet is None:  # IPv6-only: its addresses are checked by ipv6_addressing
            continue
        used: dict[IPv4Address, str] = {}
        for kind, i, router in members(inv, cloud):
            explicit = cloud.name in router.tunnel_ips
            path: PathT = (kind, i, "tunnel_ips", cloud.name) if explicit else (kind, i, "id")
            if not explicit and router.id >= subnet.num_addresses:
                yield loc.problem(
                    path,
                    f"id {router.id} of '{router.name}' is beyond cloud '{cloud.name}' subnet "
                    f"{subnet} ({subnet.num_addresses} addresses)",
                    "pick an id that fits the subnet, widen the subnet, or set tunnel_ips",
                )
                continue
            ip = inv.tunnel_ip(cloud, router)
            assert ip is not None
            usable = subnet.num_addresses > 2
            if (
                ip not in subnet
                or (usable and ip == subnet.broadcast_address)
                or ip == subnet.network_address
            ):
                yield loc.problem(
                    path,
                    f"tunnel IP {ip} of '{router.name}' is outside cloud '{cloud.name}' "
                    f"subnet {subnet} (or is its network/broadcast address)",
                    "pick an id that fits the subnet, widen the subnet, or set tunnel_ips",
                )
            elif ip in used:
                yield loc.problem(
                    path,
                    f"tunnel IP {ip} in cloud '{cloud.name}' already used by '{used[ip]}'",
                    "router ids pick tunnel addresses: give every router of a cloud its own id",
                )
            else:
                used[ip] = router.name


def wan_path(kind: str, i: int, j: int) -> PathT:
    """Object path of a router's ``j``-th WAN (0 = ``wan``, then ``extra_wans``)."""
    return (kind, i, "wan") if j == 0 else (kind, i, "extra_wans", j - 1)


def _nbma(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    # NBMA addresses are what peers see: post-NAT where NAT applies. Private addresses behind
    # NAT may repeat (two cloud routers in separate VPCs); their public addresses may not.
    seen: dict[IPv4Address, tuple[str, str | None]] = {}
    for kind, i in _routers(inv):
        router = getattr(inv, kind)[i]
        for j, wan in enumerate(router.wans):
            path = wan_path(kind, i, j)
            subnet = wan.address.network if wan.address is not None else None
            if subnet is not None and wan.gateway is not None and wan.gateway not in subnet:
                yield loc.problem(
                    (*path, "gateway"),
                    f"gateway {wan.gateway} is not in the WAN subnet {subnet}",
                    "the default route's next hop must be on the WAN link",
                )
            ip = wan.nbma
            if ip is None:
                continue
            field = "public_address" if wan.public_address is not None else "address"
            nat = wan.nat_kind
            if ip not in seen:
                seen[ip] = (router.name, nat)
                continue
            other, other_nat = seen[ip]
            if other == router.name:
                yield loc.problem(
                    (*path, field),
                    f"'{router.name}' uses NBMA address {ip} on two WANs",
                    "each WAN (ISP) has its own address",
                )
            elif nat == "pat" and other_nat == "pat" and kind == "spokes":
                yield loc.problem(
                    (*path, field),
                    f"'{router.name}' and '{other}' sit behind the same PAT address {ip}: they "
                    "cannot build a direct tunnel to each other (their traffic stays via the hub)",
                    "give each spoke its own public address (static NAT) if they must talk "
                    "directly",
                    severity="warning",
                )
            else:
                yield loc.problem(
                    (*path, field),
                    f"NBMA (WAN) address {ip} of '{router.name}' already used by '{other}'",
                    "every router needs its own (post-NAT) underlay address for NHRP",
                )
    for i, hub in enumerate(inv.hubs):
        for j, wan in enumerate(hub.wans):
            path = wan_path("hubs", i, j)
            if wan.dynamic:
                how = "DHCP" if wan.dhcp else "PPPoE"
                yield loc.problem(
                    (*path, "dhcp" if wan.dhcp else "pppoe"),
                    f"hub '{hub.name}' has a {how} WAN address",
                    "spokes reach an NHS at a fixed NBMA address: give hubs a static 'address'",
                )
            if wan.nat_kind == "pat":
                yield loc.problem(
                    (*path, "nat"),
                    f"hub '{hub.name}' sits behind PAT",
                    "a hub may only sit behind static (1:1) NAT: spokes must reach it unsolicited",
                )
            elif wan.nat_kind == "static" and wan.public_address is None:
                yield loc.problem(
                    (*path, "nat"),
                    f"hub '{hub.name}' is behind static NAT but has no 'public_address'",
                    "set public_address: the spokes' NHS nbma must be the post-NAT address",
                )


def _prefixes(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    owned: list[tuple[IPv4Network, str, PathT]] = [
        (c.subnet, f"cloud '{c.name}'", ("clouds", i, "subnet"))
        for i, c in enumerate(inv.clouds)
        if c.subnet is not None
    ]
    shared: set[IPv4Network] = set()  # hub peering LANs: one segment, several hubs on it
    for kind, i in _routers(inv):
        router = getattr(inv, kind)[i]
        for j, lan in enumerate(router.lan):
            if lan.prefix is None:  # an IPv6-only LAN: ipv6_addressing checks it
                continue
            if lan.hub_peering and kind == "hubs":
                if lan.prefix in shared:
                    continue
                shared.add(lan.prefix)
            owned.append((lan.prefix, f"LAN of '{router.name}'", (kind, i, "lan", j, "address")))
        if router.loopback is not None:
            owned.append(
                (
                    IPv4Network(router.loopback),
                    f"loopback of '{router.name}'",
                    (kind, i, "loopback"),
                )
            )
    yield from overlaps(loc, owned, "every LAN, loopback and cloud subnet must be distinct")


NetT = TypeVar("NetT", IPv4Network, IPv6Network)


def overlaps(loc: Locator, owned: list[tuple[NetT, str, PathT]], hint: str) -> Iterator[Problem]:
    """One problem per ``(prefix, what, path)`` that overlaps an earlier prefix of ``owned``."""
    owned = sorted(owned, key=lambda t: (t[0].network_address, t[0].prefixlen))
    # sorted by start address: an overlap always shows between neighbours or a covering prefix
    stack: list[tuple[NetT, str, PathT]] = []
    for net, what, path in owned:
        while stack and not stack[-1][0].overlaps(net):
            stack.pop()
        if stack:
            yield loc.problem(
                path, f"{net} ({what}) overlaps {stack[-1][0]} ({stack[-1][1]})", hint
            )
        stack.append((net, what, path))
