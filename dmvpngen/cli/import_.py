"""``dmvpngen import``: turn existing router configs into an inventory."""

from __future__ import annotations

import os
from pathlib import Path

import typer
import yaml

from dmvpngen.cli.output import console, err_console, fail, user_errors

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
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(result.text, encoding="utf-8")
            # keys copied from the configs: an owner-only file from its first byte
            fd = os.open(secrets_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(yaml.safe_dump(result.secrets or {}, sort_keys=True))
            secrets_path.chmod(0o600)  # an existing file keeps its old mode through O_CREAT
        except OSError as exc:
            fail(2, f"cannot write {exc.filename}: {exc.strerror}", "check the output path")
        console.print(
            f"wrote {output} and {secrets_path.name} (keep it out of version control): "
            f"{result.clouds} cloud(s), {result.hubs} hub(s), {result.spokes} spoke(s)"
        )
        if result.notes:
            err_console.print(
                f"{len(result.notes)} thing(s) the model cannot express are listed as comments "
                f"in {output}"
            )
