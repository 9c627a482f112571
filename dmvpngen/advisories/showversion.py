"""The running release as ``show version`` prints it, on every IOS and IOS-XE generation.

What the first lines of ``show version`` look like (Cisco IOS XE "show version" command reference;
captures of real routers in tests/advisories/data/show_version/):

- IOS-XE 16 and 17 (Denali 16.3 ... Dublin 17.12, then ``[IOSXE]`` from 17.13)::

    Cisco IOS XE Software, Version 17.03.04a
    Cisco IOS Software [Amsterdam], Virtual XE Software (...), Version 17.3.4a, RELEASE SOFTWARE

- IOS-XE 3.x, newer images (``03.16.10.S``) or Catalyst switches (``03.06.05E``, ``03.06.06.E``)::

    Cisco IOS XE Software, Version 03.16.10.S - Extended Support Release
    Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software (...), Version 03.06.05E ...

- IOS-XE 3.x, older ASR 1000 images: the first line carries the IOS-equivalent release
  (``15.3(2)S1``), the IOS-XE release is on a line of its own::

    Cisco IOS Software, IOS-XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 15.3(2)S1, ...
    IOS XE Version: 03.09.01.S

- classic IOS 12.x and 15.x, and IOS on Linux (IOL, numbered like IOS-XE)::

    Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.5(3)M4, RELEASE SOFTWARE
    Cisco IOS Software [IOSXE], Linux Software (X86_64BI_LINUX-ADVENTERPRISEK9-M), Version 17.15.1

Special builds print a build name on the first line (``Version V169_5_SR689355441_2``): the
release is then read from the ``Cisco IOS Software`` line. Experimental images
(``Experimental Version 17.6.20210302:012459``) name only their train.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dmvpngen.advisories.release import Release, parse_release, parse_train

__all__ = ["ShownVersion", "parse_show_version"]


@dataclass(frozen=True)
class ShownVersion:
    """The release ``show version`` names, its code name and the line (1-based) it is on."""

    release: Release
    codename: str  # 'Amsterdam', 'IOSXE'; '' when the image prints none
    line: int


# In order of trust: the IOS-XE line names the IOS-XE release even where the IOS line of the same
# output names the IOS-equivalent one (15.3(2)S1 on IOS-XE 3.9.1S).
_XE_LINE = re.compile(r"^\s*Cisco IOS XE Software, Version\s+(\S+?)(?:\s|,|$)")
_XE3_LINE = re.compile(r"^\s*IOS XE Version:\s+(\S+)")
_IOS_LINE = re.compile(
    r"^\s*(?:Cisco IOS Software|IOS \(tm\))(?:\s*\[(?P<name>[^\]]*)\])?[,\s].*?"
    r"(?P<exp>Experimental )?Version\s+(?:(?:Denali|Everest|Fuji)\s+)?(?P<rel>[^\s,]+)"
)
_CODENAME = re.compile(r"^\s*Cisco IOS Software \[(\w+)\]")
_EXPERIMENTAL_TRAIN = re.compile(r"^(\d+\.\d+)\.\d{8}:")


def _codename(lines: list[str]) -> str:
    for text in lines:
        if m := _CODENAME.match(text):
            return m[1]
    return ""


def parse_show_version(text: str) -> ShownVersion | None:
    """The running release of a ``show version`` output, None when it names none."""
    lines = text.splitlines()
    name = _codename(lines)
    for pattern in (_XE_LINE, _XE3_LINE):
        for number, line in enumerate(lines, start=1):
            m = pattern.match(line)
            found = parse_release(m[1]) if m else None
            if found is not None and found.exact:
                return ShownVersion(found, name, number)
    for number, line in enumerate(lines, start=1):
        m = _IOS_LINE.match(line)
        if m is None:
            continue
        if m["exp"]:  # an engineering image: only its train is known
            train = _EXPERIMENTAL_TRAIN.match(m["rel"])
            found = parse_train(train[1]) if train else None
        else:
            found = parse_release(m["rel"])
            found = found if found is not None and found.exact else None
        if found is not None:
            return ShownVersion(found, name, number)
    return None
