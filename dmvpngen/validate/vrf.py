"""The inside VRF (overlay_vrf): what can and cannot be rendered inside it.

dmvpn-reference §5: ``vrf forwarding <I>`` on the tunnels and LANs, routing under the VRF's
address family. Loopback0 and the management plane move into the VRF with them, so every
management host must be reachable inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network

from dmvpngen.errors import Problem
from dmvpngen.model import BgpRouting, Inventory, Platform
from dmvpngen.model.loader import Locator
from dmvpngen.validate.addressing import wan_path

__all__ = ["check"]

PathT = tuple[str | int, ...]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Inside-VRF problems (none when the inventory has no overlay_vrf)."""
    ivrf = inv.overlay_vrf
    if ivrf is None:
        return
    yield from _front_door_clash(inv, loc, ivrf.name)
    if isinstance(inv.routing, BgpRouting):
        yield from _bgp_in_vrf(inv, loc, ivrf.name, ivrf.rd)
    yield from _management_hosts(inv, loc, ivrf.name)
    if inv.monitoring.source_interface is not None:
        yield from _source_interface(inv, loc, ivrf.name, inv.monitoring.source_interface)


# Why hubs take their spokes as one neighbour each inside the VRF (docs/designs.md, "BGP in an
# inside VRF"). Cisco's IOS-XE native YANG model (Cisco-IOS-XE-bgp.yang) takes 'bgp listen range'
# only at the top of 'router bgp'; under 'address-family ipv4 vrf' it has just 'bgp listen limit'
# and 'bgp listen block' (17.2.1 on), and the IOS-XE BGP Dynamic Neighbors guide extends dynamic
# neighbours to VRFs for IPv6 only (16.3). The IOS 15 guides state no VRF support at all.
_LISTEN_VRF_REASON = {
    Platform.IOS: "Cisco's IOS 15 BGP Dynamic Neighbors guides state no VRF support for it",
    Platform.IOSXE: "Cisco's IOS-XE model takes it only at the top of 'router bgp', not under "
    "'address-family ipv4 vrf', and its guides extend dynamic neighbours to VRFs for IPv6 only",
}


def _bgp_in_vrf(inv: Inventory, loc: Locator, name: str, rd: str | None) -> Iterator[Problem]:
    """BGP runs in the VRF's address family with one neighbour per spoke: refuse a listen range
    there (per hub platform, with the reason) and a VRF without a route distinguisher."""
    routing = inv.routing
    assert isinstance(routing, BgpRouting)
    if routing.listens(inside_vrf=True):
        platforms = sorted({inv.platform_of(h) for h in inv.hubs}, key=lambda p: p.value)
        reasons = "; ".join(f"{p.value}: {_LISTEN_VRF_REASON[p]}" for p in platforms)
        yield loc.problem(
            ("routing", "spoke_neighbors"),
            f"hubs cannot accept spokes with 'bgp listen range' inside the inside VRF "
            f"'{name}' ({reasons})",
            "drop 'spoke_neighbors' (or set it to 'static'): hubs then peer with each spoke's "
            "tunnel address inside the VRF (docs/designs.md, 'BGP in an inside VRF')",
        )
    if rd is None:
        # IOS and IOS-XE take 'address-family ipv4 vrf V' under 'router bgp' only when V has an
        # rd: the IOS-XE model's 'must' on the VRF name ("To delete vrf/rd,
        # bgp/address-family/vrf needs to be deleted 1st"), MPLS or not.
        yield loc.problem(
            ("overlay_vrf",),
            f"BGP in the inside VRF '{name}' needs a route distinguisher: 'router bgp' takes "
            "'address-family ipv4 vrf' only for a VRF with an 'rd'",
            'add rd: "65000:10" (quoted) to overlay_vrf; any value unique on the router',
        )


def _front_door_clash(inv: Inventory, loc: Locator, name: str) -> Iterator[Problem]:
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            for j, wan in enumerate(router.wans):
                if wan.vrf == name:
                    yield loc.problem(
                        (*wan_path(kind, i, j), "vrf"),
                        f"front-door VRF '{name}' of '{router.name}' is also the inside VRF: "
                        "the tunnels would route through themselves",
                        "give the WAN (front-door) VRF and overlay_vrf.name different names",
                    )


def _overlay_networks(inv: Inventory) -> list[IPv4Network]:
    nets = [c.subnet for c in inv.clouds if c.subnet is not None]
    for router in (*inv.hubs, *inv.spokes):
        nets += [lan.prefix for lan in router.lan if lan.prefix is not None]
        if router.loopback is not None:
            nets.append(IPv4Network(router.loopback))
    return nets


def _management_hosts(inv: Inventory, loc: Locator, name: str) -> Iterator[Problem]:
    """Every syslog, NTP, SNMP and NetFlow host must lie in the VRF's sites or overlay: the
    routers source that traffic from Loopback0 inside the VRF and reach nothing else there."""
    mon = inv.monitoring
    hosts: list[tuple[PathT, IPv4Address, str]] = []
    mgmt = inv.management
    # IPv6 service addresses belong to IPv6-only overlays, which refuse an inside VRF
    hosts += [
        (("management", "ntp_servers", i), h, "NTP server")
        for i, h in enumerate(mgmt.ntp_servers)
        if isinstance(h, IPv4Address)
    ]
    hosts += [
        (("management", "syslog_hosts", i), h, "syslog host")
        for i, h in enumerate(mgmt.syslog_hosts)
        if isinstance(h, IPv4Address)
    ]
    if mon.snmp is not None:
        hosts += [
            (("monitoring", "snmp", "trap_hosts", i), h, "SNMP trap host")
            for i, h in enumerate(mon.snmp.trap_hosts)
            if isinstance(h, IPv4Address)
        ]
        hosts += [
            (("monitoring", "snmp", "managers", i), h, "SNMP manager")
            for i, h in enumerate(mon.snmp.managers)
            if isinstance(h, IPv4Address)
        ]
    if mon.netflow is not None:
        hosts += [
            (("monitoring", "netflow", "collectors", i), h, "NetFlow collector")
            for i, h in enumerate(mon.netflow.collectors)
        ]
    nets = _overlay_networks(inv)
    for path, host, what in hosts:
        if not any(host in n for n in nets):
            yield loc.problem(
                path,
                f"{what} {host} is outside the inside VRF '{name}' (no site LAN, loopback or "
                "cloud subnet holds it): management traffic leaves inside the VRF",
                "put the server on a site LAN (e.g. behind a hub), or drop overlay_vrf",
            )


def _source_interface(inv: Inventory, loc: Locator, name: str, source: str) -> Iterator[Problem]:
    for router in (*inv.hubs, *inv.spokes):
        wan_names = {w.interface for w in router.wans} | {w.source_interface for w in router.wans}
        if source in wan_names:
            yield loc.problem(
                ("monitoring", "source_interface"),
                f"{source} is a WAN interface of '{router.name}', outside the inside VRF "
                f"'{name}' where the management hosts are reached",
                "use Loopback0 (the default) or a LAN interface",
            )
            return
