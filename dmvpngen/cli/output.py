"""Shared CLI plumbing: one console, output formats, and turning user errors into exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from dmvpngen.errors import InputError, Problem, UsageError, escape_controls

__all__ = [
    "OutputFormat",
    "SafeConsole",
    "console",
    "err_console",
    "esc",
    "fail",
    "print_json",
    "print_problems",
    "user_errors",
]


class SafeConsole(Console):
    """A console that prints control characters of every string as escapes (``\\x1b``).

    Reports quote configs (hostnames, lines, descriptions): an escape sequence in a config
    file would otherwise reach the terminal (set its title, clear it, move the cursor) from
    ``lint`` or ``check``. Line feeds between lines are kept; rich's own styling is added after
    this, so colours still work.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Escape control characters of ``text``, then render it as rich does."""
        if not (text.isascii() and text.isprintable()):
            text = "\n".join(escape_controls(line) for line in text.split("\n"))
        return super().render_str(text, **kwargs)


def esc(value: object) -> str:
    """``value`` as text that rich prints literally: markup-like brackets from configs, paths
    or inventories (``[/]``, ``[red]``) are escaped, so they neither style the output nor
    raise. Control characters are escaped later, by :class:`SafeConsole`."""
    from rich.markup import escape

    return escape(str(value))


# One console for results (stdout) and one for diagnostics (stderr); rich honours NO_COLOR itself.
console = SafeConsole(highlight=False, soft_wrap=True)
err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    """Formats a result can be printed in."""

    TEXT = "text"
    JSON = "json"


def print_json(data: Any) -> None:
    """Print JSON deterministically (sorted keys are not used: contracts define key order)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_problems(problems: list[Problem], *, title: str = "") -> None:
    """Print located problems to stderr, one per entry with its hint."""
    if title:
        err_console.print(f"[bold red]{title}[/]")
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        err_console.print(problem.render(), markup=False, style=colour)


def fail(code: int, message: str, hint: str = "") -> NoReturn:
    """Print a one-off error (with an optional hint) and exit with ``code``."""
    # Messages quote user input (option values, paths): escaped, they cannot forge a line or
    # drive the terminal, as in every located Problem.
    err_console.print("[red]error[/]: ", end="")
    err_console.print(escape_controls(message), markup=False)
    if hint:
        err_console.print(f"    hint: {escape_controls(hint)}", markup=False)
    raise typer.Exit(code)


@contextmanager
def user_errors(fmt: OutputFormat = OutputFormat.TEXT) -> Iterator[None]:
    """Turn :class:`InputError` / :class:`UsageError` into a report and an exit code.

    Anything the user can fix ends here with a message; a traceback would mean a bug.
    """
    try:
        yield
    except InputError as exc:
        if fmt is OutputFormat.JSON:
            print_json(
                {"ok": False, "problems": [p.as_dict() for p in exc.problems]},
            )
        else:
            noun = "problem" if len(exc.problems) == 1 else "problems"
            print_problems(exc.problems, title=f"{len(exc.problems)} {noun} found")
        raise typer.Exit(exc.exit_code) from None
    except UsageError as exc:
        fail(exc.exit_code, exc.message, exc.hint)
    except OSError as exc:
        name = exc.filename if exc.filename else ""
        fail(2, f"{name}: {exc.strerror or exc}", "check the path and its permissions")


def no_color() -> bool:
    """True when the user asked for plain output."""
    return bool(os.environ.get("NO_COLOR"))


Command = Callable[..., Any]
