"""Release-dependent NHRP defaults.

On IOS-XE 17 ``ip nhrp shortcut``, ``ip nhrp redirect`` and ``ip nhrp map multicast dynamic``
can be defaults that ``show running-config`` does not print (dmvpn-reference §2), so their
absence there is not a fault. The release comes from ``--ios-version`` (a hint for every router)
or from the config's own ``version`` line; without either, classic IOS behaviour is assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dmvpngen.parse.facts import Device, Tunnel

__all__ = ["Defaults", "defaults_for", "has_multicast_dynamic", "has_redirect", "has_shortcut"]


@dataclass(frozen=True)
class Defaults:
    """What a release turns on by itself."""

    release: str | None
    nhrp_defaults_on: bool
    assumed: bool = False  # release unknown, IOS-XE look: defaults assumed on, findings softened

    @property
    def label(self) -> str:
        """Human description for messages."""
        if self.assumed:
            return "release unknown, IOS-XE config: 17.x defaults assumed"
        return self.release or "unknown release (IOS 15 behaviour assumed)"


def _major(version: str | None) -> int | None:
    match = re.match(r"^\s*(\d+)", version or "")
    return int(match.group(1)) if match else None


def defaults_for(device: Device, hint: str | None) -> Defaults:
    """Defaults for ``device``: the ``--ios-version`` hint wins over the config's version line."""
    release = hint or device.version
    major = _major(release)
    if major is None and _looks_iosxe(device):
        return Defaults(None, True, assumed=True)
    return Defaults(release, major is not None and major >= 17)


_XE_INTF = re.compile(r"^GigabitEthernet\d+(\.\d+)?$")


def _looks_iosxe(device: Device) -> bool:
    """CSR1000v / Catalyst 8000v style interface names (GigabitEthernet1) mean IOS-XE."""
    return any(_XE_INTF.match(name) for name in device.interfaces)


def has_shortcut(tun: Tunnel, d: Defaults) -> bool:
    """Shortcut switching is on (configured, or the release default and not disabled)."""
    return tun.shortcut is not None or (d.nhrp_defaults_on and tun.no_shortcut is None)


def has_redirect(tun: Tunnel, d: Defaults) -> bool:
    """NHRP redirect is on."""
    return tun.redirect is not None or (d.nhrp_defaults_on and tun.no_redirect is None)


def has_multicast_dynamic(tun: Tunnel, d: Defaults) -> bool:
    """Dynamic multicast mapping is on."""
    return tun.map_multicast_dynamic is not None or d.nhrp_defaults_on
