"""A read-only view of one parsed config with the helpers lint rules need.

Rules never touch the parse directly: they ask this view, so parsing quirks (BOM, tabs,
abbreviations, paste scripts, banners) are handled once, and lines are always 1-based.

Speed matters (the rules may add at most ~30 % to the bare parse), so the view builds one index
of top-level lines by first word and caches every ``find`` pattern: rules may call ``find`` freely.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dmvpngen.lint.config import LintSettings
    from dmvpngen.parse.source import ConfigSource

from dmvpngen.lint.line import LEAF, Line
from dmvpngen.lint.patterns import alternates
from dmvpngen.parse.hierarchy import NO_PARENT
from dmvpngen.parse.parsed import parse_lines
from dmvpngen.parse.source import prepare as prepare_source

__all__ = ["ConfigView", "Line", "prepare", "version_tuple"]

_LITERAL = re.compile(r"\^([A-Za-z0-9][A-Za-z0-9-]*)")


def prepare(text: str) -> tuple[list[str], list[str]]:
    """``(raw_lines, parser_lines)``: the user's lines (BOM, CR and tabs cleaned, numbering
    kept) and the normalised lines the hierarchy is built from (see
    :func:`dmvpngen.parse.normalise.normalise`)."""
    raw_lines, lines, _kind = prepare_source(text)
    return raw_lines, lines


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """``"17.11.1a"`` -> ``(17, 11, 1)``; None when no number is found."""
    if not text:
        return None
    nums = re.findall(r"\d+", text)[:3]
    return tuple(int(n) for n in nums) if nums else None


class ConfigView:
    """One device config, parsed once."""

    def __init__(
        self,
        text: str,
        file: str = "-",
        ios_version: str | None = None,
        settings: LintSettings | None = None,
        source: ConfigSource | None = None,
    ) -> None:
        self.file = file
        self.settings = settings
        if source is not None:  # already read, classified and normalised
            self.raw_lines, self._lines = source.raw_lines, source.lines
        else:
            self.raw_lines, self._lines = prepare(text)
        self._parents = parse_lines(self._lines).parents
        self._hint = ios_version
        self._cache: dict[str, list[Line]] = {}

    @property
    def parsed_lines(self) -> list[str]:
        """The normalised lines the hierarchy was built from (same numbering as ``raw_lines``)."""
        return self._lines

    # -- indexes -----------------------------------------------------------------------------

    @cached_property
    def _linked(self) -> list[Line]:
        """Every line in file order, children linked once."""
        return self._link()

    @cached_property
    def _top(self) -> dict[str, list[tuple[str, Line]]]:
        """Unindented lines by first word: the index that makes ``^word`` patterns cheap."""
        self._link()
        return self.__dict__["_top"]  # type: ignore[no-any-return]

    @cached_property
    def _all(self) -> list[tuple[str, Line]]:
        """Every line as (raw text, Line): for the rare pattern the first-word index can't serve."""
        return list(zip(self._lines, self._linked, strict=True))

    def _link(self) -> list[Line]:
        # One pass over the lines builds the Line list and the first-word index. It runs for
        # every config, so it allocates as little as it can: one Line per line, a children list
        # only for lines that have children.
        linked: list[Line] = []
        top: dict[str, list[tuple[str, Line]]] = {}
        parents = self._parents
        append = linked.append
        for index, raw in enumerate(self._lines):
            text = raw.strip()
            line = Line(index + 1, text, LEAF)
            append(line)
            at = parents[index]
            if at != NO_PARENT:  # a parent always comes before its children
                owner = linked[at]
                kids = owner.kids
                if isinstance(kids, list):
                    kids.append(line)
                else:
                    owner.kids = [line]
            if text and raw[0] != " ":
                key = text.split(None, 1)[0]
                bucket = top.get(key)
                if bucket is None:
                    top[key] = [(raw, line)]
                else:
                    bucket.append((raw, line))
        self.__dict__["_linked"], self.__dict__["_top"] = linked, top
        return linked

    def _candidates(self, pattern: str) -> list[tuple[str, Line]]:
        match = _LITERAL.match(pattern)
        if match is None or alternates(pattern):
            return self._all
        word = match.group(1)
        nxt = pattern[match.end() : match.end() + 2]
        if nxt[:1] in ("?", "*", "{"):
            word, exact = word[:-1], False
        else:
            # only a space, \s or $ ends the first word; anything else leaves a prefix
            exact = nxt[:1] in (" ", "$") or nxt == "\\s"
        if exact:
            return self._top.get(word, [])
        keys = sorted(k for k in self._top if k.startswith(word))
        rows = [row for k in keys for row in self._top[k]]
        return sorted(rows, key=lambda row: row[1].number)

    def find(self, pattern: str) -> list[Line]:
        """Lines matching ``pattern`` against the raw (indented) text, as find_objects does.

        ``^word`` therefore matches top-level lines only; results are cached per pattern.
        """
        hit = self._cache.get(pattern)
        if hit is None:
            candidates = self._candidates(pattern)
            # compiled only when a line could match: most patterns' first word is absent
            search = re.compile(pattern).search if candidates else None
            hit = [line for raw, line in candidates if search is not None and search(raw)]
            self._cache[pattern] = hit
        return hit

    def first(self, pattern: str) -> Line | None:
        """First line matching ``pattern``."""
        found = self.find(pattern)
        return found[0] if found else None

    def has(self, pattern: str) -> bool:
        """True when any line matches ``pattern``."""
        return bool(self.find(pattern))

    def top(self, word: str) -> list[Line]:
        """Top-level lines whose first word is exactly ``word`` (no regex)."""
        return [line for _, line in self._top.get(word, [])]

    # -- facts -------------------------------------------------------------------------------

    @cached_property
    def hostname(self) -> str:
        """The device hostname, or the file stem when the config has none."""
        line = self.first(r"^hostname\s+\S+")
        if line is not None:
            return line.text.split()[1]
        from pathlib import Path

        return Path(self.file).stem if self.file != "-" else "-"

    @property
    def ios_version_hint(self) -> str | None:
        """The ``--ios-version`` hint alone (None when not given)."""
        return self._hint

    @cached_property
    def ios_version(self) -> str | None:
        """The ``--ios-version`` hint, else the config's own ``version`` line, else None."""
        if self._hint:
            return self._hint
        line = self.first(r"^version\s+\d")
        return line.text.split()[1] if line is not None else None

    def version_at_least(self, *wanted: int) -> bool | None:
        """True/False when the release is known, None when it is not."""
        have = version_tuple(self.ios_version)
        if have is None:
            return None
        return have >= wanted

    @cached_property
    def interfaces(self) -> list[Line]:
        """All ``interface`` blocks."""
        return self.find(r"^interface\s+\S+")

    @cached_property
    def tunnels(self) -> list[Line]:
        """All ``interface Tunnel*`` blocks."""
        return self.find(r"^interface\s+[Tt]unnel\d+")

    @cached_property
    def dmvpn_tunnels(self) -> list[Line]:
        """Tunnels running mGRE or NHRP: the DMVPN ones."""
        return [
            t
            for t in self.tunnels
            if t.has_child(r"^tunnel mode gre multipoint") or t.has_child(r"^ip nhrp\s")
        ]

    @cached_property
    def role(self) -> str:
        """``hub``, ``spoke`` or ``other`` (lint-rules.md "Roles")."""
        hub = spoke = False
        for tun in self.tunnels:
            if tun.has_child(r"^ip nhrp map multicast dynamic"):
                hub = True
            elif tun.has_child(r"^ip nhrp nhs\s"):
                spoke = True
            elif tun.has_child(r"^tunnel mode gre multipoint") and tun.has_child(
                r"^ip nhrp network-id\s"
            ):
                # IOS-XE 17 does not print 'ip nhrp map multicast dynamic' (a default there):
                # an mGRE NHRP tunnel that registers nowhere is a hub.
                hub = True
        if hub:
            return "hub"
        return "spoke" if spoke else "other"

    @cached_property
    def external_interfaces(self) -> list[Line]:
        """Interfaces that are the ``tunnel source`` of any tunnel (by name or by address),
        plus those named in the lint configuration (``external-interfaces``)."""
        names: set[str] = set()
        addrs: set[str] = set()
        if self.settings is not None:
            names.update(n.lower() for n in self.settings.external_interfaces)
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

    def interface(self, name: str) -> Line | None:
        """The ``interface <name>`` block (case-insensitive), else None."""
        want = name.lower()
        for intf in self.interfaces:
            words = intf.text.split()
            if len(words) > 1 and words[1].lower() == want:
                return intf
        return None

    def iter_lines(self) -> Iterator[Line]:
        """Every config line in file order."""
        yield from self._linked
