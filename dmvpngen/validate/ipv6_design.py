"""IPv6 designs: refuse dual-stack combinations dmvpngen does not render, or that cannot work.

- routing for IPv6 is rendered for EIGRP named mode (``address-family ipv6``), OSPF (OSPFv3
  next to OSPFv2) and BGP (IPv6 sessions, ``address-family ipv6``); EIGRP classic mode
  (``ipv6 router eigrp``, a second process) is not, and BGP hubs must run IOS-XE (the IPv6
  ``bgp listen range`` is documented from IOS-XE 16.3.1, not for IOS 15);
- OSPFv3 authenticates with a key chain (the RFC 7166 trailer, ``ospfv3 authentication
  key-chain``): it has no MD5 message-digest key, so OSPF MD5 cannot cover IPv6;
- the phase rules of IPv4 hold for IPv6: no IPv6 summary on a phase 2 hub, and OSPF cannot
  summarise inside the area; EIGRP hubs that summarise IPv6 need an IPv6 hub interconnect,
  since an IPv6 summary cannot leak the other hubs' sites;
- an inside VRF and hub-only spokes are refused: the VRF would need an IPv6 address family and
  the isolation ACLs are IPv4 only, so IPv6 between isolated spokes would pass unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import BgpRouting, EigrpRouting, Inventory, OspfRouting, Platform
from dmvpngen.model.loader import Locator

__all__ = ["check"]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Design problems of a dual-stack overlay (none without an ``ipv6_subnet``)."""
    dual = [(i, c) for i, c in enumerate(inv.clouds) if c.ipv6_subnet is not None]
    if not dual:
        if inv.management.ssh_allowed_v6:
            yield loc.problem(
                ("management", "ssh_allowed_v6"),
                "no cloud carries IPv6: the IPv6 vty access list is not rendered",
                "give a cloud an ipv6_subnet, or drop ssh_allowed_v6",
                severity="warning",
            )
        return
    first = ("clouds", dual[0][0], "ipv6_subnet")
    yield from _routing(inv, loc, first)
    if inv.overlay_vrf is not None:
        yield loc.problem(
            first,
            f"IPv6 inside the inside VRF '{inv.overlay_vrf.name}' is not supported (the VRF "
            "would need an IPv6 address family and the routing VRF IPv6 instances)",
            "drop overlay_vrf or the clouds' ipv6_subnet; a front-door VRF on the WAN is fine",
        )
    for i, cloud in dual:
        where = ("clouds", i)
        if cloud.phase == 2 and cloud.ipv6_summary:
            yield loc.problem(
                (*where, "ipv6_summary"),
                f"phase 2 cloud '{cloud.name}' summarises IPv6 on the hub",
                "phase 2 needs the far spoke as next hop: drop 'ipv6_summary' or use phase 3",
            )
        if isinstance(inv.routing, OspfRouting) and cloud.ipv6_summary:
            yield loc.problem(
                (*where, "ipv6_summary"),
                "OSPFv3 cannot summarise inside an area on the hub tunnel",
                "summarise at an area border router instead and drop 'ipv6_summary'",
            )
        for j, spoke in enumerate(inv.spokes):
            if spoke.hub_only and spoke in inv.cloud_spokes(cloud):
                yield loc.problem(
                    ("spokes", j, "hub_only"),
                    f"hub-only spoke '{spoke.name}' is in dual-stack cloud '{cloud.name}': "
                    "the isolation access lists are IPv4 only, IPv6 to other spokes would pass",
                    "keep hub-only spokes in IPv4-only clouds",
                )


def _routing(inv: Inventory, loc: Locator, first: tuple[str, int, str]) -> Iterator[Problem]:
    routing = inv.routing
    if isinstance(routing, BgpRouting):
        yield from _bgp_hubs(inv, loc)
    elif isinstance(routing, EigrpRouting) and routing.mode == "named":
        yield from _eigrp_summarising_hubs(inv, loc)
    elif isinstance(routing, EigrpRouting) and routing.mode == "classic":
        yield loc.problem(
            ("routing", "mode"),
            "IPv6 needs EIGRP named mode: dmvpngen renders EIGRP for IPv6 as "
            "'address-family ipv6' of the named instance",
            "set routing.mode: named",
        )
    elif (
        isinstance(routing, OspfRouting)
        and routing.authentication is not None
        and routing.authentication.algorithm == "md5"
    ):
        yield loc.problem(
            ("routing", "authentication", "algorithm"),
            "OSPFv3 has no MD5 message-digest key: the IPv6 adjacencies would run unauthenticated",
            "use algorithm: hmac-sha-256 (one key chain for OSPFv2 and OSPFv3)",
        )


def _bgp_hubs(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Hubs of dual-stack BGP clouds accept IPv6 spokes with an IPv6 'bgp listen range':
    documented for IOS-XE (16.3.1 on), not for IOS 15."""
    for i, hub in enumerate(inv.hubs):
        if inv.platform_of(hub) is Platform.IOSXE:
            continue
        served = [c.name for c in inv.clouds if c.ipv6_subnet is not None and inv.serves(hub, c)]
        if served:
            yield loc.problem(
                ("hubs", i, "platform"),
                f"hub '{hub.name}' runs IOS 15 and serves dual-stack BGP cloud(s) "
                f"{', '.join(served)}: IOS 15 documents no IPv6 'bgp listen range' (IOS-XE "
                "takes one from 16.3.1)",
                "make the hub platform: iosxe (16.3 or later), or use EIGRP named / OSPF",
            )


def _eigrp_summarising_hubs(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """An EIGRP IPv6 summary installs a discard route on its hub; IPv4 leaks the other hubs'
    sites through it with a leak-map, IPv6 cannot (no leak-map on an IPv6 'summary-address',
    IOS-XE 17.12 EIGRP model): hubs then need an interconnect carrying IPv6 to learn them."""
    if len(inv.hubs) < 2:
        return
    for i, hub in enumerate(inv.hubs):
        summarising = [c.name for c in inv.clouds if c.ipv6_summary and inv.serves(hub, c)]
        peering = any(lan.hub_peering and lan.ipv6_address for lan in hub.lan)
        if summarising and not peering:
            yield loc.problem(
                ("hubs", i, "lan"),
                f"hub '{hub.name}' sends IPv6 summaries ({', '.join(summarising)}) but has no "
                "hub interconnect with IPv6: its summary's discard route would swallow the "
                "other hubs' IPv6 sites (an IPv6 EIGRP summary takes no leak-map)",
                "add a LAN with hub_peering: true and an ipv6_address shared with the other "
                "hubs, or drop ipv6_summary",
            )
