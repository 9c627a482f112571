"""IPv6 over the overlay: how each router's IPv6 tunnel and link-local addresses are derived.

A dual-stack cloud carries an IPv6 prefix next to its IPv4 subnet. A router's interface id is its
router id read as hexadecimal digits, so router 11 is ``<prefix>::11`` and ``FE80::11``: the
addresses read like the IPv4 host part and never move when another router is added or removed
(Cisco, "Implementing DMVPN for IPv6", IOS 15.2M&T IPv6 configuration guide: every DMVPN node
needs a link-local address unique in the cloud, since routing protocols use it as next hop and
NHRP resolves it; the guide configures it by hand with ``ipv6 address FE80::n link-local``).
"""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Interface, IPv6Network

from pydantic_core import PydanticCustomError

__all__ = [
    "LINK_LOCAL",
    "interface_id",
    "ipv6_host_address",
    "link_local_for",
    "require_link_local",
    "tunnel_ipv6_for",
]

LINK_LOCAL = IPv6Network("fe80::/10")
# The link-local addresses dmvpngen derives: FE80::<id as hex digits>, inside fe80::/64.
_LINK_LOCAL_BASE = int(IPv6Address("fe80::"))


def interface_id(router_id: int) -> int:
    """The router id's decimal digits read as hexadecimal: 11 -> 0x11, 1234 -> 0x1234."""
    return int(str(router_id), 16)


def tunnel_ipv6_for(prefix: IPv6Network, router_id: int) -> IPv6Address:
    """The derived IPv6 tunnel address of router ``router_id`` in ``prefix``.

    The result may lie outside a prefix too small for the id (validation reports it); the modulo
    keeps every other check working on an address instead of an exception.
    """
    return IPv6Address((int(prefix.network_address) + interface_id(router_id)) % 2**128)


def link_local_for(router_id: int) -> IPv6Address:
    """The derived link-local address of router ``router_id``: FE80::<id as hex digits>."""
    return IPv6Address(_LINK_LOCAL_BASE + interface_id(router_id))


def ipv6_host_address(value: IPv6Interface | None) -> IPv6Interface | None:
    """An IPv6 LAN address: a unicast global or unique-local address with a prefix length."""
    if value is None:
        return value
    if value.ip in LINK_LOCAL or value.ip.is_multicast or value.ip.is_unspecified:
        raise PydanticCustomError(
            "ipv6_interface_address",
            "{value}: not a unicast global or unique-local address",
            {"value": str(value)},
        )
    if value.network.prefixlen == 0:
        raise PydanticCustomError(
            "ipv6_interface_address",
            "{value}: a /0 is not an interface prefix",
            {"value": str(value)},
        )
    return value


def require_link_local(value: IPv6Address | None) -> IPv6Address | None:
    """A link-local address (fe80::/10) for ``ipv6 address ... link-local``."""
    if value is not None and value not in LINK_LOCAL:
        raise PydanticCustomError(
            "link_local",
            "{value} is not a link-local address (fe80::/10)",
            {"value": str(value)},
        )
    return value
