"""What ciscoconfparse2 is given: a config with paste-script commands and banner bodies turned
into comments and common abbreviations expanded. Line count and numbering never change, so every
finding still points at the user's own line."""

from __future__ import annotations

import re

__all__ = ["normalise"]

# Lines a paste script carries that are not config: they become comments (numbering is kept).
_PASTE = re.compile(
    r"^\s*(conf(ig(ure)?)?(\s+t(erm(inal)?)?)?|end|wr(ite)?(\s+mem(ory)?)?"
    r"|copy run\S* start\S*)\s*$",
    re.IGNORECASE,
)
_BANNER = re.compile(r"^banner\s+(motd|login|exec|incoming|slip-ppp|prompt-timeout)\s+(\^C|\S)")
# First characters a paste-script line can start with (checked before the regex, per line).
_PASTE_HEADS = frozenset("ceCEwW")
# Top-level abbreviations common in paste scripts, expanded so rules see the full keyword.
_ABBREV = (("interface", 3),)


def normalise(lines: list[str]) -> list[str]:
    """What ciscoconfparse2 is given: paste-script commands and banner bodies turned into
    comments (so banner text is never read as config), abbreviations expanded. Line count and
    numbering never change."""
    out: list[str] = []
    delim: str | None = None
    for index, raw in enumerate(lines):
        if delim is not None:
            if delim in raw:  # the closing line stays: ciscoconfparse2 ends the banner on it
                delim = None
                out.append(raw)
            else:
                out.append("!")
            continue
        if raw and raw.isspace():  # a blank line, however indented, is not a child of anything
            out.append("")
            continue
        first = raw[:1]
        if first.isspace():  # a child line: paste commands may be indented too
            first = raw.lstrip()[:1]
        if first in _PASTE_HEADS and _PASTE.match(raw):
            out.append("!")
            continue
        match = _BANNER.match(raw) if first == "b" and raw.startswith("banner") else None
        if match:
            delim = match.group(2)
            rest = raw[match.end() :]
            if delim in rest or not any(delim in later for later in lines[index + 1 :]):
                delim = None  # one-line banner, or never closed: leave the lines to the parser
            out.append(raw)
            continue
        if first in "iI" and raw[:3].lower() == "int" and not raw.startswith("interface "):
            first, _, rest = raw.partition(" ")
            low = first.lower()
            for full, minimum in _ABBREV:
                if len(low) >= minimum and full.startswith(low) and low != full:
                    raw = f"{full} {rest}"
        out.append(raw)
    return out
