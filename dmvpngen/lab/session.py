"""How verification talks to a router: anything with ``send_command``; netmiko SSH by default."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

__all__ = ["NetmikoSession", "Session", "SessionFactory", "Target"]


class Session(Protocol):
    """A CLI session on one router."""

    def send_command(self, command: str) -> str:
        """Run ``command`` in exec mode and return its output."""
        ...  # pragma: no cover - protocol

    def close(self) -> None:
        """End the session."""
        ...  # pragma: no cover - protocol


@dataclass(frozen=True)
class Target:
    """Where and how to reach one router."""

    name: str
    host: str
    port: int = 22
    username: str = ""
    password: str = ""


class SessionFactory(Protocol):
    """Opens a session to a target."""

    def __call__(self, target: Target) -> Session:
        """A connected session."""
        ...  # pragma: no cover - protocol


class NetmikoSession:
    """An SSH session through netmiko (imported only when a session is opened)."""

    def __init__(self, target: Target, timeout: float = 30.0) -> None:
        from netmiko import ConnectHandler  # heavy: keep it out of 'dmvpngen --help'

        self._conn: Any = ConnectHandler(
            device_type="cisco_ios",
            host=target.host,
            port=target.port,
            username=target.username,
            password=target.password,
            timeout=timeout,
        )

    def send_command(self, command: str) -> str:
        """Run ``command``; traceroute and ping may take long, so wait for the prompt generously."""
        return str(self._conn.send_command(command, read_timeout=120))

    def close(self) -> None:
        """Disconnect."""
        self._conn.disconnect()

    def __enter__(self) -> NetmikoSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
