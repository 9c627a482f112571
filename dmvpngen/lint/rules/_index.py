"""Shared, one-pass index of a config for the management, control, data-plane and logging rules.

Many rules ask "is there a global line starting with X?". Asking ciscoconfparse2 58 times per file
costs more than the parse itself, so the first rule that runs builds an :class:`Index` (one walk
over the config's lines) and every later rule reads it from a per-view cache.

Text is normalised once: lower case, single spaces, the common abbreviations and alternative
spellings folded (``int`` -> ``interface``, ``ip domain-lookup`` -> ``ip domain lookup``).
Banner bodies and comments are left out, so a banner that says ``ip http server`` is not a finding.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

from dmvpngen.lint.line import LEAF
from dmvpngen.lint.rules._text import (
    _FOLD_STARTS,
    _banner_end,
    _fold,
    canon_ifname,
    is_loopback,
    norm,
)
from dmvpngen.lint.view import ConfigView, Line

__all__ = [
    "Entry",
    "Index",
    "Intf",
    "canon_ifname",
    "index",
    "is_loopback",
    "norm",
]


class Entry(Line):
    """A config line together with its normalised text and words.

    An :class:`Line` itself (``entry.line`` is the entry), so the index builds one object per
    config line rather than two. Equality and hashing use (number, text, norm).
    """

    __slots__ = ("norm",)

    def __init__(self, number: int, text: str, norm: str) -> None:
        self.number = number  # 1-based line number
        self.text = text
        self.kids = LEAF
        self.norm = norm

    @property
    def line(self) -> Line:
        """The config line (number and text as written)."""
        return self

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Entry)
        return (self.number, self.text, self.norm) == (other.number, other.text, other.norm)

    def __hash__(self) -> int:
        return hash((self.number, self.text, self.norm))

    def __repr__(self) -> str:
        return f"Entry(line=Line(number={self.number!r}, text={self.text!r}), norm={self.norm!r})"

    @property
    def words(self) -> list[str]:
        """Normalised words."""
        return self.norm.split(" ")

    @property
    def raw_words(self) -> list[str]:
        """Words as written (case kept: community strings, names)."""
        return self.text.split()


@dataclass(slots=True)
class Block:
    """A parent line and its (normalised) children, merged over repeated blocks."""

    entry: Entry
    children: list[Entry] = field(default_factory=list)

    @property
    def number(self) -> int:
        """Line of the (first) parent line."""
        return self.entry.number

    def find(self, prefix: str) -> Entry | None:
        """First child whose normalised text starts with ``prefix``."""
        for child in self.children:
            if child.norm.startswith(prefix):
                return child
        return None

    def has(self, prefix: str) -> bool:
        """True when a child starts with ``prefix``."""
        return self.find(prefix) is not None

    def all(self, prefix: str) -> list[Entry]:
        """Children starting with ``prefix``."""
        return [c for c in self.children if c.norm.startswith(prefix)]


@dataclass(slots=True)
class Intf(Block):
    """An ``interface`` block; ``name`` as written, ``canon`` for comparisons."""

    name: str = ""
    canon: str = ""

    @property
    def shutdown(self) -> bool:
        """Administratively down."""
        return self.has("shutdown")

    @property
    def has_ip(self) -> bool:
        """Has an IPv4/IPv6 address (static, DHCP, negotiated or unnumbered)."""
        for c in self.children:
            n = c.norm
            if n.startswith(("ip address ", "ipv6 address ", "ip unnumbered ", "ipv6 enable")):
                return True
        return False

    @property
    def has_ipv4(self) -> bool:
        """Has an IPv4 address (static, DHCP, negotiated or unnumbered): ARP runs only then."""
        return any(
            c.norm.startswith(("ip address ", "ip unnumbered ")) and c.norm != "ip address"
            for c in self.children
        )

    @property
    def address(self) -> str | None:
        """Primary static IPv4 address, if any."""
        for c in self.children:
            w = c.words
            if len(w) >= 3 and w[0] == "ip" and w[1] == "address" and "secondary" not in w:
                return w[2]
        return None


class Index:
    """Everything the rules ask about one config, built in one walk."""

    def __init__(self, cfg: ConfigView) -> None:
        # A weak reference: the view keeps the index, and a cycle between them would leave
        # every line object of a config to the cyclic collector instead of freeing it at once.
        self._view = weakref.ref(cfg)
        self.top: list[Entry] = []
        self.every: list[Entry] = []  # all config lines, top and nested
        self.by_word: dict[str, list[Entry]] = {}
        self.blocks: dict[int, Block] = {}  # top-level line number -> block
        self.interfaces: dict[str, Intf] = {}
        self.line_blocks: list[tuple[str, Block]] = []  # ("vty"|"con"|"aux"|..., block)
        self._external: list[Intf] | None = None
        self.kids: dict[int, list[Entry]] = {}  # parent line number -> direct children
        self._walk(cfg.parsed_lines)

    def _walk(self, raw_lines: list[str]) -> None:
        # Our own indentation walk over the view's normalised lines (paste scripts re-indented,
        # abbreviations expanded, numbering kept): the same parent/child shape as
        # ciscoconfparse2, at a fraction of the cost of touching its line objects. Runs once per
        # config over every line, so it is written for speed: locals, no per-line regex.
        indents: list[int] = []  # the open parents: their indentation and entries
        parents: list[Entry] = []
        block: Block | None = None
        banner_end: str | None = None
        every = self.every
        kids = self.kids
        add_top = self._add_top
        number = 0
        for raw in raw_lines:
            number += 1
            if banner_end is not None:  # inside a multi-line banner: text, not config
                if banner_end in raw:
                    banner_end = None
                continue
            stripped = raw.strip()
            if not stripped or stripped[0] in "!#":
                continue
            normed = stripped.lower()
            # printable = no whitespace but plain spaces, so without a double space it's normal
            if "  " in normed or not normed.isprintable():
                normed = " ".join(normed.split())
            if normed.startswith(_FOLD_STARTS):
                normed = _fold(normed)
            entry = Entry(number, stripped, normed)
            every.append(entry)
            if raw[0].isspace():
                indent = len(raw) - len(raw.lstrip())
                while indents and indents[-1] >= indent:
                    indents.pop()
                    parents.pop()
            else:
                indent = 0
                if indents:
                    indents.clear()
                    parents.clear()
            if not indents:
                block = add_top(entry)
                if normed.startswith("banner "):
                    banner_end = _banner_end(stripped)
            else:
                parent = parents[-1].number
                siblings = kids.get(parent)
                if siblings is None:
                    kids[parent] = [entry]
                else:
                    siblings.append(entry)
                if block is not None and len(indents) == 1:
                    block.children.append(entry)
            indents.append(indent)
            parents.append(entry)

    @property
    def cfg(self) -> ConfigView:
        """The view this index was built from."""
        cfg = self._view()
        assert cfg is not None, "the index outlived its view"
        return cfg

    def children_of(self, entry: Entry) -> list[Entry]:
        """Direct children of any line (for blocks nested below the top level)."""
        return self.kids.get(entry.number, [])

    def _add_top(self, entry: Entry) -> Block:
        self.top.append(entry)
        first, _, rest = entry.norm.partition(" ")
        by_word = self.by_word
        bucket = by_word.get(first)
        if bucket is None:
            by_word[first] = [entry]
        else:
            bucket.append(entry)
        second = rest.partition(" ")[0] if rest else None
        if first == "no" and second is not None:
            by_word.setdefault("no " + second, []).append(entry)
        if first == "interface" and second is not None and second != "range":
            raw = entry.text.split()[1:]
            name = raw[0]
            if len(raw) > 1 and raw[1][:1].isdigit():  # "interface Tunnel 110"
                name += raw[1]
            canon = canon_ifname(name)
            intf = self.interfaces.get(canon)
            if intf is None:
                intf = Intf(entry, [], name=name, canon=canon)
                self.interfaces[canon] = intf
            return intf  # a repeated block (paste scripts) adds to the first one
        block = Block(entry, [])
        self.blocks[entry.number] = block
        if first == "line" and second is not None:
            self.line_blocks.append((second, block))
        return block

    def starting(self, prefix: str) -> list[Entry]:
        """Top-level lines whose normalised text starts with ``prefix`` (first word indexed)."""
        entries = self.by_word.get(_KEYS.get(prefix) or _key(prefix))
        if not entries:
            return []
        return [e for e in entries if e.norm.startswith(prefix)]

    def first(self, prefix: str) -> Entry | None:
        """First top-level line starting with ``prefix``."""
        entries = self.by_word.get(_KEYS.get(prefix) or _key(prefix))
        if entries:
            for e in entries:
                if e.norm.startswith(prefix):
                    return e
        return None

    def has(self, prefix: str) -> bool:
        """True when a top-level line starts with ``prefix``."""
        return self.first(prefix) is not None

    def block(self, entry: Entry) -> Block:
        """The block (children) of a top-level entry."""
        return self.blocks.get(entry.number) or Block(entry)

    def lines_of(self, kind: str) -> Iterator[Block]:
        """``line vty|con|aux`` blocks (kind matched as a prefix: ``con`` matches ``console``)."""
        for name, blk in self.line_blocks:
            if name.startswith(kind):
                yield blk

    @property
    def external(self) -> list[Intf]:
        """External (tunnel-source) interfaces as :class:`Intf` blocks, in file order.

        A loopback used as tunnel source is left out: traffic enters through physical
        interfaces the config does not name, and edge filtering on a loopback means nothing.
        """
        if self._external is None:
            out: list[Intf] = []
            for line in self.cfg.external_interfaces:
                raw = line.text.split()[1:]
                name = raw[0] + (raw[1] if len(raw) > 1 and raw[1][:1].isdigit() else "")
                intf = self.interfaces.get(canon_ifname(name))
                if intf is not None and not is_loopback(name) and all(i is not intf for i in out):
                    out.append(intf)
            self._external = out
        return self._external


# prefix -> the ``by_word`` key its lines are filed under (rules ask the same few prefixes).
_KEYS: dict[str, str] = {}


def _key(prefix: str) -> str:
    """The first word of ``prefix``, or ``no <word>`` for a ``no`` prefix (see ``_add_top``)."""
    first = prefix.split(" ", 1)[0]
    if first == "no":
        first = "no " + prefix.split(" ", 2)[1] if " " in prefix else "no"
    if len(_KEYS) < 4096:  # prefixes built from config values: keep memory bounded
        _KEYS[prefix] = first
    return first


_ATTR = "_dmvpngen_rule_index"


def index(cfg: ConfigView) -> Index:
    """The index of ``cfg``, built once per view and kept on it."""
    idx = getattr(cfg, _ATTR, None)
    if not isinstance(idx, Index):
        idx = Index(cfg)
        # a view with __slots__ cannot keep it: rebuild per rule rather than fail
        with contextlib.suppress(AttributeError):
            setattr(cfg, _ATTR, idx)
    return idx
