"""Fast failure: a silent router and a black-holed path are given up within their bounds.

The bounds are measured from the moment the fault starts (the router goes silent, the path is
cut), not from the start of the push: connecting, reading the config and computing the diff
come before the fault and take as long as a loaded machine makes them take, which says nothing
about how fast the fault is noticed. Each bound stays far below the timeout the mechanism
under test must beat.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from dmvpngen.push import ConfigState, Credentials, DeviceStatus, Target, push
from tests.fakeios import FakeLab
from tests.fakeios.proxy import BlackholeProxy
from tests.fakeios.router import FakeRouter
from tests.push.netgen import build, options


class FaultClock:
    """Waits (in a thread) for ``router`` to stall, runs ``then`` and notes the time; gives up
    when the push has ended without reaching the stall (no fixed wait that a slow push could
    outlast)."""

    def __init__(self, router: FakeRouter, then: Callable[[], None] = lambda: None) -> None:
        self.at: float | None = None
        self._done = threading.Event()
        self._router, self._then = router, then
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.is_set():
            if self._router.stalled.wait(0.02):
                self._then()
                self.at = time.monotonic()
                return

    def since(self) -> float:
        """Seconds from the fault to now; the fault must have happened."""
        self._done.set()
        self._thread.join(5)
        assert self.at is not None, "the push never reached the fault"
        return time.monotonic() - self.at


def test_silent_router_is_given_up_after_the_read_timeout_and_reverted(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"stall_on": r"^ip nhrp holdtime"}})
    router = lab.router("spoke1")
    before = router.config_text()
    clock = FaultClock(router)
    read_timeout = 1.5
    opts = options(net, tmp_path, commit=True, read_timeout=read_timeout)
    report = push(net.targets[1:], opts, creds)
    since = clock.since()
    router.release.set()
    dev = report.devices[0]
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD), dev
    assert "ReadTimeout" in dev.error and "reverted after reconnect" in dev.error
    assert router.config_text() == before
    # one read timeout, then a reconnect and a revert: not the 20 s default nor the 60 s of
    # an unbounded netmiko read
    assert read_timeout * 0.9 <= since < read_timeout + 10, since


def test_blackholed_session_is_noticed_by_keepalives(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"stall_on": r"^tunnel key"}})
    router = lab.router("spoke1")
    proxy = BlackholeProxy(router.port)
    spoke = net.targets[1]
    target = Target(
        spoke.hostname, spoke.role, spoke.platform, "127.0.0.1", proxy.port, spoke.intended
    )
    known = net.known_hosts
    key = lab.servers["spoke1"].host_key
    known.write_text(f"[127.0.0.1]:{proxy.port} {key.get_name()} {key.get_base64()}\n")
    # The path is cut while the router sits on a command: only keepalives can notice it (the
    # silent router still answers them until the cut, so the session is lost to the cut).
    clock = FaultClock(router, proxy.blackhole)
    keepalive, count, read_timeout = 1.0, 2, 60.0
    opts = options(
        net,
        tmp_path,
        commit=True,
        read_timeout=read_timeout,
        # an answer may take up to keepalive * count = 2 s before the session counts as lost:
        # room for a loaded machine, so the session is never given up before the cut
        keepalive=keepalive,
        keepalive_count=count,
        conn_timeout=1.0,
    )
    try:
        report = push([target], opts, creds)
        since = clock.since()
    finally:
        router.release.set()
        proxy.close()
    dev = report.devices[0]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.REVERT_PENDING), (
        dev.error
    )
    assert "keepalives unanswered" in dev.error and "reconnect failed" in dev.error
    # noticed within keepalive * (count + 1) = 3 s, then one reconnect of at most about
    # conn_timeout per stage; the bound leaves room for load and stays a quarter of the
    # 60 s read timeout the keepalives beat
    assert since < read_timeout / 4, since
