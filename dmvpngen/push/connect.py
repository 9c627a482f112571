"""Opening SSH sessions with netmiko: host keys checked, secrets kept out of session logs."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

from dmvpngen.masking import Masker
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.model import PushOptions, Target

__all__ = ["ConnectError", "MaskingLog", "open_session"]

_KNOWN_HOSTS_LOCK = threading.Lock()


class ConnectError(Exception):
    """The device could not be reached or logged into; nothing was changed."""


class MaskingLog(io.BufferedIOBase):
    """A session-log sink that masks secrets line by line before they reach the file."""

    def __init__(self, path: Path, masker: Masker) -> None:
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("w", encoding="utf-8")
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


def _params(target: Target, opts: PushOptions, creds: Credentials) -> dict[str, Any]:
    known_hosts = opts.known_hosts or Path.home() / ".ssh" / "known_hosts"
    params: dict[str, Any] = {
        "device_type": target.device_type,
        "host": target.host,
        "port": target.port,
        "username": creds.username,
        "password": creds.password,
        "secret": creds.password,
        "use_keys": False,
        "allow_agent": False,
        # Unknown host keys are refused (RejectPolicy) unless the user accepts new ones;
        # a changed key is always refused by paramiko.
        "ssh_strict": not opts.accept_new_host_keys,
        "system_host_keys": opts.known_hosts is None,
        "alt_host_keys": True,
        "alt_key_file": str(known_hosts),
        "conn_timeout": opts.conn_timeout,
        "auth_timeout": opts.conn_timeout,
        "banner_timeout": opts.conn_timeout,
        "read_timeout_override": opts.read_timeout,
    }
    params.update(opts.netmiko_extra)
    return params


def _describe(exc: Exception, target: Target, known_hosts: str) -> str:
    name = type(exc).__name__
    text = str(exc)
    where = f"{target.host}:{target.port}"
    if name == "NetmikoAuthenticationException":
        # Worded so the secret-keyword masking leaves it readable.
        return f"login rejected by {where}: check the username and password"
    if "not found in known_hosts" in text:
        return (
            f"host key of {where} is not in {known_hosts}; verify it and add it, "
            "or pass --accept-new-host-keys"
        )
    if name == "BadHostKeyException":
        return f"host key of {where} CHANGED since it was recorded in {known_hosts}: refusing"
    if name == "NetmikoTimeoutException":
        return f"cannot reach {where}: connection refused or timed out"
    return f"cannot open SSH session to {where}: {name}: {text.splitlines()[0] if text else ''}"


def open_session(
    target: Target, opts: PushOptions, creds: Credentials, masker: Masker, *, log_suffix: str = ""
) -> tuple[Any, MaskingLog | None]:
    """Connect with netmiko; return the connection and its session log (caller closes both)."""
    from netmiko import ConnectHandler

    params = _params(target, opts, creds)
    log = None
    if opts.session_log_dir is not None:
        log_path = opts.session_log_dir / f"{target.hostname}{log_suffix}.log"
        log = MaskingLog(log_path, masker.with_values([creds.password]))
        params["session_log"] = log
    try:
        conn = ConnectHandler(**params)
    except Exception as exc:  # netmiko/paramiko raise a wide range; all mean "not connected"
        if log is not None:
            log.close()
        raise ConnectError(masker(_describe(exc, target, params["alt_key_file"]))) from None
    if opts.accept_new_host_keys:
        # Record the key we just accepted so the next run checks it.
        with _KNOWN_HOSTS_LOCK:
            path = Path(params["alt_key_file"])
            path.parent.mkdir(parents=True, exist_ok=True)
            client = conn.remote_conn_pre
            assert client is not None  # set by every successful SSH connect
            if path.exists():
                client.load_host_keys(str(path))
            client.save_host_keys(str(path))
    return conn, log
