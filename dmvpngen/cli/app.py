"""The ``dmvpngen`` Typer application.

Each command lives in its own module exposing ``register(app)``; command modules import only
light dependencies at module level so ``dmvpngen --help`` starts fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from dmvpngen import __version__

__all__ = ["app", "build_app", "main", "run_app"]  # noqa: F822 (app: built on first use, see __getattr__)

# Command name -> module; order here is the order in --help.
COMMAND_MODULES = {
    "generate": "dmvpngen.cli.generate",
    "validate": "dmvpngen.cli.validate",
    "schema": "dmvpngen.cli.schema",
    "lint": "dmvpngen.cli.lint",
    "rules": "dmvpngen.cli.rules",
    "check": "dmvpngen.cli.check",
    "import": "dmvpngen.cli.import_",
    "diagram": "dmvpngen.cli.diagram",
    "push": "dmvpngen.cli.push",
    "verify": "dmvpngen.cli.verify",
    "lab": "dmvpngen.cli.lab",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dmvpngen {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Generate, validate, lint and deploy Cisco DMVPN networks from one inventory file."""


def build_app(only: str | None = None) -> typer.Typer:
    """The application with every command, or with command ``only`` alone.

    Typer imports each command module and builds its parameters when the application runs:
    a run that names its command needs only that one (``dmvpngen lint`` runs in pre-commit
    hooks, where start-up is most of the time).
    """
    new = typer.Typer(
        name="dmvpngen",
        help="Generate, validate, lint and deploy Cisco DMVPN networks from one inventory file.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
    )
    new.callback()(_root)
    for name, module in COMMAND_MODULES.items():
        if only is None or name == only:
            importlib.import_module(module).register(new)
    return new


def _command(argv: list[str]) -> str | None:
    """The command ``argv`` names, when it names a known one before any other word."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMAND_MODULES else None
    return None


def __getattr__(name: str) -> typer.Typer:
    # ``app`` (every command) is built on first use: tests and documentation tools use it,
    # the console script does not.
    if name == "app":
        full = globals()["app"] = build_app()
        return full
    raise AttributeError(name)


def run_app() -> None:
    """Run the application on the command line, built for the command it names."""
    build_app(_command(sys.argv[1:]))()


def main() -> None:
    """Console-script entry point (as :func:`dmvpngen.cli.entry.main`)."""
    from dmvpngen.cli.entry import main as entry_main

    entry_main()
