"""A set of simulated routers, each behind its own SSH server, for push and lab tests."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from tests.fakeios.router import FakeNetwork, FakeRouter
from tests.fakeios.server import FakeIOSServer, wait_for_port

__all__ = ["FakeLab"]


class FakeLab:
    """Start with ``with FakeLab() as lab: r = lab.add("hub1", config)`` (servers start on add)."""

    def __init__(
        self, username: str = "netops", password: str = "lab-Passw0rd", minute_seconds: float = 60.0
    ) -> None:
        self.username = username
        self.password = password
        self.network = FakeNetwork(minute_seconds=minute_seconds)
        self.servers: dict[str, FakeIOSServer] = {}

    def add(self, hostname: str, running: str = "", **faults: object) -> FakeRouter:
        """Create a router and start its SSH server on a free port."""
        router = self.network.add(hostname, running, **faults)
        server = FakeIOSServer(router, self.username, self.password)
        server.start()
        wait_for_port(server.port)
        self.servers[hostname] = server
        return router

    def router(self, hostname: str) -> FakeRouter:
        """The router called ``hostname``."""
        return self.network.routers[hostname]

    def write_known_hosts(self, path: Path, only: list[str] | None = None) -> Path:
        """A known_hosts file with the host key of every (or the named) router."""
        lines = []
        for name, server in sorted(self.servers.items()):
            if only is not None and name not in only:
                continue
            key = server.host_key
            lines.append(f"[127.0.0.1]:{server.port} {key.get_name()} {key.get_base64()}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def stop(self) -> None:
        """Stop every server."""
        for server in self.servers.values():
            server.stop()

    def __enter__(self) -> FakeLab:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
