"""``dmvpngen lint``: security lint for Cisco IOS / IOS-XE configs, built for CI."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from dmvpngen.cli.output import OutputFormat, SafeConsole, console, user_errors

__all__ = ["LintFormat", "register"]


class LintFormat(str, Enum):
    """Report formats."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"


class FailOn(str, Enum):
    """Severities accepted by ``--fail-on``."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


def _split(values: list[str] | None) -> list[str]:
    return [v for item in values or [] for v in item.replace(",", " ").split()]


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
    from dmvpngen.lint.config import load_settings
    from dmvpngen.lint.engine import lint_sources, resolve_codes, sources_from_paths
    from dmvpngen.lint.waivers import load_waivers

    err_fmt = OutputFormat.JSON if fmt is LintFormat.JSON else OutputFormat.TEXT
    with user_errors(err_fmt):
        settings = load_settings(
            config,
            select=_split(select),
            ignore=_split(ignore),
            fail_on=fail_on.value if fail_on else None,
            ios_version=ios_version,
            external_interfaces=external or None,
            waivers=str(waivers) if waivers else None,
        )
        settings = settings.model_copy(
            update={
                "select": resolve_codes(settings.select, "--select"),
                "ignore": resolve_codes(settings.ignore, "--ignore"),
            }
        )
        resolve_codes(settings.severity, "severity override")
        waiver_list = load_waivers(Path(settings.waivers)) if settings.waivers else []
        from dmvpngen.parse.source import max_config_bytes

        # one byte over the limit is enough for the size refusal: never hold a huge stream
        stdin = sys.stdin.buffer.read(max_config_bytes() + 1) if "-" in paths else None
        sources = sources_from_paths(paths, stdin)
        report = lint_sources(sources, settings, waiver_list, jobs=jobs or None)
        _emit(report, fmt, output)
    raise typer.Exit(report.exit_code)


def _emit(report: object, fmt: LintFormat, output: Path | None) -> None:
    import json

    from dmvpngen.lint.engine import LintReport

    assert isinstance(report, LintReport)
    if fmt is LintFormat.TEXT and output is None:
        from dmvpngen.lint.report.text import render_text

        render_text(report, console)
        return
    if fmt is LintFormat.TEXT:
        from dmvpngen.lint.report.text import render_text

        with output.open("w", encoding="utf-8") as fh:  # type: ignore[union-attr]
            render_text(report, SafeConsole(file=fh, no_color=True, width=120))
        return
    if fmt is LintFormat.JUNIT:
        from dmvpngen.lint.report.junit import to_junit

        text = to_junit(report)
    else:
        if fmt is LintFormat.JSON:
            from dmvpngen.lint.report.json import to_json

            data = to_json(report)
        else:
            from dmvpngen.lint.report.sarif import to_sarif

            data = to_sarif(report)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add ``lint`` to ``app``."""
    app.command("lint")(lint)
