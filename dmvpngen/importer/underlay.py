"""WAN interfaces of an imported router: static / DHCP / PPPoE addressing, FVRF, NAT, transport."""

from __future__ import annotations

import re
from typing import Any

from dmvpngen.check.discovery import nat_of
from dmvpngen.importer.text import inventory_description
from dmvpngen.parse.facts import Device, Interface

__all__ = ["wan_doc", "wan_port"]

_NAT_NOTE = re.compile(r"\s*\(behind [^)]*\)\s*$", re.IGNORECASE)


def wan_port(dev: Device, intf: Interface) -> Interface:
    """The physical port of a PPPoE dialer (same dial pool), else the interface itself."""
    if not intf.name.startswith("Dialer") or intf.dial_pool is None:
        return intf
    for other in sorted(dev.interfaces.values(), key=lambda i: i.name):
        if other is not intf and other.dial_pool == intf.dial_pool:
            return other
    return intf


def _ipv6(dev: Device, intf: Interface) -> dict[str, Any]:
    """The WAN's IPv6 address (an IPv6 transport's NBMA address) and its default route's next
    hop (a link-local one without the interface IOS writes before it)."""
    if intf.ipv6 is None or intf.ipv6.address is None:
        return {}
    doc: dict[str, Any] = {"ipv6_address": str(intf.ipv6.address).lower()}
    hop = dev.ipv6.default_routes.get(intf.vrf or "")
    if hop is not None:
        doc["ipv6_gateway"] = hop.split()[-1].lower()
    return doc


def wan_doc(
    dev: Device,
    intf: Interface,
    secrets: dict[str, str],
    secret_name: str,
    public: str | None,
    notes: list[str],
) -> dict[str, Any]:
    """The inventory ``wan`` mapping of ``intf`` (a dialer maps to its port plus ``pppoe``).

    ``public`` is the post-NAT address other routers use for it, when that differs from the
    interface address (a hub behind static NAT: the spokes' NHS nbma).
    """
    port = wan_port(dev, intf)
    doc: dict[str, Any] = {"interface": port.name}
    if intf.negotiated is not None and intf.name.startswith("Dialer"):
        pppoe: dict[str, Any] = {"dialer": int(intf.name[6:] or 1)}
        pppoe["dial_pool"] = intf.dial_pool or 1
        pppoe["username"] = intf.ppp_user or f"{dev.hostname}@isp"
        secrets[secret_name] = intf.ppp_password or "CHANGE-ME-before-push"
        pppoe["password"] = f"secret:{secret_name}"
        pppoe["authentication"] = intf.ppp_auth or "chap"
        doc["pppoe"] = pppoe
        if intf.ppp_password is None:
            notes.append(f"{dev.hostname} {intf.name}: PPP password not found; placeholder used")
    elif intf.dhcp is not None:
        doc["dhcp"] = True
    elif intf.address is not None:
        doc["address"] = str(intf.address)
        gw = dev.default_routes.get(intf.vrf or "")
        if gw:
            doc["gateway"] = gw
    elif intf.ipv6 is None or intf.ipv6.address is None:
        notes.append(f"{dev.hostname}: WAN address of {intf.name} unknown; placeholder used")
        doc["address"] = "192.0.2.1/32"
    doc.update(_ipv6(dev, port))
    desc = _NAT_NOTE.sub("", intf.description or "")
    if desc and desc != "WAN":
        doc["description"] = inventory_description(desc, f"{dev.hostname} {intf.name}", notes)
    if intf.vrf:
        doc["vrf"] = intf.vrf
    kind, declared = nat_of(intf)
    if declared is not None:
        doc["nat"], doc["public_address"] = "static", str(declared)
    elif kind == "pat":
        doc["nat"] = "pat"
    elif public is not None and intf.address is not None and public != str(intf.address.ip):
        doc["nat"], doc["public_address"] = "static", public
    pppoe_mtu = 1492 if "pppoe" in doc else 1500
    if intf.mtu is not None and intf.mtu != pppoe_mtu:
        doc["mtu"] = intf.mtu
    return doc
