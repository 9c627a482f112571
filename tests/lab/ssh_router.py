"""A real SSH server on 127.0.0.1 (paramiko) that answers like an IOS exec prompt from a script.

Enough of IOS for netmiko's cisco_ios driver (prompt, ``terminal length 0``, ``terminal width``)
and for the commands lab verification sends; anything else gets IOS's ``% Invalid input``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from typing import Any

import paramiko

INVALID = "                 ^\n% Invalid input detected at '^' marker.\n"
_KEY = paramiko.RSAKey.generate(2048)  # one host key for every test server


class _Auth(paramiko.ServerInterface):
    def __init__(self, username: str, password: str) -> None:
        self.username, self.password = username, password

    def check_auth_password(self, username: str, password: str) -> int:
        ok = (username, password) == (self.username, self.password)
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, *args: Any) -> bool:
        return True

    def check_channel_shell_request(self, channel: Any) -> bool:
        return True


class SshRouter:
    """One scripted router: ``answer(command) -> output`` behind a real SSH server."""

    def __init__(
        self,
        hostname: str,
        answer: Callable[[str], str],
        username: str = "admin",
        password: str = "lab-pass",
    ) -> None:
        self.hostname = hostname
        self.answer = answer
        self.username, self.password = username, password
        self.commands: list[str] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._running = threading.Event()
        self._running.set()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while self._running.is_set():
            try:
                client, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        transport = paramiko.Transport(client)
        transport.add_server_key(_KEY)
        try:
            transport.start_server(server=_Auth(self.username, self.password))
            channel = transport.accept(timeout=5)
            if channel is None:
                return
            prompt = f"{self.hostname}#"
            channel.sendall(f"\r\n{prompt}".encode())
            pending = ""
            channel.settimeout(0.2)
            while self._running.is_set():
                try:
                    data = channel.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    return
                pending += data.decode(errors="replace").replace("\r\n", "\n").replace("\r", "\n")
                while "\n" in pending:
                    line, pending = pending.split("\n", 1)
                    command = line.strip()
                    if command in {"exit", "logout"}:
                        channel.close()
                        return
                    output = self._reply(command)
                    reply = line + "\r\n"
                    if output:
                        reply += output.replace("\n", "\r\n").rstrip("\r\n") + "\r\n"
                    channel.sendall((reply + prompt).encode())
        except (paramiko.SSHException, EOFError, OSError):
            return
        finally:
            transport.close()

    def _reply(self, command: str) -> str:
        if not command or command.startswith("terminal "):
            return ""
        self.commands.append(command)
        return self.answer(command)

    def close(self) -> None:
        """Stop listening."""
        self._running.clear()
        self._sock.close()
        self._thread.join(timeout=2)
