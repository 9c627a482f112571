"""Certificates that bootstrap: the CA, its CRL and the clock reachable without the tunnel.

A router must validate its peer's certificate before the tunnel comes up. If the CA (SCEP
enrollment, CRL) or every NTP server sits only behind the overlay, the router cannot enroll, and
with ``revocation-check crl`` it refuses every peer once its cached CRL expires or after a reload:
the tunnel it would fetch the CRL through never forms. A clock that only arrives over the tunnel
makes every certificate look not yet valid after a reload, with the same deadlock.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network
from urllib.parse import urlsplit

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.loader import Locator

__all__ = ["ca_address", "check", "overlay_networks"]


def overlay_networks(inv: Inventory) -> list[IPv4Network]:
    """What routers reach through the tunnels: sites, loopbacks, clouds and their summaries."""
    nets = [c.subnet for c in inv.clouds if c.subnet is not None] + [
        n for c in inv.clouds for n in c.summary
    ]
    for router in (*inv.hubs, *inv.spokes):
        nets += [lan.prefix for lan in router.lan if lan.prefix is not None]
        if router.loopback is not None:
            nets.append(IPv4Network(router.loopback))
    for hub in inv.hubs:
        nets += hub.uplink_summary
    return nets


def ca_address(url: str | None) -> tuple[IPv4Address, int] | None:
    """The CA's address and port from an ``http://a.b.c.d[:port]/...`` URL (None: a name)."""
    if url is None:
        return None
    parts = urlsplit(url)
    try:
        address = ipaddress.IPv4Address(parts.hostname or "")
    except ValueError:
        return None
    default = 443 if parts.scheme == "https" else 80
    return address, parts.port or default


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """CA, CRL and clock of every certificate profile that spokes use."""
    overlay = overlay_networks(inv)
    used = {c.crypto for c in inv.clouds if inv.cloud_spokes(c)}
    pki_used = False
    for key, prof in inv.crypto_profiles.items():
        if prof.pki is None or prof.authentication != "rsa-sig" or key not in used:
            continue
        pki_used = True
        where = ("crypto_profiles", key, "pki")
        ca = ca_address(prof.pki.url)
        behind = ca is not None and any(ca[0] in n for n in overlay)
        if ca is not None and behind and prof.pki.enrollment == "url":
            yield loc.problem(
                (*where, "url"),
                f"the CA {ca[0]} is reachable only through the overlay: a new spoke cannot "
                "enroll, nor one whose certificate expired renew, before its tunnel is up",
                "publish SCEP on an address the routers reach over the WAN, or use "
                "'enrollment: terminal'",
            )
        if behind and prof.pki.revocation_check == "crl":
            yield loc.problem(
                (*where, "revocation_check"),
                "strict CRL check with the CRL reachable only through the overlay: once the "
                "cached CRL expires (or after a reload) every peer is refused and the tunnel "
                "that would fetch it never forms",
                "publish the CRL on an address reachable over the WAN, or use "
                "'revocation_check: crl-none' (checks the CRL when it can be fetched)",
            )
    if pki_used:
        servers = inv.management.ntp_servers
        # an IPv6 server lies inside an IPv6-only overlay (validation keeps it there)
        if not servers or all(s.version == 6 or any(s in n for n in overlay) for s in servers):
            yield loc.problem(
                ("management", "ntp_servers"),
                "certificates are checked against a clock that reaches the spokes only through "
                "the tunnel: after a reload every certificate looks not yet valid",
                "add an NTP server the routers reach over the WAN (dmvpngen sources it from "
                "the WAN interface and opens the WAN access list for it)",
            )
