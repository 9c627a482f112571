"""The router's own SSH key pair over real SSH: push generates it only where it is missing,
before the line that names it, records the host key it becomes, and a second push changes
nothing (no diff, no new key)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dmvpngen.push import ConfigState, Credentials, DeviceStatus, push
from dmvpngen.push.sshkey import public_key
from tests.fakeios import FakeLab
from tests.push.netgen import Net, build, options

STEP = "! step: crypto key generate rsa general-keys label SSH-{} modulus 2048"


def _naming_the_key(net: Net) -> Net:
    """The targets' configs name each router's own key pair, as dmvpngen renders them."""
    targets = [
        replace(
            t,
            intended=t.intended.replace(
                "\nend\n", f"\nip ssh rsa keypair-name SSH-{t.hostname}\nip ssh version 2\n!\nend\n"
            ),
        )
        for t in net.targets
    ]
    return Net(net.lab, targets, net.known_hosts)


def _typed(lab: FakeLab, name: str) -> list[tuple[str, bool]]:
    return [(line, pending) for line, pending in lab.router(name).config_log]


def test_missing_key_is_generated_first_then_named_then_left_alone(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = _naming_the_key(build(lab, tmp_path, spokes=1))
    old_keys = {n: s.host_key.get_base64() for n, s in lab.servers.items()}

    dry = push(net.targets, options(net, tmp_path, include_guarded=True), creds)
    for dev in dry.devices:
        assert dev.status is DeviceStatus.WOULD_CHANGE
        assert any(line.startswith(STEP.format(dev.hostname)) for line in dev.diff), dev.diff
    assert all(r.keys.generations == 0 for r in lab.network.routers.values())

    report = push(net.targets, options(net, tmp_path, commit=True, include_guarded=True), creds)
    assert report.ok
    for dev in report.devices:
        router = lab.router(dev.hostname)
        label = f"SSH-{dev.hostname}"
        assert (dev.status, dev.config_state) == (DeviceStatus.CHANGED, ConfigState.NEW)
        assert router.keys.generations == 1 and label in router.keys.keys
        assert {c.name: c.detail for c in dev.checks}["ssh key"] == f"{label} generated"
        typed = [line for line, _ in _typed(lab, dev.hostname)]
        generate = f"crypto key generate rsa general-keys label {label} modulus 2048"
        assert typed.index(generate) < typed.index(f"ip ssh rsa keypair-name {label}")
        assert dict(_typed(lab, dev.hostname))[generate] is False  # before the revert session
        assert "crypto key generate" not in router.config_text()  # a step, not configuration
        assert f"ip ssh rsa keypair-name {label}" in router.config_text()
        # the router now presents its own key pair, and push recorded it
        presented = lab.servers[dev.hostname].host_key.get_base64()
        assert presented != old_keys[dev.hostname]
        assert presented in net.known_hosts.read_text()
        assert dev.host_key.startswith("ssh-rsa SHA256:")
        assert router.saves == 1

    again = push(net.targets, options(net, tmp_path, commit=True, include_guarded=True), creds)
    assert [d.status for d in again.devices] == [DeviceStatus.UNCHANGED] * 2
    assert all(not d.diff for d in again.devices)
    assert all(r.keys.generations == 1 for r in lab.network.routers.values())


def test_present_key_is_not_regenerated(lab: FakeLab, tmp_path: Path, creds: Credentials) -> None:
    # a router that generated the key pair at day 0 (the lab exports' way) and is not yet
    # configured to use it
    net = build(lab, tmp_path, spokes=0)
    hub = lab.router("hub1")
    hub.keys.generate("SSH-hub1", 2048)
    net = _naming_the_key(net)
    report = push(net.targets, options(net, tmp_path, commit=True, include_guarded=True), creds)
    dev = report.devices[0]
    assert dev.status is DeviceStatus.CHANGED and "ssh key" not in {c.name for c in dev.checks}
    assert hub.keys.generations == 1
    assert lab.servers["hub1"].host_key.get_base64() in net.known_hosts.read_text()
    again = push(net.targets, options(net, tmp_path, commit=True, include_guarded=True), creds)
    assert again.devices[0].status is DeviceStatus.UNCHANGED and hub.keys.generations == 1


def test_guarded_ssh_lines_still_get_their_key_and_stay_idempotent(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    # 'ip ssh' is guarded by default: the key pair is made ready, the host key is unchanged
    net = _naming_the_key(build(lab, tmp_path, spokes=0))
    before = lab.servers["hub1"].host_key.get_base64()
    first = push(net.targets, options(net, tmp_path, commit=True), creds)
    assert first.devices[0].status is DeviceStatus.CHANGED
    hub = lab.router("hub1")
    assert hub.keys.generations == 1 and "ip ssh rsa keypair-name" not in hub.config_text()
    assert lab.servers["hub1"].host_key.get_base64() == before
    assert first.devices[0].host_key == ""
    again = push(net.targets, options(net, tmp_path, commit=True), creds)
    assert again.devices[0].status is DeviceStatus.UNCHANGED and hub.keys.generations == 1


def test_refused_generation_fails_before_anything_is_configured(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=0, faults={"hub1": {"rejected": [r"^crypto key generate"]}})
    net = _naming_the_key(net)
    before = lab.router("hub1").config_text()
    report = push(net.targets, options(net, tmp_path, commit=True, include_guarded=True), creds)
    dev = report.devices[0]
    assert (dev.status, dev.config_state) == (DeviceStatus.FAILED, ConfigState.OLD)
    assert "refused to generate RSA keypair SSH-hub1 (2048 bits)" in dev.error
    assert lab.router("hub1").config_text() == before and lab.router("hub1").saves == 0


def test_public_key_reads_the_ios_show_output() -> None:
    lab_keys = FakeLab().network.add("r1").keys
    lab_keys.generate("SSH-r1", 2048)
    lab_keys.generate("other", 2048)
    shown = lab_keys.show(None)
    for label in ("SSH-r1", "other"):
        key = lab_keys.host_key(label)
        assert public_key(shown, label) == f"ssh-rsa {key.get_base64()}"
    assert public_key(lab_keys.show("absent"), "absent") is None
    assert lab_keys.show("absent") == ""
