"""Real SSH servers on 127.0.0.1 that speak the simulated IOS CLI, built on FakeNOS.

FakeNOS supplies the TCP server base, the paramiko server interface (password auth, pty,
shell) and its host key; its stock channel pump sleeps 10 ms per byte, far too slow for a
config push, so the connection handler here reads and answers whole lines instead, and the
shell is :class:`~tests.fakeios.shell.IOSShell` with per-router state.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from typing import Any

import paramiko
from fakenos.core.servers import TCPServerBase
from fakenos.plugins.servers.ssh_server_paramiko import (
    ParamikoSshServer,
    ParamikoSshServerInterface,
)

from tests.fakeios.keys import keypair_name
from tests.fakeios.router import FakeRouter
from tests.fakeios.shell import DropConnection, IOSShell

__all__ = ["FakeIOSServer", "wait_for_port"]

# Port probes (plain TCP connects) make the server transport log a banner error: keep quiet.
_LOG_CHANNEL = "tests.fakeios.transport"
logging.getLogger(_LOG_CHANNEL).setLevel(logging.CRITICAL + 1)


def wait_for_port(port: int, timeout: float = 5.0) -> None:
    """Block until something accepts TCP connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on 127.0.0.1:{port}") from None
            time.sleep(0.02)


class FakeIOSServer(ParamikoSshServer):
    """One router's SSH server; binds a free port chosen by the OS."""

    def __init__(self, router: FakeRouter, username: str, password: str) -> None:
        super().__init__(
            shell=IOSShell,
            nos=None,  # type: ignore[arg-type]
            nos_inventory_config={},
            port=0,
            username=username,
            password=password,
            ssh_banner="",
            timeout=0.2,
        )
        self.router = router
        self.extra_host_keys: list[paramiko.PKey] = []

    @property
    def host_key(self) -> paramiko.PKey:
        """The key the server presents now (for known_hosts files): the key pair the config
        names with 'ip ssh rsa keypair-name', else the router's first key."""
        named = keypair_name(self.router.show_running())
        key: paramiko.PKey = self._ssh_server_key
        if named is not None and self.router.keys.host_key(named) is not None:
            key = self.router.keys.host_key(named)
        return key

    def start(self) -> None:
        """Bind, learn the port the OS picked, and listen."""
        TCPServerBase.start(self)
        assert self._socket is not None
        self.port = self._socket.getsockname()[1]
        self.router.port = self.port

    def connection_function(self, client: socket.socket, is_running: threading.Event) -> None:
        """Serve one SSH connection line by line."""
        session = paramiko.Transport(client)
        session.set_log_channel(_LOG_CHANNEL)
        with self._active_sessions_lock:
            self._active_sessions.add(session)
        try:
            named = keypair_name(self.router.show_running())
            if named is not None:
                # 'ip ssh rsa keypair-name': that key pair is the host key, and while it is
                # missing the router takes no new SSH session
                key = self.router.keys.host_key(named)
                if key is None:
                    return
                session.add_server_key(key)
            else:
                session.add_server_key(self._ssh_server_key)
                for key in self.extra_host_keys:  # a router holding keys of several types
                    session.add_server_key(key)
            interface = ParamikoSshServerInterface(
                ssh_banner="", username=self.username, password=self.password
            )
            try:
                session.start_server(server=interface)
            except (paramiko.SSHException, EOFError, OSError):
                return
            channel = session.accept(timeout=5)
            if channel is None:
                return
            self._serve(channel, IOSShell(self.router), is_running)
        finally:
            session.close()
            with self._active_sessions_lock:
                self._active_sessions.discard(session)

    def rekey(self, kind: str = "ecdsa") -> paramiko.PKey:
        """Give the router a new host key (a re-keyed, replaced or impersonated router)."""
        if kind == "rsa":
            self._ssh_server_key = paramiko.RSAKey.generate(2048)
        else:
            self._ssh_server_key = paramiko.ECDSAKey.generate()
        return self._ssh_server_key

    def _stall(self, line: str, channel: Any, is_running: threading.Event) -> bool:
        """A silent router: on a ``stall_on`` line stop answering (the SSH transport stays up
        and answers keepalives) until released or the client goes; False when it went."""
        router = self.router
        if not (router.stall_on and re.search(router.stall_on, line.strip())):
            return True
        router.stalled.set()
        while not router.release.wait(0.05):
            if channel.closed or not channel.get_transport().is_active() or not is_running.is_set():
                return False
        return not channel.closed

    def _serve(self, channel: Any, shell: IOSShell, is_running: threading.Event) -> None:
        channel.settimeout(0.2)
        channel.sendall(f"\r\n{shell.prompt}".encode())
        pending = ""
        while is_running.is_set() and not shell.closed:
            try:
                data = channel.recv(65536)
            except TimeoutError:
                continue
            except (OSError, EOFError):
                return
            if not data:
                return
            pending += data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
            while "\n" in pending and not shell.closed:
                line, pending = pending.split("\n", 1)
                if not self._stall(line, channel, is_running):
                    return
                try:
                    output = shell.handle(line)
                except DropConnection:
                    channel.close()
                    if self.router.vanish_on_drop:
                        # The router is gone for good: no reconnect will succeed.
                        threading.Thread(target=self.stop, daemon=True).start()
                    return
                reply = line + "\r\n"
                if output:
                    reply += output.replace("\n", "\r\n").rstrip("\r\n") + "\r\n"
                if not shell.closed:
                    reply += shell.prompt
                try:
                    channel.sendall(reply.encode())
                except (OSError, EOFError):
                    return
        if shell.closed:
            # Let the client close first, as a router does after `exit`.
            channel.settimeout(1.0)
            try:
                while channel.recv(65536):
                    pass
            except (TimeoutError, OSError, EOFError):
                pass
