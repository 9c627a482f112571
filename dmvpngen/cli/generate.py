"""``dmvpngen generate``: render one config per router into a directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dmvpngen.cli.output import OutputFormat

if TYPE_CHECKING:
    from dmvpngen.writer import WriteResult

__all__ = ["register"]


def _split(values: list[str] | None) -> set[str] | None:
    if not values:
        return None
    return {name.strip() for value in values for name in value.split(",") if name.strip()}


def generate(
    inventory: Path = typer.Argument(..., help="Inventory YAML file."),
    output: Path = typer.Option(
        Path("configs"), "--output", "-o", help="Directory for <hostname>.cfg files."
    ),
    only: list[str] | None = typer.Option(
        None, "--only", help="Render only these routers (repeat or comma-separate)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", help="Result format."),
) -> None:
    """Validate INVENTORY and write one complete config per router."""
    from dmvpngen.cli.output import fail, print_json, print_problems, user_errors
    from dmvpngen.pipeline import build_network
    from dmvpngen.writer import write_configs

    wanted = _split(only)
    with user_errors(fmt):
        net = build_network(inventory, wanted)
        if wanted:
            unknown = sorted(wanted - set(net.configs))
            if unknown:
                fail(
                    2,
                    f"--only names unknown routers: {', '.join(unknown)}",
                    "use hostnames from the inventory",
                )
        results = write_configs(net.configs.values(), output)
    if fmt is OutputFormat.JSON:
        print_json(
            {
                "ok": True,
                "configs": [r.as_dict() for r in results],
                "warnings": [w.as_dict() for w in net.warnings],
            }
        )
        return
    if net.warnings:
        print_problems(net.warnings)
    _summary(results, output)


# Beyond this many routers a per-router table is noise (and slow to draw): show totals instead.
TABLE_LIMIT = 50


def _summary(results: list[WriteResult], output: Path) -> None:
    from collections import Counter

    from rich.table import Table

    from dmvpngen.cli.output import console, esc

    if len(results) > TABLE_LIMIT:
        roles = Counter(r.role for r in results)
        status = Counter(r.status for r in results)
        console.print(
            f"{len(results)} configs in {esc(output)}: "
            + ", ".join(f"{n} {role}s" for role, n in sorted(roles.items()))
            + "; "
            + ", ".join(f"{n} {s}" for s, n in sorted(status.items()))
        )
        return
    table = Table(title=f"{len(results)} configs in {esc(output)}", title_justify="left")
    for column in ("router", "role", "platform", "lines", "file", "status"):
        table.add_column(column)
    for r in results:
        colour = "green" if r.status == "written" else "dim"
        table.add_row(
            esc(r.hostname),
            r.role,
            r.platform,
            str(r.lines),
            esc(r.path),
            f"[{colour}]{r.status}[/]",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("generate")(generate)
