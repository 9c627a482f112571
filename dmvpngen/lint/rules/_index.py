"""Shared, one-pass index of a config for the management, control, data-plane and logging rules.

Many rules ask "is there a global line starting with X?". Asking ciscoconfparse2 58 times per file
costs more than the parse itself, so the first rule that runs builds an :class:`Index` (one walk
over the parsed objects) and every later rule reads it from a per-view cache.

Text is normalised once: lower case, single spaces, the common abbreviations and alternative
spellings folded (``int`` -> ``interface``, ``ip domain-lookup`` -> ``ip domain lookup``).
Banner bodies and comments are left out, so a banner that says ``ip http server`` is not a finding.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

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

# (pattern on the normalised text, replacement): folds abbreviations and alternative spellings.
_FOLD = (
    (re.compile(r"^(no )?int(e|er|erf|erfa|erfac)? "), r"\1interface "),
    (re.compile(r"^(no )?ip domain-lookup\b"), r"\1ip domain lookup"),
    (re.compile(r"^(no )?ip domain-name\b"), r"\1ip domain name"),
    (re.compile(r"^(no )?ip name-server\b"), r"\1ip name-server"),
)
_FOLD_STARTS = ("int", "no ", "ip domain", "ip name")
# Interface name prefixes, most common first: an abbreviation maps to the first full name it starts.
# fmt: off
_IF_PREFIXES = (
    "gigabitethernet", "fastethernet", "tengigabitethernet", "twentyfivegige",
    "fortygigabitethernet", "hundredgige", "ethernet", "loopback", "tunnel", "serial",
    "port-channel", "vlan", "dialer", "virtual-template", "virtual-ppp", "bdi", "null",
    "cellular", "multilink",
)
# fmt: on
_IF_NAME = re.compile(r"^([a-z-]+)\s*([\d/.:]*)$")


def norm(text: str) -> str:
    """Lower-case, single-spaced text with abbreviations folded (see module doc)."""
    out = " ".join(text.lower().split())
    if out.startswith(_FOLD_STARTS):
        for rx, repl in _FOLD:
            out = rx.sub(repl, out, count=1)
    return out


def canon_ifname(name: str) -> str:
    """Canonical interface name: ``Gi0/1``, ``gig 0/1`` and ``GigabitEthernet0/1`` are equal."""
    low = name.strip().lower()
    match = _IF_NAME.match(low)
    if not match:
        return low.replace(" ", "")
    prefix, number = match.groups()
    for full in _IF_PREFIXES:
        if full.startswith(prefix):
            return full + number
    return prefix + number


def is_loopback(name: str) -> bool:
    """True for Loopback interface names in any abbreviation."""
    return canon_ifname(name).startswith("loopback")


@dataclass(frozen=True)
class Entry:
    """A config line together with its normalised text and words."""

    line: Line
    norm: str

    @property
    def number(self) -> int:
        """1-based line number."""
        return self.line.number

    @property
    def words(self) -> list[str]:
        """Normalised words."""
        return self.norm.split(" ")

    @property
    def raw_words(self) -> list[str]:
        """Words as written (case kept: community strings, names)."""
        return self.line.text.split()


@dataclass
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


@dataclass
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
        self.cfg = cfg
        self.top: list[Entry] = []
        self.every: list[Entry] = []  # all config lines, top and nested
        self.by_word: dict[str, list[Entry]] = {}
        self.blocks: dict[int, Block] = {}  # top-level line number -> block
        self.interfaces: dict[str, Intf] = {}
        self.line_blocks: list[tuple[str, Block]] = []  # ("vty"|"con"|"aux"|..., block)
        self._external: list[Intf] | None = None
        self.kids: dict[int, list[Entry]] = {}  # parent line number -> direct children
        self._walk(cfg.raw_lines)

    def _walk(self, raw_lines: list[str]) -> None:
        # Our own indentation walk over the view's raw lines: the same parent/child shape as
        # ciscoconfparse2, at a fraction of the cost of touching its line objects.
        stack: list[tuple[int, Entry]] = []
        block: Block | None = None
        banner_end: str | None = None
        for number, raw in enumerate(raw_lines, start=1):
            if banner_end is not None:  # inside a multi-line banner: text, not config
                if banner_end in raw:
                    banner_end = None
                continue
            stripped = raw.strip()
            if not stripped or stripped[0] in "!#":
                continue
            indent = len(raw) - len(raw.lstrip())
            entry = Entry(Line(number, stripped, None), norm(stripped))
            self.every.append(entry)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                block = self._add_top(entry)
                if entry.norm.startswith("banner "):
                    banner_end = _banner_end(stripped)
            else:
                self.kids.setdefault(stack[-1][1].number, []).append(entry)
                if len(stack) == 1 and block is not None:
                    block.children.append(entry)
            stack.append((indent, entry))

    def children_of(self, entry: Entry) -> list[Entry]:
        """Direct children of any line (for blocks nested below the top level)."""
        return self.kids.get(entry.number, [])

    def _add_top(self, entry: Entry) -> Block:
        self.top.append(entry)
        words = entry.words
        self.by_word.setdefault(words[0], []).append(entry)
        if words[0] == "no" and len(words) > 1:
            self.by_word.setdefault("no " + words[1], []).append(entry)
        if words[0] == "interface" and len(words) > 1 and words[1] != "range":
            raw = entry.line.text.split()[1:]
            name = raw[0]
            if len(raw) > 1 and raw[1][:1].isdigit():  # "interface Tunnel 110"
                name += raw[1]
            canon = canon_ifname(name)
            intf = self.interfaces.get(canon)
            if intf is None:
                intf = Intf(entry, name=name, canon=canon)
                self.interfaces[canon] = intf
            return intf  # a repeated block (paste scripts) adds to the first one
        block = Block(entry)
        self.blocks[entry.number] = block
        if words[0] == "line" and len(words) > 1:
            self.line_blocks.append((words[1], block))
        return block

    def starting(self, prefix: str) -> list[Entry]:
        """Top-level lines whose normalised text starts with ``prefix`` (first word indexed)."""
        first = prefix.split(" ", 1)[0]
        if first == "no":
            first = "no " + prefix.split(" ", 2)[1] if " " in prefix else "no"
        return [e for e in self.by_word.get(first, ()) if e.norm.startswith(prefix)]

    def first(self, prefix: str) -> Entry | None:
        """First top-level line starting with ``prefix``."""
        found = self.starting(prefix)
        return found[0] if found else None

    def has(self, prefix: str) -> bool:
        """True when a top-level line starts with ``prefix``."""
        return bool(self.starting(prefix))

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


_BANNER_TYPES = frozenset({"motd", "login", "exec", "incoming", "slip-ppp", "prompt-timeout"})


def _banner_end(text: str) -> str | None:
    """Delimiter that ends a banner starting on ``text``; None when it ends on the same line."""
    parts = text.split(None, 2)
    body = (
        " ".join(parts[2:])
        if len(parts) > 1 and parts[1].lower() in _BANNER_TYPES
        else " ".join(parts[1:])
    )
    body = body.lstrip()
    if not body:
        return None
    delim = body[:2] if body.startswith("^") and len(body) > 1 else body[0]
    return None if delim in body[len(delim) :] else delim


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
