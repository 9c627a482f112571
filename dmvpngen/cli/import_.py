"""``dmvpngen import``: turn existing router configs into an inventory."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml

from dmvpngen.cli.output import console, err_console, user_errors

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``import`` to ``app``."""

    @app.command("import")
    def import_(
        paths: list[str] = typer.Argument(..., help="Config files or directories of one network."),
        output: Path = typer.Option(..., "--output", "-o", help="Inventory YAML to write."),
        name: str = typer.Option("imported", "--name", help="Network name in the inventory."),
    ) -> None:
        """Build an inventory from configs; what the model cannot hold is kept as comments."""
        from dmvpngen.check.engine import collect_files, load_devices
        from dmvpngen.importer import import_devices

        with user_errors():
            devices = load_devices(collect_files(paths))
            secrets_path = output.with_name(f"{output.stem}.secrets.yml")
            result = import_devices(devices, name, secrets_path.name)
        output.write_text(result.text, encoding="utf-8")
        # keys copied from the configs: owner-only file, referenced from the inventory
        secrets_path.write_text(
            yaml.safe_dump(result.secrets or {}, sort_keys=True), encoding="utf-8"
        )
        secrets_path.chmod(0o600)
        console.print(
            f"wrote {output} and {secrets_path.name} (keep it out of version control): "
            f"{result.clouds} cloud(s), {result.hubs} hub(s), {result.spokes} spoke(s)"
        )
        if result.notes:
            err_console.print(
                f"{len(result.notes)} thing(s) the model cannot express are listed as comments "
                f"in {output}"
            )
