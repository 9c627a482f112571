"""``dmvpngen lint``: security lint for Cisco IOS / IOS-XE configs, built for CI."""

from __future__ import annotations

from pathlib import Path

import typer

from dmvpngen.cli.lint_run import FailOn, LintArgs, LintFormat, run_lint
from dmvpngen.cli.output import OutputFormat, user_errors

__all__ = ["LintFormat", "register"]


def lint(
    paths: list[str] = typer.Argument(..., help="Config files, directories, or - for stdin."),
    fmt: LintFormat = typer.Option(LintFormat.TEXT, "--format", "-f", help="Report format."),
    select: list[str] = typer.Option(
        None, "--select", help="Only these codes or prefixes (CRY, DMV001)."
    ),
    ignore: list[str] = typer.Option(None, "--ignore", help="Skip these codes or prefixes."),
    fail_on: FailOn = typer.Option(
        None, "--fail-on", help="Exit 1 on findings at or above this severity (default: high)."
    ),
    ios_version: str = typer.Option(
        None, "--ios-version", help="Release for version-dependent defaults, e.g. 17.11."
    ),
    config: Path = typer.Option(
        None, "--config", help="Settings file (default: nearest .dmvpngen.toml or pyproject.toml)."
    ),
    waivers: Path = typer.Option(
        None, "--waivers", help="YAML waiver file (device, code, reason, expires)."
    ),
    external: list[str] = typer.Option(
        None, "--external-interface", help="Treat this interface as external (repeatable)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write the report to this file instead of stdout."
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: all cores)."),
) -> None:
    """Lint configs for crypto, DMVPN, routing-auth, management, control, data-plane and logging
    problems. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or unreadable input."""
    args = LintArgs(
        paths=tuple(paths),
        fmt=fmt,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        fail_on=fail_on,
        ios_version=ios_version,
        config=config,
        waivers=waivers,
        external=tuple(external or ()),
        output=output,
        jobs=jobs,
    )
    with user_errors(OutputFormat.JSON if fmt is LintFormat.JSON else OutputFormat.TEXT):
        code = run_lint(args)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add ``lint`` to ``app``."""
    app.command("lint")(lint)
