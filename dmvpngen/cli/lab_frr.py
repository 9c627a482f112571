"""``dmvpngen lab up/verify/down --engine frr`` and ``dmvpngen lab doctor``: wiring only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from dmvpngen.cli.output import OutputFormat, console, err_console, esc, print_json, user_errors

__all__ = ["add_frr_commands", "frr_down_cmd", "frr_up_cmd", "frr_verify_cmd"]

STATE_HELP = "Lab state directory (default /tmp/dmvpngen-lab/<lab title>)."


def _report(report: Any, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.JSON:
        print_json(report.model_dump())
    else:
        _print_report(report)
    if not report.emulated:
        raise typer.Exit(3)  # distinct from a failed proof: the design was not run at all
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: Any) -> None:
    if report.not_emulated:
        table = Table(title=f"Not emulated in {esc(report.title)}")
        for column in ("feature", "routers", "blocks the lab", "why"):
            table.add_column(column)
        grouped: dict[tuple[str, bool, str], list[str]] = {}
        for gap in report.not_emulated:
            grouped.setdefault((gap.feature, gap.blocking, gap.reason), []).append(gap.router)
        for (feature, blocking, reason), routers in grouped.items():
            table.add_row(
                esc(feature), esc(", ".join(routers)), "yes" if blocking else "no", esc(reason)
            )
        console.print(table)
    if not report.emulated:
        err_console.print(
            f"[red]{esc(report.title)} cannot be emulated faithfully[/]: the features marked "
            "'blocks the lab' above would have to be replaced by others"
        )
        return
    checks = Table(title=f"FRR lab {esc(report.title)}")
    for column in ("router", "check", "result", "detail"):
        checks.add_column(column)
    for check in (*report.checks, *report.differential):
        mark = "[green]ok[/]" if check.ok else "[red]FAIL[/]"
        checks.add_row(esc(check.router), esc(check.check), mark, esc(check.detail))
    console.print(checks)
    if report.emulation_notes:
        notes = Table(title="Emulation notes (workarounds for the packaged FRR, not the design)")
        for column in ("router", "peer", "what the lab did"):
            notes.add_column(column)
        for note in report.emulation_notes:
            notes.add_row(esc(note.router), esc(note.peer), esc(note.detail))
        console.print(notes)
    if report.paths:
        paths = Table(title="Spoke to spoke")
        for column in ("cloud", "spoke a", "spoke b", "check predicts", "lab observed"):
            paths.add_column(column)
        for p in report.paths:
            paths.add_row(*(esc(v) for v in (p.cloud, p.a, p.b, p.predicted, p.observed)))
        console.print(paths)
    timing = ", ".join(f"{k.removesuffix('_s')} {v:.0f} s" for k, v in report.timings.items())
    verdict = "[green]PASS[/]" if report.ok else "[red]FAIL[/]"
    passed = sum(c.ok for c in (*report.checks, *report.differential))
    total = len(report.checks) + len(report.differential)
    console.print(f"{verdict}: {passed}/{total} checks; {timing}")
    if report.running:
        console.print(
            f"the lab is running (state in {report.state_dir}); stop it with "
            "dmvpngen lab down --engine frr INVENTORY",
            markup=False,
        )


def frr_up_cmd(
    inventory: Path,
    state: Path | None,
    keep: bool,
    failover: bool,
    fmt: OutputFormat,
    *,
    debug_nhrp: bool = False,
) -> None:
    """``lab up --engine frr``."""
    from dmvpngen.lab.frr.engine import frr_up

    with user_errors(fmt):
        report = frr_up(inventory, state=state, keep=keep, failover=failover, debug_nhrp=debug_nhrp)
    _report(report, fmt)


def frr_verify_cmd(inventory: Path, state: Path | None, failover: bool, fmt: OutputFormat) -> None:
    """``lab verify --engine frr``."""
    from dmvpngen.lab.frr.engine import frr_verify

    with user_errors(fmt):
        report = frr_verify(inventory, state=state, failover=failover)
    _report(report, fmt)


def frr_down_cmd(inventory: Path, state: Path | None, fmt: OutputFormat) -> None:
    """``lab down --engine frr``."""
    from dmvpngen.lab.frr.engine import frr_down

    with user_errors(fmt):
        title, was = frr_down(inventory, state=state)
    if fmt is OutputFormat.JSON:
        print_json({"ok": True, "title": title, "stopped": was})
    else:
        console.print(f"stopped {title}" if was else f"no running FRR lab {title}", markup=False)


def add_frr_commands(app: typer.Typer) -> None:
    """Add ``lab doctor`` to the lab command group."""

    @app.command("doctor")
    def doctor_cmd(
        fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", help="Output format."),
    ) -> None:
        """Say which parts of the FRR lab engine are missing and how to install them."""
        from dmvpngen.lab.frr.doctor import doctor

        result = doctor()
        if fmt is OutputFormat.JSON:
            print_json(result.model_dump())
        else:
            table = Table(title="FRR lab parts")
            for column in ("part", "found", "detail", "package"):
                table.add_column(column)
            for part in result.parts:
                mark = "[green]yes[/]" if part.ok else "[red]no[/]"
                table.add_row(part.name, mark, part.detail, part.package)
            console.print(table)
            for line in result.install:
                console.print(f"install: {line}", markup=False)
        if not result.ok:
            raise typer.Exit(1)
