"""Host keys over real SSH: changed keys named as such, new keys appended (the rest of a real
known_hosts kept byte for byte), markers honoured."""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path

import paramiko
import pytest

from dmvpngen.push import Credentials, DeviceStatus, push
from dmvpngen.push.hostkeys import fingerprint, read_known_hosts
from tests.fakeios import FakeLab
from tests.push.netgen import build, options

# A user's known_hosts as OpenSSH leaves it: comments, a hashed entry, markers, a FIDO key type
# paramiko cannot parse, an inline comment, and no newline at the end.
_ED = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
_SK = (
    "AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIDkPbuADHrQMp2Nfkc9Hff2Ae4Ml53g0xuvFAAFjdGGS"
    "AAAABHNzaDo="
)
USER_FILE = (
    "# work bastions\n"
    f"|1|JfKTdBh7rNbXkVAQCRp4OQoPfmI=|USECr3SWf1JUPsms5AqfD5QfxkM= ssh-ed25519 {_ED}\n"
    f"bastion.example.net,192.0.2.10 sk-ssh-ed25519@openssh.com {_SK} yubikey-5c\n"
    f"@cert-authority *.example.net,[127.0.0.1]:* ssh-ed25519 {_ED} corp host CA\n"
    f"@revoked old.example.net ssh-ed25519 {_ED}\n"
    "\n"
    f"git.example.net ssh-ed25519 {_ED} # trailing comment"
)


def _hashed(name: str) -> str:
    salt = b"0123456789abcdefghij"
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def test_new_keys_are_appended_and_fingerprints_reported(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    known = tmp_path / "known_hosts"
    known.write_bytes(USER_FILE.encode())
    report = push(
        net.targets, options(net, tmp_path, known_hosts=known, accept_new_host_keys=True), creds
    )
    assert {d.status for d in report.devices} == {DeviceStatus.WOULD_CHANGE}
    after = known.read_bytes()
    assert after.startswith(USER_FILE.encode() + b"\n")  # untouched, one newline added
    added = after[len(USER_FILE) + 1 :].decode().splitlines()
    key = lab.servers["hub1"].host_key
    # the file already hashes its host names: the new lines are hashed too
    assert [line.split(" ", 1)[1] for line in added] == [f"{key.get_name()} {key.get_base64()}"] * 2
    assert all(line.startswith("|1|") for line in added)
    entries = read_known_hosts(known)[-2:]
    for name in ("hub1", "spoke1"):
        assert sum(e.matches(f"[127.0.0.1]:{lab.router(name).port}") for e in entries) == 1
    for dev in report.devices:
        assert dev.host_key == fingerprint(key.get_name(), key.get_base64())
        assert dev.host_key.startswith("ssh-rsa SHA256:")
        # the corp CA line matches every local port: ignored with a warning, not a failure
        assert any("@cert-authority ignored" in w for w in dev.warnings)
    again = push(net.targets, options(net, tmp_path, known_hosts=known), creds)
    assert {d.status for d in again.devices} == {DeviceStatus.WOULD_CHANGE}
    assert known.read_bytes() == after and not any(d.host_key for d in again.devices)


@pytest.mark.parametrize("kind", ["ecdsa", "rsa"])  # another type, or the same type re-keyed
def test_changed_key_is_its_own_error_with_both_fingerprints(
    kind: str, lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    old = lab.servers["spoke1"].host_key
    new = lab.servers["spoke1"].rekey(kind)
    report = push(net.targets, options(net, tmp_path, accept_new_host_keys=True), creds)
    dev = report.devices[1]
    assert dev.status is DeviceStatus.FAILED and "cannot reach" not in dev.error
    assert f"host key of [127.0.0.1]:{lab.router('spoke1').port}" in dev.error
    assert "CHANGED" in dev.error
    assert fingerprint(old.get_name(), old.get_base64()) in dev.error
    assert fingerprint(new.get_name(), new.get_base64()) in dev.error
    assert new.get_base64() not in net.known_hosts.read_text()  # never accepted


def test_hashed_entries_match_and_revoked_keys_are_refused(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    net = build(lab, tmp_path, spokes=1)
    key = lab.servers["hub1"].host_key
    hub, spoke = (f"[127.0.0.1]:{lab.router(n).port}" for n in ("hub1", "spoke1"))
    known = tmp_path / "kh"
    known.write_text(
        f"{_hashed(hub)} {key.get_name()} {key.get_base64()}\n"
        f"@revoked {spoke} {key.get_name()} {key.get_base64()}\n"
    )
    report = push(
        net.targets, options(net, tmp_path, known_hosts=known, accept_new_host_keys=True), creds
    )
    assert report.devices[0].status is DeviceStatus.WOULD_CHANGE
    assert not report.devices[0].host_key
    dev = report.devices[1]
    assert dev.status is DeviceStatus.FAILED and "REVOKED" in dev.error and spoke in dev.error
    assert known.read_text().count("\n") == 2  # a revoked key is never added


def test_a_router_with_several_key_types_is_asked_for_the_known_one(
    lab: FakeLab, tmp_path: Path, creds: Credentials
) -> None:
    # The client would prefer ECDSA; known_hosts holds the router's RSA key, so the router
    # must be asked for RSA first (as OpenSSH does), not reported as re-keyed.
    net = build(lab, tmp_path, spokes=1)
    lab.servers["spoke1"].extra_host_keys.append(paramiko.ECDSAKey.generate())
    report = push(net.targets, options(net, tmp_path), creds)
    assert report.devices[1].status is DeviceStatus.WOULD_CHANGE, report.devices[1].error
