"""Hub LANs where the configs run the IGP: the hubs' interconnect (``hub_peering``).

A hub whose EIGRP or OSPF process runs (not passive) on a LAN peers with the data-centre core
there, which is how real dual-hub networks let hubs learn each other's prefixes.
"""

from __future__ import annotations

import contextlib
import ipaddress
from typing import Any

from dmvpngen.parse.facts import Device
from dmvpngen.parse.names import canonical_interface

__all__ = ["igp_active", "mark_peering_lans"]


def igp_active(dev: Device, interface: str) -> bool:
    """True when EIGRP, OSPF or a BGP session of ``dev`` peers over ``interface``."""
    name = canonical_interface(interface)
    intf = dev.interfaces.get(name)
    if intf is None or intf.address is None:
        return False
    ip = intf.address.ip
    for eigrp in dev.eigrp:
        default = eigrp.default_interface
        # named mode: 'af-interface default / passive-interface' unless the interface has its own
        named_passive = default is not None and default.passive is not None
        named_passive = named_passive and name not in eigrp.interfaces
        classic_passive = name in eigrp.passive or (
            eigrp.passive_default and name not in eigrp.no_passive
        )
        if any(ip in net for net, _line in eigrp.networks) and not (
            named_passive or classic_passive
        ):
            return True
    if dev.bgp is not None:
        for peer in dev.bgp.neighbors:
            with contextlib.suppress(ValueError):
                if ipaddress.IPv4Address(peer) in intf.address.network:
                    return True  # iBGP with the other hub over this link
    for ospf in dev.ospf:
        if any(ip in entry[0] for entry in ospf.networks) and not (
            name in ospf.passive or (ospf.passive_default and name not in ospf.no_passive)
        ):
            return True
    return False


def mark_peering_lans(dev: Device, doc: dict[str, Any]) -> None:
    """Set ``hub_peering`` on the hub's LANs where its IGP forms adjacencies."""
    from dmvpngen.routes.family import ipv6_view

    # an IPv6-only LAN peers in the IPv6 address family: read it on the router's IPv6 view
    view = ipv6_view(dev) if any("address" not in lan for lan in doc.get("lan", [])) else None
    for lan in doc.get("lan", []):
        if igp_active(dev if "address" in lan or view is None else view, lan["interface"]):
            lan["hub_peering"] = True
