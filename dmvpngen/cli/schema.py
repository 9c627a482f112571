"""``dmvpngen schema``: print the inventory JSON Schema for editor completion."""

from __future__ import annotations

import typer

__all__ = ["register"]


def schema() -> None:
    """Print the inventory JSON Schema (point your editor's YAML plugin at it)."""
    from dmvpngen.cli.output import print_json
    from dmvpngen.model import Inventory

    print_json(Inventory.model_json_schema(by_alias=True))


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("schema")(schema)
