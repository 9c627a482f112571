"""What ``dmvpngen lint`` does once its arguments are read, without Typer or rich.

Both ways in share it: the Typer command (:mod:`dmvpngen.cli.lint`) and the start-up path that
reads plain argument lists itself (:mod:`dmvpngen.cli.lint_argv`). User errors are raised, not
printed: each caller reports them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dmvpngen.lint.waivers import Waiver

__all__ = ["FailOn", "LintArgs", "LintFormat", "run_lint"]


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


@dataclass(frozen=True)
class LintArgs:
    """The command line of one ``dmvpngen lint`` run, as typed values."""

    paths: tuple[str, ...]
    fmt: LintFormat = LintFormat.TEXT
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: FailOn | None = None
    ios_version: str | None = None
    config: Path | None = None
    waivers: Path | None = None
    external: tuple[str, ...] = ()
    output: Path | None = None
    jobs: int = 0


def _split(values: tuple[str, ...]) -> list[str]:
    return [v for item in values for v in item.replace(",", " ").split()]


def run_lint(args: LintArgs) -> int:
    """Lint what ``args`` names, write the report, return the exit status.

    Raises :class:`~dmvpngen.errors.InputError`, :class:`~dmvpngen.errors.UsageError` or
    :class:`OSError` for what the user can fix.
    """
    from dmvpngen.lint.config import load_settings
    from dmvpngen.lint.engine import lint_sources, resolve_codes, sources_from_paths
    from dmvpngen.parse.source import max_config_bytes

    settings = load_settings(
        args.config,
        select=_split(args.select),
        ignore=_split(args.ignore),
        fail_on=args.fail_on.value if args.fail_on else None,
        ios_version=args.ios_version,
        external_interfaces=list(args.external) or None,
        waivers=str(args.waivers) if args.waivers else None,
    )
    settings = replace(
        settings,
        select=resolve_codes(settings.select, "--select"),
        ignore=resolve_codes(settings.ignore, "--ignore"),
    )
    resolve_codes(settings.severity, "severity override")
    waiver_list: list[Waiver] = []
    if settings.waivers:
        from dmvpngen.lint.waivers import load_waivers  # pydantic: only with a waiver file

        waiver_list = load_waivers(Path(settings.waivers))
    # one byte over the limit is enough for the size refusal: never hold a huge stream
    stdin = sys.stdin.buffer.read(max_config_bytes() + 1) if "-" in args.paths else None
    sources = sources_from_paths(args.paths, stdin)
    report = lint_sources(sources, settings, waiver_list, jobs=args.jobs or None)
    _emit(report, args.fmt, args.output)
    return report.exit_code


def _emit(report: object, fmt: LintFormat, output: Path | None) -> None:
    from dmvpngen.lint.engine import LintReport

    assert isinstance(report, LintReport)
    if fmt is LintFormat.TEXT:
        _emit_text(report, output)
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


def _emit_text(report: object, output: Path | None) -> None:
    from dmvpngen.lint.engine import LintReport
    from dmvpngen.lint.report.text import plain_is_exact, render_text, write_plain

    assert isinstance(report, LintReport)
    if output is None:
        if plain_is_exact(sys.stdout):
            write_plain(report, sys.stdout)
            return
        from dmvpngen.cli.output import console

        render_text(report, console)
        return
    with output.open("w", encoding="utf-8") as fh:
        if plain_is_exact(fh):
            write_plain(report, fh)
            return
        from dmvpngen.cli.output import SafeConsole

        render_text(report, SafeConsole(file=fh, no_color=True, width=120))
