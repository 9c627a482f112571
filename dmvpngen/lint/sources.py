"""Reading config sources: files, directories and stdin, tolerant of BOMs, UTF-16 and CRLF.

A source that is not text at all (a binary file) is a located problem, exit status 2; a text
source with a few undecodable bytes is linted and those lines become PAR001 findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dmvpngen.errors import InputError, Problem

__all__ = ["CONFIG_SUFFIXES", "Source", "UnreadableError", "expand_paths", "read_source"]

# Files picked up when a directory is given (files named explicitly are always read).
CONFIG_SUFFIXES = (".cfg", ".conf", ".config", ".ios", ".txt", ".run")


@dataclass(frozen=True)
class Source:
    """One config to lint: a display name and either a path or the bytes themselves."""

    name: str
    path: Path | None = None
    data: bytes | None = None


class UnreadableError(Exception):
    """A source that cannot be linted; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


def expand_paths(paths: Sequence[Path | None], stdin: bytes | None = None) -> list[Source]:
    """Files as given, directories walked (sorted, hidden entries skipped), None = stdin."""
    out: list[Source] = []
    missing: list[Problem] = []
    for path in paths:
        if path is None:
            out.append(Source("-", data=stdin or b""))
        elif path.is_dir():
            before = len(out)
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if (
                    child.is_file()
                    and child.suffix.lower() in CONFIG_SUFFIXES
                    and not any(p.startswith(".") for p in rel)
                ):
                    out.append(Source(child.as_posix(), path=child))
            if len(out) == before:  # a CI job pointed at the wrong folder must not pass
                missing.append(
                    Problem(
                        path.as_posix(),
                        None,
                        "no config files in this directory",
                        hint=f"configs are picked up by suffix: {', '.join(CONFIG_SUFFIXES)}",
                    )
                )
        elif path.exists():
            out.append(Source(path.as_posix(), path=path))
        else:
            missing.append(
                Problem(path.as_posix(), None, "no such file or directory", hint="check the path")
            )
    if missing:
        raise InputError(missing)
    seen: set[str] = set()
    unique = []
    for source in out:  # a file named twice (or also inside a named directory) is linted once
        key = source.path.resolve().as_posix() if source.path is not None else "-"
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def _is_binary(data: bytes) -> int | None:
    """The 1-based line of the first sign of binary content, or None for text."""
    head = data[:8192]
    if b"\x00" in head:
        return head[: head.index(b"\x00")].count(b"\n") + 1
    odd = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 3))
    if head and odd / len(head) > 0.1:
        return 1
    return None


def read_source(source: Source) -> str:
    """The text of a source; raises :class:`UnreadableError` for binary or unreadable input."""
    if source.data is not None:
        data = source.data
    else:
        assert source.path is not None
        try:
            data = source.path.read_bytes()
        except OSError as exc:
            raise UnreadableError(
                Problem(source.name, None, f"cannot read: {exc.strerror}")
            ) from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    line = _is_binary(data)
    if line is not None:
        raise UnreadableError(
            Problem(
                source.name,
                line,
                "not a text config (binary content)",
                hint="pass the 'show running-config' text, not an image or archive",
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace")
