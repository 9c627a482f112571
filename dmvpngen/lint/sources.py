"""Reading config sources: files, directories and stdin, through :mod:`dmvpngen.parse.source`.

A source that is not an IOS config at all (binary, empty, another vendor's, oversized) is a
located problem, exit status 2; a text source with a few undecodable bytes is linted and those
lines become PAR001 findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dmvpngen.errors import InputError, Problem
from dmvpngen.inputfile import why_not_a_file
from dmvpngen.parse.source import ConfigRefused, ConfigSource, config_from_bytes, read_config

__all__ = [
    "CONFIG_SUFFIXES",
    "Source",
    "UnreadableError",
    "expand_paths",
    "read_config_source",
    "read_source",
]

# Files picked up when a directory is given (files named explicitly are always read).
CONFIG_SUFFIXES = (".cfg", ".conf", ".config", ".ios", ".txt", ".run")


@dataclass(frozen=True)
class Source:
    """One config to lint: a display name and either a path or the bytes themselves."""

    name: str
    path: Path | None = None
    data: bytes | None = None


# A source that cannot be linted; carries the located problem (shared with check and import).
UnreadableError = ConfigRefused


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
                Problem(path.as_posix(), None, why_not_a_file(path), hint="check the path")
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


def read_config_source(source: Source) -> ConfigSource:
    """Read, classify and normalise a source (the same reading ``check`` and ``import`` do).

    Raises :class:`UnreadableError` for an unreadable, oversized, binary, empty or non-IOS source.
    """
    if source.data is not None:
        return config_from_bytes(source.data, source.name)
    assert source.path is not None
    return read_config(source.path, source.name)


def read_source(source: Source) -> str:
    """The text of a source; raises :class:`UnreadableError` like :func:`read_config_source`."""
    return read_config_source(source).text
