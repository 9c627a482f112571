"""Is this text a Cisco IOS / IOS-XE configuration at all?

Other vendors' configs (and Cisco's other operating systems) look enough like IOS to be linted
into pages of "missing line" findings. Each platform is recognised by lines IOS never prints;
the first such line is quoted back, so the user sees why the file was refused.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from itertools import compress

from dmvpngen.parse.modes import GLOBAL_HEADS

__all__ = ["Foreign", "foreign_platform", "ios_like"]

# (platform, pattern). A pattern matches a line IOS / IOS-XE never has in a running-config.
_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("Junos", r"^## Last (?:commit|changed):"),
        (
            "Junos",
            r"^set (?:version|system|interfaces|protocols|security|routing-options"
            r"|policy-options|firewall|chassis|snmp|vlans|routing-instances) ",
        ),
        ("Junos", r"^(?:version \S+;|system \{|interfaces \{|protocols \{|security \{)\s*$"),
        ("Arista EOS", r"^! device: .*\bEOS-"),
        (
            "Arista EOS",
            r"^(?:daemon TerminAttr|management api http-commands"
            r"|service routing protocols model|transceiver qsfp default-mode)\b",
        ),
        ("Cisco NX-OS", r"^!Command: show running-config"),
        (
            "Cisco NX-OS",
            r"^(?:feature (?:nxapi|bgp|ospf|eigrp|interface-vlan|lacp|vpc|hsrp"
            r"|tacacs\+|ssh|telnet|scp-server|nv overlay|pim)|vdc \S+ id \d|boot nxos)\b",
        ),
        ("Cisco NX-OS", r"^version \d+\.\d+\(\d+\S*\)"),
        ("Cisco ASA", r"^(?:ASA|PIX|FWSM) Version \d"),
        ("Cisco ASA", r"^ nameif \S+$"),
        ("Cisco ASA", r"^: Saved$"),
        ("Cisco IOS XR", r"^!! (?:IOS XR Configuration|Last configuration change)"),
        ("FortiOS", r"^config (?:system|firewall|router|vpn) "),
        ("MikroTik RouterOS", r"^/(?:interface|ip|system|routing) "),
        ("VyOS / EdgeOS", r"^(?:interfaces|service|system|protocols|firewall) \{\s*$"),
        ("PAN-OS", r"^<(?:config|response)[ >]"),
        ("a JSON document", r"^[\[{]\s*$|^\{\s*\""),
    )
)
_SAMPLE_LINES = 400  # signs sit in the header or the first blocks; bounded for huge files
# All signs as one pattern, one named group per sign: an alternation tries its branches in order,
# so the sign it reports for a line is the first of _SIGNS that matches (one regex call per line
# instead of one per sign: this check runs on every config lint, check and import read).
_ANY_SIGN = re.compile("|".join(f"(?P<s{i}>{p.pattern})" for i, (_, p) in enumerate(_SIGNS)))


@dataclass(frozen=True)
class Foreign:
    """A non-IOS platform recognised in a config, with the line that shows it (1-based)."""

    platform: str
    line: int
    text: str


def foreign_platform(lines: list[str]) -> Foreign | None:
    """The platform of ``lines`` when a line shows it is not IOS / IOS-XE, else None."""
    sample = lines[:_SAMPLE_LINES]
    # the lines not yet known to show no sign, found at C level (each is tested when the loop
    # reaches it, as a test at the top of the loop would be: a line added below counts for the
    # lines after it); most lines of a network's configs are known
    unknown = map(operator.not_, map(_NO_SIGN.__contains__, sample))
    for index in compress(range(len(sample)), unknown):
        raw = sample[index]
        if not raw.strip():
            continue
        match = _ANY_SIGN.match(raw)
        if match is not None:
            platform = _SIGNS[int(str(match.lastgroup)[1:])][0]
            return Foreign(platform, index + 1, raw.strip()[:80])
        if len(_NO_SIGN) >= _NO_SIGN_MAX:  # addresses make lines unique: stay bounded
            _NO_SIGN.clear()
        _NO_SIGN.add(raw)
    return None


# Lines that showed no sign: the configs of one network repeat most of their lines, and a set
# lookup is a fraction of the alternation's cost.
_NO_SIGN: set[str] = set()
_NO_SIGN_MAX = 1 << 16


def ios_like(lines: list[str]) -> bool:
    """True when at least one line starts like an IOS global configuration command."""
    for raw in lines:
        if not raw or raw[0].isspace():
            continue
        word = raw.split(None, 1)[0].lower()
        if word in GLOBAL_HEADS or word in _HEADER:
            return True
    return False


# show-run headers and frequent global commands the mode tables do not need to know
_HEADER = frozenset(
    {"building", "current", "boot-start-marker", "boot-end-marker", "end", "mmi", "memory-size"}
)
