"""Noticing a dead SSH session in seconds instead of minutes.

A cut path sends no FIN: TCP keeps retrying for minutes and netmiko only gives up when its
read timeout ends. So, like OpenSSH's ``ServerAliveInterval`` / ``ServerAliveCountMax``, a
watchdog sends an SSH global request that needs an answer every ``interval`` seconds (any
SSH server answers one, with success or failure) and closes the session when no answer came
within ``count`` intervals. netmiko's reads only poll for data, so a closed channel is also
turned into an ``EOFError`` at the next read instead of a wait for the read timeout.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

__all__ = ["SessionLost", "Watchdog", "open_socket", "raise_on_closed_reads"]

# The request OpenSSH's client sends for ServerAliveInterval.
_PROBE = "keepalive@openssh.com"


class SessionLost(EOFError):
    """The SSH session is gone (closed by the router, the path, or an abort)."""


def open_socket(host: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection with kernel keepalives on, as a second line of defence."""
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    return sock


class Watchdog:
    """Probes one session's transport; closes it when the router stops answering."""

    def __init__(self, transport: Any, interval: float, count: int) -> None:
        self._transport = transport
        self._interval = interval
        self._count = max(1, count)
        self._stop = threading.Event()
        self.lost = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ssh-watchdog", daemon=True)

    def start(self) -> Watchdog:
        """Start probing (a zero interval disables the watchdog)."""
        if self._interval > 0:
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop probing (the session is being closed normally)."""
        self._stop.set()

    def _probe(self, answered: threading.Event) -> None:
        try:
            self._transport.global_request(_PROBE, wait=True)
        finally:
            answered.set()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            answered = threading.Event()
            threading.Thread(
                target=self._probe, args=(answered,), name="ssh-probe", daemon=True
            ).start()
            if not answered.wait(self._interval * self._count) and not self._stop.is_set():
                self.lost.set()
                self._transport.close()
                return
            if not self._transport.is_active():
                return


def raise_on_closed_reads(conn: Any) -> None:
    """Make netmiko's channel reads fail at once on a closed session (they would otherwise
    poll an empty buffer until the read timeout)."""
    channel = conn.channel
    raw = conn.remote_conn
    read = channel.read_channel

    def read_channel() -> str:
        out = str(read())
        if not out and (raw.closed or raw.eof_received or not raw.get_transport().is_active()):
            raise SessionLost("SSH session closed")
        return out

    channel.read_channel = read_channel
