"""User-facing problems: every input error carries a location, a message and a hint.

Library code raises :class:`InputError` (holding one or more :class:`Problem`) for anything the
user can fix; the CLI turns it into a located report and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "InputError",
    "Problem",
    "UsageError",
    "ValidationFailed",
    "escape_controls",
    "format_path",
]


def escape_controls(text: str) -> str:
    """``text`` with control and line-breaking characters shown as escapes (``\\n``, ``\\x1b``).

    Reports quote keys and values from the input; a line feed or an escape sequence in them must
    not forge a report line or drive the terminal.
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(repr(char)[1:-1] if char not in "'\"" else char)
    return "".join(out)


def format_path(path: tuple[str | int, ...]) -> str:
    """Render an object path like ``spokes[3].wan.interface``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return escape_controls(out)


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file."""

    file: str
    line: int | None
    message: str
    path: tuple[str | int, ...] = ()
    hint: str = ""
    severity: str = field(default="error", compare=False)

    @property
    def location(self) -> str:
        """``file:line`` (or just ``file`` when no line is known)."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self) -> str:
        """One-line-plus-hint text form used by the CLI and the error goldens."""
        where = escape_controls(self.location)
        obj = f" {format_path(self.path)}:" if self.path else ""
        text = f"{where}: {self.severity}:{obj} {escape_controls(self.message)}"
        if self.hint:
            text += f"\n    hint: {escape_controls(self.hint)}"
        return text

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "file": self.file,
            "line": self.line,
            "path": format_path(self.path),
            "message": escape_controls(self.message),
            "hint": escape_controls(self.hint),
            "severity": self.severity,
        }


class InputError(Exception):
    """Input that cannot be read at all (missing file, malformed YAML): exit status 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


class ValidationFailed(InputError):
    """Input that parses but describes an invalid or impossible network: exit status 1."""

    exit_code = 1


class UsageError(Exception):
    """A command-line usage problem: exit status 2."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
