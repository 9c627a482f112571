"""Fast failure: a silent router and a black-holed path are given up within their bounds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from dmvpngen.push import ConfigState, Credentials, DeviceStatus, Target, push
from tests.fakeios import FakeLab
from tests.fakeios.proxy import BlackholeProxy
from tests.push.netgen import build, options


def test_silent_router_is_given_up_after_the_read_timeout_and_reverted(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"stall_on": r"^ip nhrp holdtime"}})
    router = lab.router("spoke1")
    before = router.config_text()
    started = time.monotonic()
    report = push(net.targets[1:], options(net, tmp_path, commit=True, read_timeout=1.5), creds)
    elapsed = time.monotonic() - started
    router.release.set()
    dev = report.devices[0]
    assert router.stalled.is_set()
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD), dev
    assert "ReadTimeout" in dev.error and "reverted after reconnect" in dev.error
    assert router.config_text() == before
    assert elapsed < 8, elapsed  # one read timeout, a reconnect and a revert (not 20-60 s)


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

    def cut() -> None:
        router.stalled.wait(10)
        proxy.blackhole()

    threading.Thread(target=cut, daemon=True).start()
    opts = options(
        net,
        tmp_path,
        commit=True,
        read_timeout=20.0,
        keepalive=0.4,
        keepalive_count=2,
        conn_timeout=1.0,
    )
    started = time.monotonic()
    try:
        report = push([target], opts, creds)
    finally:
        router.release.set()
        proxy.close()
    elapsed = time.monotonic() - started
    dev = report.devices[0]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.REVERT_PENDING)
    assert "keepalives unanswered" in dev.error and "reconnect failed" in dev.error
    assert elapsed < 8, elapsed  # keepalives, not the 20 s read timeout
