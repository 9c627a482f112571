"""The human report: findings grouped by file, each with line, severity, code, message and the
offending line (secrets masked), then a one-line summary."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from dmvpngen.errors import escape_controls as esc
from dmvpngen.lint.engine import LintReport
from dmvpngen.lint.registry import Severity

__all__ = ["render_text"]

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def render_text(report: LintReport, console: Console, *, show_fixes: bool = True) -> None:
    """Print the report on ``console``: markup is never interpreted in config text, and its
    control characters are shown escaped (an escape sequence in a config must not reach the
    terminal)."""
    for result in report.files:
        for note in result.notes:
            console.print(Text(esc(f"{result.file}: note: {note}"), style="dim"))
        if result.error is not None:
            console.print(
                Text(esc(f"{result.error.location}: "), style="bold")
                + Text(esc(f"error: {result.error.message}"), style="red")
            )
            if result.error.hint:
                console.print(Text(esc(f"    hint: {result.error.hint}"), style="dim"))
            continue
        if not result.findings:
            continue
        head = Text(esc(result.file), style="bold underline")
        head.append(esc(f"  ({result.device}, {result.role})"), style="dim")
        console.print(head)
        for f in result.findings:
            row = Text(f"{f.line:>5}  " if f.line else "    -  ")
            row.append(f"{f.severity.value.upper():<8}", style=_STYLE[f.severity])
            row.append(f" {f.code}  ", style="bold")
            row.append(esc(f.message))
            console.print(row)
            if f.text:
                console.print(Text(esc(f"       {f.text}"), style="dim"))
            if show_fixes and f.fix:
                console.print(
                    Text(esc("       fix: " + " / ".join(x.strip() for x in f.fix)), style="green")
                )
        console.print()
    for f in report.extra:
        console.print(
            Text(esc(f"{f.file}:{f.line}: "), style="bold")
            + Text(
                esc(f"{f.severity.value.upper()} {f.code} {f.message}"), style=_STYLE[f.severity]
            )
        )
    counts = report.counts()
    parts = [f"{n} {sev}" for sev, n in counts.items() if n]
    total = len(report.findings)
    summary = Text(f"{total} finding{'s' if total != 1 else ''}")
    if parts:
        summary.append(f" ({', '.join(parts)})")
    summary.append(f" in {len(report.files)} file{'s' if len(report.files) != 1 else ''}")
    suppressed = sum(r.suppressed for r in report.files)
    waived = sum(r.waived for r in report.files)
    if suppressed or waived:
        summary.append(f"; {suppressed} suppressed, {waived} waived")
    if report.errors:
        summary.append(f"; {len(report.errors)} unreadable", style="red")
    verdict = (
        f"fails: findings at or above {report.fail_on.value}"
        if report.failed
        else f"passes: nothing at or above {report.fail_on.value}"
    )
    summary.append(f" - {verdict}", style="bold red" if report.failed else "bold green")
    console.print(summary)
