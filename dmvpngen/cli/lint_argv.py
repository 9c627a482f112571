"""``dmvpngen lint`` read straight from ``sys.argv``, for the common command lines.

``dmvpngen lint`` runs in pre-commit hooks on every commit, where start-up is most of its time.
Typer coerces every option of a command through a pydantic ``TypeAdapter`` it builds at run time
(``typer._coercion.build_runtime_param``), and the application, click and rich cost as much
again: ~0.2 s of the ~0.45 s a one-file lint took. So a command line made only of config paths and
well-formed options (``--format json``, ``--select=CRY``, ``-j 2``) is read here, into the same
:class:`~dmvpngen.cli.lint_run.LintArgs` the Typer command builds; anything else (``--help``, an
unknown or misspelt option, a bad value, ``--``, shell completion) returns None and goes to
Typer, so its help and its usage errors are Typer's own. A test holds both readings equal.
"""

from __future__ import annotations

import os
from pathlib import Path

from dmvpngen.cli.lint_run import FailOn, LintArgs, LintFormat

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
    paths: list[str] = []
    single: dict[str, object] = {}
    repeated: dict[str, list[str]] = {name: [] for name in _REPEATED}
    words = iter(argv)
    for word in words:
        if word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        name, eq, value = word.partition("=")
        field = _OPTIONS.get(name)
        if field is None or (eq and not name.startswith("--")):
            return None
        if not eq:
            value = next(words, "-")
        if value.startswith("-"):  # a missing value, or a value click might read otherwise
            return None
        typed = _typed(field, value)
        if typed is None:
            return None
        if field in _REPEATED:
            repeated[field].append(value)
        elif field in single:  # given twice: click keeps the last, leave it to click
            return None
        else:
            single[field] = typed
    if not paths:
        return None
    return LintArgs(
        paths=tuple(paths),
        select=tuple(repeated["select"]),
        ignore=tuple(repeated["ignore"]),
        external=tuple(repeated["external"]),
        **single,  # type: ignore[arg-type]
    )


def run_fast(argv: list[str]) -> int | None:
    """Run ``dmvpngen lint`` for ``argv`` (the words after ``lint``) and return its exit status,
    or None when Typer must read this command line."""
    if any(key.endswith("_COMPLETE") for key in os.environ):  # shell completion: Typer's
        return None
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
