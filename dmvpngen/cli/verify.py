"""``dmvpngen verify``: check that routers run their rendered config and the DMVPN is up."""

from __future__ import annotations

from pathlib import Path

import typer

from dmvpngen.cli.output import OutputFormat, user_errors
from dmvpngen.cli.push import (
    CONN_TIMEOUT,
    FIRST_PUSH,
    KEEPALIVE,
    KEEPALIVE_COUNT,
    READ_TIMEOUT,
    finish,
    options_from,
    resolve_creds,
    signals_to,
)

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``verify`` to ``app``."""

    @app.command("verify")
    def verify_cmd(
        inventory: str = typer.Argument(..., help="Inventory YAML file."),
        only: str = typer.Option("", "--only", help="Comma-separated router names to check."),
        concurrency: int = typer.Option(10, "--concurrency", min=1, help="Routers in parallel."),
        known_hosts: Path | None = typer.Option(
            None, "--known-hosts", help="known_hosts file (default: ~/.ssh/known_hosts)."
        ),
        accept_new_host_keys: bool = typer.Option(
            False, "--accept-new-host-keys", help="Trust and record unknown host keys."
        ),
        ask_password: bool = typer.Option(False, "--ask-password", help="Prompt for it."),
        include_guarded: bool = typer.Option(
            False, "--include-guarded", help="Also compare vty, aaa, users, management."
        ),
        first_push: str = FIRST_PUSH,
        read_timeout: float = READ_TIMEOUT,
        conn_timeout: float = CONN_TIMEOUT,
        keepalive: float = KEEPALIVE,
        keepalive_count: int = KEEPALIVE_COUNT,
        archive: Path = typer.Option(
            Path("archive"), "--archive", help="Backup folder (serials recorded by push)."
        ),
        fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", help="Output format."),
    ) -> None:
        """Check routers without changing them: config in sync and the DMVPN up.

        Each router must be the one the inventory names (hostname, and serial where recorded);
        hubs see their spokes, spokes reach their NHSs, IKE SAs and routing neighbours are up.

        Exit 1 when any check fails, 2 on usage or input errors, 130/143 when interrupted.
        """
        from dmvpngen.push import verify
        from dmvpngen.push.engine import load_targets

        with user_errors(fmt):
            targets, masker = load_targets(inventory)
            creds = resolve_creds(ask_password)
            opts = options_from(
                concurrency=concurrency,
                known_hosts=known_hosts,
                accept_new_host_keys=accept_new_host_keys,
                include_guarded=include_guarded,
                first_push=first_push,
                read_timeout=read_timeout,
                conn_timeout=conn_timeout,
                keepalive=keepalive,
                keepalive_count=keepalive_count,
                archive_dir=archive,
            )
            names = [n for n in only.split(",") if n.strip()] if only else None
            with signals_to(opts.interrupt):
                report = verify(targets, opts, creds, masker=masker, only=names)
        finish(report, fmt)
