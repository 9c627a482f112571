"""``dmvpngen push``: dry-run or commit rendered configs to the routers, hubs first."""

from __future__ import annotations

import dataclasses
import getpass
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from dmvpngen.cli.output import OutputFormat, console, err_console, esc, print_json, user_errors

if TYPE_CHECKING:
    from dmvpngen.push import Credentials, Masker, PushOptions, PushReport, Target
    from dmvpngen.push.interrupt import Interrupt

__all__ = [
    "CONN_TIMEOUT",
    "FIRST_PUSH",
    "KEEPALIVE",
    "KEEPALIVE_COUNT",
    "READ_TIMEOUT",
    "finish",
    "options_from",
    "register",
    "render_report",
    "run_rollout",
    "signals_to",
]

# Options push, lab push and verify share.
READ_TIMEOUT = typer.Option(
    20.0,
    "--read-timeout",
    min=1,
    max=600,
    help="Seconds a router may stay silent on a command before it is given up.",
)
CONN_TIMEOUT = typer.Option(
    10.0,
    "--conn-timeout",
    min=1,
    max=120,
    help="Seconds to connect, see the SSH banner and log in.",
)
KEEPALIVE = typer.Option(
    2.0,
    "--keepalive",
    min=0,
    max=60,
    help="Seconds between SSH keepalive probes (0: none).",
)
KEEPALIVE_COUNT = typer.Option(
    2,
    "--keepalive-count",
    min=1,
    max=10,
    help="Unanswered keepalives after which the session counts as lost.",
)
FIRST_PUSH = typer.Option(
    "",
    "--first-push",
    help="Comma-separated routers being configured for the first time: accept their factory "
    "hostname ('Router') instead of refusing them.",
)
# Exit status after a signal, as a shell reports a process killed by it (128 + number).
_SIGNAL_EXIT = {"SIGINT": 130, "SIGTERM": 143}

_STATUS_STYLE = {
    "changed": "green",
    "unchanged": "dim",
    "would-change": "yellow",
    "reverted": "red",
    "failed": "bold red",
    "skipped": "dim",
    "verified": "green",
}


def render_report(report: PushReport) -> None:
    """Per-device coloured diff, checks and a summary line (secrets already masked)."""
    for dev in report.devices:
        style = _STATUS_STYLE.get(dev.status.value, "")
        state = "" if report.mode == "verify" else f"  config: {dev.config_state.value}"
        outcome = "" if report.mode == "verify" else f"  -> {dev.outcome}"
        console.print(
            f"[bold]{esc(dev.hostname)}[/] ({dev.role}): [{style}]{dev.status.value}[/]"
            f"{state}{outcome}  {dev.duration:.1f}s"
        )
        if dev.host_key:
            console.print(f"  host key recorded: {dev.host_key}", markup=False)
        if dev.software is not None and dev.software.release:
            sw = dev.software
            name = f" [{sw.codename}]" if sw.codename else ""
            named = (
                f"{len(sw.advisories)} tabled advisory(ies)"
                if sw.advisories
                else "no tabled advisory"
            )
            if sw.to_check:  # Cisco's record names no release: only the Software Checker tells
                named += f"; check with the Cisco Software Checker: {', '.join(sw.to_check)}"
            console.print(f"  software: {sw.release}{name}, {named}", markup=False)
        for warning in dev.warnings:
            console.print("  [yellow]warning[/]: ", end="")
            console.print(warning, markup=False)
        for line in dev.diff:
            colour = {"+": "green", "-": "red"}.get(line[:1], "dim")
            console.print(f"  [{colour}]{esc(line)}[/]")
        for check in dev.checks:
            mark = "[green]ok[/]  " if check.ok else "[red]FAIL[/]"
            console.print(f"  {mark} {check.name}: ", end="")
            console.print(check.detail, markup=False)
        if dev.error:
            console.print("  [red]error[/]: ", end="")
            console.print(dev.error, markup=False)
        if dev.backup:
            console.print(f"  backup: {dev.backup}", markup=False)
    counts: dict[str, int] = {}
    for dev in report.devices:
        counts[dev.status.value] = counts.get(dev.status.value, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    console.print(f"[bold]{len(report.devices)} router(s)[/]: {summary}")
    if report.run_id:
        console.print(f"run {report.run_id}", markup=False)
    if report.stopped:
        console.print("[red]rollout stopped[/]: ", end="")
        console.print(report.stop_reason, markup=False)
    if report.interrupted:
        states: dict[str, int] = {}
        for dev in report.devices:
            states[dev.outcome] = states.get(dev.outcome, 0) + 1
        where = ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
        console.print(f"[bold red]interrupted by {report.interrupted}[/]: {where}")


def options_from(**values: Any) -> PushOptions:
    """Build PushOptions from CLI values (``first_push`` as the comma-separated option)."""
    from dmvpngen.push import PushOptions

    if isinstance(values.get("first_push"), str):
        values["first_push"] = frozenset(
            n.strip() for n in values["first_push"].split(",") if n.strip()
        )
    return PushOptions(**values)


@contextmanager
def signals_to(interrupt: Interrupt) -> Iterator[None]:
    """Route SIGINT and SIGTERM to ``interrupt`` for the duration of a rollout."""

    def handler(signum: int, _frame: object) -> None:
        name = signal.Signals(signum).name
        again = interrupt.stopping
        interrupt.signal(name)
        if again:
            err_console.print(f"[red]{name} again[/]: closing sessions now; reverting what changed")
        else:
            err_console.print(
                f"[red]{name}[/]: no new router starts; routers in their change are reverted "
                "now, confirmed ones finish saving (send it again to stop waiting)"
            )

    previous: dict[signal.Signals, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def resolve_creds(ask_password: bool) -> Credentials:
    """Credentials from env, prompt or keyring."""
    from dmvpngen.push import resolve_credentials

    return resolve_credentials(ask_password=ask_password, prompt=getpass.getpass)


def progress_display(
    total: int, enabled: bool
) -> tuple[Progress | None, Callable[[str, str], None]]:
    """A rich progress bar on stderr and the callback that drives it."""
    if not enabled:
        return None, lambda _h, _m: None
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
    )
    task = bar.add_task("rollout", total=total)

    def update(host: str, message: str) -> None:
        if message.startswith("phase: "):
            err_console.print(f"[bold]== {message[7:]}[/]")
        elif message.startswith("done: "):
            bar.advance(task)
            status = message[6:]
            style = _STATUS_STYLE.get(status, "")
            err_console.print(f"{host}: [{style}]{status}[/]" if style else f"{host}: {status}")
        else:
            bar.update(task, description=f"{host}: {message}")

    return bar, update


def run_rollout(
    targets: list[Target],
    opts: PushOptions,
    creds: Credentials,
    *,
    masker: Masker,
    only: str | None,
    fmt: OutputFormat,
) -> PushReport:
    """Run the rollout with a progress display (text output only); shared by push and lab push."""
    from dmvpngen.push import push
    from dmvpngen.push.model import new_run_id

    names = [n for n in only.split(",") if n.strip()] if only else None
    # The id is known before the first router is touched, so it can be quoted while the
    # run is still going (it names the backups and session logs).
    opts = opts if opts.run_id else dataclasses.replace(opts, run_id=new_run_id())
    bar, update = progress_display(len(targets), fmt is OutputFormat.TEXT)
    if bar is not None:
        err_console.print(f"run {opts.run_id}", markup=False)
        bar.start()
    try:
        with signals_to(opts.interrupt):
            return push(targets, opts, creds, masker=masker, only=names, progress=update)
    finally:
        if bar is not None:
            bar.stop()


def finish(report: PushReport, fmt: OutputFormat) -> NoReturn:
    """Print the report and exit 0 when every router is fine, 1 otherwise, 130/143 after
    SIGINT/SIGTERM."""
    if fmt is OutputFormat.JSON:
        print_json(report.as_json())
    else:
        render_report(report)
    raise typer.Exit(_SIGNAL_EXIT.get(report.interrupted, 0 if report.ok else 1))


def register(app: typer.Typer) -> None:
    """Add ``push`` to ``app``."""

    @app.command("push")
    def push_cmd(
        inventory: str = typer.Argument(..., help="Inventory YAML file."),
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
        ask_password: bool = typer.Option(False, "--ask-password", help="Prompt for it."),
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
        fmt: OutputFormat = typer.Option(OutputFormat.TEXT, "--format", help="Output format."),
    ) -> None:
        """Show (default) or apply the changes that bring routers to their rendered config.

        Login: DMVPNGEN_USERNAME, and --ask-password, DMVPNGEN_PASSWORD or the OS keyring.

        Exit 1 when a router failed or was reverted, 2 on usage or input errors, 130/143 when
        interrupted by SIGINT/SIGTERM (the report still lists every router's state).
        """
        from dmvpngen.push.engine import load_targets

        with user_errors(fmt):
            targets, masker = load_targets(inventory)
            creds = resolve_creds(ask_password)
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
            report = run_rollout(targets, opts, creds, masker=masker, only=only, fmt=fmt)
        finish(report, fmt)
