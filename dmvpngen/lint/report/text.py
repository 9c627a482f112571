"""The human report: findings grouped by file, each with line, severity, code, message and the
offending line (secrets masked), then a one-line summary.

The report is built once as styled lines; :func:`render_text` prints them with rich (colours on
a terminal), :func:`write_plain` writes the same characters without rich when nothing would be
styled (a pipe or a file): ``dmvpngen lint`` in a pre-commit hook then never imports rich.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from dmvpngen.errors import escape_controls as esc
from dmvpngen.lint.engine import LintReport
from dmvpngen.lint.registry import Severity

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["StyledLine", "plain_is_exact", "render_text", "report_lines", "write_plain"]

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}

# One printed line: the style of the whole line, then its pieces, each (text, style of the
# piece); the first piece carries no style of its own. Every text is already escaped
# (``escape_controls``): config text cannot drive the terminal or forge a line.
StyledLine = tuple[str, tuple[tuple[str, str], ...]]


def report_lines(report: LintReport, *, show_fixes: bool = True) -> Iterator[StyledLine]:
    """The report, line by line."""
    for result in report.files:
        for note in result.notes:
            yield "dim", ((esc(f"{result.file}: note: {note}"), ""),)
        if result.error is not None:
            where = esc(f"{result.error.location}: ")
            yield "bold", ((where, ""), (esc(f"error: {result.error.message}"), "red"))
            if result.error.hint:
                yield "dim", ((esc(f"    hint: {result.error.hint}"), ""),)
            continue
        if not result.findings:
            continue
        yield (
            "bold underline",
            ((esc(result.file), ""), (esc(f"  ({result.device}, {result.role})"), "dim")),
        )
        for f in result.findings:
            yield (
                "",
                (
                    (f"{f.line:>5}  " if f.line else "    -  ", ""),
                    (f"{f.severity.value.upper():<8}", _STYLE[f.severity]),
                    (f" {f.code}  ", "bold"),
                    (esc(f.message), ""),
                ),
            )
            if f.text:
                yield "dim", ((esc(f"       {f.text}"), ""),)
            if show_fixes and f.fix:
                fix = esc("       fix: " + " / ".join(x.strip() for x in f.fix))
                yield "green", ((fix, ""),)
        yield "", ()
    for f in report.extra:
        yield (
            "bold",
            (
                (esc(f"{f.file}:{f.line}: "), ""),
                (esc(f"{f.severity.value.upper()} {f.code} {f.message}"), _STYLE[f.severity]),
            ),
        )
    yield "", tuple(_summary(report))


def _summary(report: LintReport) -> Iterator[tuple[str, str]]:
    counts = report.counts()
    parts = [f"{n} {sev}" for sev, n in counts.items() if n]
    total = len(report.findings)
    yield f"{total} finding{'s' if total != 1 else ''}", ""
    if parts:
        yield f" ({', '.join(parts)})", ""
    yield f" in {len(report.files)} file{'s' if len(report.files) != 1 else ''}", ""
    suppressed = sum(r.suppressed for r in report.files)
    waived = sum(r.waived for r in report.files)
    if suppressed or waived:
        yield f"; {suppressed} suppressed, {waived} waived", ""
    if report.errors:
        yield f"; {len(report.errors)} unreadable", "red"
    verdict = (
        f"fails: findings at or above {report.fail_on.value}"
        if report.failed
        else f"passes: nothing at or above {report.fail_on.value}"
    )
    yield f" - {verdict}", "bold red" if report.failed else "bold green"


def render_text(report: LintReport, console: Console, *, show_fixes: bool = True) -> None:
    """Print the report on ``console`` with its styles: markup is never interpreted in config
    text, and its control characters are shown escaped (an escape sequence in a config must not
    reach the terminal)."""
    from rich.text import Text

    for style, pieces in report_lines(report, show_fixes=show_fixes):
        if not pieces:
            console.print()
            continue
        line = Text(pieces[0][0], style=style)
        for text, piece_style in pieces[1:]:
            line.append(text, style=piece_style or None)
        console.print(line)


def write_plain(report: LintReport, stream: TextIO, *, show_fixes: bool = True) -> None:
    """Write the report as rich prints it where nothing is styled (see :func:`plain_is_exact`)."""
    stream.write(
        "".join(
            "".join(text for text, _style in pieces) + "\n"
            for _line_style, pieces in report_lines(report, show_fixes=show_fixes)
        )
    )


def plain_is_exact(stream: TextIO) -> bool:
    """True when rich would print no style on ``stream``, so :func:`write_plain` writes exactly
    what :func:`render_text` would: not a terminal, and neither ``FORCE_COLOR`` nor
    ``TTY_COMPATIBLE`` (which make rich style a pipe) set."""
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except ValueError:  # a closed stream: let rich report it as before
        return False
