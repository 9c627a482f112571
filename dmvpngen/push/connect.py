"""Opening SSH sessions with netmiko: host keys checked, dead sessions noticed, secrets kept
out of session logs."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from dmvpngen.masking import Masker
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.hostkeys import HostKeyPolicy, host_key_name
from dmvpngen.push.liveness import Watchdog, open_socket, raise_on_closed_reads
from dmvpngen.push.model import PushOptions, Target
from dmvpngen.push.private import open_private

__all__ = ["ConnectError", "MaskingLog", "Session", "known_hosts_path", "open_session"]


class ConnectError(Exception):
    """The device could not be reached or logged into; nothing was changed."""


class MaskingLog(io.BufferedIOBase):
    """A session-log sink that masks secrets line by line before they reach the file; the
    file is created owner-only in an owner-only folder (it holds router output)."""

    def __init__(self, path: Path, masker: Masker) -> None:
        super().__init__()
        self._file = open_private(path)
        self._masker = masker
        self._pending = ""

    def writable(self) -> bool:
        """Always writable."""
        return True

    def write(self, data: Any) -> int:
        """Buffer until a newline so a secret split across reads is still masked whole."""
        text = data.decode("utf-8", "replace") if isinstance(data, bytes | bytearray) else data
        self._pending += str(text)
        if "\n" in self._pending:
            done, self._pending = self._pending.rsplit("\n", 1)
            self._file.write(self._masker(done) + "\n")
        return len(data)

    def close(self) -> None:
        """Flush the last partial line and close the file."""
        if not self._file.closed:
            self._file.write(self._masker(self._pending))
            self._file.close()
        super().close()


def known_hosts_path(opts: PushOptions) -> Path:
    """The known_hosts file of this run."""
    return opts.known_hosts or Path.home() / ".ssh" / "known_hosts"


def _params(target: Target, opts: PushOptions, creds: Credentials) -> dict[str, Any]:
    params: dict[str, Any] = {
        "device_type": target.device_type,
        "host": target.host,
        "port": target.port,
        "username": creds.username,
        "password": creds.password,
        "secret": creds.password,
        "use_keys": False,
        "allow_agent": False,
        # paramiko gets no known keys: every host key goes to HostKeyPolicy (hostkeys.py).
        "ssh_strict": True,
        "system_host_keys": False,
        "alt_host_keys": False,
        "auto_connect": False,
        "conn_timeout": opts.conn_timeout,
        "auth_timeout": opts.conn_timeout,
        "banner_timeout": opts.conn_timeout,
        "read_timeout_override": opts.read_timeout,
    }
    params.update(opts.netmiko_extra)
    return params


def _describe(exc: Exception, target: Target) -> str:
    name = type(exc).__name__
    text = str(exc)
    where = f"{target.host}:{target.port}"
    if name == "NetmikoAuthenticationException":
        # Worded so the secret-keyword masking leaves it readable.
        return f"login rejected by {where}: check the username and password"
    if name == "NetmikoTimeoutException" or isinstance(exc, OSError):
        return f"cannot reach {where}: connection refused or timed out"
    return f"cannot open SSH session to {where}: {name}: {text.splitlines()[0] if text else ''}"


def _connect(
    target: Target, opts: PushOptions, params: dict[str, Any]
) -> tuple[Any, HostKeyPolicy]:
    """netmiko connection over our own socket and host-key policy (which tells what key it
    accepted and what it warned about)."""
    from netmiko import ConnectHandler
    from paramiko import BadHostKeyException

    policy = HostKeyPolicy(known_hosts_path(opts), opts.accept_new_host_keys)
    name = host_key_name(target.host, target.port)
    conn = ConnectHandler(**params)
    conn.key_policy = policy
    build = conn._build_ssh_client

    def build_with_known_keys() -> Any:
        client = build()
        for keytype, key in policy.known_keys(name):
            client.get_host_keys().add(name, keytype, key)
        return client

    # netmiko has no hook for the client it builds; this instance only
    conn._build_ssh_client = build_with_known_keys  # type: ignore[method-assign]
    try:
        conn.sock = open_socket(target.host, target.port, opts.conn_timeout)
        conn._open()
    except Exception as exc:
        with contextlib.suppress(Exception):  # nothing usable was opened
            conn.disconnect()  # releases netmiko's log filter and any half-open transport
        bad = exc.__context__  # netmiko re-raises paramiko's error as a timeout
        if isinstance(bad, BadHostKeyException):
            policy.mismatch(name, bad.key.get_name(), bad.key.get_base64())
        if policy.error is not None:
            raise ConnectError(str(policy.error)) from None
        raise ConnectError(_describe(exc, target)) from None
    return conn, policy


class Session:
    """An open, watched SSH session: the netmiko connection and what belongs to it."""

    def __init__(
        self, conn: Any, log: MaskingLog | None, opts: PushOptions, policy: HostKeyPolicy
    ) -> None:
        self.conn = conn
        self.log = log
        self.accepted_key = policy.accepted
        self.warnings = list(policy.warnings)
        self._transport = conn.remote_conn.get_transport()
        self._interrupt = opts.interrupt
        self._tracked = False
        self.watchdog = Watchdog(self._transport, opts.keepalive, opts.keepalive_count).start()
        raise_on_closed_reads(conn)

    def abortable(self) -> Session:
        """Let a second signal close this session."""
        self._interrupt.track(self._transport)
        self._tracked = True
        return self

    def keep(self) -> None:
        """No longer let a second signal close this session (it is finishing a save)."""
        self._interrupt.untrack(self._transport)
        self._tracked = False

    @property
    def aborted(self) -> bool:
        """True when a second signal closed this session."""
        return self._tracked and self._interrupt.hurrying

    def drop(self) -> None:
        """Cut the session without the polite exit (it failed; the router may be silent)."""
        self.watchdog.stop()
        self._transport.close()

    def close(self) -> None:
        """Disconnect (tolerating a dead session) and close the log."""
        self.watchdog.stop()
        self._interrupt.untrack(self._transport)
        with contextlib.suppress(Exception):  # the session may already be gone
            self.conn.disconnect()
        if self.log is not None:
            self.log.close()


def open_session(
    target: Target,
    opts: PushOptions,
    creds: Credentials,
    masker: Masker,
    *,
    log_suffix: str = "",
    abortable: bool = True,
) -> Session:
    """Connect with netmiko (host key checked, keepalives on); the caller closes it."""
    params = _params(target, opts, creds)
    log = None
    if opts.session_log_dir is not None:
        run = f"-{opts.run_id[:8]}" if opts.run_id else ""
        log_path = opts.session_log_dir / f"{target.hostname}{run}{log_suffix}.log"
        log = MaskingLog(log_path, masker.with_values([creds.password]))
        params["session_log"] = log
    try:
        conn, policy = _connect(target, opts, params)
    except ConnectError as exc:
        if log is not None:
            log.close()
        raise ConnectError(masker(str(exc))) from None
    session = Session(conn, log, opts, policy)
    return session.abortable() if abortable else session
