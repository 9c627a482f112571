"""Who plays which part in a cloud, and from which WAN: answers shared by the render modules.

Inventories with hierarchical DMVPN or several WANs per router answer these questions themselves
(``Inventory.serves``, ``Inventory.wan_for``, ``Wan.nbma``, ``Wan.dynamic``); simpler inventories
fall back to "every hub serves its clouds" and "the one WAN, at its static address".
"""

from __future__ import annotations

from typing import Any

from dmvpngen.model import Cloud, Hub, Inventory, Router

__all__ = ["nbma_of", "serves", "wan_of"]


def serves(inv: Inventory, router: Router, cloud: Cloud) -> bool:
    """True when ``router`` is a next hop server of ``cloud``.

    Inventories with hierarchical DMVPN answer this themselves (a regional hub is a spoke in its
    uplink cloud); otherwise every hub serves the clouds it is in.
    """
    method = getattr(inv, "serves", None)
    if method is not None:
        return bool(method(router, cloud))
    return isinstance(router, Hub)


def wan_of(inv: Inventory, router: Router, cloud: Cloud) -> Any:
    """The WAN ``router``'s tunnel in ``cloud`` leaves from (routers may have several)."""
    method = getattr(inv, "wan_for", None)
    return method(router, cloud) if method is not None else router.wan


def nbma_of(wan: Any, cloud: Cloud | None = None) -> str | None:
    """The address peers see (post-NAT where the model knows it), None when dynamic.

    In a cloud with an IPv6 transport it is the WAN's static IPv6 address, in upper case as IOS
    prints it (None when the WAN has none: validation reports it).
    """
    if cloud is not None and getattr(cloud, "transport_family", "ipv4") == "ipv6":
        v6 = getattr(wan, "ipv6_address", None)
        return str(v6.ip).upper() if v6 is not None else None
    if getattr(wan, "dynamic", wan.address is None):
        return None
    nbma = getattr(wan, "nbma", None)
    if nbma is not None:
        return str(nbma)
    return str(wan.address.ip) if wan.address is not None else None
