"""Monitoring settings: SNMPv3 strength, NTP authentication, source interfaces that exist."""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory, Platform
from dmvpngen.model.loader import Locator

__all__ = ["check"]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Monitoring problems."""
    mon = inv.monitoring
    yield from _check_ntp_auth(inv, loc)
    if mon.snmp is not None:
        for i, user in enumerate(mon.snmp.users):
            where = ("monitoring", "snmp", "users", i)
            if user.auth != "sha":
                yield loc.problem(
                    (*where, "auth"),
                    f"SNMPv3 user '{user.name}' authenticates with MD5",
                    "use 'auth: sha'",
                )
            if not user.privacy.startswith("aes"):
                yield loc.problem(
                    (*where, "privacy"),
                    f"SNMPv3 user '{user.name}' encrypts with {user.privacy.upper()}",
                    "use 'privacy: aes-128' or stronger (authPriv with AES)",
                )
        internal = _internal_networks(inv)
        for j, manager in enumerate(mon.snmp.managers or mon.snmp.trap_hosts):
            # IPv6 managers (IPv6-only overlays) must lie in its prefixes: validate.ipv6_only
            if manager.version == 4 and not any(manager in n for n in internal):
                field = "managers" if mon.snmp.managers else "trap_hosts"
                yield loc.problem(
                    ("monitoring", "snmp", field, j),
                    f"SNMP manager {manager} is outside the sites and the overlay: the WAN "
                    "access list drops its polls (traps still leave)",
                    "poll from an NMS on a site LAN (behind a hub) or in the overlay",
                    severity="warning",
                )
        if not mon.snmp.trap_hosts:
            yield loc.problem(
                ("monitoring", "snmp"),
                "SNMP is configured without trap hosts: failures are only seen when polled",
                "add 'trap_hosts: [<NMS address>]'",
                severity="warning",
            )
    if mon.ntp_auth is not None:
        if not inv.management.ntp_servers:
            yield loc.problem(
                ("monitoring", "ntp_auth"),
                "NTP authentication without NTP servers",
                "add management.ntp_servers, or drop ntp_auth",
            )
        ios = [r.name for r in (*inv.hubs, *inv.spokes) if inv.platform_of(r) is Platform.IOS]
        if mon.ntp_auth.algorithm == "md5" and not ios:  # IOS 15 routers know MD5 only
            yield loc.problem(
                ("monitoring", "ntp_auth", "algorithm"),
                "MD5 NTP authentication is legacy",
                "use 'hmac-sha2-256' where every router runs IOS-XE 17",
                severity="warning",
            )
        elif mon.ntp_auth.algorithm != "md5" and ios:
            yield loc.problem(
                ("monitoring", "ntp_auth", "algorithm"),
                f"IOS 15 routers ({', '.join(ios[:3])}{', ...' if len(ios) > 3 else ''}) "
                "may not know hmac-sha2-256 NTP keys",
                "check the release, or use 'algorithm: md5' for mixed networks",
                severity="warning",
            )
    if mon.source_interface is not None:
        yield from _check_source(inv, loc, mon.source_interface)


def _internal_networks(inv: Inventory) -> list[IPv4Network]:
    nets = [c.subnet for c in inv.clouds if c.subnet is not None]
    for router in (*inv.hubs, *inv.spokes):
        nets += [lan.prefix for lan in router.lan if lan.prefix is not None]
        if router.loopback is not None:
            nets.append(IPv4Network(router.loopback))
    return nets


def _check_source(inv: Inventory, loc: Locator, name: str) -> Iterator[Problem]:
    missing = []
    for router in (*inv.hubs, *inv.spokes):
        # every WAN (a router may have several) by the name traffic leaves from (Dialer for PPPoE)
        wans = getattr(router, "wans", None) or [router.wan]
        interfaces = {getattr(w, "source_interface", w.interface) for w in wans}
        interfaces.update(w.interface for w in wans)
        interfaces.update(lan.interface for lan in router.lan)
        if router.loopback is not None or (inv.ipv6_only and router.loopback_ipv6 is not None):
            interfaces.add("Loopback0")
        if name not in interfaces:
            missing.append(router.name)
    if missing:
        more = ", ..." if len(missing) > 3 else ""
        yield loc.problem(
            ("monitoring", "source_interface"),
            f"{name} does not exist on {', '.join(missing[:3])}{more}",
            "use Loopback0 and give every router a 'loopback', or an interface all routers have",
        )


def _check_ntp_auth(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """NTP servers need a key, or an explicit reason why they are used without one."""
    mon = inv.monitoring
    if mon.no_ntp_authentication is not None and mon.ntp_auth is not None:
        yield loc.problem(
            ("monitoring", "no_ntp_authentication"),
            "'no_ntp_authentication' contradicts 'monitoring.ntp_auth'",
            "keep 'ntp_auth' (recommended) and drop 'no_ntp_authentication'",
        )
    elif inv.management.ntp_servers and mon.ntp_auth is None and mon.no_ntp_authentication is None:
        yield loc.problem(
            ("management", "ntp_servers"),
            "NTP servers without authentication: a spoofed clock breaks certificate checks, "
            "IKE lifetimes and log correlation",
            "add 'monitoring: {ntp_auth: {auth_key: secret:ntp_key}}' (the servers' key), or "
            "opt out with 'monitoring: {no_ntp_authentication: <reason>}'",
        )
