"""Banner bodies: text between delimiters that must never be read as config.

``banner motd ^C`` opens a body that runs to the next line holding the delimiter. The scan is
linear: each delimiter's lines are indexed once, so a file of many banners stays cheap.
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import compress, repeat

__all__ = ["banner_bodies", "exec_output", "skipped_lines"]

_BANNER = re.compile(
    r"^\s*banner\s+(motd|login|exec|incoming|slip-ppp|prompt-timeout|config-save)\s+(\^C|\S)"
)


def banner_bodies(lines: list[str]) -> set[int]:
    """0-based indexes of banner body lines (the opening and closing lines are not included)."""
    body: set[int] = set()
    where: dict[str, list[int]] = {}
    after = 0  # lines before this one are inside a body already found
    # only a line holding the word opens a banner: visit those
    for index in _holding(lines, "banner"):
        if index < after:
            continue
        raw = lines[index]
        match = _BANNER.match(raw)
        if match is None:
            continue
        delim = match.group(2)
        if delim in raw[match.end() :]:  # one-line banner
            continue
        found = where.get(delim)
        if found is None:
            found = where[delim] = _holding(lines, delim)
        at = bisect.bisect_right(found, index)
        if at == len(found):  # never closed: leave the lines to the parser
            continue
        close = found[at]
        body.update(range(index + 1, close))
        after = close + 1
    return body


_EXEC_PROMPT = re.compile(r"^\s*[A-Za-z][\w.-]{0,62}[#>]\s*(.*)$")
# exec commands after which configuration text follows (a captured 'show running-config')
_SHOWS_CONFIG = re.compile(
    r"^(?:sh(?:o(?:w)?)?\s+(?:run|runn|runni|runnin|running|running-config|star|start"
    r"|startup|startup-config)\S*|more\s+\S*(?:running|startup)-config|conf\S*(?:\s+t\S*)?)?\s*$",
    re.IGNORECASE,
)


def exec_output(lines: list[str]) -> set[int]:
    """0-based indexes of exec prompts (``R1#show dmvpn``) and the output that follows them.

    Captured sessions put ``show`` output after the config; it runs to the next prompt. After
    ``R1#show running-config`` or ``R1#conf t`` configuration text follows, so only the prompt
    line itself is left out.
    """
    out: set[int] = set()
    skipping = False
    last = -1  # the last prompt
    # only a line holding '#' or '>' is a prompt: visit those, and add the lines between two
    # prompts in one step when the first one's output is skipped
    for index in sorted({*_holding(lines, "#"), *_holding(lines, ">")}):
        raw = lines[index]
        match = _EXEC_PROMPT.match(raw)
        if match is not None and " " not in raw.strip().split("#")[0].split(">")[0]:
            if skipping:
                out.update(range(last + 1, index))
            out.add(index)
            skipping = _SHOWS_CONFIG.match(match.group(1)) is None
            last = index
    if skipping:
        out.update(range(last + 1, len(lines)))
    return out


def _holding(lines: list[str], part: str) -> list[int]:
    """Indexes of the lines holding ``part``, in order: the same as a comprehension testing
    ``part in line``, swept at C level (every config read runs these scans over every line)."""
    return list(compress(range(len(lines)), map(operator.contains, lines, repeat(part))))


def skipped_lines(lines: list[str]) -> set[int]:
    """Lines that are never configuration: banner bodies, exec prompts and their output."""
    return banner_bodies(lines) | exec_output(lines)
