"""Importing an IPv6-only overlay: clouds found by their IPv6 prefix (check's discovery), the
router id each routing process names, router ids read back from IPv6 tunnel addresses, and
LANs that carry IPv6 alone.

A router of such a network has no IPv4 address to take a router id from, so its routing
processes name one (``eigrp router-id``, OSPFv3 ``router-id``, ``bgp router-id``): the import
keeps it as ``router_id``. A tunnel address ``<prefix>::<id digits>`` gives the id back (the
inverse of :func:`dmvpngen.model.ipv6.interface_id`).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, IPv6Network
from typing import Any

from dmvpngen.parse.facts import Device

__all__ = ["id_from_ipv6", "ipv6_lans", "router_id_of"]

# the line naming the router id under each routing process, by the block's first words
_ROUTER_ID = {
    "router eigrp": ("eigrp", "router-id"),
    "router ospfv3": ("router-id",),
    "router bgp": ("bgp", "router-id"),
}


def router_id_of(dev: Device) -> str | None:
    """The router id the first routing process of ``dev`` names (None: none does)."""
    for block in dev.blocks:
        head = " ".join(block.text.split()[:2])
        words = _ROUTER_ID.get(head)
        if words is None:
            continue
        for node in block.walk():
            w = node.text.split()
            if tuple(w[: len(words)]) == words and len(w) == len(words) + 1:
                try:
                    return str(IPv4Address(w[-1]))
                except ValueError:
                    continue
    return None


def id_from_ipv6(prefix: IPv6Network, address: IPv6Address) -> int | None:
    """The router id whose digits are ``address``'s interface id in ``prefix`` (None: the
    interface id has a hexadecimal letter, or is 0: no router id derives it)."""
    digits = f"{int(address) - int(prefix.network_address):x}"
    if not digits.isdigit() or int(digits) == 0:
        return None
    return int(digits)


def ipv6_lans(dev: Device, sources: set[str | None], notes: list[str]) -> list[dict[str, Any]]:
    """The router's IPv6-only LAN interfaces (an IPv6 address and no IPv4 one); their
    ``ipv6_address`` is added with the router's other IPv6 fields."""
    from dmvpngen.importer.routers import lan_description

    out = []
    for intf in sorted(dev.interfaces.values(), key=lambda i: i.name):
        if intf.name in sources or intf.name.startswith(("Loopback", "Tunnel", "Dialer")):
            continue
        v6 = intf.ipv6.address if intf.ipv6 is not None else None
        if intf.shutdown or intf.address is not None or v6 is None:
            continue
        lan: dict[str, Any] = {"interface": intf.name}
        lan_description(dev, intf, lan, notes)
        out.append(lan)
    return out
