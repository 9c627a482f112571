"""NHRP and IKE defaults per release train: one table, with where each row comes from.

``show running-config`` prints a command only when it differs from the default, so whether an
absent ``ip nhrp shortcut`` means "off" depends on the release. A value of None means the
train is not settled (it changed within the train, or no source states it): findings resting on
it say "depends on release" and stay low until ``--ios-version`` or the ``version`` line decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TRAINS", "Train", "train_for"]


@dataclass(frozen=True)
class Train:
    """NHRP defaults of one release train (True on, False off, None not settled)."""

    name: str
    first: tuple[int, int]  # first (major, minor) of the train, inclusive
    shortcut: bool | None
    redirect: bool | None
    multicast_dynamic: bool | None
    source: str
    # an ISAKMP policy without 'encryption' / 'group' falls back to DES / DH group 1; True when
    # the release refuses those (the policy then never matches), False when it negotiates them
    weak_ike_defaults_refused: bool | None = False


TRAINS: tuple[Train, ...] = (
    Train(
        "IOS 12.4-15.9",
        (12, 0),
        False,
        False,
        False,
        "Cisco IOS DMVPN Configuration Guide (15M&T), 'Configuring the Hub/Spoke for DMVPN "
        "Phase 3': ip nhrp redirect on hubs and ip nhrp shortcut on spokes must be configured",
    ),
    Train(
        "IOS-XE 16",
        (16, 0),
        None,
        None,
        None,
        "changed between 16.x releases; no single default holds for the train",
    ),
    Train(
        "IOS-XE 17",
        (17, 0),
        True,
        True,
        True,
        "dmvpn-reference section 2: on IOS-XE 17.x ip nhrp redirect, ip nhrp shortcut and ip "
        "nhrp map multicast dynamic are defaults that show running-config does not print",
    ),
    Train(
        "IOS-XE 17.11+",
        (17, 11),
        True,
        True,
        True,
        "dmvpn-reference section 2: on IOS-XE 17.x ip nhrp redirect, ip nhrp shortcut and ip "
        "nhrp map multicast dynamic are defaults that show running-config does not print; Field "
        "Notice FN72510: from 17.11.1 DES, 3DES, MD5 and DH groups 1, 2, 5 are refused",
        weak_ike_defaults_refused=True,
    ),
)


def train_for(release: str | None) -> Train | None:
    """The train of ``release`` (``"15.9"``, ``"17.6.4"``, ``"16.12"``), None when unknown."""
    match = re.match(r"^\s*(\d+)(?:\.(\d+))?", release or "")
    if match is None:
        return None  # no release: every question the table answers stays open
    key = (int(match.group(1)), int(match.group(2) or 0))
    found = None
    for train in TRAINS:
        if key >= train.first:
            found = train
    return found
