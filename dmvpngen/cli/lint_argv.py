"""``dmvpngen lint`` read straight from ``sys.argv``, for the common command lines.

``dmvpngen lint`` runs in pre-commit hooks on every commit, where start-up is most of its time:
a plain command line (:mod:`dmvpngen.cli.plain_argv`) is read here into the same
:class:`~dmvpngen.cli.lint_run.LintArgs` the Typer command builds, and run without Typer, click,
rich or pydantic (~0.2 s of the ~0.45 s a one-file lint took). A test holds both readings equal.
"""

from __future__ import annotations

from pathlib import Path

from dmvpngen.cli.lint_run import FailOn, LintArgs, LintFormat
from dmvpngen.cli.plain_argv import read_argv

__all__ = ["parse_lint_argv", "run_fast"]

# option spelling -> LintArgs field (the declarations in dmvpngen.cli.lint)
_OPTIONS = {
    "--format": "fmt",
    "-f": "fmt",
    "--select": "select",
    "--ignore": "ignore",
    "--fail-on": "fail_on",
    "--ios-version": "ios_version",
    "--config": "config",
    "--waivers": "waivers",
    "--external-interface": "external",
    "--output": "output",
    "-o": "output",
    "--jobs": "jobs",
    "-j": "jobs",
}
_REPEATED = frozenset({"select", "ignore", "external"})
_PATHS = frozenset({"config", "waivers", "output"})
_FORMATS = {f.value: f for f in LintFormat}
_SEVERITIES = {s.value: s for s in FailOn}


def _typed(field: str, value: str) -> object | None:
    """``value`` as the field's type, or None when Typer should judge it."""
    if field == "fmt":
        return _FORMATS.get(value)
    if field == "fail_on":
        return _SEVERITIES.get(value)
    if field == "jobs":
        return int(value) if value.isascii() and value.isdigit() else None
    if field in _PATHS:
        return Path(value) if value else None
    return value


def parse_lint_argv(argv: list[str]) -> LintArgs | None:
    """The arguments after ``lint``, or None when the command line is not a plain one."""
    read = read_argv(argv, _OPTIONS, _REPEATED, _typed)
    if read is None:
        return None
    paths, single, many = read
    return LintArgs(
        paths=tuple(paths),
        select=tuple(many["select"]),
        ignore=tuple(many["ignore"]),
        external=tuple(many["external"]),
        **single,  # type: ignore[arg-type]
    )


def run_fast(argv: list[str]) -> int | None:
    """Run ``dmvpngen lint`` for ``argv`` (the words after ``lint``) and return its exit status,
    or None when Typer must read this command line."""
    args = parse_lint_argv(argv)
    if args is None:
        return None
    from dmvpngen.cli.lint_run import run_lint
    from dmvpngen.errors import InputError, UsageError

    try:
        return run_lint(args)
    except (InputError, UsageError, OSError) as exc:
        return _report(exc, args)
    except KeyboardInterrupt:
        return 130  # as Typer exits on Ctrl-C


def _report(exc: Exception, args: LintArgs) -> int:
    """Report a user error exactly as the Typer command does (rich is loaded only here)."""
    import typer

    from dmvpngen.cli.output import OutputFormat, user_errors

    fmt = OutputFormat.JSON if args.fmt is LintFormat.JSON else OutputFormat.TEXT
    try:
        with user_errors(fmt):
            raise exc
    except typer.Exit as done:
        return int(done.exit_code)
    raise AssertionError("user_errors reports every user error")  # pragma: no cover
