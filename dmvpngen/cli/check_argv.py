"""``dmvpngen check`` with a plain command line, run without Typer reading it.

The command itself (:func:`dmvpngen.cli.check.check`) is called with the values Typer would
pass: what is saved is Typer's per-option pydantic adapters and their imports (see
:mod:`dmvpngen.cli.plain_argv`). Anything else goes to Typer.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.cli.plain_argv import read_argv

__all__ = ["parse_check_argv", "run_fast"]

_OPTIONS = {"--format": "fmt", "-f": "fmt", "--fail-on": "fail_on", "--ios-version": "ios_version"}


def _typed(field: str, value: str) -> object | None:
    from dmvpngen.cli.check import CheckFormat, Severity

    if field == "fmt":
        return {f.value: f for f in CheckFormat}.get(value)
    if field == "fail_on":
        return {s.value: s for s in Severity}.get(value)
    return value


def parse_check_argv(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of ``check`` for ``argv`` (the words after ``check``), or None
    when the command line is not a plain one."""
    read = read_argv(argv, _OPTIONS, frozenset(), _typed)
    if read is None:
        return None
    from dmvpngen.cli.check import CheckFormat, Severity

    paths, single, _ = read
    return {
        "paths": paths,
        "fmt": single.get("fmt", CheckFormat.TEXT),
        "fail_on": single.get("fail_on", Severity.HIGH),
        "ios_version": single.get("ios_version"),
    }


def run_fast(argv: list[str]) -> int | None:
    """Run ``dmvpngen check`` for ``argv`` and return its exit status, or None when Typer must
    read this command line."""
    kwargs = parse_check_argv(argv)
    if kwargs is None:
        return None
    import typer

    from dmvpngen.cli.check import check

    try:
        check(**kwargs)
    except typer.Exit as done:
        return int(done.exit_code)
    except KeyboardInterrupt:
        return 130  # as Typer exits on Ctrl-C
    return 0
