"""``dmvpngen validate``: check an inventory without rendering."""

from __future__ import annotations

from pathlib import Path

import typer

from dmvpngen.cli.output import OutputFormat

__all__ = ["register"]


def validate(
    inventory: Path = typer.Argument(..., help="Inventory YAML file."),
    fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", help="Result format."),
) -> None:
    """Validate INVENTORY: schema, addressing, design rules, secret references, and routing
    (the network is rendered in memory and every service and LAN flow traced)."""
    from dmvpngen.cli.output import console, print_json, print_problems, user_errors
    from dmvpngen.errors import ValidationFailed
    from dmvpngen.pipeline import load_and_validate
    from dmvpngen.validate.routed import check_routing

    with user_errors(fmt):
        loaded, secrets, warnings = load_and_validate(inventory)
        routing = check_routing(loaded, secrets)
        if routing:
            raise ValidationFailed(routing + warnings)
    inv = loaded.inventory
    if fmt is OutputFormat.JSON:
        print_json(
            {
                "ok": True,
                "inventory": str(inventory),
                "clouds": len(inv.clouds),
                "hubs": len(inv.hubs),
                "spokes": len(inv.spokes),
                "problems": [w.as_dict() for w in warnings],
            }
        )
        return
    if warnings:
        print_problems(warnings)
    console.print(
        f"[green]ok[/]: {inventory}: {len(inv.clouds)} cloud(s), {len(inv.hubs)} hub(s), "
        f"{len(inv.spokes)} spoke(s)"
    )


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("validate")(validate)
