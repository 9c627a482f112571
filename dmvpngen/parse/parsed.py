"""One parse per config, shared by lint, check and import within a run.

:func:`parse_lines` is the single way from the lines a config gives the parser (the normalised
lines of :class:`~dmvpngen.parse.source.ConfigSource`, or of
:func:`~dmvpngen.parse.source.prepare` for text known to be a config) to their hierarchy. What
reads, classifies and normalises the file sits in front of it; the cache keys on the text that
reaches the parser, so a file read twice in one run, or two identical configs, are walked once.
"""

from __future__ import annotations

import os
from collections import OrderedDict

from dmvpngen.parse.hierarchy import Hierarchy, build_hierarchy, shape_of

__all__ = ["PARSER_VARIABLE", "clear_cache", "parse_lines"]

# Set to "ciscoconfparse2" to take every hierarchy from the library rather than the in-house walk.
PARSER_VARIABLE = "DMVPNGEN_PARSER"

# How much config text the cache keeps (characters, summed over entries), least recently used
# entries going first. A cached parse costs about four times its text in memory (the check of a
# 2,000-spoke network, 10 MB of configs, peaks 38 MB higher with all of them cached), so the
# bound serves a file read again within a run without holding a whole network's lines.
CACHE_CHARS = 4 * 1024 * 1024

_CACHE: OrderedDict[tuple[bool, str], Hierarchy] = OrderedDict()
_cached_chars = 0


def parse_lines(lines: list[str]) -> Hierarchy:
    """The hierarchy of the parser ``lines``, parsed once per run (cached on their text).

    The hierarchy is shared: callers read it and never change it.
    """
    global _cached_chars
    library = os.environ.get(PARSER_VARIABLE, "").lower() == "ciscoconfparse2"
    text = "\n".join(lines)
    key = (library, text)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    if library:
        from dmvpngen.parse.library import library_hierarchy

        parsed = library_hierarchy(lines)
    else:
        parsed = _by_shape(lines, text)
    if len(text) <= CACHE_CHARS:
        _CACHE[key] = parsed
        _cached_chars += len(text)
        while _cached_chars > CACHE_CHARS:
            (_, old), _ = _CACHE.popitem(last=False)
            _cached_chars -= len(old)
    return parsed


# Hierarchies by layout (:func:`~dmvpngen.parse.hierarchy.shape_of`): the configs of a network
# share a handful of layouts (a hub's, a spoke's), so the walk runs once per layout. Bounded by
# count, least recently used first; a key costs a tuple as long as the config.
SHAPES_KEPT = 64
_SHAPES: OrderedDict[tuple[tuple[int, str], ...], Hierarchy] = OrderedDict()


def _by_shape(lines: list[str], text: str) -> Hierarchy:
    """:func:`build_hierarchy` of ``lines``, walked once per layout."""
    shape = shape_of(lines, text)
    if shape is None:
        return build_hierarchy(lines)
    hit = _SHAPES.get(shape)
    if hit is not None:
        _SHAPES.move_to_end(shape)
        return hit
    parsed = _SHAPES[shape] = build_hierarchy(lines)
    if len(_SHAPES) > SHAPES_KEPT:
        _SHAPES.popitem(last=False)
    return parsed


def clear_cache() -> None:
    """Forget every cached parse (benchmarks time cold parses; tests start clean)."""
    global _cached_chars
    _CACHE.clear()
    _SHAPES.clear()
    _cached_chars = 0
