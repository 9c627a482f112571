"""A light line tree of a config, so extractors work on plain text and numbers."""

from __future__ import annotations

import functools
import ipaddress
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, ip_address

from dmvpngen.parse.dotted import ipv4_int
from dmvpngen.parse.hierarchy import Hierarchy
from dmvpngen.parse.parsed import parse_lines

__all__ = [
    "LEAF",
    "Node",
    "PackedTree",
    "TreeParts",
    "addr_or_none",
    "build_tree",
    "build_tree_lines",
    "ip_or_none",
    "lower_words",
    "mask_network",
    "pack_parts",
    "tree_from_packed",
    "tree_from_parts",
    "tree_parts",
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
    run (:func:`~dmvpngen.parse.parsed.parse_lines`). ``lines`` hold no line feed (every reader
    splits on them), as the parse cache requires.
    """
    return tree_from_parts(tree_parts(lines))


def tree_parts(lines: list[str]) -> TreeParts:
    """The plan and the kept lines' stripped texts of the tree of parser ``lines``."""
    plan = _plan(lines, parse_lines(lines))
    return plan, tuple(map(str.strip, _picked(lines, plan[0]))) if plan[0] else ()


def tree_from_parts(parts: TreeParts) -> list[Node]:
    """Top-level nodes built from :func:`tree_parts`: the tree :func:`build_tree_lines` gives."""
    (kept, numbers, top, parents), bodies = parts
    if not kept:
        return []
    # one Node per kept line, in file order; C-level sweeps, no Python code per line but the
    # dataclass's own __init__
    nodes = list(map(Node, bodies, numbers))
    take = nodes.__getitem__
    for parent, kids in parents:
        nodes[parent].children = list(map(take, kids))
    return list(map(take, top))


def pack_parts(parts: TreeParts) -> PackedTree:
    """``parts`` with the kept lines' texts joined by line feeds: one string to send to another
    process instead of one per line (pickling and unpickling ~200 strings per config was most
    of what a parse child sent). Texts holding a line feed themselves, which no reader makes
    (every one splits its input on line feeds), stay as they are."""
    plan, bodies = parts
    joined = "\n".join(bodies)
    if joined.count("\n") != max(len(bodies) - 1, 0):
        return plan, bodies
    return plan, joined


def tree_from_packed(packed: PackedTree) -> list[Node]:
    """The tree of :func:`pack_parts`'s ``packed``: the one :func:`tree_from_parts` builds."""
    plan, bodies = packed
    if isinstance(bodies, str):
        return tree_from_parts((plan, tuple(bodies.split("\n")) if plan[0] else ()))
    return tree_from_parts((plan, bodies))


def _picked(items: list[str], indexes: tuple[int, ...]) -> tuple[str, ...]:
    """``items`` at ``indexes`` (at least one), in one C call."""
    got = operator.itemgetter(*indexes)(items)
    return got if len(indexes) > 1 else (got,)


# What the line tree takes of a hierarchy, by the hierarchy object: which lines become nodes
# (with their numbers), which are at the top, and each parent's children, as positions among the
# nodes. It depends on the hierarchy and on which lines are blank or comments alone, and a
# hierarchy object is handed out again only for the same text or the same layout
# (:func:`~dmvpngen.parse.parsed.parse_lines`; a layout fixes which lines are blank or comments,
# :func:`~dmvpngen.parse.hierarchy.shape_of`): so the configs of a network, which share a few
# layouts, work it out once per layout and only strip and wrap their lines. Each entry holds its
# hierarchy, so an id is never reused while its entry lives.
_Plan = tuple[
    tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[tuple[int, tuple[int, ...]], ...]
]
# A line tree as its layout's plan (one object shared by every config of that layout) and the
# stripped text of each kept line: what another process needs to build the same tree
# (:func:`tree_from_parts`), at a fraction of the cost of sending the nodes themselves.
TreeParts = tuple[_Plan, tuple[str, ...]]
# The same with the texts joined by line feeds (:func:`pack_parts`).
PackedTree = tuple[_Plan, str | tuple[str, ...]]
_PLANS: dict[int, tuple[Hierarchy, _Plan]] = {}
_PLANS_KEPT = 256


def _plan(lines: list[str], hierarchy: Hierarchy) -> _Plan:
    hit = _PLANS.get(id(hierarchy))
    if hit is not None and hit[0] is hierarchy:
        return hit[1]
    indents = hierarchy.indents
    position: dict[int, int] = {}  # line index -> its node's position
    kept: list[int] = []
    top: list[int] = []
    for index, line in enumerate(lines):
        if line:  # blank lines are common: skip them before stripping
            body = line.strip()
            if body and body[0] != "!":
                position[index] = len(kept)
                if not indents[index]:
                    top.append(len(kept))
                kept.append(index)
    # only parents have children; a parent whose children are all comments gets an empty list
    # of its own, a line without children the shared LEAF
    parents = tuple(
        (position[index], tuple(position[kid] for kid in under if kid in position))
        for index, under in hierarchy.children.items()
        if index in position
    )
    plan = (tuple(kept), tuple(i + 1 for i in kept), tuple(top), parents)
    if len(_PLANS) >= _PLANS_KEPT:
        _PLANS.clear()
    _PLANS[id(hierarchy)] = (hierarchy, plan)
    return plan


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
    # the integer form, read once (exact: dotted.ipv4_int accepts only what ipaddress accepts,
    # and gives the same integer); anything else goes to ipaddress itself
    value = ipv4_int(text)
    if value is not None:
        return IPv4Address(value)
    try:
        return IPv4Address(text)
    except ValueError:
        return None


def addr_or_none(text: str) -> IPv4Address | IPv6Address | None:
    """An IPv4 or IPv6 address (an NBMA address of either transport), or None."""
    try:
        return ip_address(text)
    except ValueError:
        return None


@_CACHED
def mask_network(addr: str, mask: str) -> IPv4Interface | None:
    """``'10.0.0.1', '255.255.255.0'`` -> IPv4Interface, None when malformed."""
    value = ipv4_int(addr)
    prefix = _prefix_of(mask) if value is not None else None
    if prefix is not None:
        # the same interface as from the text: IPv4Interface reads 'A/M' as the pair (A, M)
        # and M through the network's mask reading, which _prefix_of runs on M alone
        return IPv4Interface((value, prefix))
    try:
        return IPv4Interface(f"{addr}/{mask}")
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def _prefix_of(mask: str) -> int | None:
    """The prefix length ``ipaddress`` reads from a mask (a netmask, a hostmask or a length),
    None when it refuses it (or it holds a '/', which makes 'A/M' a refused text)."""
    if "/" in mask:
        return None
    try:
        return IPv4Network(f"0.0.0.0/{mask}").prefixlen
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
