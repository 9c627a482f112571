"""Underlay and policy values of one router: WANs, front-door VRFs, default routes, NAT,
dual-cloud preference and spoke isolation (dmvpn-reference §5, §6).

Everything here is computed for the templates, which only format it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network, collapse_addresses
from typing import TYPE_CHECKING, Any

from dmvpngen.model import BgpRouting, Cloud, Hub, Inventory, Router, Spoke
from dmvpngen.render.ipv6_transport import wan_fields

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = [
    "BACKUP_LOCAL_PREFERENCE",
    "BACKUP_ROUTE_MAP",
    "bgp_backup",
    "crypto_fvrf",
    "is_ethernet",
    "isolation_entries",
    "overlay_discards",
    "overlay_pins",
    "preference_knobs",
    "static_routes",
    "wan_contexts",
]

# EIGRP delay is in tens of microseconds; a tunnel's default (50000 = 500 ms) is replaced on every
# tunnel so the primary cloud always wins and the backup stays a feasible successor.
EIGRP_DELAY = {False: 1000, True: 2000}
# OSPF cost: reference bandwidth 100 Mbit/s over the tunnels' 1 Mbit/s default gives 100.
OSPF_COST = {False: 100, True: 200}
BACKUP_ROUTE_MAP = "CLOUD-BACKUP-IN"
BACKUP_LOCAL_PREFERENCE = 50  # below the default 100: routes via a backup cloud lose

# RFC 1918 blocks: an enterprise overlay is pinned by the block that holds it
_PRIVATE = tuple(IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def wan_contexts(net: NetworkContext, router: Router) -> list[dict[str, Any]]:
    """Every WAN of ``router`` as the interface templates need it (primary first)."""
    kind, index = net.router_paths[router.name]
    out = []
    for j, wan in enumerate(router.wans):
        field = ("wan",) if j == 0 else ("extra_wans", j - 1)
        pppoe: dict[str, Any] | None = None
        if wan.pppoe is not None:
            pppoe = {
                "dialer": wan.pppoe.dialer,
                "dial_pool": wan.pppoe.dial_pool,
                "username": wan.pppoe.username,
                "password": net.secrets.get((kind, index, *field, "pppoe", "password")),
                "authentication": wan.pppoe.authentication,
                "mtu": wan.underlay_mtu,
            }
        nat = wan.nat_kind
        description = wan.description
        if nat is not None:
            public = f" {wan.public_address}" if wan.public_address is not None else ""
            how = "PAT" if nat == "pat" else "static NAT"
            description = f"{description} (behind {how}{public})"
        out.append(
            {
                "interface": wan.interface,
                "ethernet": is_ethernet(wan.interface),
                "description": description,
                "dhcp": wan.dhcp,
                "address": (str(wan.address.ip), str(wan.address.netmask))
                if wan.address is not None
                else None,
                "vrf": wan.vrf,
                "pppoe": pppoe,
                "source": wan.source_interface,
                **wan_fields(wan),
            }
        )
    return out


def static_routes(router: Router) -> list[tuple[str | None, str]]:
    """Default routes ``(vrf, next hop)``: one per WAN (per front-door VRF), none for DHCP.

    A DHCP lease installs its own default route (in the WAN's VRF); PPPoE points at the dialer.
    """
    routes: list[tuple[str | None, str]] = []
    for wan in router.wans:
        if wan.gateway is not None:
            routes.append((wan.vrf, str(wan.gateway)))
        elif wan.pppoe is not None:
            routes.append((wan.vrf, wan.source_interface))
    return routes


def overlay_discards(
    inv: Inventory, router: Router, pins: list[IPv4Network] | None = None
) -> list[IPv4Network]:
    """Overlay prefixes a router pins to Null0 at distance 254, so site traffic never falls back
    to the WAN default route.

    A router whose WAN shares the global table with the overlay reaches the other sites through
    routes learned over the tunnels. When they go (a hub down, a tunnel or an adjacency lost, a
    spoke's specifics withdrawn) the longest match for a site becomes the WAN default route and
    site traffic leaves unencrypted toward the ISP. A floating static to Null0 (every routing
    protocol's distance is below 254, so a learned route for the same prefix replaces it, and a
    more specific one wins anyway) drops it instead. The prefixes are :func:`overlay_pins`
    (``pins``: computed by the caller once per network).
    Not needed with a front-door VRF or an inside VRF: the default route is in another table.
    """
    if inv.overlay_vrf is not None or any(w.vrf is not None for w in router.wans):
        return []
    return overlay_pins(inv) if pins is None else pins


def overlay_pins(inv: Inventory) -> list[IPv4Network]:
    """The prefixes :func:`overlay_discards` pins, the same for every router of ``inv``: the
    private blocks (RFC 1918) holding the overlay (clouds, summaries, site LANs, loopbacks), or
    an overlay prefix itself when it is public or its block holds an underlay address (a WAN,
    gateway or post-NAT address of any router, or a service reached outside the overlay such as
    a CA or NTP server, which must keep following the default route).

    Addresses are tested against each prefix by bisection over their sorted integers: a network
    has as many prefixes as addresses (a LAN and a WAN per site), and testing every pair made
    rendering 2,000 spokes take hours.
    """
    from dmvpngen.validate.bootstrap import overlay_networks

    overlay = overlay_networks(inv)
    overlay_holds = _holds(overlay)
    underlay = sorted(
        {
            int(a)
            for r in (*inv.hubs, *inv.spokes)
            for w in r.wans
            for a in (w.address.ip if w.address else None, w.gateway, w.public_address)
            if a is not None
        }
        | {int(a) for a in _service_addresses(inv) if not overlay_holds(a)}
    )
    pinned: list[IPv4Network] = []
    for net in overlay:
        block = next((b for b in _PRIVATE if net.subnet_of(b)), net)
        for candidate in (block, net):
            first, last = int(candidate.network_address), int(candidate.broadcast_address)
            at = bisect_left(underlay, first)
            if at == len(underlay) or underlay[at] > last:  # no underlay address inside
                pinned.append(candidate)
                break
    return sorted(collapse_addresses(pinned))


def _holds(nets: list[IPv4Network]) -> Callable[[IPv4Address], bool]:
    """A test of whether an address lies in any of ``nets``."""
    ranges = sorted((int(n.network_address), int(n.broadcast_address)) for n in nets)
    starts = [first for first, _ in ranges]
    # the furthest end of any range starting at or before each position: one bisection decides
    reach: list[int] = []
    for _, last in ranges:
        reach.append(max(last, reach[-1]) if reach else last)

    def test(address: IPv4Address) -> bool:
        at = bisect_right(starts, int(address)) - 1
        return at >= 0 and reach[at] >= int(address)

    return test


def _service_addresses(inv: Inventory) -> set[IPv4Address]:
    """Every IPv4 NTP, syslog, SNMP, NetFlow and CA address the inventory names (the IPv4
    pins' business; IPv6 services lie inside an IPv6-only overlay)."""
    from dmvpngen.validate.bootstrap import ca_address

    mgmt, mon = inv.management, inv.monitoring
    out = {a for a in (*mgmt.ntp_servers, *mgmt.syslog_hosts) if isinstance(a, IPv4Address)}
    if mon.snmp is not None:
        snmp = (*mon.snmp.managers, *mon.snmp.trap_hosts)
        out |= {a for a in snmp if isinstance(a, IPv4Address)}
    if mon.netflow is not None:
        out |= set(mon.netflow.collectors)
    for profile in inv.crypto_profiles.values():
        ca = ca_address(profile.pki.url) if profile.pki is not None else None
        if ca is not None:
            out.add(ca[0])
    return out


def crypto_fvrf(inv: Inventory, router: Router, clouds: list[Cloud]) -> dict[str, str]:
    """Crypto profile -> the ``match fvrf`` value of its IKEv2 policy and profile.

    One front-door VRF gives its name; several (one per ISP) give ``any``; none gives no entry,
    so the IKEv2 objects keep matching the global table.
    """
    vrfs: dict[str, set[str]] = {}
    for cloud in clouds:
        vrf = inv.wan_for(router, cloud).vrf
        if vrf is not None:
            vrfs.setdefault(cloud.crypto, set()).add(vrf)
    return {key: names.pop() if len(names) == 1 else "any" for key, names in vrfs.items()}


def preference_knobs(inv: Inventory, cloud: Cloud) -> tuple[int, int]:
    """``(EIGRP delay, OSPF cost)`` of tunnels in ``cloud`` when the network prefers clouds."""
    return EIGRP_DELAY[cloud.backup], OSPF_COST[cloud.backup]


def bgp_backup(net: NetworkContext, router: Router, clouds: list[Cloud]) -> dict[str, Any] | None:
    """Lower local-preference for routes learned over backup clouds (BGP only).

    Spokes set it inbound on their neighbours in backup clouds; a hub whose clouds are all
    backup sets it on its spoke peer-group, so both directions prefer the primary cloud.
    """
    inv = net.inv
    if not isinstance(inv.routing, BgpRouting) or not net.preference:
        return None
    served = [c for c in clouds if inv.serves(router, c)]
    neighbors = sorted(
        {
            p.tunnel_ip
            for c in clouds
            if c.backup and c not in served
            for p in net.hub_peers[c.name]
            if p.tunnel_ip is not None
        },
        key=lambda ip: tuple(int(x) for x in ip.split(".")),
    )
    peer_group = bool(served) and all(c.backup for c in served)
    if not neighbors and not peer_group:
        return None
    return {
        "route_map": BACKUP_ROUTE_MAP,
        "local_preference": BACKUP_LOCAL_PREFERENCE,
        "neighbors": neighbors,
        "peer_group": peer_group,
    }


def _wild(net: IPv4Network) -> str:
    if net.prefixlen == 32:
        return f"host {net.network_address}"
    return f"{net.network_address} {net.hostmask}"


def isolation_entries(net: NetworkContext, router: Router) -> list[tuple[str, str]]:
    """``deny ip SRC DST`` pairs blocking hub-only spokes' sites from every other spoke's sites.

    A site is a spoke's LANs and its Loopback0 (the router itself: without it a partner LAN
    still reaches every branch router's loopback through the hub).

    A hub-only spoke gets the pairs of its own LANs; a hub gets those of every hub-only spoke of
    the clouds it serves. "Other spokes" are all spokes of the network, not only those of the
    same cloud: in a hierarchy, spokes of other regions reach a region through its hub's uplink.
    Entries are IOS-formatted ``(src, dst)`` in both directions, sorted and unique; the template
    adds the final permit.
    """
    inv = net.inv
    isolated: list[Spoke] = []
    if isinstance(router, Spoke):
        if router.hub_only:
            isolated = [router]
    elif isinstance(router, Hub):
        seen: set[str] = set()
        for cloud in inv.router_clouds(router):
            if not inv.serves(router, cloud):
                continue
            for spoke in inv.cloud_spokes(cloud):
                if spoke.hub_only and spoke.name not in seen:
                    seen.add(spoke.name)
                    isolated.append(spoke)
    if not isolated:
        return []
    pairs: set[tuple[IPv4Network, IPv4Network]] = set()
    for spoke in isolated:
        own = [prefix for name, prefix in net.spoke_sites if name == spoke.name]
        others = {prefix for name, prefix in net.spoke_sites if name != spoke.name}
        for mine in own:
            for other in others:
                pairs.add((mine, other))
                pairs.add((other, mine))
    ordered = sorted(
        pairs, key=lambda p: (p[0].network_address, p[0].prefixlen, p[1].network_address)
    )
    return [(_wild(src), _wild(dst)) for src, dst in ordered]


def is_ethernet(interface: str) -> bool:
    """Ethernet ports carry MOP on older releases: they get ``no mop enabled``."""
    return "ethernet" in interface.lower() and "." not in interface
