"""Inline suppressions: ``! dmvpngen: ignore[CODE,...] reason``.

A suppression comment applies to the next config line; when that line opens a block (an
unindented line followed by indented ones) it covers the whole block. Placed before the first
config line of the file it covers the whole file, including whole-file (line 0) findings.
Codes may be given in full (``CRY016``) or as a prefix (``CRY``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Suppression", "find_suppressions"]

_COMMENT = re.compile(r"^\s*!\s*dmvpngen:\s*ignore\[([A-Za-z0-9,\s]+)\]\s*(.*?)\s*$")


@dataclass(frozen=True)
class Suppression:
    """Codes ignored from ``first`` to ``last`` (1-based, inclusive); file-wide when first = 0."""

    codes: tuple[str, ...]
    first: int
    last: int
    reason: str
    line: int  # where the comment is

    def covers(self, code: str, line: int) -> bool:
        """True when this suppression hides ``code`` at ``line``."""
        if not any(code.startswith(c) for c in self.codes):
            return False
        return self.first == 0 or self.first <= line <= self.last


def _is_config(raw: str) -> bool:
    text = raw.strip()
    return bool(text) and not text.startswith("!")


def find_suppressions(lines: list[str]) -> list[Suppression]:
    """Every suppression comment in ``lines`` with the range it covers."""
    out: list[Suppression] = []
    if "dmvpngen" not in "\n".join(lines):  # the usual case, found by one C-level search
        return out
    seen_config = False
    for index, raw in enumerate(lines):
        match = _COMMENT.match(raw)
        if match is None:
            seen_config = seen_config or _is_config(raw)
            continue
        codes = tuple(c.strip().upper() for c in match.group(1).split(",") if c.strip())
        if not seen_config:
            out.append(Suppression(codes, 0, len(lines), match.group(2), index + 1))
            continue
        target = next((i for i in range(index + 1, len(lines)) if _is_config(lines[i])), None)
        if target is None:
            continue
        last = target
        if not lines[target][:1].isspace():
            for i in range(target + 1, len(lines)):
                if lines[i][:1].isspace() or not lines[i].strip():
                    last = i if lines[i].strip() else last
                    continue
                break
        out.append(Suppression(codes, target + 1, last + 1, match.group(2), index + 1))
    return out
