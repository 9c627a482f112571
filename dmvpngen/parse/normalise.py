"""What ciscoconfparse2 is given: the user's lines put in the hierarchy IOS itself would build.

Two kinds of input arrive. A ``show running-config`` is already hierarchical: it passes through
as it is (only nesting deeper than :data:`MAX_DEPTH` is flattened). A paste script (``conf t``,
sub-mode commands at column 0, ``exit`` / ``end`` / ``do``, prompts, inline ``!`` comments,
abbreviations) is replayed through the mode tables of :mod:`dmvpngen.parse.modes`, the way IOS
reads it, and re-indented one space per level. In both, line count and numbering never change,
so every finding still points at the user's own line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import cast

from dmvpngen.parse.abbrev import TREES, expand
from dmvpngen.parse.banners import skipped_lines
from dmvpngen.parse.modes import GLOBAL, GLOBAL_HEADS, MODES, CommandPattern, Mode

__all__ = ["MAX_DEPTH", "detect_kind", "normalise"]

# IOS nests four levels at most (policy-map > class > police > action); deeper is not a config.
MAX_DEPTH = 16

# Lines a paste script carries that are not config: they become comments (numbering is kept).
_EXEC = re.compile(
    r"^(?:conf(?:i(?:g(?:u(?:r(?:e)?)?)?)?)?(?:\s+t(?:e(?:r(?:m(?:i(?:n(?:a(?:l)?)?)?)?)?)?)?)?"
    r"|end|wr(?:i(?:t(?:e)?)?)?(?:\s+m(?:e(?:m(?:o(?:r(?:y)?)?)?)?)?)?|copy\s+run\S*\s+start\S*"
    r"|en(?:a(?:b(?:l(?:e)?)?)?)?|do\s.*)$",
    re.IGNORECASE,
)
_EXEC_FIRST = frozenset("cCeEwWdDqQ")  # first letters of conf/copy, end/enable/exit, wr, do, quit
_EXIT = re.compile(r"^(?:exit|exit-[a-z-]+|quit)$", re.IGNORECASE)
_PROMPT = re.compile(r"^([A-Za-z][\w.-]{0,62})(\(config[\w-]*\))?#\s*(.*)$")
# Inline comments: ' ! text' after a command. Free text and secrets may hold a '!' of their own.
_INLINE = re.compile(r"\s+!.*$")
_FREE_TEXT = re.compile(
    r"\b(?:description|remark|alias|banner|key-string|pre-shared-key|password|secret|location"
    r"|contact|community|key\s+\S+\s+address|message|text)\b",
    re.IGNORECASE,
)
# First words that only exist inside a sub-mode: one at column 0 means a paste script.
_CHILD_HEADS = frozenset(
    [
        "tunnel",
        "description",
        "shutdown",
        "encapsulation",
        "bandwidth",
        "delay",
        "keepalive",
        "duplex",
        "speed",
        "negotiation",
        "media-type",
        "network",
        "neighbor",
        "redistribute",
        "passive-interface",
        "eigrp",
        "area",
        "auto-summary",
        "encryption",
        "encr",
        "hash",
        "group",
        "lifetime",
        "set",
        "match",
        "permit",
        "deny",
        "remark",
        "pre-shared-key",
        "key-string",
        "mode",
        "rd",
        "route-target",
        "address-family",
        "af-interface",
        "exit-address-family",
        "exit-af-interface",
        "exit-af-topology",
        "transport",
        "exec-timeout",
        "summary-address",
        "default-router",
        "dns-server",
        "router-id",
        "variance",
        "metric",
        "distance",
        "maximum-paths",
        "bgp",
        "timers",
        "default-information",
        "keyring",
        "peer",
        "proposal",
        "pfs",
        "self-identity",
        "frequency",
        "access-class",
        "police",
        "priority",
        "shape",
        "pppoe-client",
        "ppp",
        "standby",
        "vrrp",
        "channel-group",
        "switchport",
        "split-horizon",
        "hello-interval",
        "hold-time",
    ]
)


def _command(raw: str) -> str:
    """The command of a line without indentation and inline comment."""
    text = raw.strip()
    if "!" in text and not _FREE_TEXT.search(text):
        text = _INLINE.sub("", text)
    return text


def _head(words: list[str]) -> str:
    """The first word of a command, lower case, after a leading ``no`` / ``default``."""
    if not words:
        return ""
    first = words[0].lower()
    if first in ("no", "default") and len(words) > 1:
        return words[1].lower()
    return first


# (mode, line) -> whether the line holds an abbreviation IOS would have spelled out. The configs
# of one network repeat most of their lines (95 % of a 2,000-spoke network's), and expanding
# every line was half the time spent reading them.
_ABBREVIATED: dict[tuple[str, str], bool] = {}
_ABBREVIATED_MAX = 1 << 16


def _abbreviated(text: str, words: list[str], mode: str) -> bool:
    """True when ``words`` (of the stripped line ``text``) expand to something else in ``mode``."""
    key = (mode, text)
    hit = _ABBREVIATED.get(key)
    if hit is None:
        if len(_ABBREVIATED) >= _ABBREVIATED_MAX:  # addresses make lines unique: stay bounded
            _ABBREVIATED.clear()
        hit = _ABBREVIATED[key] = expand(words, mode, names=False) != words
    return hit


def detect_kind(lines: list[str], skipped: set[int] | None = None) -> str:
    """``"paste"`` when the lines show config-mode typing, else ``"show-run"``."""
    skipped = skipped_lines(lines) if skipped is None else skipped
    block = GLOBAL  # the mode the last top-level line opened, for its indented children
    seen = _seen(block)
    # the skipped lines left out first (most configs have none): the same lines in the same
    # order as skipping each in the loop, without an index test per line
    kept = [raw for index, raw in enumerate(lines) if index not in skipped] if skipped else lines
    for raw in kept:
        hit = seen.get(raw)
        if hit is None:
            if len(seen) >= _SEEN_MAX:  # addresses make lines unique: stay bounded
                seen.clear()
            hit = seen[raw] = _line_kind(raw, block)
        if hit is _PASTE:
            return "paste"
        if hit is not block:
            block, seen = hit, _SEEN.get(hit.name) or _seen(hit)
    return "show-run"


def _seen(block: Mode) -> dict[str, Mode]:
    """The verdicts of lines met within ``block``."""
    seen = _SEEN.get(block.name)
    if seen is None:
        seen = _SEEN[block.name] = {}
    return seen


# A line's verdict depends on the line and on the block it is in alone: block name -> line ->
# _PASTE, or the block the next line is in. A network's configs repeat most of their lines.
_PASTE = Mode("paste")
_SEEN: dict[str, dict[str, Mode]] = {}
_SEEN_MAX = 1 << 16


def _line_kind(raw: str, block: Mode) -> Mode:
    """``_PASTE`` when ``raw`` (a line within ``block``) shows config-mode typing, else the block
    the next line is in."""
    text = raw.strip()
    if not text or text.startswith("!"):
        return block
    words = text.split()
    top = not raw[0].isspace()
    mode = GLOBAL if top else block
    if mode.name in TREES and _abbreviated(text, words, mode.name):
        return _PASTE  # IOS prints keywords in full
    after = (_opens(GLOBAL, words) or MODES["opaque"]) if top else block
    if text[0] in _EXEC_FIRST:
        low = text.lower()
        if _EXEC.match(low) and low != "end":  # show-run ends with 'end' too
            return _PASTE
        if _EXIT.match(low) and (low == "exit" or top):
            return _PASTE  # show-run prints ' exit-address-family', '  quit', never 'exit'
    if "#" in text:
        prompt = _PROMPT.match(text)
        if prompt is not None and prompt.group(2):  # R1(config-if)#: a typed session
            return _PASTE
    if top and _head(words) in _CHILD_HEADS:  # a sub-mode command at column 0
        return _PASTE
    if "!" in text and _command(raw) != text:
        return _PASTE
    return after


def normalise(
    lines: list[str], kind: str | None = None, skipped: set[int] | None = None
) -> list[str]:
    """The lines ciscoconfparse2 is given for ``lines`` (same count, same numbering).

    ``skipped`` (from :func:`~dmvpngen.parse.banners.skipped_lines`) may be passed when the
    caller already has it, so a large file is scanned once.
    """
    banners = skipped_lines(lines) if skipped is None else skipped
    kind = kind or detect_kind(lines, banners)
    if kind == "paste":
        return _replay(lines, banners)
    return _show_run(lines, banners)


def _config_lines(lines: list[str], skipped: set[int], out: list[str]) -> Iterator[tuple[str, str]]:
    """``(raw, stripped)`` of each config line; what the others become is appended to ``out``
    (banner bodies and exec output a comment, blank lines empty, comments as they are)."""
    for index, raw in enumerate(lines):
        text = raw.strip()
        if index in skipped:
            out.append("!")
        elif not text:
            out.append("")
        elif text.startswith("!"):
            out.append(raw)
        else:
            yield raw, text


def _show_run(lines: list[str], banners: set[int]) -> list[str]:
    """A running-config as it is: banner bodies and exec leftovers (``end``, a ``R1#show run``
    prompt) commented, nesting bounded. Nothing else changes, so its facts are unchanged."""
    # every line's verdict from the memo in one pass (a network's configs repeat their lines),
    # the few it has not seen yet worked out after
    seen = list(map(_SHOW_RUN.get, lines))
    indents = (
        [
            _show_run_indent(raw) if known is None else known
            for raw, known in zip(lines, seen, strict=True)
        ]
        if None in seen
        else cast("list[int]", seen)
    )
    # dict.get(verdict, line): the replacement, or the line itself
    out = cast("list[str]", list(map(_REPLACED.get, indents, lines)))
    count = len(out)
    for index in banners:
        if 0 <= index < count:  # (callers pass line indexes; anything else names no line)
            out[index] = "!"
    # The open parents' indents grow strictly, so a line indented by n has at most n parents:
    # below MAX_DEPTH columns nothing can be flattened, and every config line stays as it is.
    # (A banner body's indent counted here only makes _flatten run, which then changes nothing.)
    if max(indents, default=0) >= MAX_DEPTH:
        _flatten(lines, banners, out)
    return out


def _flatten(lines: list[str], banners: set[int], out: list[str]) -> None:
    """Config lines of ``out`` deeper than :data:`MAX_DEPTH` levels become children of the
    deepest parent kept."""
    indents: list[int] = []  # indentation of the open parents, outermost first
    for index, raw in enumerate(lines):
        indent = -1 if index in banners else _show_run_indent(raw)
        if indent < 0:
            continue
        while indents and indents[-1] >= indent:
            indents.pop()
        if len(indents) >= MAX_DEPTH:  # flattened: a child of the deepest parent kept
            out[index] = " " * (indents[-1] + 1) + _command(raw)
            continue
        indents.append(indent)


# raw line -> its indentation when it is a config line, else one of these (a network's configs
# repeat most of their lines: the regular expressions run once per distinct line)
_BLANK, _COMMENT, _LEFTOVER = -1, -2, -3
_SHOW_RUN: dict[str, int] = {}
# what a line with that verdict becomes (a config line or a comment stays as it is)
_REPLACED = {_BLANK: "", _LEFTOVER: "!"}


def _show_run_indent(raw: str) -> int:
    """:func:`_show_run_line` of ``raw``, remembered."""
    indent = _SHOW_RUN.get(raw)
    if indent is None:
        if len(_SHOW_RUN) >= _SEEN_MAX:
            _SHOW_RUN.clear()
        indent = _SHOW_RUN[raw] = _show_run_line(raw)
    return indent


def _show_run_line(raw: str) -> int:
    text = raw.strip()
    if not text:
        return _BLANK
    if text.startswith("!"):
        return _COMMENT
    if _EXEC.match(text) or _PROMPT.match(text):
        return _LEFTOVER
    return len(raw) - len(raw.lstrip())


def _replay(lines: list[str], banners: set[int]) -> list[str]:
    """A paste script replayed through the IOS modes, one space of indentation per level.

    A line at column 0 goes where IOS would put it (:func:`_fits`). An indented line is taken
    as its indentation says, as in a running-config: people who indent know the mode they are
    in, and this keeps a command our tables do not know inside its block.
    """
    out: list[str] = []
    stack: list[tuple[Mode, int]] = []  # open modes with the indentation of their opening line
    for raw, text in _config_lines(lines, banners, out):
        indent = len(raw) - len(raw.lstrip())
        prompt = _PROMPT.match(text)
        if prompt is not None and prompt.group(2):
            if prompt.group(2) == "(config)":
                stack.clear()
            text, indent = prompt.group(3), 0
        command = _command(text)
        low = command.lower()
        if not command or _EXEC.match(low):
            if low == "end":
                stack.clear()
            out.append("!")
            continue
        if _EXIT.match(low):
            depth = max(len(stack) - 1, 0)
            if low != "exit" and stack:  # exit-address-family etc. stay, as show-run prints them
                out.append(" " * depth + command)
            else:
                out.append("!")
            if stack:
                stack.pop()
            continue
        words = command.split()
        if indent:
            while stack and stack[-1][1] >= indent:
                stack.pop()
        else:
            while stack and not _fits([m for m, _ in stack], words):
                stack.pop()
        mode = stack[-1][0] if stack else GLOBAL
        words = expand(words, mode.name)
        out.append(" " * len(stack) + " ".join(words))
        sub = _opens(mode, words) if len(stack) < MAX_DEPTH else None
        if sub is not None:
            stack.append((sub, indent))
    return out


def _plain(words: list[str]) -> str:
    """Lower-case command without a leading no / default, for matching the mode tables."""
    low = " ".join(words).lower()
    for prefix in ("no ", "default "):
        if low.startswith(prefix):
            return low[len(prefix) :]
    return low


def _opens(mode: Mode, words: list[str]) -> Mode | None:
    """The sub-mode ``words`` open from ``mode`` (a ``no`` form never opens one)."""
    if not mode.opens or not words:
        return None
    head = words[0].lower()
    if head in ("no", "default"):
        return None
    candidates = _open_index(mode.name).get(head, ()) + _open_index(mode.name).get("", ())
    if not candidates:
        return None
    low = " ".join(words).lower()
    for pattern, name in candidates:
        if pattern.match(low):
            return MODES[name]
    return None


_LITERAL_HEAD = re.compile(r"^\^\(\?:([a-z][a-z0-9-]*)(?:[ )\\]|$)")


@functools.cache
def _open_index(mode_name: str) -> dict[str, tuple[tuple[CommandPattern, str], ...]]:
    """A mode's sub-mode openers by the first word they need ("" for the rest): most lines
    then try one or two patterns instead of forty."""
    index: dict[str, list[tuple[CommandPattern, str]]] = {}
    for pattern, name in MODES[mode_name].opens:
        match = _LITERAL_HEAD.match(pattern.pattern)
        index.setdefault(match.group(1) if match else "", []).append((pattern, name))
    return {k: tuple(v) for k, v in index.items()}


def _fits(stack: list[Mode], words: list[str]) -> bool:
    """True when IOS would accept ``words`` in the innermost mode of ``stack``."""
    mode = stack[-1]
    expanded = expand(words, mode.name)
    cmd = _plain(expanded)
    if (mode.keeps is not None and mode.keeps.match(cmd)) or any(
        p.match(cmd) for p, _ in mode.opens
    ):
        return True
    if _head(expanded) in GLOBAL_HEADS or _head(expand(words, "global")) in GLOBAL_HEADS:
        return False
    # a sub-mode word of an enclosing mode (af-interface, class, peer...) leaves this one
    return all(not any(p.match(cmd) for p, _ in outer.opens) for outer in stack[:-1])
