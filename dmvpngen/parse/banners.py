"""Banner bodies: text between delimiters that must never be read as config.

``banner motd ^C`` opens a body that runs to the next line holding the delimiter. The scan is
linear: each delimiter's lines are indexed once, so a file of many banners stays cheap.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["banner_bodies"]

_BANNER = re.compile(
    r"^\s*banner\s+(motd|login|exec|incoming|slip-ppp|prompt-timeout|config-save)\s+(\^C|\S)"
)


def banner_bodies(lines: list[str]) -> set[int]:
    """0-based indexes of banner body lines (the opening and closing lines are not included)."""
    body: set[int] = set()
    where: dict[str, list[int]] = {}
    index = 0
    while index < len(lines):
        raw = lines[index]
        match = _BANNER.match(raw) if "banner" in raw else None
        if match is None:
            index += 1
            continue
        delim = match.group(2)
        if delim in raw[match.end() :]:  # one-line banner
            index += 1
            continue
        found = where.get(delim)
        if found is None:
            found = where[delim] = [i for i, text in enumerate(lines) if delim in text]
        at = bisect.bisect_right(found, index)
        if at == len(found):  # never closed: leave the lines to the parser
            index += 1
            continue
        close = found[at]
        body.update(range(index + 1, close))
        index = close + 1
    return body
