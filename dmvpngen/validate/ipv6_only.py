"""IPv6-only overlays: clouds with an ``ipv6_subnet`` and no IPv4 ``subnet``.

Such a network carries no IPv4 between its sites: tunnels, LANs and loopbacks are IPv6 only and
the routing protocols run their IPv6 address family alone. What the inventory names over IPv4
then has no path, so it is refused here rather than rendered unreachable:

- an IPv4-only or dual-stack cloud beside an IPv6-only one (every tunnel of a router would need
  its own rules per family; run the IPv6-only clouds dual stack, or all of them IPv6-only);
- IPv4 on LANs, loopbacks, tunnel addresses, summaries and uplink summaries: nothing routes it;
- IPv4 service addresses (syslog, SNMP, NetFlow) and IPv4 management prefixes: the routers
  could reach them only across the Internet, unencrypted (the WAN access list would have to
  open for them); NTP servers, syslog hosts and SNMP managers and trap hosts are given by IPv6
  address instead, inside the overlay's prefixes (an IPv6 address outside them is refused for
  the same reason). An IPv4 NTP
  server is the one exception: authenticated NTP over the WAN is how every design keeps the
  clock (and certificates) working without the tunnel, so routers with an IPv4 WAN reach it
  there; one without an IPv4 WAN (an IPv6-only ISP) is named;
- features dmvpngen renders for IPv4 only: PIM multicast, per-tunnel QoS (``ip nhrp group``),
  BFD (the IPv6 address families carry no ``bfd``), NetFlow monitors on the tunnels;
- a router without ``router_id``: EIGRP, OSPFv3 and BGP take their 32-bit router id from an IPv4
  address and do not start without one: "The router ID needs to be configured for an EIGRPv6
  protocol instance before it can run" (Cisco document 113267, "EIGRP IPv6 Configuration
  Example"); OSPFv3 "uses the 32-bit IPv4 address to select the router ID" (Cisco IPv6 Command
  Reference, ``router-id (IPv6)``) and logs ``%OSPFv3-4-NORTRID`` without one; "When configuring
  BGP on a router that is enabled only for IPv6 (the router does not have an IPv4 address), you
  must manually configure the BGP router ID" (Cisco IPv6 Implementation Guide, "Implementing
  Multiprotocol BGP for IPv6").
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv6Address, IPv6Network

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory, Router
from dmvpngen.model.loader import Locator

__all__ = ["check", "overlay_prefixes_v6"]

_DUAL = "or give every cloud an IPv4 'subnet' (dual stack)"


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Problems of an IPv6-only overlay, and IPv6-only LANs in a network that carries IPv4."""
    only = [(i, c) for i, c in enumerate(inv.clouds) if c.ipv6_only]
    if not only:
        yield from _lans_need_ipv4(inv, loc)
        yield from ipv6_services_need_ipv6_only(inv, loc)
        return
    if len(only) < len(inv.clouds):
        ipv4 = next(c for c in inv.clouds if not c.ipv6_only)
        for i, cloud in only:
            yield loc.problem(
                ("clouds", i),
                f"cloud '{cloud.name}' is IPv6-only (no 'subnet') but cloud '{ipv4.name}' "
                "carries IPv4: dmvpngen renders an overlay with IPv4 on every cloud or on none",
                f"give '{cloud.name}' a 'subnet' (dual stack), or drop 'subnet' from every cloud",
            )
        return
    for i, cloud in only:
        if cloud.summary:
            yield loc.problem(
                ("clouds", i, "summary"),
                f"IPv6-only cloud '{cloud.name}' has IPv4 summaries: nothing IPv4 crosses it",
                "summarise with 'ipv6_summary' instead",
            )
        if cloud.bfd is not None:
            yield loc.problem(
                ("clouds", i, "bfd"),
                f"BFD on IPv6-only cloud '{cloud.name}': dmvpngen renders BFD for the IPv4 "
                "routing sessions only, so nothing would use it",
                f"drop 'bfd' {_DUAL}",
            )
    yield from _routers(inv, loc)
    yield from _features(inv, loc)
    yield from _services(inv, loc)


def _lans_need_ipv4(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            for j, lan in enumerate(router.lan):
                if lan.address is None:
                    yield loc.problem(
                        (kind, i, "lan", j),
                        f"LAN {lan.interface} of '{router.name}' has no IPv4 'address', but the "
                        "overlay carries IPv4",
                        "give the LAN an 'address'; only an IPv6-only overlay (clouds without "
                        "'subnet') takes LANs with an 'ipv6_address' alone",
                    )


def _routers(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    ids: dict[str, str] = {}
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            at = (kind, i)
            yield from _router_fields(loc, at, router)
            if router.router_id is None:
                yield loc.problem(
                    at,
                    f"'{router.name}' has no router id source: in an IPv6-only overlay it has "
                    "no IPv4 address, and EIGRP, OSPFv3 and BGP do not start without a router id",
                    f"set router_id: a dotted 32-bit number unique in the network, e.g. "
                    f"0.0.0.{router.id % 256 or 1}",
                )
            elif str(router.router_id) in ids:
                yield loc.problem(
                    (*at, "router_id"),
                    f"router id {router.router_id} of '{router.name}' is already "
                    f"'{ids[str(router.router_id)]}''s: neighbours with one router id do not "
                    "form adjacencies (OSPFv3) or drop each other's routes (EIGRP, BGP)",
                    "give every router its own router_id",
                )
            else:
                ids[str(router.router_id)] = router.name
            if kind == "hubs" and getattr(router, "uplinks", None):
                yield loc.problem(
                    (*at, "uplinks"),
                    f"regional hub '{router.name}' in an IPv6-only overlay: hierarchical "
                    "DMVPN is rendered with IPv4 uplink summaries only",
                    f"drop 'uplinks' {_DUAL}",
                )


def _router_fields(loc: Locator, at: tuple[str, int], router: Router) -> Iterator[Problem]:
    if router.loopback is not None:
        yield loc.problem(
            (*at, "loopback"),
            f"IPv4 loopback {router.loopback} of '{router.name}' in an IPv6-only overlay: no "
            "router would have a route to it",
            "use 'loopback_ipv6' for the address and 'router_id' for the router id",
        )
    if router.tunnel_ips:
        yield loc.problem(
            (*at, "tunnel_ips"),
            f"IPv4 tunnel addresses of '{router.name}' in an IPv6-only overlay",
            "drop 'tunnel_ips' ('tunnel_ipv6s' sets IPv6 tunnel addresses)",
        )
    for j, lan in enumerate(router.lan):
        if lan.address is not None:
            yield loc.problem(
                (*at, "lan", j, "address"),
                f"LAN {lan.interface} of '{router.name}' has IPv4 {lan.address} in an "
                "IPv6-only overlay: no other site would have a route to it",
                f"drop the IPv4 'address' {_DUAL}",
            )
        if lan.ipv6_address is None:
            yield loc.problem(
                (*at, "lan", j),
                f"LAN {lan.interface} of '{router.name}' has no 'ipv6_address' in an "
                "IPv6-only overlay: it would carry nothing",
                "give the LAN an 'ipv6_address' (a /64), or drop the LAN",
            )


def _features(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    if inv.multicast is not None:
        yield loc.problem(
            ("multicast",),
            "multicast in an IPv6-only overlay: dmvpngen renders PIM for IPv4 only",
            f"drop 'multicast' {_DUAL}",
        )
    if inv.qos is not None:
        yield loc.problem(
            ("qos",),
            "per-tunnel QoS in an IPv6-only overlay: the NHRP groups that select the shapers "
            "('ip nhrp group', 'ip nhrp map group') belong to NHRP for IPv4, which these "
            "tunnels do not run",
            f"drop 'qos' {_DUAL}",
        )
    if inv.monitoring.netflow is not None:
        yield loc.problem(
            ("monitoring", "netflow"),
            "NetFlow in an IPv6-only overlay: dmvpngen renders IPv4 flow monitors ('ip flow "
            "monitor') and IPv4 collectors only",
            f"drop 'monitoring.netflow' {_DUAL}",
        )


_Services = list[tuple[tuple[str | int, ...], str, list[IPv4Address | IPv6Address]]]


def _service_addresses(inv: Inventory) -> _Services:
    """(field path, kind, addresses) of the services the routers reach: NTP, syslog, SNMP."""
    mgmt, snmp = inv.management, inv.monitoring.snmp
    services: _Services = [
        (("management", "ntp_servers"), "NTP server", list(mgmt.ntp_servers)),
        (("management", "syslog_hosts"), "syslog host", list(mgmt.syslog_hosts)),
    ]
    if snmp is not None:
        services += [
            (("monitoring", "snmp", "managers"), "SNMP manager", list(snmp.managers)),
            (("monitoring", "snmp", "trap_hosts"), "SNMP trap host", list(snmp.trap_hosts)),
        ]
    return services


def _services(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Service addresses the routers could not reach through an overlay that carries no IPv4:
    IPv4 ones, and IPv6 ones outside the overlay's prefixes."""
    names = [r.name for r in (*inv.hubs, *inv.spokes)]
    routers = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    mgmt = inv.management
    services = _service_addresses(inv)
    overlay = overlay_prefixes_v6(inv)
    # an IPv4 NTP server is reached over the Internet as in every design (authenticated, sourced
    # from the WAN, its replies admitted by WAN-IN): by routers with an IPv4 WAN only
    no_v4_wan = [
        r.name
        for r in (*inv.hubs, *inv.spokes)
        if not any(w.address is not None or w.dhcp or w.pppoe is not None for w in r.wans)
    ]
    for path, what, addresses in services:
        for k, address in enumerate(addresses):
            if isinstance(address, IPv4Address) and what == "NTP server":
                if no_v4_wan:
                    yield loc.problem(
                        (*path, k),
                        f"NTP server {address} is IPv4, reached over the Internet, but "
                        f"{', '.join(no_v4_wan[:3])}{' and more' if len(no_v4_wan) > 3 else ''} "
                        "(no IPv4 WAN) would reach it neither there nor through the IPv6-only "
                        "overlay",
                        "give the server's IPv6 address on a site LAN of the overlay",
                    )
            elif isinstance(address, IPv4Address):
                yield loc.problem(
                    (*path, k),
                    f"{what} {address} is IPv4, but {routers} reach no IPv4 through their "
                    "IPv6-only overlay (and would only reach it across the Internet, "
                    "unencrypted)",
                    "give the server's IPv6 address on a site LAN of the overlay",
                )
            elif not any(address in n for n in overlay):
                yield loc.problem(
                    (*path, k),
                    f"{what} {address} lies outside the overlay's IPv6 prefixes: {routers} "
                    "would reach it across the Internet unencrypted, or not at all",
                    "use a server on a site LAN or loopback of the overlay",
                )
    if mgmt.ssh_allowed:
        yield loc.problem(
            ("management", "ssh_allowed"),
            f"IPv4 management prefixes, but {routers} reach no IPv4 through their IPv6-only "
            "overlay: the NOC could reach the vty lines only across the Internet",
            "declare the NOC's IPv6 prefixes in 'ssh_allowed_v6' and drop 'ssh_allowed'",
        )
    if not mgmt.ssh_allowed_v6:
        yield loc.problem(
            ("management", "ssh_allowed_v6"),
            "no IPv6 management prefixes in an IPv6-only overlay: no vty (SSH) session could "
            "be admitted on any router",
            "declare the NOC's IPv6 prefixes, e.g. management: {ssh_allowed_v6: [2001:db8:1::/64]}",
        )


def overlay_prefixes_v6(inv: Inventory) -> list[IPv6Network]:
    """What the routers reach through an IPv6-only overlay: the clouds' prefixes and
    summaries, the site LANs and the IPv6 loopbacks."""
    nets = [c.ipv6_subnet for c in inv.clouds if c.ipv6_subnet is not None]
    nets += [n for c in inv.clouds for n in c.ipv6_summary]
    for router in (*inv.hubs, *inv.spokes):
        nets += [lan.ipv6_prefix for lan in router.lan if lan.ipv6_prefix is not None]
        if router.loopback_ipv6 is not None:
            nets.append(IPv6Network(router.loopback_ipv6))
    return nets


def ipv6_services_need_ipv6_only(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """IPv6 NTP, syslog and SNMP addresses are rendered for IPv6-only overlays only."""
    for path, what, addresses in _service_addresses(inv):
        for k, address in enumerate(addresses):
            if isinstance(address, IPv6Address):
                yield loc.problem(
                    (*path, k),
                    f"{what} {address} is IPv6, but the overlay carries IPv4: dmvpngen renders "
                    "IPv6 service addresses for IPv6-only overlays (inside their prefixes)",
                    "give the server's IPv4 address",
                )
