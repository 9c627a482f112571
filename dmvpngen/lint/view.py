"""A read-only view of one parsed config with the helpers lint rules need.

Rules never touch ciscoconfparse2 directly: they ask this view, so parsing quirks (BOM, tabs,
abbreviations, paste scripts) are handled once, and lines are always 1-based.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = ["ConfigView", "Line"]


@dataclass(frozen=True)
class Line:
    """One config line: its 1-based number, its text (stripped) and its children."""

    number: int
    text: str
    obj: Any = field(repr=False, compare=False)

    @property
    def children(self) -> list[Line]:
        """Direct children."""
        return [Line(c.linenum + 1, c.text.strip(), c) for c in self.obj.children]

    def child(self, pattern: str) -> Line | None:
        """First direct child whose text matches ``pattern`` (re.search), else None."""
        rx = re.compile(pattern)
        for c in self.children:
            if rx.search(c.text):
                return c
        return None

    def has_child(self, pattern: str) -> bool:
        """True when a direct child matches ``pattern``."""
        return self.child(pattern) is not None

    def children_matching(self, pattern: str) -> list[Line]:
        """Direct children matching ``pattern``."""
        rx = re.compile(pattern)
        return [c for c in self.children if rx.search(c.text)]


class ConfigView:
    """One device config, parsed once."""

    def __init__(self, text: str, file: str = "-", ios_version: str | None = None) -> None:
        from ciscoconfparse2 import CiscoConfParse  # heavy: imported only when linting

        self.file = file
        self.ios_version = ios_version
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\t", " ")
        self.raw_lines = text.split("\n")
        self.parse = CiscoConfParse(self.raw_lines, syntax="ios", ignore_blank_lines=False)

    def find(self, pattern: str) -> list[Line]:
        """Top-level or nested lines matching ``pattern`` (ciscoconfparse2 find_objects)."""
        return [Line(o.linenum + 1, o.text.strip(), o) for o in self.parse.find_objects(pattern)]

    def first(self, pattern: str) -> Line | None:
        """First line matching ``pattern``."""
        found = self.find(pattern)
        return found[0] if found else None

    def has(self, pattern: str) -> bool:
        """True when any line matches ``pattern``."""
        return bool(self.parse.find_objects(pattern))

    @cached_property
    def hostname(self) -> str:
        """The device hostname, or the file stem when the config has none."""
        line = self.first(r"^hostname\s+\S+")
        if line is not None:
            return line.text.split()[1]
        from pathlib import Path

        return Path(self.file).stem if self.file != "-" else "-"

    @cached_property
    def interfaces(self) -> list[Line]:
        """All ``interface`` blocks."""
        return self.find(r"^interface\s+\S+")

    @cached_property
    def tunnels(self) -> list[Line]:
        """All ``interface Tunnel*`` blocks."""
        return self.find(r"^interface\s+[Tt]unnel\d+")

    @cached_property
    def role(self) -> str:
        """``hub``, ``spoke`` or ``other`` (lint-rules.md "Roles")."""
        hub = spoke = False
        for tun in self.tunnels:
            if tun.has_child(r"^ip nhrp map multicast dynamic"):
                hub = True
            elif tun.has_child(r"^ip nhrp nhs\s"):
                spoke = True
        if hub:
            return "hub"
        return "spoke" if spoke else "other"

    @cached_property
    def external_interfaces(self) -> list[Line]:
        """Interfaces that are the ``tunnel source`` of any tunnel (by name or by address)."""
        names: set[str] = set()
        addrs: set[str] = set()
        for tun in self.tunnels:
            src = tun.child(r"^tunnel source\s+\S+")
            if src is None:
                continue
            value = src.text.split()[2]
            if re.match(r"^\d+\.\d+\.\d+\.\d+$", value):
                addrs.add(value)
            else:
                names.add(value.lower())
        out = []
        for intf in self.interfaces:
            name = intf.text.split()[1]
            if name.lower() in names:
                out.append(intf)
                continue
            ip = intf.child(r"^ip address\s+\d")
            if ip is not None and ip.text.split()[2] in addrs:
                out.append(intf)
        return out

    def iter_lines(self) -> Iterator[Line]:
        """Every config line in file order."""
        for o in self.parse.objs:
            yield Line(o.linenum + 1, o.text.strip(), o)
