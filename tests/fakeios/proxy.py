"""A TCP relay in front of a simulated router that can black-hole the path: the sockets stay
open but nothing crosses any more (a cut WAN link or a dead NAT entry, not a closed port)."""

from __future__ import annotations

import socket
import threading

__all__ = ["BlackholeProxy"]


class BlackholeProxy:
    """Relays 127.0.0.1:<port> to 127.0.0.1:<target>; :meth:`blackhole` stops every byte."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._cut = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._sockets: list[socket.socket] = [self._server]
        threading.Thread(target=self._accept, daemon=True).start()

    def blackhole(self) -> None:
        """From now on nothing is relayed (connections stay open, new ones are accepted)."""
        self._cut.set()

    def close(self) -> None:
        """Close every socket."""
        for sock in self._sockets:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                return
            if not data:
                return
            if not self._cut.is_set():
                try:
                    dst.sendall(data)
                except OSError:
                    return
