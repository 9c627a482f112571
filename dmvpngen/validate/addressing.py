"""Addresses: tunnel IPs in their subnet and unique, NBMA addresses unique, no LAN overlaps."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory, Router
from dmvpngen.model.loader import Locator

__all__ = ["check"]

PathT = tuple[str | int, ...]


def _routers(inv: Inventory) -> list[tuple[str, int]]:
    return [("hubs", i) for i in range(len(inv.hubs))] + [
        ("spokes", i) for i in range(len(inv.spokes))
    ]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Address plan problems."""
    yield from _tunnel_ips(inv, loc)
    yield from _nbma(inv, loc)
    yield from _prefixes(inv, loc)


def _tunnel_ips(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    for cloud in inv.clouds:
        used: dict[IPv4Address, str] = {}
        hub_names = {h.name for h in inv.cloud_hubs(cloud)}
        spokes = {id(s) for s in inv.cloud_spokes(cloud)}
        members: list[tuple[str, int, Router]] = [
            ("hubs", i, h) for i, h in enumerate(inv.hubs) if h.name in hub_names
        ]
        members += [("spokes", i, s) for i, s in enumerate(inv.spokes) if id(s) in spokes]
        for kind, i, router in members:
            ip = inv.tunnel_ip(cloud, router)
            explicit = cloud.name in router.tunnel_ips
            path: PathT = (kind, i, "tunnel_ips", cloud.name) if explicit else (kind, i, "id")
            usable = cloud.subnet.num_addresses > 2
            if (
                ip not in cloud.subnet
                or (usable and ip == cloud.subnet.broadcast_address)
                or ip == cloud.subnet.network_address
            ):
                yield loc.problem(
                    path,
                    f"tunnel IP {ip} of '{router.name}' is outside cloud '{cloud.name}' "
                    f"subnet {cloud.subnet} (or is its network/broadcast address)",
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


def _nbma(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    seen: dict[IPv4Address, str] = {}
    for kind, i in _routers(inv):
        router = getattr(inv, kind)[i]
        if router.wan.address is None:
            continue
        ip = router.wan.address.ip
        if ip in seen:
            yield loc.problem(
                (kind, i, "wan", "address"),
                f"NBMA (WAN) address {ip} of '{router.name}' already used by '{seen[ip]}'",
                "every router needs its own underlay address for NHRP",
            )
        else:
            seen[ip] = router.name
        if router.wan.gateway is not None and router.wan.gateway not in router.wan.address.network:
            yield loc.problem(
                (kind, i, "wan", "gateway"),
                f"gateway {router.wan.gateway} is not in the WAN subnet "
                f"{router.wan.address.network}",
                "the default route's next hop must be on the WAN link",
            )
    for i, hub in enumerate(inv.hubs):
        if hub.wan.dhcp:
            yield loc.problem(
                ("hubs", i, "wan", "dhcp"),
                f"hub '{hub.name}' has a DHCP WAN address",
                "spokes reach an NHS at a fixed NBMA address: give hubs a static 'address'",
            )


def _prefixes(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    owned: list[tuple[IPv4Network, str, PathT]] = [
        (c.subnet, f"cloud '{c.name}'", ("clouds", i, "subnet")) for i, c in enumerate(inv.clouds)
    ]
    for kind, i in _routers(inv):
        router = getattr(inv, kind)[i]
        for j, lan in enumerate(router.lan):
            owned.append((lan.prefix, f"LAN of '{router.name}'", (kind, i, "lan", j, "address")))
        if router.loopback is not None:
            owned.append(
                (
                    IPv4Network(router.loopback),
                    f"loopback of '{router.name}'",
                    (kind, i, "loopback"),
                )
            )
    owned.sort(key=lambda t: (t[0].network_address, t[0].prefixlen))
    # sorted by start address: an overlap always shows between neighbours or a covering prefix
    stack: list[tuple[IPv4Network, str, PathT]] = []
    for net, what, path in owned:
        while stack and not stack[-1][0].overlaps(net):
            stack.pop()
        if stack:
            yield loc.problem(
                path,
                f"{net} ({what}) overlaps {stack[-1][0]} ({stack[-1][1]})",
                "every LAN, loopback and cloud subnet must be distinct",
            )
        stack.append((net, what, path))
