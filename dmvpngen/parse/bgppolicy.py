"""BGP policy terms read by route maps: communities as IOS prints them, community-list
entries, and IOS regular expressions (AS-path access lists, expanded community lists).

Cisco "IP Routing: BGP Configuration Guide", *BGP Community*: a standard community-list entry
lists communities a route must all carry (``internet`` matches every route); an expanded one is
a regular expression matched against the route's communities; entries in order, the first that
matches decides, implicit deny. Communities leave a router only towards neighbours configured
with ``neighbor X send-community`` (Cisco "BGP Case Studies", document 26634).
"""

from __future__ import annotations

import functools
import re

__all__ = ["CommunityEntry", "community", "community_entry", "community_order", "ios_regex"]

# (permit, expanded, the communities of a standard entry or (regular expression,))
CommunityEntry = tuple[bool, bool, tuple[str, ...]]


# the well-known communities as IOS prints them (RFC 1997; 'local-AS' is Cisco's name for
# NO_EXPORT_SUBCONFED)
_WELL_KNOWN = {
    "internet": "internet",
    "no-export": "no-export",
    "no-advertise": "no-advertise",
    "local-as": "local-AS",
    "gshut": "gshut",
}


def community(text: str) -> str | None:
    """A community as IOS prints it with ``ip bgp-community new-format``: ``AA:NN`` (a 32-bit
    number is split into its two halves), or a well-known name; None when ``text`` is none."""
    low = text.lower()
    if low in _WELL_KNOWN:
        return _WELL_KNOWN[low]
    if ":" in low:
        high, _, value = low.partition(":")
        if high.isdigit() and value.isdigit():
            return f"{int(high)}:{int(value)}"
        return None
    if low.isdigit():
        number = int(low)
        return f"{number >> 16}:{number & 0xFFFF}"
    return None


def community_order(c: str) -> tuple[int, int, str]:
    high, _, low = c.partition(":")
    if high.isdigit() and low.isdigit():
        return (0, int(high) * 65536 + int(low), c)
    return (1, 0, c)


def community_entry(w: list[str], low: list[str]) -> tuple[str, CommunityEntry] | None:
    """``ip community-list standard|expanded NAME permit|deny ...`` and the numbered forms
    (1-99 standard, 100-500 expanded): the list's name and the entry."""
    rest, lrest = w[2:], low[2:]
    if lrest[0] in {"standard", "expanded"}:
        expanded, name, rest, lrest = lrest[0] == "expanded", rest[1], rest[2:], lrest[2:]
    elif rest[0].isdigit():
        expanded, name, rest, lrest = int(rest[0]) >= 100, rest[0], rest[1:], lrest[1:]
    else:
        return None
    if not rest or lrest[0] not in {"permit", "deny"}:
        return None
    permit = lrest[0] == "permit"
    if expanded:
        value: tuple[str, ...] = (" ".join(rest[1:]),)
    else:
        value = tuple(c for x in rest[1:] if (c := community(x)) is not None)
    return name, (permit, expanded, value)


@functools.lru_cache(maxsize=256)
def ios_regex(pattern: str) -> re.Pattern[str]:
    """An IOS regular expression as Python's: ``_`` stands for a delimiter (space, comma, a
    brace or parenthesis, the start or the end of the string), Cisco document 13754 "Using
    Regular Expressions in BGP"; the rest is POSIX-like and reads the same."""
    try:
        return re.compile(pattern.replace("_", r"(?:^|$|[ ,{}()])"))
    except re.error:
        return re.compile(r"(?!)")  # a pattern IOS would refuse matches nothing
