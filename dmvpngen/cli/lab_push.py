"""``dmvpngen lab push``: rehearse the rollout on the lab, with the lab's interface names."""

from __future__ import annotations

from pathlib import Path

import typer

from dmvpngen.cli.lab import (
    _BRIDGE,
    _FMT,
    _HOSTS,
    _INFRA,
    _INV,
    _IOS,
    _MGMT,
    _MGW,
    _MOFF,
    _NAT,
    _SSH_PASS,
    _SSH_USER,
    _XE,
    _build,
)
from dmvpngen.cli.output import OutputFormat, user_errors
from dmvpngen.cli.push import (
    CONN_TIMEOUT,
    FIRST_PUSH,
    KEEPALIVE,
    KEEPALIVE_COUNT,
    READ_TIMEOUT,
    finish,
    options_from,
    run_rollout,
)
from dmvpngen.errors import UsageError

__all__ = ["add_push"]


def add_push(lab_app: typer.Typer) -> None:
    """Add ``push`` to the ``lab`` command group."""

    @lab_app.command("push")
    def push_cmd(
        inventory: Path = _INV,
        only: str = typer.Option("", "--only", help="Comma-separated router names to push to."),
        commit: bool = typer.Option(False, "--commit", help="Apply (default: dry run, diff only)."),
        include_guarded: bool = typer.Option(
            False, "--include-guarded", help="Also change vty, aaa, users, management interface."
        ),
        concurrency: int = typer.Option(10, "--concurrency", min=1, help="Spokes in parallel."),
        max_failures: int = typer.Option(
            0, "--max-failures", min=0, help="Stop the rollout when more routers fail."
        ),
        revert_timer: int = typer.Option(
            10, "--revert-timer", min=1, max=120, help="On-box rollback timer, minutes."
        ),
        archive: Path = typer.Option(Path("archive"), "--archive", help="Backup folder."),
        known_hosts: Path | None = typer.Option(
            None, "--known-hosts", help="known_hosts file (default: ~/.ssh/known_hosts)."
        ),
        accept_new_host_keys: bool = typer.Option(
            False, "--accept-new-host-keys", help="Trust and record unknown host keys."
        ),
        session_log: Path | None = typer.Option(
            None, "--session-log", help="Folder for per-router SSH session logs (masked)."
        ),
        verify_timeout: float = typer.Option(
            120.0, "--verify-timeout", min=0, help="Seconds to wait for the DMVPN to come up."
        ),
        first_push: str = FIRST_PUSH,
        read_timeout: float = READ_TIMEOUT,
        conn_timeout: float = CONN_TIMEOUT,
        keepalive: float = KEEPALIVE,
        keepalive_count: int = KEEPALIVE_COUNT,
        address: list[str] = typer.Option(
            None,
            "--address",
            help="NAME=HOST[:PORT]: reach this router there, not at its lab address (repeatable).",
        ),
        ssh_user: str | None = _SSH_USER,
        ssh_password: str | None = _SSH_PASS,
        xe_node: str = _XE,
        ios_node: str = _IOS,
        infra_node: str = _INFRA,
        nat: list[str] = _NAT,
        lan_hosts: bool = _HOSTS,
        mgmt: str | None = _MGMT,
        mgmt_offset: int = _MOFF,
        mgmt_gateway: str | None = _MGW,
        bridge: str = _BRIDGE,
        fmt: OutputFormat = _FMT,
    ) -> None:
        """Show (default) or apply the changes that bring the lab to the inventory.

        The intent of each router is its lab day-0 config, so a freshly booted lab shows no change.

        Give the same lab options as to lab up (--mgmt, --xe-node, ...).

        Login: --ssh-user/--ssh-password, else the first privilege-15 inventory user.

        Exit 1 when a router failed or was reverted, 2 on usage or input errors.
        """
        params = dict(locals())  # the lab options, read by _build
        from dmvpngen.lab.options import router_login
        from dmvpngen.lab.push import lab_masker, lab_push_targets, parse_addresses
        from dmvpngen.push import Credentials

        with user_errors(fmt):
            network, topo = _build(inventory, params)
            login = router_login(network.users, ssh_user, ssh_password)
            if login is None:
                raise UsageError(
                    "no router SSH user",
                    "give --ssh-user/--ssh-password, set DMVPNGEN_SSH_USER, or add a "
                    "privilege-15 user to management.users",
                )
            targets = lab_push_targets(network, topo, parse_addresses(address))
            opts = options_from(
                commit=commit,
                include_guarded=include_guarded,
                concurrency=concurrency,
                max_failures=max_failures,
                revert_minutes=revert_timer,
                archive_dir=archive,
                known_hosts=known_hosts,
                accept_new_host_keys=accept_new_host_keys,
                session_log_dir=session_log,
                verify_timeout=verify_timeout,
                first_push=first_push,
                read_timeout=read_timeout,
                conn_timeout=conn_timeout,
                keepalive=keepalive,
                keepalive_count=keepalive_count,
            )
            report = run_rollout(
                targets,
                opts,
                Credentials(*login),
                masker=lab_masker(network),
                only=only,
                fmt=fmt,
            )
        finish(report, fmt)
