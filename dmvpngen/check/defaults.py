"""Release-dependent NHRP defaults, read from the table in :mod:`dmvpngen.parse.releases`.

The release comes from ``--ios-version`` (a hint for every router) or from the config's own
``version`` line. Without either, the behaviour is assumed (IOS-XE 17 defaults for an IOS-XE
looking config, classic IOS otherwise) and findings that rest on it say "depends on release"
at low severity: a clean, working network must not fail on a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dmvpngen.parse.facts import Device, Tunnel
from dmvpngen.parse.releases import TRAINS, Train, train_for

__all__ = ["Defaults", "defaults_for", "has_multicast_dynamic", "has_redirect", "has_shortcut"]

_CLASSIC = next(t for t in TRAINS if t.name.startswith("IOS 1"))
_XE17 = next(t for t in TRAINS if t.name == "IOS-XE 17")


@dataclass(frozen=True)
class Defaults:
    """What a router's release turns on by itself, and how sure that is."""

    release: str | None
    train: Train
    known: bool  # the release is known and its train settles every NHRP default
    assumed: bool = False  # release unknown, IOS-XE look: 17.x defaults assumed

    @property
    def nhrp_defaults_on(self) -> bool:
        """Shortcut and redirect are defaults (for roles and phase)."""
        return bool(self.train.shortcut and self.train.redirect)

    @property
    def label(self) -> str:
        """Human description for messages."""
        if self.known:
            return f"{self.release}, {self.train.name} defaults"
        if self.release:
            return f"depends on release: {self.release} ({self.train.name}) does not settle it"
        if self.assumed:
            return "depends on release: IOS-XE config without a version, 17.x defaults assumed"
        return "depends on release: no version line, IOS 15 behaviour assumed"


def defaults_for(device: Device, hint: str | None) -> Defaults:
    """Defaults for ``device``: the ``--ios-version`` hint wins over the config's version line."""
    release = hint or device.version
    train = train_for(release)
    if train is None:
        xe = _looks_iosxe(device)
        return Defaults(None, _XE17 if xe else _CLASSIC, known=False, assumed=xe)
    settled = None not in (train.shortcut, train.redirect, train.multicast_dynamic)
    if train.shortcut is None or train.redirect is None or train.multicast_dynamic is None:
        base = _XE17 if _looks_iosxe(device) else _CLASSIC
        train = replace(
            train,
            shortcut=base.shortcut if train.shortcut is None else train.shortcut,
            redirect=base.redirect if train.redirect is None else train.redirect,
            multicast_dynamic=(
                base.multicast_dynamic
                if train.multicast_dynamic is None
                else train.multicast_dynamic
            ),
        )
    return Defaults(release, train, known=settled)


_XE_INTF = re.compile(r"^GigabitEthernet\d+(\.\d+)?$")


def _looks_iosxe(device: Device) -> bool:
    """CSR1000v / Catalyst 8000v style interface names (GigabitEthernet1) mean IOS-XE."""
    return any(_XE_INTF.match(name) for name in device.interfaces)


def has_shortcut(tun: Tunnel, d: Defaults) -> bool:
    """Shortcut switching is on (configured, or the release default and not disabled)."""
    return tun.shortcut is not None or (bool(d.train.shortcut) and tun.no_shortcut is None)


def has_redirect(tun: Tunnel, d: Defaults) -> bool:
    """NHRP redirect is on."""
    return tun.redirect is not None or (bool(d.train.redirect) and tun.no_redirect is None)


def has_multicast_dynamic(tun: Tunnel, d: Defaults) -> bool:
    """Dynamic multicast mapping is on."""
    return tun.map_multicast_dynamic is not None or bool(d.train.multicast_dynamic)
