"""Cisco IOS and IOS-XE release strings: which train, and ordering within a train.

Three numbering schemes are in use on DMVPN routers (Cisco IOS and NX-OS Software Release
Reference Guide, "Release Naming"):

- classic IOS ``15.5(3)M4``: train ``15.5`` + letters (``M``, ``T``, ``S``, ...), ordered by the
  number in parentheses, then the rebuild number and its letter;
- IOS-XE 3.x ``3.13.2S`` (``show version`` prints ``03.13.02.S``): train ``3.13`` + ``S``/``E``,
  ordered by the rebuild;
- IOS-XE 16 and later ``17.3.4a`` (``show version`` prints ``17.03.04a``): train ``17.3``,
  ordered by the rebuild and its letter.

A config's ``version`` line names only the train (``version 15.5``, ``version 17.3``), never the
rebuild: a :class:`Release` read from it has ``exact=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

__all__ = ["Family", "Release", "parse_release", "parse_train", "release_from_show_version"]


class Family(str, Enum):
    """Numbering scheme of a release."""

    IOS = "ios"  # 12.x, 15.x
    XE3 = "xe3"  # IOS-XE 3.x
    XE = "xe"  # IOS-XE 16.x, 17.x and later


@dataclass(frozen=True)
class Release:
    """A release, or only a train when ``exact`` is False (then ``key`` is empty)."""

    family: Family
    major: int
    minor: int
    letters: str  # IOS train letters (``M``, ``T``, ``SY``), IOS-XE 3.x ``S``/``E``; else ''
    key: tuple[int | str, ...]  # order within the train
    text: str
    exact: bool = True

    @property
    def train(self) -> tuple[Family, int, int]:
        """Family, major and minor: the train regardless of IOS letters."""
        return (self.family, self.major, self.minor)

    @property
    def train_name(self) -> str:
        """The train as Cisco writes it (``15.5M``, ``3.13S``, ``17.3``)."""
        return f"{self.major}.{self.minor}{self.letters}"


_IOS = re.compile(r"^(\d{2})\.(\d+)\((\d+)([a-z]?)\)([A-Z]*)(\d*)([a-z]?)$")
_XE3 = re.compile(r"^0?3\.(\d+)\.(\d+)([a-z]?)\.?([A-Z]+)$")
_XE = re.compile(r"^(1[6-9]|[2-9]\d)\.(\d+)\.(\d+)([a-z]?)$")
_TRAIN = re.compile(r"^(\d+)\.(\d+)([A-Z]*)$")


def parse_release(text: str | None) -> Release | None:
    """A full release (``15.5(3)M4``, ``3.13.2S``, ``17.03.04a``), else its train, else None."""
    value = (text or "").strip()
    if m := _IOS.match(value):
        return Release(
            Family.IOS,
            int(m.group(1)),
            int(m.group(2)),
            m.group(5),
            (int(m.group(3)), m.group(4), int(m.group(6) or 0), m.group(7)),
            value,
        )
    if m := _XE3.match(value):
        return Release(
            Family.XE3,
            3,
            int(m.group(1)),
            m.group(4),
            (int(m.group(2)), m.group(3)),
            value,
        )
    if m := _XE.match(value):
        return Release(
            Family.XE, int(m.group(1)), int(m.group(2)), "", (int(m.group(3)), m.group(4)), value
        )
    return parse_train(value)


def parse_train(text: str) -> Release | None:
    """A train alone (``15.5``, ``15.5M``, ``3.13S``, ``17.3``), else None."""
    m = _TRAIN.match(text.strip())
    if m is None:
        return None
    major, minor, letters = int(m.group(1)), int(m.group(2)), m.group(3)
    if major == 3:
        family = Family.XE3
    elif major >= 16:
        family = Family.XE
    elif major in (12, 15):
        family = Family.IOS
    else:
        return None
    return Release(family, major, minor, letters, (), text.strip(), exact=False)


def release_from_show_version(text: str) -> Release | None:
    """The running release printed by ``show version``, None when the text has none."""
    from dmvpngen.advisories.showversion import parse_show_version  # it builds on this module

    shown = parse_show_version(text)
    return shown.release if shown else None
