"""One parse per config text, shared by lint, check and import within a run.

:func:`parse_text` is the single entry point from a config's text (as read and decoded from the
user's file) to its lines and hierarchy. Whatever reads the file sits in front of it; the cache
keys on the text that reaches it, so a file read twice in one run, or two identical configs, are
split, normalised and walked once.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass

from dmvpngen.lint.normalise import normalise
from dmvpngen.parse.hierarchy import Hierarchy, build_hierarchy

__all__ = ["PARSER_VARIABLE", "ParsedText", "clear_cache", "parse_text", "prepare"]

# Set to "ciscoconfparse2" to take every hierarchy from the library rather than the in-house walk.
PARSER_VARIABLE = "DMVPNGEN_PARSER"

# How much config text the cache keeps (characters, summed over entries), least recently used
# entries going first. A cached parse costs about four times its text in memory (the check of a
# 2,000-spoke network, 10 MB of configs, peaks 38 MB higher with all of them cached), so the
# bound serves a file read again within a run without holding a whole network's lines.
CACHE_CHARS = 4 * 1024 * 1024

_CACHE: OrderedDict[tuple[bool, str], ParsedText] = OrderedDict()
_cached_chars = 0


@dataclass(frozen=True, slots=True)
class ParsedText:
    """A config's lines and their hierarchy; line ``i`` (0-based) is the user's line ``i + 1``.

    ``raw_lines`` are the user's lines with only BOM, CR and tabs cleaned; ``lines`` are what
    the hierarchy was built from: paste-script commands and banner bodies turned into comments,
    abbreviations expanded (:func:`dmvpngen.lint.normalise.normalise`). Both have the same
    length, so a line number means the same line in either.
    """

    raw_lines: list[str]
    lines: list[str]
    hierarchy: Hierarchy


def prepare(text: str) -> tuple[list[str], list[str]]:
    """``(raw_lines, parser_lines)``: the user's lines (BOM, CR and tabs cleaned, numbering
    kept) and the normalised lines the hierarchy is built from (see :func:`normalise`)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    raw_lines = text.split("\n")
    return raw_lines, normalise(raw_lines)


def parse_text(text: str) -> ParsedText:
    """The lines and hierarchy of config ``text``, parsed once per run (cached on the text)."""
    global _cached_chars
    library = os.environ.get(PARSER_VARIABLE, "").lower() == "ciscoconfparse2"
    key = (library, text)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    raw_lines, lines = prepare(text)
    if library:
        from dmvpngen.parse.library import library_hierarchy

        parsed = ParsedText(raw_lines, lines, library_hierarchy(lines))
    else:
        parsed = ParsedText(raw_lines, lines, build_hierarchy(lines))
    if len(text) <= CACHE_CHARS:
        _CACHE[key] = parsed
        _cached_chars += len(text)
        while _cached_chars > CACHE_CHARS:
            (_, old), _ = _CACHE.popitem(last=False)
            _cached_chars -= len(old)
    return parsed


def clear_cache() -> None:
    """Forget every cached parse (benchmarks time cold parses; tests start clean)."""
    global _cached_chars
    _CACHE.clear()
    _cached_chars = 0
