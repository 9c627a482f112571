"""What the rollout does when the operator (or the system) interrupts it.

First signal: no new router is started; a router that has not entered its rollback-protected
session stops there; one inside it finishes the command block it is sending, then is reverted
at once (``configure revert now``); one already confirmed finishes saving. Second signal: stop
waiting: every open session is closed now, and each router that was inside its protected
session is reconnected to and reverted (else its on-box timer will revert it).
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["Interrupt", "Interrupted"]


class Interrupted(Exception):
    """Raised inside a device's push when the run was interrupted."""


class Interrupt:
    """Shared, thread-safe interrupt state of one run (signal handlers call :meth:`signal`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._hurry = threading.Event()
        self.signal_name = ""
        self._sessions: set[Any] = set()

    @property
    def stopping(self) -> bool:
        """True after the first signal."""
        return self._stop.is_set()

    @property
    def hurrying(self) -> bool:
        """True after the second signal."""
        return self._hurry.is_set()

    def signal(self, name: str) -> None:
        """Record one signal: the first stops new work, the second aborts open sessions."""
        with self._lock:
            if not self._stop.is_set():
                self.signal_name = name
                self._stop.set()
                return
            self._hurry.set()
            sessions = list(self._sessions)
        for transport in sessions:
            transport.close()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when interrupted meanwhile."""
        return self._stop.wait(seconds)

    def check(self, where: str) -> None:
        """Raise :class:`Interrupted` when a signal arrived."""
        if self._stop.is_set():
            raise Interrupted(f"interrupted by {self.signal_name} {where}")

    def track(self, transport: Any) -> None:
        """Register an open session's transport (closed by a second signal)."""
        with self._lock:
            if self._hurry.is_set():
                transport.close()
            self._sessions.add(transport)

    def untrack(self, transport: Any) -> None:
        """The session was closed normally."""
        with self._lock:
            self._sessions.discard(transport)
