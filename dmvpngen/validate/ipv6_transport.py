"""IPv6 transport: the WAN IPv6 addresses clouds with ``transport_family: ipv6`` run over.

Checked with the depth of the IPv4 NBMA checks (validate/addressing.py):

- every router of such a cloud has a static IPv6 address on the WAN the cloud uses, global
  unicast (2000::/3: not link-local, unique-local, multicast or the subnet-router anycast
  address), used by no other WAN, and outside every overlay prefix: an NBMA address reached
  through the tunnel it carries (a cloud prefix, a site LAN, or an IPv6 summary the hubs send
  over the tunnel, which beats the WAN default route) is recursive routing, and the tunnel flaps;
- a router of an IPv4-transport cloud needs IPv4 on that WAN (an IPv6-only WAN cannot source it);
- the IPv6 gateway is link-local or inside the WAN prefix, and given (else peers beyond the
  WAN's prefix are unreachable: a warning);
- NAT options are refused on a WAN only IPv6 transports use (nothing is translated there), an
  IPv6 address on a PPPoE WAN is not rendered (it would belong on the dialer), and IKEv1 is
  refused (dmvpngen renders its wildcard key for IPv4 peers only);
- clouds naming the same ISP (``transport``) use one transport family (a warning).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from ipaddress import IPv6Address, IPv6Network

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.ipv6 import LINK_LOCAL
from dmvpngen.model.loader import Locator
from dmvpngen.model.wan import Wan
from dmvpngen.validate.addressing import members, wan_path

__all__ = ["check"]

PathT = tuple[str | int, ...]

GLOBAL_UNICAST = IPv6Network("2000::/3")


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Problems of IPv6 WAN addresses and of clouds over an IPv6 transport."""
    yield from _addresses(inv, loc)
    yield from _members(inv, loc)
    yield from _families(inv, loc)


def _wans(inv: Inventory) -> Iterator[tuple[str, PathT, Wan]]:
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            for j, wan in enumerate(router.wans):
                yield router.name, wan_path(kind, i, j), wan


def _overlay(inv: Inventory) -> list[tuple[IPv6Network, str]]:
    """Every IPv6 overlay prefix with what it is, for the messages."""
    out: list[tuple[IPv6Network, str]] = []
    for cloud in inv.clouds:
        if cloud.ipv6_subnet is not None:
            out.append((cloud.ipv6_subnet, f"the IPv6 prefix of cloud '{cloud.name}'"))
        out += [(n, f"an ipv6_summary of cloud '{cloud.name}'") for n in cloud.ipv6_summary]
    for router in (*inv.hubs, *inv.spokes):
        out += [
            (lan.ipv6_prefix, f"the IPv6 LAN {lan.interface} of '{router.name}'")
            for lan in router.lan
            if lan.ipv6_prefix is not None
        ]
    return out


def _holder(overlay: list[tuple[IPv6Network, str]]) -> Callable[[IPv6Address], int | None]:
    """A lookup of the first overlay prefix (by index) holding an address: one dictionary per
    prefix length, so thousands of WANs against thousands of site prefixes stay linear."""
    by_length: dict[int, dict[int, int]] = {}
    for index, (net, _) in enumerate(overlay):
        by_length.setdefault(net.prefixlen, {}).setdefault(int(net.network_address), index)

    def find(ip: IPv6Address) -> int | None:
        value = int(ip)
        hits = [
            at
            for length, nets in by_length.items()
            if (at := nets.get(value >> (128 - length) << (128 - length))) is not None
        ]
        return min(hits) if hits else None

    return find


def _addresses(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    seen: dict[IPv6Address, tuple[str, int]] = {}
    overlay = _overlay(inv)
    holder = _holder(overlay)
    for name, path, wan in _wans(inv):
        if wan.ipv6_address is None:
            continue
        ip, net = wan.ipv6_address.ip, wan.ipv6_address.network
        at = (*path, "ipv6_address")
        if ip not in GLOBAL_UNICAST:
            yield loc.problem(
                at,
                f"WAN IPv6 address {ip} of '{name}' is not a global unicast address (2000::/3)",
                "an Internet transport needs the global address the ISP assigned; link-local, "
                "unique-local and multicast addresses are not routed between sites",
            )
            continue
        if net.prefixlen < 127 and ip == net.network_address:
            yield loc.problem(
                at,
                f"WAN IPv6 address {ip} of '{name}' is the subnet-router anycast address of {net}",
                "use a host address of the prefix, e.g. ::2",
            )
        other, other_wan = seen.setdefault(ip, (name, id(wan)))
        if other != name:
            yield loc.problem(
                at,
                f"NBMA (WAN) IPv6 address {ip} of '{name}' already used by '{other}'",
                "every router needs its own underlay address for NHRP",
            )
        elif other_wan != id(wan):
            yield loc.problem(
                at,
                f"'{name}' uses NBMA IPv6 address {ip} on two WANs",
                "each WAN (ISP) has its own address",
            )
        index = holder(ip)
        if index is not None:
            prefix, what = overlay[index]
            yield loc.problem(
                at,
                f"WAN IPv6 address {ip} of '{name}' lies inside {prefix}, {what}: peers "
                "would reach this NBMA address through the tunnel it carries",
                "take the WAN addresses from outside the overlay's prefixes (or narrow "
                "the summary)",
            )
        gateway = wan.ipv6_gateway
        if gateway is not None and gateway not in LINK_LOCAL and gateway not in net:
            yield loc.problem(
                (*path, "ipv6_gateway"),
                f"ipv6_gateway {gateway} is neither link-local nor in the WAN prefix {net}",
                "the IPv6 default route's next hop must be on the WAN link",
            )
        if wan.pppoe is not None:
            yield loc.problem(
                at,
                f"'{name}': an IPv6 address on a PPPoE WAN is not rendered",
                "give the IPv6 transport its own Ethernet WAN (extra_wans), or drop ipv6_address",
            )


def _members(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    for c, cloud in enumerate(inv.clouds):
        v6 = cloud.transport_family == "ipv6"
        for kind, i, router in members(inv, cloud):
            wan = inv.wan_for(router, cloud)
            j = router.wans.index(wan)
            path = wan_path(kind, i, j)
            if not v6:
                if wan.address is None and not wan.dynamic:
                    yield loc.problem(
                        path,
                        f"'{router.name}' joins cloud '{cloud.name}' over IPv4 but its WAN "
                        f"{wan.interface} has no IPv4 address",
                        "give the WAN an IPv4 'address', 'dhcp' or 'pppoe', or set the cloud's "
                        "transport_family: ipv6",
                    )
                continue
            if wan.ipv6_address is None:
                yield loc.problem(
                    path,
                    f"'{router.name}' joins cloud '{cloud.name}' over an IPv6 transport but its "
                    f"WAN {wan.interface} has no ipv6_address",
                    "give the WAN its static global 'ipv6_address: 2001:db8:..::2/64' (the "
                    "NBMA address), or set the cloud's transport_family: ipv4",
                )
                continue
            if wan.ipv6_gateway is None:
                yield loc.problem(
                    path,
                    f"'{router.name}' has no ipv6_gateway on {wan.interface}: without an IPv6 "
                    f"default route it reaches only the peers of cloud '{cloud.name}' on its "
                    "own WAN prefix",
                    "set 'ipv6_gateway' to the ISP router's address",
                    severity="warning",
                )
            if wan.nat_kind is not None and not _carries_ipv4(inv, router, wan):
                yield loc.problem(
                    (*path, "public_address" if wan.public_address is not None else "nat"),
                    f"'{router.name}': NAT on {wan.interface}, which only carries IPv6 "
                    "transports: IPv6 NBMA addresses are reached end to end",
                    "drop 'nat' and 'public_address' from this WAN",
                )
        profile = inv.crypto_profiles.get(cloud.crypto)
        if v6 and profile is not None and profile.ike_version == 1:
            yield loc.problem(
                ("clouds", c, "transport_family"),
                f"cloud '{cloud.name}' runs over IPv6 with IKEv1 crypto profile '{cloud.crypto}'",
                "use IKEv2 (ike_version: 2): dmvpngen renders IPv6 peers in IKEv2 keyrings and "
                "profiles only",
            )


def _carries_ipv4(inv: Inventory, router: object, wan: Wan) -> bool:
    return any(
        c.transport_family == "ipv4" and inv.wan_for(router, c) is wan  # type: ignore[arg-type]
        for c in inv.router_clouds(router)  # type: ignore[arg-type]
    )


def _families(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    first: dict[str, tuple[str, str]] = {}
    for c, cloud in enumerate(inv.clouds):
        if cloud.transport is None:
            continue
        name, family = first.setdefault(cloud.transport, (cloud.name, cloud.transport_family))
        if family != cloud.transport_family:
            yield loc.problem(
                ("clouds", c, "transport_family"),
                f"clouds '{name}' and '{cloud.name}' use ISP '{cloud.transport}' over "
                f"{family} and {cloud.transport_family}",
                "run the clouds of one ISP over one address family, so every router of both "
                "reaches the other's hubs the same way",
                severity="warning",
            )
