"""One router's push: fetch, check identity, diff, back up, apply under a revert timer, verify,
confirm, save.

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
from dmvpngen.push.apply import Rejected, send_plan, split_archive, undo_archive
from dmvpngen.push.connect import ConnectError, Session, open_session
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.devrun import DeviceRun, connect_run, failure_kind, identify, plan_for, shower
from dmvpngen.push.diff import Plan
from dmvpngen.push.interrupt import Interrupted
from dmvpngen.push.model import (
    Check,
    ConfigState,
    DeviceResult,
    DeviceStatus,
    PushOptions,
    Target,
)
from dmvpngen.push.private import write_private
from dmvpngen.push.sshkey import KeyGenerationFailed, key_step, step_line, wanted_key, with_host_key
from dmvpngen.push.verify import Expectation, baseline_peers, run_checks

__all__ = ["Progress", "push_device"]

Progress = Callable[[str, str], None]


class _Failed(Exception):
    """A step failed after changes were sent: revert."""


class _NotStarted(Exception):
    """The router refused the rollback-protected config session: nothing was changed."""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _backup(opts: PushOptions, hostname: str, running: str, masker: Masker) -> Path:
    """Write the running config, secrets masked, to
    <archive>/<host>/<host>-<UTC time>-<run id, first 8 digits>.cfg, owner-only in an
    owner-only folder (two runs in the same second do not overwrite each other's backup)."""
    run = f"-{opts.run_id[:8]}" if opts.run_id else ""
    path = opts.archive_dir / hostname / f"{hostname}-{_now()}{run}.cfg"
    write_private(path, masker(running))
    return path


def _verify_until(
    show: Callable[[str], str], exp: Expectation, peers: list[str] | None, opts: PushOptions
) -> list[Check]:
    """Poll the checks until they pass or the timeout ends (tunnels take a moment to form);
    a signal ends the wait (the change is then reverted)."""
    deadline = time.monotonic() + opts.verify_timeout
    while True:
        checks = run_checks(show, exp, peers)
        if all(c.ok for c in checks) or time.monotonic() >= deadline:
            return checks
        if opts.interrupt.wait(opts.verify_interval):
            opts.interrupt.check("while verifying")


def _revert(conn: Any, run: DeviceRun, old_running: str) -> str:
    """Roll back at once and confirm the owned sections are back to the backup; '' if so."""
    if conn.check_config_mode():
        conn.exit_config_mode()
    conn.send_command("configure revert now", read_timeout=run.opts.read_timeout)
    show = shower(conn, run.opts)
    if run.archive_applied and not undo_archive(conn, old_running, run.opts.read_timeout, show):
        return "the archive section could not be put back as it was"
    now = show("show running-config")
    left = plan_for(run.target, now, run.opts, intended=old_running)
    return "" if left.empty else f"revert left {len(left.lines)} line(s) different from backup"


def _recover(run: DeviceRun, creds: Credentials, old_running: str, why: str) -> DeviceResult:
    """The session died (or a second signal closed it) mid-change: reconnect once and
    revert, else rely on the on-box timer."""
    try:
        session = open_session(
            run.target, run.opts, creds, run.masker, log_suffix="-recover", abortable=False
        )
    except ConnectError as exc:
        return run.result(
            DeviceStatus.FAILED,
            ConfigState.REVERT_PENDING,
            f"{why}; reconnect failed ({exc}); the revert timer restores the old config "
            f"within {run.opts.revert_minutes} min",
        )
    try:
        problem = _revert(session.conn, run, old_running)
    except Exception as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.REVERT_PENDING, f"{why}; {exc}")
    finally:
        session.close()
    if problem:
        return run.result(DeviceStatus.FAILED, ConfigState.UNKNOWN, f"{why}; {problem}")
    return run.result(DeviceStatus.REVERTED, ConfigState.OLD, f"{why}; reverted after reconnect")


class _ArchiveFailed(Exception):
    """The archive step failed; ``undone`` tells whether the old archive lines are back."""

    def __init__(self, message: str, undone: bool) -> None:
        super().__init__(message)
        self.undone = undone


def _archive_step(conn: Any, run: DeviceRun, archive: Plan, old_running: str) -> None:
    """Apply the ``archive`` section in plain config mode, before the protected session
    (see apply.py for why)."""
    if archive.empty:
        return
    opts, show = run.opts, shower(conn, run.opts)
    run.archive_applied = True  # from the first line on, a revert must undo the step
    try:
        conn.config_mode()
        send_plan(conn, archive, opts.read_timeout)
        conn.exit_config_mode()
        left = split_archive(plan_for(run.target, show("show running-config"), opts))[0]
        if left.empty:
            return
        problem = f"archive step: {len(left.lines)} line(s) still differ"
    except Rejected as exc:
        problem = f"archive step {exc}"
    undone = undo_archive(conn, old_running, opts.read_timeout, show)
    raise _ArchiveFailed(problem, undone)


def _apply_and_confirm(
    session: Session, run: DeviceRun, plan: Plan, exp: Expectation
) -> DeviceResult:
    """Apply under the revert timer, verify, confirm, save. Raises _Failed to revert."""
    conn = session.conn
    opts, show = run.opts, shower(conn, run.opts)
    peers = None
    if exp.role == "hub":
        before = set(baseline_peers(show, exp))
        wanted = [*exp.peers, *(p.address for p in (exp.v6.peers if exp.v6 else ()))]
        peers = [p for p in wanted if p in before]
    opts.interrupt.check("before the change")
    command = f"configure terminal revert timer {opts.revert_minutes}"
    try:
        conn.config_mode(config_command=command)
    except ValueError:  # netmiko: the prompt never became a config prompt
        raise _NotStarted(
            f"the router refused '{command}'; the rollback timer needs the configuration "
            "archive ('archive' / 'path flash:archive') on the router"
        ) from None
    run.in_session = True
    try:
        send_plan(conn, plan, opts.read_timeout, opts.interrupt)
    except Rejected as exc:
        raise _Failed(str(exc)) from None
    conn.exit_config_mode()
    opts.interrupt.check("after sending the change")
    left = plan_for(run.target, show("show running-config"), opts)
    if not left.empty:
        shown = "; ".join(line.strip() for line in left.lines[:3])
        raise _Failed(f"{len(left.lines)} line(s) still differ after apply: {shown}")
    run.checks = [*run.checks, *_verify_until(show, exp, peers, opts)]
    failed = [c for c in run.checks if not c.ok]
    if failed:
        raise _Failed("verification failed: " + "; ".join(f"{c.name}: {c.detail}" for c in failed))
    opts.interrupt.check("before confirming")
    # From here on the change is kept: a signal lets the confirm and the save finish.
    out = show("configure confirm")
    if re.search(r"^\s*%", out, re.M):
        raise _Failed(f"configure confirm failed: {out.strip()}")
    # Kept: nothing to revert any more, and a save cut short by a second signal could leave
    # the startup config half-written, so the save is not abortable.
    run.confirmed = True
    session.keep()
    return _save(conn, run)


def _save(conn: Any, run: DeviceRun) -> DeviceResult:
    """``write memory`` (config and, in private NVRAM, key pairs); it must say [OK]."""
    saved = str(conn.send_command("write memory", read_timeout=run.opts.read_timeout))
    if "[OK]" not in saved:
        return run.result(
            DeviceStatus.FAILED,
            ConfigState.NEW,
            f"applied and confirmed but write memory did not report [OK]: {saved.strip()[:200]}",
        )
    return run.result(DeviceStatus.CHANGED, ConfigState.NEW)


def _settle(conn: Any, run: DeviceRun, exc: Exception, old_running: str) -> DeviceResult:
    """Bring a router whose protected change stopped (refused, failed, interrupted) back to
    its old config, and say where it ended."""
    if not (run.in_session or run.archive_applied):
        status = DeviceStatus.SKIPPED if isinstance(exc, Interrupted) else DeviceStatus.FAILED
        return run.result(status, ConfigState.OLD, f"{exc}: nothing was changed")
    if run.in_session:
        problem = _revert(conn, run, old_running)
    else:  # only the archive step ran
        show = shower(conn, run.opts)
        undone = undo_archive(conn, old_running, run.opts.read_timeout, show)
        problem = "" if undone else "the archive section could not be put back as it was"
    if problem:
        return run.result(DeviceStatus.FAILED, ConfigState.UNKNOWN, f"{exc}; {problem}")
    status = DeviceStatus.FAILED if isinstance(exc, _NotStarted) else DeviceStatus.REVERTED
    done = "; reverted now" if isinstance(exc, Interrupted) else ""
    return run.result(status, ConfigState.OLD, f"{exc}{done}")


def push_device(
    target: Target,
    opts: PushOptions,
    creds: Credentials,
    exp: Expectation,
    masker: Masker,
    progress: Progress | None = None,
) -> DeviceResult:
    """Dry-run or push ``target`` and return where it ended."""
    run = DeviceRun(target, opts, masker)
    note = progress or (lambda _h, _m: None)
    if opts.interrupt.stopping:
        return run.result(DeviceStatus.SKIPPED, ConfigState.OLD, "not started: interrupted")
    note(target.hostname, "connecting")
    try:
        session = connect_run(run, creds)
    except ConnectError as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.OLD, str(exc))
    old_running = ""
    changing = False
    conn = session.conn
    try:
        note(target.hostname, "reading running-config")
        old_running = shower(conn, opts)("show running-config")
        if not identify(conn, run, old_running):
            return run.result(DeviceStatus.FAILED, ConfigState.OLD, run.checks[0].detail)
        plan = plan_for(target, old_running, opts)
        key = wanted_key(target, shower(conn, opts))
        missing = key is not None and key.blob is None
        run.diff = [masker(line) for line in plan.diff]
        run.warnings.extend(plan.notes)
        if key is not None and missing:
            run.diff.append(step_line(key))
        if plan.empty and not missing:
            return run.result(DeviceStatus.UNCHANGED, ConfigState.NEW)
        if not opts.commit:
            return run.result(DeviceStatus.WOULD_CHANGE, ConfigState.OLD)
        opts.interrupt.check("before the change")
        run.backup = str(_backup(opts, target.hostname, old_running, masker))
        named = False
        if key is not None:
            line = f"ip ssh rsa keypair-name {key.label}"
            named = line in plan.lines or (missing and line in old_running.splitlines())
            if missing:
                try:
                    key = key_step(conn, run, key, note)
                except KeyGenerationFailed as exc:
                    return run.result(DeviceStatus.FAILED, ConfigState.OLD, str(exc))
            if plan.empty:  # only the key pair was missing: keep it across a reload
                return with_host_key(_save(conn, run), run, key, named)
        note(target.hostname, "applying")
        archive, rest = split_archive(plan)
        changing = True
        try:
            _archive_step(conn, run, archive, old_running)
        except _ArchiveFailed as exc:
            state = ConfigState.OLD if exc.undone else ConfigState.UNKNOWN
            return run.result(DeviceStatus.FAILED, state, str(exc))
        try:
            result = _apply_and_confirm(session, run, rest, exp)
            return result if key is None else with_host_key(result, run, key, named)
        except (_NotStarted, _Failed, Interrupted) as exc:
            note(target.hostname, "reverting")
            return _settle(conn, run, exc, old_running)
    except Interrupted as exc:  # before anything was sent
        return run.result(DeviceStatus.SKIPPED, ConfigState.OLD, f"{exc}: nothing was changed")
    except Exception as exc:  # the session broke (dropped, timed out, aborted) or a step crashed
        why = failure_kind(exc, session)
        session.drop()  # a silent router would hold a polite disconnect for a read timeout
        if not changing:
            status = DeviceStatus.SKIPPED if session.aborted else DeviceStatus.FAILED
            return run.result(status, ConfigState.OLD, why)
        if run.confirmed:  # the new config is confirmed; only the save is in doubt
            return run.result(DeviceStatus.FAILED, ConfigState.NEW, f"{why}; confirmed, not saved")
        note(target.hostname, "reconnecting to revert")
        return _recover(run, creds, old_running, why)
    finally:
        session.close()
