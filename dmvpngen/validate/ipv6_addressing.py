"""IPv6 addresses of a dual-stack overlay: prefixes, per-router addresses, link-local addresses.

- a cloud's ``ipv6_subnet`` is a global or unique-local prefix, no longer than /120 (a router id
  must fit as interface id), distinct from every other IPv6 prefix of the network;
- every IPv6 tunnel address (derived from the router id, or ``tunnel_ipv6s``) lies inside its
  cloud's prefix, is not its subnet-router anycast address (the all-zero interface id) and is
  unique in the cloud; ``tunnel_ipv6s`` names only dual-stack clouds the router joins;
- link-local addresses are unique in each cloud: OSPFv3 and EIGRP for IPv6 use them as next
  hop and NHRP for IPv6 resolves them (Cisco "Implementing DMVPN for IPv6");
- LANs and Loopback0 carry IPv6 only on routers that take part in a dual-stack cloud, and no
  two IPv6 prefixes (clouds, LANs, loopbacks) overlap.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv6Address, IPv6Network

from dmvpngen.errors import Problem
from dmvpngen.model import Cloud, Inventory
from dmvpngen.model.ipv6 import LINK_LOCAL
from dmvpngen.model.loader import Locator
from dmvpngen.validate.addressing import members, overlaps

__all__ = ["check"]

PathT = tuple[str | int, ...]
# the shortest interface id dmvpngen derives needs 8 bits (router 1..99 -> ::1..::99)
MAX_PREFIXLEN = 120


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """IPv6 address plan problems (none in an IPv4-only network)."""
    for i, cloud in enumerate(inv.clouds):
        yield from _cloud_prefix(loc, i, cloud)
        if cloud.ipv6_subnet is not None:
            yield from _tunnel_addresses(inv, loc, cloud)
            yield from _link_locals(inv, loc, cloud)
    yield from _router_fields(inv, loc)
    yield from _overlaps(inv, loc)


def _cloud_prefix(loc: Locator, i: int, cloud: Cloud) -> Iterator[Problem]:
    prefix = cloud.ipv6_subnet
    if prefix is None:
        if cloud.ipv6_summary:
            yield loc.problem(
                ("clouds", i, "ipv6_summary"),
                f"cloud '{cloud.name}' has IPv6 summaries but no ipv6_subnet",
                "give the cloud an ipv6_subnet, or drop ipv6_summary",
            )
        return
    address = prefix.network_address
    if address in LINK_LOCAL or address.is_multicast or address.is_unspecified:
        yield loc.problem(
            ("clouds", i, "ipv6_subnet"),
            f"{prefix} is not a global or unique-local prefix",
            "use a prefix of your IPv6 plan (2000::/3 or fc00::/7), e.g. a /64",
        )
    elif prefix.prefixlen > MAX_PREFIXLEN:
        yield loc.problem(
            ("clouds", i, "ipv6_subnet"),
            f"{prefix} is too long for router ids as interface ids",
            "use a /64 (IPv6 links are /64 by convention)",
        )


def _tunnel_addresses(inv: Inventory, loc: Locator, cloud: Cloud) -> Iterator[Problem]:
    prefix = cloud.ipv6_subnet
    assert prefix is not None
    used: dict[IPv6Address, str] = {}
    for kind, i, router in members(inv, cloud):
        explicit = cloud.name in router.tunnel_ipv6s
        path: PathT = (kind, i, "tunnel_ipv6s", cloud.name) if explicit else (kind, i, "id")
        address = inv.tunnel_ipv6(cloud, router)
        assert address is not None
        if address not in prefix or address == prefix.network_address:
            yield loc.problem(
                path,
                f"IPv6 tunnel address {address} of '{router.name}' is outside cloud "
                f"'{cloud.name}' prefix {prefix} (or is its subnet-router anycast address)",
                "a /64 fits every router id; or set tunnel_ipv6s inside the prefix",
            )
        elif address in used:
            yield loc.problem(
                path,
                f"IPv6 tunnel address {address} in cloud '{cloud.name}' already used by "
                f"'{used[address]}'",
                "give every router of a cloud its own id (or its own tunnel_ipv6s entry)",
            )
        else:
            used[address] = router.name


def _link_locals(inv: Inventory, loc: Locator, cloud: Cloud) -> Iterator[Problem]:
    used: dict[IPv6Address, str] = {}
    for kind, i, router in members(inv, cloud):
        address = inv.link_local(router)
        path: PathT = (kind, i, "ipv6_link_local" if router.ipv6_link_local else "id")
        if address in used:
            yield loc.problem(
                path,
                f"link-local address {address} of '{router.name}' is already used by "
                f"'{used[address]}' in cloud '{cloud.name}': routes through either would "
                "resolve to the wrong router",
                "link-local addresses must be unique in a cloud: change ipv6_link_local",
            )
        else:
            used[address] = router.name


def _router_fields(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    dual = {c.name for c in inv.clouds if c.ipv6_subnet is not None}
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            joined = {c.name for c in inv.router_clouds(router)}
            for name in router.tunnel_ipv6s:
                if name not in dual or name not in joined:
                    yield loc.problem(
                        (kind, i, "tunnel_ipv6s", name),
                        f"'{router.name}' has no tunnel in a dual-stack cloud '{name}'",
                        "name a cloud with ipv6_subnet that this router joins",
                    )
            if joined & dual:
                continue
            fields: list[PathT] = [
                (kind, i, "lan", j, "ipv6_address")
                for j, lan in enumerate(router.lan)
                if lan.ipv6_address is not None
            ]
            if router.loopback_ipv6 is not None:
                fields.append((kind, i, "loopback_ipv6"))
            for path in fields:
                yield loc.problem(
                    path,
                    f"'{router.name}' joins no dual-stack cloud: its IPv6 prefixes would "
                    "reach no other site",
                    "give one of its clouds an ipv6_subnet, or drop the IPv6 address",
                )


def _overlaps(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    owned: list[tuple[IPv6Network, str, PathT]] = [
        (c.ipv6_subnet, f"cloud '{c.name}'", ("clouds", i, "ipv6_subnet"))
        for i, c in enumerate(inv.clouds)
        if c.ipv6_subnet is not None
    ]
    shared: set[IPv6Network] = set()  # hub peering LANs: one segment, several hubs on it
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            for j, lan in enumerate(router.lan):
                prefix = lan.ipv6_prefix
                if prefix is None:
                    continue
                if lan.hub_peering and kind == "hubs":
                    if prefix in shared:
                        continue
                    shared.add(prefix)
                path: PathT = (kind, i, "lan", j, "ipv6_address")
                owned.append((prefix, f"LAN of '{router.name}'", path))
            if router.loopback_ipv6 is not None:
                net = IPv6Network(router.loopback_ipv6)
                owned.append((net, f"loopback of '{router.name}'", (kind, i, "loopback_ipv6")))
    yield from overlaps(loc, owned, "every IPv6 LAN, loopback and cloud prefix must be distinct")
