"""A light line tree of a config, so extractors work on plain text and numbers."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpngen.parse.parsed import parse_lines

__all__ = [
    "LEAF",
    "Node",
    "build_tree",
    "build_tree_lines",
    "ip_or_none",
    "lower_words",
    "mask_network",
    "wildcard_network",
    "words",
]


# The children of every line that has none: one shared empty tuple, never a list of its own.
# Most lines of a config are leaves, and a network's worth of empty lists was a tenth of the
# line tree's cost.
LEAF: tuple[Node, ...] = ()


@dataclass(slots=True)
class Node:
    """One config line: stripped text, 1-based line number, children (read-only)."""

    text: str
    line: int
    children: Sequence[Node] = LEAF

    def walk(self) -> list[Node]:
        """All descendants, depth first."""
        out: list[Node] = []
        for child in self.children:
            out.append(child)
            out.extend(child.walk())
        return out


def build_tree(text: str) -> list[Node]:
    """Top-level nodes of ``text``; blank and comment lines are dropped, numbering is kept."""
    from dmvpngen.parse.source import prepare

    return build_tree_lines(prepare(text)[1])


def build_tree_lines(lines: list[str]) -> list[Node]:
    """Top-level nodes of already normalised parser lines (see :mod:`dmvpngen.parse.source`).

    The hierarchy is ciscoconfparse2's (see :mod:`dmvpngen.parse.hierarchy`), parsed once per
    run (:func:`~dmvpngen.parse.parsed.parse_lines`).
    """
    hierarchy = parse_lines(lines)
    indents = hierarchy.indents
    # one Node per kept line, by index (a banner may list a line twice); None for the others
    nodes: list[Node | None] = [None] * len(lines)
    top: list[Node] = []
    for index, line in enumerate(lines):
        if line:  # blank lines are common: skip them before stripping
            body = line.strip()
            if body and body[0] != "!":
                node = nodes[index] = Node(body, index + 1)
                if not indents[index]:
                    top.append(node)
    # only parents have children: visit them, not every line
    for index, under in hierarchy.children.items():
        parent = nodes[index]
        if parent is not None:
            parent.children = [kid for kid in map(nodes.__getitem__, under) if kid is not None]
    return top


# The configs of a network repeat most of their lines (95 % of a 2,000-spoke network's), and
# splitting and lower-casing each line's words again was a sixth of the fact extraction. The
# words are kept as tuples and handed out as new lists, so no caller can change another's.
_WORDS: dict[str, tuple[str, ...]] = {}
_LOWER: dict[str, tuple[str, ...]] = {}
_WORDS_MAX = 1 << 16  # addresses make lines unique: stay bounded


def words(text: str) -> list[str]:
    """Whitespace-split words (``[""]`` for a blank text, as a regex split gives)."""
    hit = _WORDS.get(text)
    if hit is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        hit = _WORDS[text] = tuple(text.split()) or ("",)
    return list(hit)


def lower_words(text: str) -> list[str]:
    """:func:`words` of ``text``, each lower-cased."""
    hit = _LOWER.get(text)
    if hit is None:
        if len(_LOWER) >= _WORDS_MAX:
            _LOWER.clear()
        hit = _LOWER[text] = tuple(x.lower() for x in words(text))
    return list(hit)


# Addresses repeat across the configs of a network (the same gateways, ACLs, summaries): the
# helpers below are cached, which is safe as ipaddress objects are immutable.
_CACHED = functools.lru_cache(maxsize=1 << 16)


@_CACHED
def ip_or_none(text: str) -> IPv4Address | None:
    """An IPv4 address, or None when ``text`` is not one (a DNS name, 'dhcp', ...)."""
    try:
        return IPv4Address(text)
    except ValueError:
        return None


@_CACHED
def mask_network(addr: str, mask: str) -> IPv4Interface | None:
    """``'10.0.0.1', '255.255.255.0'`` -> IPv4Interface, None when malformed."""
    try:
        return IPv4Interface(f"{addr}/{mask}")
    except ValueError:
        return None


@_CACHED
def wildcard_network(addr: str, wildcard: str | None) -> IPv4Network | None:
    """A network from an address and a wildcard (or classful when no wildcard is given)."""
    try:
        base = IPv4Address(addr)
    except ValueError:
        return None
    if wildcard is None:
        first = int(base) >> 24
        plen = 8 if first < 128 else 16 if first < 192 else 24
        return IPv4Network(f"{base}/{plen}", strict=False)
    try:
        inverted = int(IPv4Address(wildcard)) ^ 0xFFFFFFFF
        mask = IPv4Address(inverted)
        return ipaddress.IPv4Network(f"{base}/{mask}", strict=False)
    except ValueError:
        return None
