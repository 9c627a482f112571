"""The console script: ``dmvpngen lint`` and ``dmvpngen check`` with a plain command line
start without Typer reading it.

Kept apart from :mod:`dmvpngen.cli.app`, which imports Typer: a pre-commit hook's
``dmvpngen lint FILE`` loads only the linter (see :mod:`dmvpngen.cli.plain_argv`).
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console-script entry point."""
    from dmvpngen.parse.collector import one_command_per_process

    one_command_per_process()
    argv = sys.argv[1:]
    code = None
    if argv[:1] == ["lint"]:
        from dmvpngen.cli.lint_argv import run_fast

        code = run_fast(argv[1:])
    elif argv[:1] == ["check"]:
        from dmvpngen.cli.check_argv import run_fast as run_check

        code = run_check(argv[1:])
    if code is not None:
        sys.exit(code)
    from dmvpngen.cli.app import run_app

    run_app()
