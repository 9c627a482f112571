"""IPv6 transport: the WAN, default route, access list and IKE lines of clouds whose Internet
transport is IPv6 (``transport_family: ipv6``).

What is rendered and why (docs/designs.md, "IPv6 transport"; Cisco "Implementing DMVPN for
IPv6", IPv6 configuration guide IOS 15.2M&T: from 15.2(1)T "the IPv6 transport for DMVPN
feature builds IPv6 WAN-side capability into NHRP tunnels and the underlying IPsec encryption";
the IOS-XE native models ``Cisco-IOS-XE-tunnel.yang``, ``Cisco-IOS-XE-nhrp.yang`` and
``Cisco-IOS-XE-crypto.yang`` of 17.12.1 for the exact command paths):

- ``tunnel mode gre multipoint ipv6`` (``gre ipv6`` on a phase 1 spoke's point-to-point tunnel),
  sourced from the WAN, whose ``ipv6 address`` is the NBMA address NHRP registers: ``ip nhrp nhs
  <hub> nbma <IPv6> multicast`` / ``ipv6 nhrp nhs <hub> nbma <IPv6> multicast`` on spokes, ``ip
  nhrp map`` / ``ipv6 nhrp map`` with IPv6 NBMA addresses between hubs (the NHRP model has an IPv6
  NBMA beside the IPv4 one for both protocols);
- IKEv2 between IPv6 peers: a keyring peer ``address ::/0`` (or one per peer with ``address
  <IPv6>/128`` under per-peer keys) and ``match identity remote address ::/0`` in the profile;
- on the WAN: ``ipv6 address``, ``ipv6 traffic-filter WAN-IN-V6 in`` (IKE and ESP, neighbour
  discovery and the ICMPv6 errors path MTU discovery needs, nothing else), strict-enough uRPF
  (``ipv6 verify unicast source reachable-via rx allow-default``), no redirects or unreachables,
  no router advertisements toward the ISP (``ipv6 nd ra suppress all`` on IOS-XE, the plain
  form on IOS 15);
- ``ipv6 route ::/0 <gateway>`` (link-local gateways name the interface), in the WAN's
  front-door VRF when it has one, whose definition then gets ``address-family ipv6``;
- with that IPv6 default route in the global table, the IPv6 overlay is pinned to Null0 at
  distance 254 as the IPv4 one is (``ipv6 route <prefix> Null0 254 name OVERLAY-FAIL-CLOSED``):
  when the tunnel routes go, IPv6 site traffic is dropped instead of leaving unencrypted.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from ipaddress import IPv6Network, collapse_addresses
from typing import TYPE_CHECKING, Any

from dmvpngen.model import Inventory, Router
from dmvpngen.model.ipv6 import LINK_LOCAL
from dmvpngen.model.wan import Wan

if TYPE_CHECKING:
    from dmvpngen.render.context import NetworkContext

__all__ = [
    "WAN_ACL_V6",
    "V6WanContext",
    "device_v6wan",
    "overlay_pins_v6",
    "wan_fields",
    "wan_ipv6",
]

WAN_ACL_V6 = "WAN-IN-V6"
# the widest block the IPv6 pins grow into (a regional registry's largest allocations are /12)
_WIDEST_BLOCK = 16


def _upper(value: object) -> str:
    return str(value).upper()


def wan_ipv6(wan: Wan) -> str | None:
    """The WAN's ``ipv6 address`` value (``<address>/<len>``, as IOS prints it), or None."""
    return _upper(wan.ipv6_address) if wan.ipv6_address is not None else None


@dataclass(frozen=True)
class V6WanContext:
    """Global IPv6 values of a router with an IPv6 WAN address."""

    # (vrf, route target): 'ipv6 route [vrf V] ::/0 <target>'
    default_routes: list[tuple[str | None, str]]
    # front-door VRFs holding an IPv6 WAN: their definition gets 'address-family ipv6'
    vrfs: list[str]
    ssh_acl: list[str]
    # the router terminates IKE/ESP over IPv6 (a cloud with an IPv6 transport)
    transport: bool
    # IKEv2: the shared-key keyring gets an IPv6 wildcard peer, the profile an IPv6 match
    crypto_keys: list[str]
    # profiles whose clouds on this router all run over IPv6: no IPv4 wildcard peer or match
    v6_only_keys: list[str]
    # IPv6 overlay prefixes pinned to Null0 at distance 254 (fail closed)
    discards: list[str]


def _default_route(wan: Wan) -> tuple[str | None, str] | None:
    gateway = wan.ipv6_gateway
    if gateway is None:
        return None
    if gateway in LINK_LOCAL:
        # a link-local next hop is ambiguous without its interface (IOS refuses it alone)
        return wan.vrf, f"{wan.source_interface} {_upper(gateway)}"
    return wan.vrf, _upper(gateway)


def device_v6wan(net: NetworkContext, router: Router) -> V6WanContext | None:
    """The router's IPv6 WAN lines, or None when no WAN of it has an IPv6 address."""
    inv = net.inv
    wans = [w for w in router.wans if w.ipv6_address is not None]
    if not wans:
        return None
    routes = [r for r in (_default_route(w) for w in wans) if r is not None]
    clouds = [c for c in inv.router_clouds(router) if c.transport_family == "ipv6"]
    global_default = any(vrf is None for vrf, _ in routes)
    dual = any(c.ipv6_subnet is not None for c in inv.router_clouds(router))
    pin = global_default and dual and inv.overlay_vrf is None
    return V6WanContext(
        default_routes=routes,
        vrfs=sorted({w.vrf for w in wans if w.vrf is not None}),
        ssh_acl=[_upper(n) for n in sorted(set(inv.management.ssh_allowed_v6))],
        transport=bool(clouds),
        crypto_keys=sorted({c.crypto for c in clouds}),
        v6_only_keys=sorted(
            {c.crypto for c in clouds}
            - {c.crypto for c in inv.router_clouds(router) if c.transport_family == "ipv4"}
        ),
        discards=[_upper(n) for n in net.overlay_pins_v6] if pin else [],
    )


def overlay_pins_v6(inv: Inventory) -> list[IPv6Network]:
    """What a router with an IPv6 default route toward the WAN pins to Null0: the IPv6 overlay
    (clouds, summaries, site LANs, loopbacks), each prefix widened as far as it holds no IPv6
    underlay address (a WAN address or gateway of any router: pinning that would cut the NBMA
    addresses off) and stays inside the block the whole overlay shares, collapsed.

    Addresses are tested by bisection over sorted integers, as the IPv4 pins are."""
    overlay: list[IPv6Network] = []
    for cloud in inv.clouds:
        if cloud.ipv6_subnet is not None:
            overlay += [cloud.ipv6_subnet, *cloud.ipv6_summary]
    for router in (*inv.hubs, *inv.spokes):
        overlay += [lan.ipv6_prefix for lan in router.lan if lan.ipv6_prefix is not None]
        if router.loopback_ipv6 is not None:
            overlay.append(IPv6Network(router.loopback_ipv6))
    underlay = sorted(
        {
            int(a)
            for r in (*inv.hubs, *inv.spokes)
            for w in r.wans
            for a in (w.ipv6_address.ip if w.ipv6_address else None, w.ipv6_gateway)
            if a is not None
        }
    )

    def clear(first: int, last: int) -> bool:  # holds no underlay address
        at = bisect_left(underlay, first)
        return at == len(underlay) or underlay[at] > last

    if not overlay:
        return []
    # As the IPv4 pins take the RFC 1918 block holding the overlay, each prefix grows to the
    # widest supernet that stays inside the block the whole overlay shares (the network's own
    # address block) and holds no underlay address: a line per site would be a line per spoke
    # on every router. A block wider than /16 is no one network's: then no growing.
    block = _common_supernet(overlay)
    floor = block.prefixlen if block.prefixlen >= _WIDEST_BLOCK else 128
    pinned: list[IPv6Network] = []
    covered = (-1, -1)  # the last pinned block: prefixes inside it need no work (sorted order)
    for net in sorted(set(overlay)):
        first, length = int(net.network_address), net.prefixlen
        if covered[0] <= first <= covered[1]:
            continue
        if not clear(first, int(net.broadcast_address)):
            continue
        while length > floor:
            span = 128 - (length - 1)
            wider = first >> span << span
            if not clear(wider, wider | ((1 << span) - 1)):
                break
            first, length = wider, length - 1
        pinned.append(IPv6Network((first, length)))
        covered = (first, first | ((1 << (128 - length)) - 1))
    return sorted(collapse_addresses(pinned))


def _common_supernet(nets: list[IPv6Network]) -> IPv6Network:
    """The longest prefix holding every one of ``nets``."""
    low = min(int(n.network_address) for n in nets)
    high = max(int(n.broadcast_address) for n in nets)
    length = 128 - (low ^ high).bit_length()
    return IPv6Network((low >> (128 - length) << (128 - length), length))


def wan_fields(wan: Wan) -> dict[str, Any]:
    """The IPv6 keys of one WAN's interface context."""
    return {"ipv6": wan_ipv6(wan)}
