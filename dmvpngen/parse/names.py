"""Interface name spelling: configs write 'Tunnel 200', 'Gi0/1' or 'GigabitEthernet0/1' alike."""

from __future__ import annotations

import functools
import re

__all__ = ["canonical_interface"]

# Full interface type names and the shortest prefix IOS accepts for each (``tu 0``, ``gi0/1``).
_TYPES = (
    ("TenGigabitEthernet", 2),
    ("GigabitEthernet", 1),
    ("FastEthernet", 1),
    ("Ethernet", 1),
    ("Tunnel", 2),
    ("Loopback", 1),
    ("Port-channel", 2),
    ("Dialer", 2),
    ("Serial", 2),
    ("Cellular", 2),
    ("Vlan", 1),
    ("Virtual-Template", 9),
    ("Multilink", 2),
)
_SPLIT = re.compile(r"^([A-Za-z][A-Za-z-]*?)\s*([0-9].*)$")


# a network's configs name the same few interfaces over and over (50,000 times in 2,000 configs)
@functools.lru_cache(maxsize=1 << 12)
def canonical_interface(name: str) -> str:
    """Full IOS spelling without spaces: ``'Tu 200'`` -> ``'Tunnel200'``."""
    match = _SPLIT.match(name.strip())
    if not match:
        return name.strip()
    kind, rest = match.group(1).lower(), match.group(2).replace(" ", "")
    if kind == "eth":  # Linux spelling of Ethernet, common in lab notes
        return "Ethernet" + rest
    for full, minimum in _TYPES:
        if len(kind) >= minimum and full.lower().startswith(kind):
            return full + rest
    return match.group(1) + rest
