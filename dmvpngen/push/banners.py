"""Banners: read in any delimiter style, compared by message, and typed the way IOS takes them.

A banner is free text between two delimiters of the writer's choice (``#`` in rendered configs,
``^C`` in ``show running-config``), so it is never handed to hier_config. IOS takes a banner in
one of two ways (Cisco IOS Configuration Fundamentals Command Reference, ``banner motd``):

- on one line, ``banner motd #text#``: stored at once, the config prompt comes back;
- over several lines: after ``banner motd #`` the router answers ``Enter TEXT message.  End
  with the character '#'.`` and reads raw text, printing no prompt, until a line holding the
  delimiter; then the config prompt comes back.

The second form is a small dialogue, not a config line, so it is not sent through netmiko's
``send_config_set`` (which turns its echo check off for a whole batch holding a ``banner`` and
then waits for silence after every line): :func:`send_banner` types it line by line, reading
each echo, and the push reads the running config back afterwards as for every other change.
"""

from __future__ import annotations

import re
from typing import Any

from dmvpngen.model.text import banner_delimiter

__all__ = [
    "BannerRejected",
    "banner_commands",
    "banner_notes",
    "is_banner_command",
    "send_banner",
    "split_banners",
]

_BANNER = re.compile(r"^banner\s+(\S+)\s+(\^C|\x03|\S)(.*)$")
# IOS's answer to a banner command that continues on the next lines.
_TEXT_MODE = re.compile(r"End with the character '(.+)'\.")
_CONFIG_PROMPT = r"\(config\)#"
# netmiko's read_until_pattern splits its output on the pattern: no capturing groups in it.
_ANSWER = r"(?:End with the character '.+'\.|\(config\)#)"
_REFUSED = re.compile(r"^\s*%\s*(Invalid|Incomplete|Ambiguous|Unknown).*$", re.M)


class BannerRejected(Exception):
    """The router refused a banner or never went back to the config prompt."""


def split_banners(text: str) -> tuple[str, dict[str, str]]:
    """Remove banners from ``text``; return the rest and ``{type: message}``.

    Messages are compared line by line, stripped, blank lines dropped: IOS keeps the line
    breaks next to the delimiters that a multi-line banner is typed with.
    """
    rest: list[str] = []
    banners: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _BANNER.match(lines[i])
        if match is None:
            rest.append(lines[i])
            i += 1
            continue
        kind, delim, tail = match.groups()
        body: list[str] = []
        if delim in tail:  # one line: banner login #text#
            body.append(tail[: tail.index(delim)])
            i += 1
        else:
            body.append(tail)
            i += 1
            while i < len(lines) and delim not in lines[i]:
                body.append(lines[i])
                i += 1
            if i < len(lines):
                body.append(lines[i][: lines[i].index(delim)])
                i += 1
        banners[kind] = "\n".join(part.strip() for part in body if part.strip())
    return "\n".join(rest) + "\n", banners


def banner_notes(running: dict[str, str], intended: dict[str, str]) -> list[str]:
    """Warnings for intended banners that differ but hold every delimiter IOS could end them
    with (the inventory refuses such a banner; a hand-made intent may still carry one)."""
    return [
        f"banner {kind} differs but is not pushed: its text holds every delimiter IOS could "
        "end it with"
        for kind, message in sorted(intended.items())
        if running.get(kind) != message and banner_delimiter(message) is None
    ]


def banner_commands(running: dict[str, str], intended: dict[str, str]) -> list[str]:
    """One command per intended banner whose message differs, as typed: ``banner K DtextD`` for
    one line, else ``banner K D``, the message lines and ``D`` joined by line breaks."""
    out = []
    for kind, message in sorted(intended.items()):
        # The delimiter is chosen the way the renderer chooses it, so a message that contains
        # '#' is still pushed.
        delim = banner_delimiter(message)
        if running.get(kind) == message or delim is None:
            continue
        if "\n" in message:
            out.append("\n".join([f"banner {kind} {delim}", *message.split("\n"), delim]))
        else:
            out.append(f"banner {kind} {delim}{message}{delim}")
    return out


def is_banner_command(command: str) -> bool:
    """True for a command :func:`send_banner` must type."""
    return command.startswith("banner ")


def _read(conn: Any, pattern: str, read_timeout: float, typed: str) -> str:
    from netmiko.exceptions import ReadTimeout

    try:
        out = conn.read_until_pattern(pattern=pattern, read_timeout=read_timeout, re_flags=re.M)
        return str(out)
    except ReadTimeout:
        raise BannerRejected(f"no answer from the router after '{typed}'") from None


def send_banner(conn: Any, command: str, read_timeout: float) -> str:
    """Type one banner command from :func:`banner_commands` at the ``(config)#`` prompt and
    return the router's output; raise :class:`BannerRejected` on an error answer.

    Only the router's own answers are searched for an error (to the command, and after the
    closing delimiter): the echoed message may itself hold a line such as ``% Unauthorized``.
    """
    head, *text = command.split("\n")
    conn.write_channel(conn.normalize_cmd(head))
    output = _read(conn, _ANSWER, read_timeout, head)
    answers = output
    mode = _TEXT_MODE.search(output)
    if text and mode is not None:
        for line in text:
            conn.write_channel(conn.normalize_cmd(line))
            # Each line is echoed with no prompt after it; the delimiter line ends text mode.
            # Only the end of the echo is awaited: IOS scrolls a line longer than the terminal
            # width sideways, so the start of a long line is not echoed as typed.
            output += _read(conn, re.escape(line[-24:]), read_timeout, line)
        closing = _read(conn, _CONFIG_PROMPT, read_timeout, text[-1])
        output, answers = output + closing, answers + closing
    if mode is not None and not text:
        # A one-line banner read as the start of text mode would swallow the next config
        # lines as banner text: end text mode before reporting it.
        conn.write_channel(conn.normalize_cmd(mode[1]))
        output += _read(conn, _CONFIG_PROMPT, read_timeout, mode[1])
    refused = _REFUSED.search(answers)
    if refused is not None:
        raise BannerRejected(f"'{head}': {refused[0].strip()}")
    if bool(text) != (mode is not None):
        raise BannerRejected(f"'{head}': unexpected answer {output.strip()[-200:]!r}")
    return output
