"""Push and verify over real SSH against simulated IOS routers on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path

from dmvpngen.masking import Masker
from dmvpngen.push import ConfigState, Credentials, DeviceStatus, Target, push, verify
from dmvpngen.push.diff import config_blocks
from tests.fakeios import FakeLab
from tests.push.netgen import PASSWORD, SECRETS, build, options


def blocks(text: str) -> dict[str, tuple[str, ...]]:
    return {b.head: b.body for b in config_blocks(text)}


def status_of(report: object) -> dict[str, DeviceStatus]:
    return {d.hostname: d.status for d in report.devices}  # type: ignore[attr-defined]


def test_clean_push_hub_and_ten_spokes_then_noop(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=10)
    before = {n: r.config_text() for n, r in lab.network.routers.items()}
    report = push(net.targets, options(net, tmp_path, commit=True), creds)

    assert report.ok and not report.stopped
    for dev in report.devices:
        assert (dev.status, dev.config_state) == (DeviceStatus.CHANGED, ConfigState.NEW), dev
        assert dev.checks and all(c.ok for c in dev.checks)
        assert Path(dev.backup).read_text().startswith("Building configuration")
    for target in net.targets:
        router = lab.router(target.hostname)
        running = blocks(router.config_text())
        intended = blocks(target.intended)
        assert running["interface Tunnel0"] == intended["interface Tunnel0"]
        assert router.saves == 1 and router.snapshot is None  # confirmed and saved
        # Unmanaged and guarded lines survived.
        assert "line vty 0 4" in running and " exec-timeout 5 0" not in running["line vty 0 4"]
        assert any(h.startswith("username ") for h in running)
        assert before[target.hostname] != router.config_text()

    again = push(net.targets, options(net, tmp_path, commit=True), creds)
    assert set(status_of(again).values()) == {DeviceStatus.UNCHANGED}
    assert all(r.config_sessions == 1 for r in lab.network.routers.values())

    checked = verify(net.targets, options(net, tmp_path), creds)
    hub = checked.devices[0]
    assert hub.status is DeviceStatus.VERIFIED
    assert {c.name: c.detail for c in hub.checks}["dmvpn-peers"] == "10/10 spokes up"


def test_dry_run_changes_nothing(lab: FakeLab, tmp_path: Path, creds: Credentials) -> None:
    net = build(lab, tmp_path, spokes=3)
    before = {n: r.config_text() for n, r in lab.network.routers.items()}
    report = push(net.targets, options(net, tmp_path), creds)
    assert set(status_of(report).values()) == {DeviceStatus.WOULD_CHANGE}
    assert all(d.config_state is ConfigState.OLD and d.diff for d in report.devices)
    assert report.ok
    for name, router in lab.network.routers.items():
        assert router.config_text() == before[name]
        assert router.config_sessions == 0 and router.saves == 0
    assert not (tmp_path / "archive").exists()


def test_rejected_line_reverts_that_spoke_and_stops_at_budget(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=7, faults={"spoke3": {"rejected": [r"^ip nhrp shortcut"]}})
    before = lab.router("spoke3").config_text()
    report = push(net.targets, options(net, tmp_path, commit=True, concurrency=2), creds)
    st = status_of(report)
    assert st["hub1"] is st["spoke1"] is st["spoke2"] is DeviceStatus.CHANGED
    assert st["spoke3"] is DeviceStatus.REVERTED
    bad = report.devices[3]
    assert bad.config_state is ConfigState.OLD and "rejected by the router" in bad.error
    assert lab.router("spoke3").config_text() == before and lab.router("spoke3").saves == 0
    # Waves of 2: [spoke2, spoke3] spent the budget of 0; spoke4.. never touched.
    assert report.stopped
    for name in ("spoke4", "spoke5", "spoke6", "spoke7"):
        assert st[name] is DeviceStatus.SKIPPED
        assert lab.router(name).config_sessions == 0
    assert not report.ok


def test_wrong_password_and_closed_port(lab: FakeLab, tmp_path: Path) -> None:
    net = build(lab, tmp_path, spokes=1)
    report = push(net.targets, options(net, tmp_path), Credentials("netops", "wrong-Passw0rd"))
    assert all(d.status is DeviceStatus.FAILED for d in report.devices)
    assert "login rejected" in report.devices[0].error
    assert "wrong-Passw0rd" not in json.dumps(report.as_json())

    lab.servers["spoke1"].stop()  # nothing listens there any more
    report = push(
        net.targets, options(net, tmp_path, conn_timeout=2.0), Credentials("netops", PASSWORD)
    )
    st = status_of(report)
    assert st["hub1"] is DeviceStatus.WOULD_CHANGE
    assert st["spoke1"] is DeviceStatus.FAILED
    assert "cannot reach" in report.devices[1].error
    assert report.devices[1].config_state is ConfigState.OLD


def test_connection_dropped_mid_push_is_reverted_after_reconnect(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=2, faults={"spoke2": {"drop_on": r"^tunnel protection"}})
    before = lab.router("spoke2").config_text()
    report = push(net.targets, options(net, tmp_path, commit=True, read_timeout=2.0), creds)
    dev = report.devices[2]
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD), dev
    assert "session lost" in dev.error and "reverted after reconnect" in dev.error
    assert lab.router("spoke2").config_text() == before
    assert lab.router("spoke2").snapshot is None


def test_dropped_and_unreachable_router_falls_back_on_revert_timer(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    # The router drops the session and stays unreachable; its revert timer (one simulated
    # minute = 3 s here, long enough for the push to reach the drop) must bring the old
    # config back on its own.
    fault = {"drop_on": r"^interface Tunnel0", "vanish_on_drop": True, "minute_seconds": 3.0}
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": fault})
    before = lab.router("spoke1").config_text()
    opts = options(net, tmp_path, commit=True, revert_minutes=1, conn_timeout=1.0, read_timeout=2.0)
    report = push(net.targets, opts, creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.REVERT_PENDING)
    assert "reconnect failed" in dev.error and "revert timer" in dev.error
    deadline = time.monotonic() + 5
    while lab.router("spoke1").config_text() != before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lab.router("spoke1").config_text() == before
    assert report.devices[0].status is DeviceStatus.CHANGED


def test_failed_verification_reverts(lab: FakeLab, tmp_path: Path, creds: Credentials) -> None:
    net = build(lab, tmp_path, spokes=2, faults={"spoke2": {"tunnel_down": True}})
    before = lab.router("spoke2").config_text()
    report = push(net.targets, options(net, tmp_path, commit=True, max_failures=5), creds)
    dev = report.devices[2]
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD)
    failed = {c.name: c.detail for c in dev.checks if not c.ok}
    assert "nhs-responding" in failed and "0/1 NHS responding" in failed["nhs-responding"]
    assert "verification failed" in dev.error
    assert lab.router("spoke2").config_text() == before and lab.router("spoke2").saves == 0
    assert report.devices[1].status is DeviceStatus.CHANGED

    checked = verify(net.targets, options(net, tmp_path), creds)
    st = status_of(checked)
    assert st["spoke1"] is DeviceStatus.VERIFIED
    assert st["spoke2"] is DeviceStatus.FAILED
    hub_checks = {c.name: c for c in checked.devices[0].checks}
    assert not hub_checks["dmvpn-peers"].ok and "10.0.0.12" in hub_checks["dmvpn-peers"].detail


def test_secrets_never_in_logs_or_reports(lab: FakeLab, tmp_path: Path, creds: Credentials) -> None:
    net = build(lab, tmp_path, spokes=2, faults={"spoke2": {"rejected": [r"^pre-shared-key"]}})
    logs = tmp_path / "logs"
    report = push(
        net.targets,
        options(net, tmp_path, commit=True, session_log_dir=logs, max_failures=5),
        creds,
        masker=Masker(SECRETS),
    )
    assert report.devices[2].status is DeviceStatus.REVERTED
    assert "pre-shared-key" in report.devices[2].error
    texts = [json.dumps(report.as_json())] + [p.read_text() for p in sorted(logs.glob("*.log"))]
    assert len(texts) == 4
    for text in texts:
        for secret in (*SECRETS, PASSWORD):
            assert secret not in text
    joined = "\n".join(texts)
    assert "pre-shared-key <masked>" in joined and "show running-config" in joined


def test_unknown_host_key_refused_unless_accepted(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    known = lab.write_known_hosts(tmp_path / "kh", only=["hub1"])
    report = push(net.targets, options(net, tmp_path, known_hosts=known), creds)
    st = status_of(report)
    assert st["hub1"] is DeviceStatus.WOULD_CHANGE
    assert st["spoke1"] is DeviceStatus.FAILED
    assert "is unknown" in report.devices[1].error
    assert "--accept-new-host-keys" in report.devices[1].error

    accepted = push(
        net.targets, options(net, tmp_path, known_hosts=known, accept_new_host_keys=True), creds
    )
    assert status_of(accepted)["spoke1"] is DeviceStatus.WOULD_CHANGE
    assert f"[127.0.0.1]:{lab.router('spoke1').port}" in known.read_text()
    strict_again = push(net.targets, options(net, tmp_path, known_hosts=known), creds)
    assert status_of(strict_again)["spoke1"] is DeviceStatus.WOULD_CHANGE


def test_iosxe_hidden_defaults_do_not_cause_a_second_push(
    tmp_path: Path, creds: Credentials
) -> None:
    hidden = ("ip nhrp redirect", "ip nhrp map multicast dynamic", "ip nhrp shortcut")
    with FakeLab(password=PASSWORD) as lab:
        net = build(
            lab,
            tmp_path,
            spokes=1,
            faults={"hub1": {"hidden_defaults": hidden}, "spoke1": {"hidden_defaults": hidden}},
        )
        first = push(net.targets, options(net, tmp_path, commit=True), creds)
        assert set(status_of(first).values()) == {DeviceStatus.CHANGED}
        assert "ip nhrp redirect" not in lab.router("hub1").show_running()
        second = push(net.targets, options(net, tmp_path, commit=True), creds)
        assert set(status_of(second).values()) == {DeviceStatus.UNCHANGED}


def test_router_without_archive_refuses_the_timer_and_is_left_alone(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"require_archive": True}})
    before = lab.router("spoke1").config_text()
    report = push(net.targets, options(net, tmp_path, commit=True, max_failures=5), creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.OLD)
    assert "archive" in dev.error
    assert lab.router("spoke1").config_text() == before
    assert lab.router("spoke1").config_sessions == 0


def test_hub_change_that_cuts_spokes_is_reverted_and_stops_rollout(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=3)
    assert push(net.targets, options(net, tmp_path, commit=True), creds).ok
    hub_before = lab.router("hub1").config_text()
    # A new intent whose hub tunnel key no longer matches the spokes: they drop off.
    hub = net.targets[0]
    broken = Target(
        hub.hostname,
        hub.role,
        hub.platform,
        hub.host,
        hub.port,
        hub.intended.replace("tunnel key 100", "tunnel key 999"),
    )
    spokes = [
        Target(
            t.hostname, t.role, t.platform, t.host, t.port, t.intended + "\nntp server 192.0.2.1\n"
        )
        for t in net.targets[1:]
    ]
    report = push([broken, *spokes], options(net, tmp_path, commit=True, max_failures=10), creds)
    dev = report.devices[0]
    assert (dev.status, dev.config_state) == (DeviceStatus.REVERTED, ConfigState.OLD)
    detail = {c.name: c.detail for c in dev.checks}["dmvpn-peers"]
    assert detail.startswith("0/3 spokes up")
    assert lab.router("hub1").config_text() == hub_before
    assert report.stopped and {d.status for d in report.devices[1:]} == {DeviceStatus.SKIPPED}


def test_failed_write_memory_is_reported(lab: FakeLab, tmp_path: Path, creds: Credentials) -> None:
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": {"save_fails": True}})
    report = push(net.targets, options(net, tmp_path, commit=True), creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.NEW)
    assert "write memory" in dev.error and lab.router("spoke1").saves == 0
    assert lab.router("spoke1").snapshot is None  # confirmed: it stays on the new config


def test_revert_that_does_not_restore_is_reported_unknown(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    fault = {"rejected": [r"^ip nhrp shortcut"], "revert_broken": True}
    net = build(lab, tmp_path, spokes=1, faults={"spoke1": fault})
    report = push(net.targets, options(net, tmp_path, commit=True), creds)
    dev = report.devices[1]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.UNKNOWN)
    assert "revert left" in dev.error and Path(dev.backup).is_file()
