"""The parent/child structure of an IOS config, exactly as ciscoconfparse2 builds it, at a
fraction of its cost.

ciscoconfparse2 (``CiscoConfParse(lines, syntax="ios", ignore_blank_lines=False)``) defines
which line is a child of which: its ``ConfigList.bootstrap`` walks the lines once with a cache
of parents by indent, then re-parents banner bodies and macro bodies. That walk is cheap; what
makes the library cost ~60 µs per line is the object model around it (every method of every
line object wrapped in ``loguru.logger.catch``, traitlets, checkpoints) and ~0.7 s of import
(typeguard re-compiles its modules at import time). :func:`build_hierarchy` replays the same
walk on plain lists of integers, so lint, check and import get the library's hierarchy without
paying for its objects. ``tests/parse/test_hierarchy.py`` holds it to the library line by line
on every corpus config, every lint fixture and random configs, and ``DMVPNGEN_PARSER=
ciscoconfparse2`` has every command take the hierarchy from the library itself
(:mod:`dmvpngen.parse.library`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import cast

__all__ = ["NO_PARENT", "Hierarchy", "build_hierarchy", "shape_of"]

NO_PARENT = -1

# ciscoconfparse2 ConfigList._build_banner_re_ios: the lines that open a banner. It searches,
# so 'aaa authentication fail-message' matches anywhere in a line (it never finds a delimiter,
# as the next pattern requires 'banner').
_BANNER_KINDS = ("login", "motd", "incoming", "exec", "telnet", "lcd")
_BANNER_OPEN = re.compile(
    "|".join(
        [rf"^(set\s+)*banner\s+{kind}" for kind in _BANNER_KINDS]
        + ["aaa authentication fail-message"]
    )
)
# ciscoconfparse2 ConfigList._banner_mark_regex: the delimiter is the first non-blank character
# after the banner keyword ("banner motd d message d": "d" is a delimiting character of your
# choice, Cisco IOS Configuration Fundamentals Command Reference, banner motd).
_BANNER_DELIMITER = re.compile(r"^(?:(?:set\s+)*banner\s\w+\s+(\S))")


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """Who is whose parent, by 0-based line index.

    ``parents[i]`` is the index of line ``i``'s parent, or :data:`NO_PARENT`. ``children`` maps
    a parent index to its children in the order ciscoconfparse2 lists them (a banner line whose
    body is also indented lists those lines twice, as the library does). ``indents[i]`` is the
    number of leading whitespace characters of line ``i``.
    """

    parents: list[int]
    children: dict[int, list[int]]
    indents: list[int]


def build_hierarchy(lines: list[str]) -> Hierarchy:
    """The hierarchy ciscoconfparse2 gives ``lines`` (IOS syntax, blank lines kept)."""
    count = len(lines)
    parents = [NO_PARENT] * count
    indents = [0] * count
    config = [False] * count  # a config line: neither blank nor a '!' comment
    children: dict[int, list[int]] = {}
    cache: dict[int, int] = {}  # indent -> the parent a line at that indent had last
    max_indent = 0  # deepest indent since the last top-level config line; 0 => cache empty
    macros: list[int] = []
    for idx, text in enumerate(lines):
        body = text.lstrip()
        indent = len(text) - len(body)
        is_config = is_comment = False
        if body:
            is_comment = body[0] == "!"
            config[idx] = is_config = not is_comment
        if indent == 0:
            # Most lines. A top-level config line closes every open block; nothing at the
            # margin has a parent.
            if is_config:
                if max_indent:
                    cache.clear()
                    max_indent = 0
                if body[0] == "m" and body.startswith("macro name "):
                    macros.append(idx)
            continue
        indents[idx] = indent
        parent = NO_PARENT
        if is_config and indent < max_indent:
            # the block went back out: forget the parents of deeper (or equal) lines
            for level in [level for level in cache if level >= indent]:
                del cache[level]
        else:
            parent = cache.get(indent, NO_PARENT)
        if parent == NO_PARENT:
            # the nearest config line above with a smaller indent
            for above in range(idx - 1, -1, -1):
                if indents[above] < indent and config[above]:
                    parent = cache[indent] = above
                    break
        # ciscoconfparse2 never makes a comment the child of anything when the line above it is
        # indented deeper than the comment
        if parent != NO_PARENT and not (is_comment and indents[idx - 1] > indent):
            parents[idx] = parent
            kids = children.get(parent)
            if kids is None:
                children[parent] = [idx]
            else:
                kids.append(idx)
        if indent > max_indent:
            max_indent = indent
    _mark_banners(lines, parents, children)
    if macros:
        _mark_macros(lines, macros, parents, children)
    return Hierarchy(parents, children, indents)


def _adopt(parent: int, child: int, parents: list[int], children: dict[int, list[int]]) -> None:
    # As the library does it: the child keeps its place in an earlier parent's list.
    children.setdefault(parent, []).append(child)
    parents[child] = parent


def _mark_banners(lines: list[str], parents: list[int], children: dict[int, list[int]]) -> None:
    """Banner bodies, up to and including the line holding the closing delimiter, become
    children of the banner line."""
    for start, text in enumerate(lines):
        # every line the pattern finds holds one of these words: skip the regex for the others
        if "banner" not in text and "fail-message" not in text:
            continue
        delimiter = _open_banner(text)
        if delimiter is None:
            continue
        for idx in range(start + 1, len(lines)):
            _adopt(start, idx, parents, children)
            if delimiter in lines[idx].strip():
                break


# A pure function of the line; a network's configs repeat their banner lines.
@functools.lru_cache(maxsize=4096)
def _open_banner(text: str) -> str | None:
    """The delimiter when ``text`` opens a banner whose body runs on below it, else None."""
    if not _BANNER_OPEN.search(text):
        return None
    match = _BANNER_DELIMITER.search(text)
    if match is None:
        return None
    delimiter = match.group(1)
    if len(text.split(delimiter)) > 2:  # opened and closed on the one line
        return None
    return delimiter


def shape_of(lines: list[str], text: str) -> tuple[tuple[int, str], ...] | None:
    """What :func:`build_hierarchy` reads of ``lines`` (``text``: the lines joined by line
    feeds), when that is only each line's indentation and first character; None when it reads
    more (a macro, or a banner whose body runs on below its line).

    Exact: the walk reads of a line only its indentation, whether its stripped text is empty
    or starts with ``!``, and (at the margin) whether it starts with ``macro name``;
    :func:`_mark_banners` changes nothing for a banner opened and closed on its own line, and
    :func:`_mark_macros` runs only when a macro was found. So two configs with equal shapes have
    equal hierarchies (the configs of a network differ in their addresses and names, not in
    their layout), which ``tests/parse/test_hierarchy_shapes.py`` holds on every config the
    tests hold and on random ones.
    """
    if "macro name " in text:
        return None
    for word in ("banner", "fail-message"):
        at = text.find(word)
        while at >= 0:
            line = lines[text.count("\n", 0, at)]
            if _open_banner(line) is not None:
                return None
            at = text.find(word, at + len(word))
    # each line's (indentation, first character) from a memo in one C-level sweep: the configs
    # of a network repeat most of their lines; the few it has not seen are worked out after
    shape = list(map(_LINE_SHAPES.get, lines))
    if None in shape:
        if len(_LINE_SHAPES) >= _LINE_SHAPES_MAX:  # addresses make lines unique: stay bounded
            _LINE_SHAPES.clear()
        for index, known in enumerate(shape):
            if known is None:
                line = lines[index]
                body = line.lstrip()
                shape[index] = _LINE_SHAPES[line] = (len(line) - len(body), body[:1])
    return tuple(cast("list[tuple[int, str]]", shape))


_LINE_SHAPES: dict[str, tuple[int, str]] = {}
_LINE_SHAPES_MAX = 1 << 16


def _mark_macros(
    lines: list[str], macros: list[int], parents: list[int], children: dict[int, list[int]]
) -> None:
    """``macro name`` bodies, up to and including the closing ``@``, become children of the
    macro line. (The library fails on a macro that is never closed; here it ends the file.)"""
    for start in macros:
        for idx in range(start + 1, len(lines)):
            _adopt(start, idx, parents, children)
            if lines[idx].rstrip() == "@":
                break
