"""Banners as IOS takes them: on one line, or in text mode until the delimiter comes back.

IOS (Configuration Fundamentals Command Reference, ``banner motd``): ``banner motd #`` answers
``Enter TEXT message.  End with the character '#'.``, then reads raw lines, printing no prompt,
until a line holding the delimiter; the text typed after the first delimiter, line breaks
included, is the message. ``show running-config`` prints every banner between ``^C`` marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.fakeios.config import Node

__all__ = ["BannerInput", "start_banner", "store_banner"]

_START = re.compile(r"^banner (motd|login|exec|incoming) (\^C|\S)(.*)$")


@dataclass
class BannerInput:
    """A banner being typed in text mode."""

    kind: str
    delim: str
    text: list[str] = field(default_factory=list)

    def feed(self, line: str) -> str | None:
        """Take one raw line; the whole message once the delimiter is reached, else None."""
        if self.delim in line:
            self.text.append(line[: line.index(self.delim)])
            return "\n".join(self.text)
        self.text.append(line)
        return None


def start_banner(line: str) -> tuple[str, str] | BannerInput | None:
    """``(kind, message)`` for a one-line banner, a :class:`BannerInput` when the line opens
    text mode, None when ``line`` is no banner command."""
    match = _START.match(line)
    if match is None:
        return None
    kind, delim, tail = match.groups()
    if delim in tail:
        return kind, tail[: tail.index(delim)]
    return BannerInput(kind, delim, [tail])


def store_banner(root: Node, kind: str, message: str) -> None:
    """Replace the ``kind`` banner (one per kind, as on IOS), kept as shown: ``^C`` marks."""
    root.children = [c for c in root.children if not c.text.startswith(f"banner {kind} ")]
    root.children.append(Node(f"banner {kind} ^C{message}^C"))
