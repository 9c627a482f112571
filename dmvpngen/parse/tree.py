"""A light line tree built from ciscoconfparse2, so extractors work on plain text and numbers."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

__all__ = [
    "Node",
    "build_tree",
    "build_tree_lines",
    "ip_or_none",
    "mask_network",
    "wildcard_network",
    "words",
]


@dataclass
class Node:
    """One config line: stripped text, 1-based line number, children."""

    text: str
    line: int
    children: list[Node] = field(default_factory=list)

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
    """Top-level nodes of already normalised parser lines (see :mod:`dmvpngen.parse.source`)."""
    from ciscoconfparse2 import CiscoConfParse  # heavy: only when configs are read

    parse = CiscoConfParse(lines, syntax="ios", ignore_blank_lines=False)

    def convert(obj: Any) -> Node:
        node = Node(str(obj.text).strip(), int(obj.linenum) + 1)
        for child in obj.children:
            stripped = str(child.text).strip()
            if stripped and not stripped.startswith("!"):
                node.children.append(convert(child))
        return node

    tops: list[Node] = []
    for obj in parse.objs:
        if obj.indent != 0:
            continue
        stripped = str(obj.text).strip()
        if not stripped or stripped.startswith("!"):
            continue
        tops.append(convert(obj))
    return tops


_SPACES = re.compile(r"\s+")


def words(text: str) -> list[str]:
    """Whitespace-split words."""
    return _SPACES.split(text.strip())


def ip_or_none(text: str) -> IPv4Address | None:
    """An IPv4 address, or None when ``text`` is not one (a DNS name, 'dhcp', ...)."""
    try:
        return IPv4Address(text)
    except ValueError:
        return None


def mask_network(addr: str, mask: str) -> IPv4Interface | None:
    """``'10.0.0.1', '255.255.255.0'`` -> IPv4Interface, None when malformed."""
    try:
        return IPv4Interface(f"{addr}/{mask}")
    except ValueError:
        return None


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
