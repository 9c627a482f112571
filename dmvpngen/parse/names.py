"""Interface name spelling: configs write 'Tunnel 200', 'Gi0/1' or 'GigabitEthernet0/1' alike."""

from __future__ import annotations

import re

__all__ = ["canonical_interface"]

_PREFIXES = (
    ("tengigabitethernet", "TenGigabitEthernet"),
    ("te", "TenGigabitEthernet"),
    ("gigabitethernet", "GigabitEthernet"),
    ("gi", "GigabitEthernet"),
    ("fastethernet", "FastEthernet"),
    ("fa", "FastEthernet"),
    ("ethernet", "Ethernet"),
    ("eth", "Ethernet"),
    ("et", "Ethernet"),
    ("tunnel", "Tunnel"),
    ("tu", "Tunnel"),
    ("loopback", "Loopback"),
    ("lo", "Loopback"),
    ("port-channel", "Port-channel"),
    ("po", "Port-channel"),
    ("dialer", "Dialer"),
    ("di", "Dialer"),
    ("serial", "Serial"),
    ("se", "Serial"),
    ("cellular", "Cellular"),
    ("vlan", "Vlan"),
)
_SPLIT = re.compile(r"^([A-Za-z][A-Za-z-]*?)\s*([0-9].*)$")


def canonical_interface(name: str) -> str:
    """Full IOS spelling without spaces: ``'Tu 200'`` -> ``'Tunnel200'``."""
    match = _SPLIT.match(name.strip())
    if not match:
        return name.strip()
    kind, rest = match.group(1).lower(), match.group(2).replace(" ", "")
    for prefix, full in _PREFIXES:
        if kind == prefix:
            return full + rest
    return match.group(1) + rest
