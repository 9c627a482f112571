"""Validation that knows routing: render the network in memory, parse the configs, run the
same routing model ``check`` runs, and map its findings back to the inventory's lines.

Refuses, as located errors with a hint: a service address a router cannot reach, a LAN
shadowed by a summary or aggregate, clouds sharing a network-id with different tunnel keys or
protection, a strict CRL check whose CA is reached only through the tunnel.
"""

from __future__ import annotations

import re
from typing import Any

from dmvpngen.errors import Problem
from dmvpngen.model.loader import LoadedInventory, Locator
from dmvpngen.secrets import SecretValues

__all__ = ["ROUTING_CODES", "check_routing"]

ROUTING_CODES = frozenset(f"NET{n:03d}" for n in range(60, 70))

# the inventory field a service kind comes from (the deepest known prefix locates it)
_SERVICE_FIELD: dict[str, tuple[str | int, ...]] = {
    "ntp server": ("management", "ntp_servers"),
    "syslog host": ("management", "syslog_hosts"),
    "snmp trap receiver": ("monitoring", "snmp", "trap_hosts"),
    "netflow collector": ("monitoring", "netflow", "collectors"),
    "pki enrollment/crl": ("crypto_profiles",),
    "pim rendezvous point": ("multicast", "rp", "address"),
}
_KIND = re.compile(r"\(([a-z /]+(?:server|host|receiver|collector|crl|point))\)")
_PEER = re.compile(r" \(peer [^()]* at [^()]*\)$")
_SUMMARY_ON = re.compile(r"summary on Tunnel(\d+)")
_KEY = re.compile(r"\(key (\d+)\)")


def _router_path(inv: Any, name: str) -> tuple[str | int, ...]:
    for i, hub in enumerate(inv.hubs):
        if hub.name == name:
            return ("hubs", i)
    for i, spoke in enumerate(inv.spokes):
        if spoke.name == name:
            return ("spokes", i)
    return ()


def _path_for(inv: Any, code: str, device: str, message: str) -> tuple[str | int, ...]:
    if code in {"NET060", "NET061", "NET062", "NET067"}:
        kind = _KIND.search(message)
        if code == "NET067":
            for name, prof in sorted(inv.crypto_profiles.items()):
                if prof.pki is not None and prof.pki.revocation_check == "crl":
                    return ("crypto_profiles", name, "pki", "revocation_check")
            return ("crypto_profiles",)
        if kind and kind.group(1) in _SERVICE_FIELD:
            return _SERVICE_FIELD[kind.group(1)]
    if code in {"NET063", "NET064"}:
        tunnel = _SUMMARY_ON.search(message)
        by_summary = tunnel is not None or "aggregate-address" in message
        for i, cloud in enumerate(inv.clouds):
            same = tunnel is None or cloud.tunnel == int(tunnel.group(1))
            if by_summary and cloud.summary and same:
                return ("clouds", i, "summary")
    if code in {"NET065", "NET066"}:
        key = _KEY.search(message)
        for i, cloud in enumerate(inv.clouds):
            if key and cloud.tunnel_key == int(key.group(1)):
                return ("clouds", i, "tunnel_key")
        return ("clouds",)
    return _router_path(inv, device)


def check_routing(loaded: LoadedInventory, secrets: SecretValues) -> list[Problem]:
    """Routing faults of the network ``loaded`` renders, located in the inventory."""
    from dmvpngen.check.engine import check_devices
    from dmvpngen.parse.dmvpn import parse_config
    from dmvpngen.render import render_for_analysis

    # routing never reads a password hash: deferring them saves ~10 ms of scrypt per router
    configs = render_for_analysis(loaded.inventory, secrets)
    devices = [parse_config(c.text, f"{c.hostname}.cfg") for c in configs]
    result = check_devices(devices)
    loc: Locator = loaded.locator
    out: list[Problem] = []
    for f in result.findings:
        if f.code not in ROUTING_CODES or f.severity not in {"high", "critical"}:
            continue
        text = _PEER.sub("", f.message)
        text, _, fix = text.partition(" (fix: ")
        fix = fix[:-1] if fix.endswith(")") else fix
        path = _path_for(loaded.inventory, f.code, f.device, f.message)
        message = f"{f.code} {f.device}: {text}"
        out.append(loc.problem(path, message, fix))
    return sorted(set(out), key=lambda p: (p.line or 0, p.message))
