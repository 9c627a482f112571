"""Regex patterns as the lint rules use them: compiled once per process, with the literal text
every match must start with, so most lines are rejected by a ``startswith`` before any regex runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["MATCHERS", "alternates", "literal_prefix", "matcher"]

_META = frozenset(".^$*+?{}[]\\|()")
MATCHERS: dict[str, tuple[str, Callable[[str], object]]] = {}


def alternates(pattern: str) -> bool:
    """True when ``pattern`` may have a ``|`` outside any group (``^a|b`` matches ``xb``).

    Conservative: a pattern with both a character class and a ``|`` counts as one."""
    if "|" not in pattern:
        return False
    if "[" in pattern:
        return True
    depth = 0
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def literal_prefix(pattern: str) -> str:
    """The literal text every match of an anchored ``pattern`` starts with ("" when unknown).

    ``^ip address\\s+\\d`` -> ``ip address``; ``^encr(y(p...)?)?`` -> ``encr``. A text that does
    not start with it cannot match, so a ``startswith`` can skip the regex for most lines."""
    if not pattern.startswith("^") or alternates(pattern):
        return ""
    end = 1
    while end < len(pattern) and pattern[end] not in _META:
        end += 1
    if end < len(pattern) and pattern[end] in "?*{":  # the last literal may be absent
        end -= 1
    return pattern[1:end]


def matcher(pattern: str) -> tuple[str, Callable[[str], object]]:
    """``(literal prefix, search)`` for ``pattern``, cached across configs.

    The pattern is compiled on its first search, not here: on one config most patterns never
    get past their prefix, and compiling all of them was ~15 ms of a one-file lint.
    """
    hit = MATCHERS.get(pattern)
    if hit is None:
        if len(MATCHERS) > 4096:  # patterns built from interface names: keep memory bounded
            MATCHERS.clear()
        prefix = literal_prefix(pattern)
        hit = MATCHERS[pattern] = (prefix, _compiling(pattern, prefix))
    return hit


def _compiling(pattern: str, prefix: str) -> Callable[[str], object]:
    """A search that compiles ``pattern`` when first called and then puts the compiled
    search in :data:`MATCHERS` in its own place."""
    compiled: list[Callable[[str], object]] = []

    def search(text: str) -> object:
        if not compiled:
            compiled.append(re.compile(pattern).search)
            MATCHERS[pattern] = (prefix, compiled[0])
        return compiled[0](text)

    return search
