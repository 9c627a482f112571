"""What one device's push or verify shares: its running state, its session, its checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from dmvpngen.masking import Masker
from dmvpngen.push.connect import Session, open_session
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.diff import Plan, compute_plan
from dmvpngen.push.identity import check_identity, record_identity
from dmvpngen.push.model import (
    Check,
    ConfigState,
    DeviceResult,
    DeviceStatus,
    PushOptions,
    Target,
)

__all__ = ["DeviceRun", "connect_run", "failure_kind", "identify", "plan_for", "shower"]

_SESSION_ERRORS = {"ReadTimeout", "NetmikoTimeoutException", "SSHException", "ChannelException"}


def failure_kind(exc: Exception, session: Session) -> str:
    """What ended the session, for the report: keepalives unanswered, a second signal, a lost
    session or an error (all end in a revert when changes were sent), and the exception's
    first line (netmiko appends paragraphs of advice)."""
    name = type(exc).__name__
    first = next(iter(str(exc).strip().splitlines()), "")
    if session.watchdog.lost.is_set():
        kind = "session lost (keepalives unanswered)"
    elif session.aborted:
        kind = "session aborted by a second signal"
    elif isinstance(exc, OSError | EOFError) or name in _SESSION_ERRORS:
        kind = "session lost"
    else:
        kind = "error"
    return f"{kind}: {name}: {first}".rstrip(": ")


class DeviceRun:
    """State of one device's push, so every exit path can build its result."""

    def __init__(self, target: Target, opts: PushOptions, masker: Masker) -> None:
        self.target = target
        self.opts = opts
        self.masker = masker
        self.start = time.monotonic()
        self.diff: list[str] = []
        self.checks: list[Check] = []
        self.backup = ""
        self.host_key = ""
        self.warnings: list[str] = []
        self.confirmed = False  # `configure confirm` went through: the change is kept
        self.archive_applied = False  # the archive step ran: a revert must undo it too
        self.in_session = False  # inside `configure terminal revert timer`

    def result(self, status: DeviceStatus, state: ConfigState, error: str = "") -> DeviceResult:
        """The device's result as it stands (error masked)."""
        return DeviceResult(
            hostname=self.target.hostname,
            role=self.target.role,
            status=status,
            config_state=state,
            diff=self.diff,
            # a check may quote what the router answered: masked like every other report text
            checks=[c.model_copy(update={"detail": self.masker(c.detail)}) for c in self.checks],
            error=self.masker(error),
            backup=self.backup,
            host_key=self.host_key,
            warnings=self.warnings,
            duration=round(time.monotonic() - self.start, 3),
        )


def shower(conn: Any, opts: PushOptions) -> Callable[[str], str]:
    """A show-command runner bound to ``conn`` and the run's read timeout."""

    def show(command: str) -> str:
        return str(conn.send_command(command, read_timeout=opts.read_timeout))

    return show


def plan_for(target: Target, running: str, opts: PushOptions, intended: str | None = None) -> Plan:
    """The remediation from ``running`` to the target's intent (or to ``intended``)."""
    return compute_plan(
        running,
        target.intended if intended is None else intended,
        platform=target.platform,
        host=target.host,
        include_guarded=opts.include_guarded,
    )


def connect_run(run: DeviceRun, creds: Credentials) -> Session:
    """Open the session and keep what the host-key check reported."""
    session = open_session(run.target, run.opts, creds, run.masker)
    run.host_key, run.warnings = session.accepted_key, session.warnings
    return session


def identify(conn: Any, run: DeviceRun, running: str) -> bool:
    """Run the identity check; record the serial on a committing run. False on mismatch."""
    check, serial = check_identity(run.target, running, shower(conn, run.opts), run.opts)
    run.checks = [check]
    if check.ok and run.opts.commit:
        record_identity(run.opts, run.target.hostname, serial)
    return check.ok
