"""One router's push: fetch, diff, back up, apply under a revert timer, verify, confirm, save.

Every path ends with the router on a known config: the new one (confirmed and saved) or the
old one (``configure revert now``, or the on-box revert timer when the session is lost).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dmvpngen.masking import Masker
from dmvpngen.push.connect import ConnectError, open_session
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.diff import Plan, compute_plan, send_commands
from dmvpngen.push.model import (
    Check,
    ConfigState,
    DeviceResult,
    DeviceStatus,
    PushOptions,
    Target,
)
from dmvpngen.push.verify import Expectation, baseline_peers, run_checks

__all__ = ["ERROR_PATTERN", "Progress", "push_device", "verify_device"]

# IOS answers a bad config line with one of these; netmiko raises ConfigInvalidException on it.
ERROR_PATTERN = r"^\s*%\s*(Invalid|Incomplete|Ambiguous|Unknown)"
Progress = Callable[[str, str], None]


class _Failed(Exception):
    """A step failed after changes were sent: revert."""


class _NotStarted(Exception):
    """The router refused the rollback-protected config session: nothing was changed."""


_SESSION_ERRORS = {"ReadTimeout", "NetmikoTimeoutException", "SSHException", "ChannelException"}


def _kind(exc: Exception) -> str:
    """'session lost' for transport failures, else 'error' (both end in a revert)."""
    lost = isinstance(exc, OSError | EOFError) or type(exc).__name__ in _SESSION_ERRORS
    return "session lost" if lost else "error"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _backup(opts: PushOptions, hostname: str, running: str) -> Path:
    """Write the running config to <archive>/<host>/<host>-<UTC time>.cfg, owner-only."""
    folder = opts.archive_dir / hostname
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hostname}-{_now()}.cfg"
    path.touch(mode=0o600)
    path.write_text(running, encoding="utf-8")
    return path


class _Run:
    """State of one device's push, so every exit path can build its result."""

    def __init__(self, target: Target, opts: PushOptions, masker: Masker) -> None:
        self.target = target
        self.opts = opts
        self.masker = masker
        self.start = time.monotonic()
        self.diff: list[str] = []
        self.checks: list[Check] = []
        self.backup = ""

    def result(self, status: DeviceStatus, state: ConfigState, error: str = "") -> DeviceResult:
        return DeviceResult(
            hostname=self.target.hostname,
            role=self.target.role,
            status=status,
            config_state=state,
            diff=self.diff,
            checks=self.checks,
            error=self.masker(error),
            backup=self.backup,
            duration=round(time.monotonic() - self.start, 3),
        )


def _show(conn: Any, opts: PushOptions) -> Callable[[str], str]:
    def show(command: str) -> str:
        return str(conn.send_command(command, read_timeout=opts.read_timeout))

    return show


def _plan(target: Target, running: str, opts: PushOptions, intended: str | None = None) -> Plan:
    return compute_plan(
        running,
        target.intended if intended is None else intended,
        platform=target.platform,
        host=target.host,
        include_guarded=opts.include_guarded,
    )


def _verify_until(
    show: Callable[[str], str], exp: Expectation, peers: list[str] | None, opts: PushOptions
) -> list[Check]:
    """Poll the checks until they pass or the timeout ends (tunnels take a moment to form)."""
    deadline = time.monotonic() + opts.verify_timeout
    while True:
        checks = run_checks(show, exp, peers)
        if all(c.ok for c in checks) or time.monotonic() >= deadline:
            return checks
        time.sleep(opts.verify_interval)


def _revert(conn: Any, run: _Run, old_running: str) -> str:
    """Roll back at once and confirm the owned sections are back to the backup; '' if so."""
    if conn.check_config_mode():
        conn.exit_config_mode()
    conn.send_command("configure revert now", read_timeout=run.opts.read_timeout)
    now = _show(conn, run.opts)("show running-config")
    left = _plan(run.target, now, run.opts, intended=old_running)
    return "" if left.empty else f"revert left {len(left.lines)} line(s) different from backup"


def _recover(run: _Run, creds: Credentials, old_running: str, why: str) -> DeviceResult:
    """The session died mid-change: reconnect once and revert, else rely on the timer."""
    try:
        conn, log = open_session(run.target, run.opts, creds, run.masker, log_suffix="-recover")
    except ConnectError as exc:
        return run.result(
            DeviceStatus.FAILED,
            ConfigState.REVERT_PENDING,
            f"{why}; reconnect failed ({exc}); the revert timer restores the old config "
            f"within {run.opts.revert_minutes} min",
        )
    try:
        with conn:
            problem = _revert(conn, run, old_running)
    except Exception as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.REVERT_PENDING, f"{why}; {exc}")
    finally:
        if log is not None:
            log.close()
    if problem:
        return run.result(DeviceStatus.FAILED, ConfigState.UNKNOWN, f"{why}; {problem}")
    return run.result(DeviceStatus.REVERTED, ConfigState.OLD, f"{why}; reverted after reconnect")


def _apply_and_confirm(conn: Any, run: _Run, plan: Plan, exp: Expectation) -> DeviceResult:
    """Apply under the revert timer, verify, confirm, save. Raises _Failed to revert."""
    from netmiko.exceptions import ConfigInvalidException

    opts, show = run.opts, _show(conn, run.opts)
    peers = None
    if exp.role == "hub":
        before = set(baseline_peers(show))
        peers = [p for p in exp.peers if p in before]
    command = f"configure terminal revert timer {opts.revert_minutes}"
    try:
        conn.config_mode(config_command=command)
    except ValueError:  # netmiko: the prompt never became a config prompt
        raise _NotStarted(
            f"the router refused '{command}'; the rollback timer needs the configuration "
            "archive ('archive' / 'path flash:archive') on the router"
        ) from None
    try:
        conn.send_config_set(
            send_commands(plan),
            enter_config_mode=False,
            exit_config_mode=False,
            error_pattern=ERROR_PATTERN,
            read_timeout=opts.read_timeout,
        )
    except ConfigInvalidException as exc:
        raise _Failed(f"rejected by the router: {exc}") from None
    conn.exit_config_mode()
    left = _plan(run.target, show("show running-config"), opts)
    if not left.empty:
        shown = "; ".join(line.strip() for line in left.lines[:3])
        raise _Failed(f"{len(left.lines)} line(s) still differ after apply: {shown}")
    run.checks = _verify_until(show, exp, peers, opts)
    failed = [c for c in run.checks if not c.ok]
    if failed:
        raise _Failed("verification failed: " + "; ".join(f"{c.name}: {c.detail}" for c in failed))
    out = show("configure confirm")
    if re.search(r"^\s*%", out, re.M):
        raise _Failed(f"configure confirm failed: {out.strip()}")
    saved = str(conn.send_command("write memory", read_timeout=max(opts.read_timeout, 60.0)))
    if "[OK]" not in saved:
        return run.result(
            DeviceStatus.FAILED,
            ConfigState.NEW,
            f"applied and confirmed but write memory did not report [OK]: {saved.strip()[:200]}",
        )
    return run.result(DeviceStatus.CHANGED, ConfigState.NEW)


def push_device(
    target: Target,
    opts: PushOptions,
    creds: Credentials,
    exp: Expectation,
    masker: Masker,
    progress: Progress | None = None,
) -> DeviceResult:
    """Dry-run or push ``target`` and return where it ended."""
    run = _Run(target, opts, masker)
    note = progress or (lambda _h, _m: None)
    note(target.hostname, "connecting")
    try:
        conn, log = open_session(target, opts, creds, masker)
    except ConnectError as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.OLD, str(exc))
    old_running = ""
    changing = False
    try:
        with conn:
            note(target.hostname, "reading running-config")
            old_running = _show(conn, opts)("show running-config")
            plan = _plan(target, old_running, opts)
            run.diff = [masker(line) for line in plan.diff]
            if plan.empty:
                return run.result(DeviceStatus.UNCHANGED, ConfigState.NEW)
            if not opts.commit:
                return run.result(DeviceStatus.WOULD_CHANGE, ConfigState.OLD)
            run.backup = str(_backup(opts, target.hostname, old_running))
            note(target.hostname, "applying")
            changing = True
            try:
                return _apply_and_confirm(conn, run, plan, exp)
            except _NotStarted as exc:
                return run.result(DeviceStatus.FAILED, ConfigState.OLD, str(exc))
            except _Failed as exc:
                note(target.hostname, "reverting")
                problem = _revert(conn, run, old_running)
                if problem:
                    return run.result(DeviceStatus.FAILED, ConfigState.UNKNOWN, f"{exc}; {problem}")
                return run.result(DeviceStatus.REVERTED, ConfigState.OLD, str(exc))
    except Exception as exc:  # the session broke (dropped, timed out) or a step crashed
        why = f"{_kind(exc)}: {type(exc).__name__}: {exc}".strip()
        if not changing:
            return run.result(DeviceStatus.FAILED, ConfigState.OLD, why)
        note(target.hostname, "reconnecting to revert")
        return _recover(run, creds, old_running, why)
    finally:
        if log is not None:
            log.close()


def verify_device(
    target: Target, opts: PushOptions, creds: Credentials, exp: Expectation, masker: Masker
) -> DeviceResult:
    """Check one router without changing it: config in sync and the overlay up."""
    run = _Run(target, opts, masker)
    try:
        conn, log = open_session(target, opts, creds, masker)
    except ConnectError as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.OLD, str(exc))
    try:
        with conn:
            show = _show(conn, opts)
            plan = _plan(target, show("show running-config"), opts)
            run.diff = [masker(line) for line in plan.diff]
            sync = Check(
                name="config-in-sync",
                ok=plan.empty,
                detail="running matches intent"
                if plan.empty
                else f"{len(plan.lines)} line(s) differ",
            )
            run.checks = [sync, *run_checks(show, exp)]
    except Exception as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.OLD, f"{_kind(exc)}: {exc}")
    finally:
        if log is not None:
            log.close()
    ok = all(c.ok for c in run.checks)
    return run.result(DeviceStatus.VERIFIED if ok else DeviceStatus.FAILED, ConfigState.OLD)
