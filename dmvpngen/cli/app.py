"""The ``dmvpngen`` Typer application.

Each command lives in its own module exposing ``register(app)``; command modules import only
light dependencies at module level so ``dmvpngen --help`` starts fast.
"""

from __future__ import annotations

import importlib

import typer

from dmvpngen import __version__

__all__ = ["app", "main"]

app = typer.Typer(
    name="dmvpngen",
    help="Generate, validate, lint and deploy Cisco DMVPN networks from one inventory file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Order here is the order in --help.
COMMAND_MODULES = (
    "dmvpngen.cli.generate",
    "dmvpngen.cli.validate",
    "dmvpngen.cli.schema",
    "dmvpngen.cli.lint",
    "dmvpngen.cli.rules",
    "dmvpngen.cli.check",
    "dmvpngen.cli.import_",
    "dmvpngen.cli.diagram",
    "dmvpngen.cli.push",
    "dmvpngen.cli.verify",
    "dmvpngen.cli.lab",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dmvpngen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Generate, validate, lint and deploy Cisco DMVPN networks from one inventory file."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Console-script entry point."""
    app()
