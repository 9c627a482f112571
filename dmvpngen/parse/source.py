"""One entry for every command that reads configs: bytes in, a classified, normalised source out.

``lint``, ``check`` and ``import`` all call :func:`read_config` (or :func:`config_from_bytes`
for stdin), so an empty file, a Junos config, a UTF-16 file or a 40 MB file is recognised and
said the same way by all three. Refusals are :class:`ConfigRefused` carrying a located
:class:`~dmvpngen.errors.Problem` (exit status 2 in every command).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dmvpngen.errors import Problem
from dmvpngen.inputfile import open_input
from dmvpngen.parse.banners import skipped_lines
from dmvpngen.parse.decode import NotText, decode_config
from dmvpngen.parse.normalise import detect_kind, normalise
from dmvpngen.parse.platform import foreign_platform, ios_like

__all__ = [
    "MAX_CONFIG_BYTES",
    "ConfigRefused",
    "ConfigSource",
    "config_from_bytes",
    "config_from_text",
    "max_config_bytes",
    "prepare",
    "read_config",
]

# A router's running-config is rarely above 1 MB; 8 MiB parses in well under a minute here.
MAX_CONFIG_BYTES = 8 * 1024 * 1024
_LIMIT_ENV = "DMVPNGEN_MAX_CONFIG_MB"


@dataclass(frozen=True)
class ConfigSource:
    """A config ready to parse.

    ``raw_lines`` are the user's lines (BOM, CR and tabs cleaned); ``lines`` are what the parser
    is given (:func:`~dmvpngen.parse.normalise.normalise`). Both have the same length and line
    *n* of one is line *n* of the other, so ``line_of`` is the identity and every finding keeps
    its file:line.
    """

    name: str
    raw_lines: list[str]
    lines: list[str]
    kind: str  # "show-run" | "paste"
    encoding: str = "utf-8"
    replaced: int = 0  # bytes that were not valid in the encoding
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The user's text (cleaned of BOM, CR and tabs)."""
        return "\n".join(self.raw_lines)

    def line_of(self, parsed_line: int) -> int:
        """The user's 1-based line for a 1-based line of :attr:`lines` (numbering is kept)."""
        return parsed_line


class ConfigRefused(Exception):
    """A config that cannot be read as IOS: carries the located problem (exit status 2)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


def max_config_bytes() -> int:
    """The size limit: ``DMVPNGEN_MAX_CONFIG_MB`` when set to a positive number, else 8 MiB."""
    raw = os.environ.get(_LIMIT_ENV, "").strip()
    try:
        value = float(raw) if raw else 0.0
    except ValueError:
        value = 0.0
    return int(value * 1024 * 1024) if value > 0 else MAX_CONFIG_BYTES


def _size(size: int, limit: int) -> str:
    # a stream is read one byte past the limit and no further: its real size is unknown
    return f"more than {limit / 1048576:g} MB" if size == limit + 1 else f"{size / 1048576:.1f} MB"


def _too_large(name: str, size: int, limit: int) -> ConfigRefused:
    return ConfigRefused(
        Problem(
            name,
            None,
            f"config is {_size(size, limit)}, over the {limit / 1048576:g} MB limit for one "
            "router's config",
            hint="pass one router's 'show running-config' per file; if this really is one "
            f"config, raise the limit with {_LIMIT_ENV}=<megabytes> (see docs/limits.md)",
        )
    )


def read_config(path: str | Path, name: str | None = None) -> ConfigSource:
    """Read, classify and normalise the config at ``path`` (refusals: :class:`ConfigRefused`).

    The size is checked before a byte is read, so an oversized file is refused at once.
    """
    p = Path(path)
    shown = name or p.as_posix()
    limit = max_config_bytes()
    try:
        with open_input(p) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise _too_large(shown, size, limit)
            data = fh.read(limit + 1)  # a file growing while read is still bounded
    except OSError as exc:
        raise ConfigRefused(
            Problem(
                shown, None, f"cannot read: {exc.strerror}", hint="check the path and permissions"
            )
        ) from None
    if len(data) > limit:
        raise _too_large(shown, len(data), limit)
    return config_from_bytes(data, shown)


def config_from_bytes(data: bytes, name: str) -> ConfigSource:
    """Classify and normalise config bytes (stdin, an in-memory render, a read file)."""
    limit = max_config_bytes()
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    try:
        decoded = decode_config(data)
    except NotText as exc:
        raise ConfigRefused(
            Problem(
                name,
                exc.line,
                f"not a text config ({exc.what})",
                hint="pass the router's 'show running-config' text, not an image or archive",
            )
        ) from None
    return config_from_text(decoded.text, name, decoded.encoding, decoded.replaced)


def prepare(text: str) -> tuple[list[str], list[str], str]:
    """``(raw_lines, parser_lines, kind)`` for config text, with no classification.

    For text that is known to be a config (an in-memory render, a test fragment).
    """
    raw_lines = _clean(text)
    skipped = skipped_lines(raw_lines)
    kind = detect_kind(raw_lines, skipped)
    return raw_lines, normalise(raw_lines, kind, skipped), kind


def config_from_text(
    text: str, name: str, encoding: str = "utf-8", replaced: int = 0
) -> ConfigSource:
    """Classify and normalise decoded config text; refuses empty and non-IOS text."""
    raw_lines = _clean(text)
    if not any(line.strip() and not line.lstrip().startswith("!") for line in raw_lines):
        raise ConfigRefused(
            Problem(
                name,
                None,
                "empty config (no configuration lines)",
                hint="the file holds nothing but blank lines or '!' comments: export the "
                "router's 'show running-config' again",
            )
        )
    foreign = foreign_platform(raw_lines)
    if foreign is not None:
        raise ConfigRefused(
            Problem(
                name,
                foreign.line,
                f"{foreign.platform} config, not Cisco IOS / IOS-XE: {foreign.text!r}",
                hint="dmvpngen reads IOS and IOS-XE configs only: leave this file out",
            )
        )
    if not ios_like(raw_lines):
        raise ConfigRefused(
            Problem(
                name,
                None,
                "not an IOS config: no line starts with an IOS configuration command",
                hint="pass the router's 'show running-config' (or a config-mode paste script)",
            )
        )
    skipped = skipped_lines(raw_lines)
    kind = detect_kind(raw_lines, skipped)
    notes = []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"decoded from {encoding.upper()}")
    if replaced:
        notes.append(f"{replaced} byte(s) not valid UTF-8, shown as U+FFFD")
    if kind == "paste":
        notes.append("read as a config-mode paste script (modes replayed as IOS would)")
    return ConfigSource(
        name, raw_lines, normalise(raw_lines, kind, skipped), kind, encoding, replaced, notes
    )


def _clean(text: str) -> list[str]:
    """The user's lines: BOM dropped, CR / CRLF line ends and tabs made plain, numbering kept."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.split("\n")
