"""``dmvpngen diagram``: a topology picture (SVG or Mermaid) of an inventory."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

__all__ = ["DiagramFormat", "register"]


class DiagramFormat(str, Enum):
    """Picture formats."""

    SVG = "svg"
    MERMAID = "mermaid"


def diagram(
    inventory: Path = typer.Argument(..., help="Inventory YAML file."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: print to standard output)."
    ),
    fmt: DiagramFormat = typer.Option(DiagramFormat.SVG, "--format", help="Picture format."),
) -> None:
    """Draw INVENTORY: hubs, spokes, clouds, ISPs/WANs and the DMVPN phase."""
    from dmvpngen.cli.output import OutputFormat, console, fail, user_errors
    from dmvpngen.diagram import build_topology, render_mermaid, render_svg
    from dmvpngen.errors import ValidationFailed
    from dmvpngen.model.loader import load_inventory
    from dmvpngen.validate import validate_inventory

    with user_errors(OutputFormat.TEXT):
        loaded = load_inventory(inventory)
        # a picture needs a sound inventory, but no secrets: they are not resolved here
        problems = validate_inventory(loaded)
        if any(p.severity == "error" for p in problems):
            raise ValidationFailed(problems)
    topo = build_topology(loaded.inventory)
    text = render_svg(topo) if fmt is DiagramFormat.SVG else render_mermaid(topo)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(2, f"cannot write {output}: {exc.strerror}", "check the path and its permissions")
    console.print(
        f"{fmt.value} picture of {len(topo.hubs)} hub(s), {len(topo.spokes)} spoke(s), "
        f"{len(topo.clouds)} cloud(s) written to {output}"
    )


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command("diagram")(diagram)
