"""known_hosts reading checked against OpenSSH's own ssh-keygen: fingerprints, hashed names,
wildcards, negations and [host]:port entries must be read as OpenSSH reads them."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import paramiko
import pytest

from dmvpngen.push.hostkeys import (
    add_known_key,
    fingerprint,
    hash_host,
    host_key_name,
    read_known_hosts,
)

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="needs ssh-keygen (Debian: openssh-client)"
)
KEY = paramiko.ECDSAKey.generate()
LINE = f"{KEY.get_name()} {KEY.get_base64()}"
PATTERNS = [
    "router1.example.net,10.0.0.1",
    "*.branch.example.net,!bad.branch.example.net",
    "[10.0.0.2]:2222",
    "[10.0.0.3]:*",
    "hub?.example.net",
]
NAMES = [
    "router1.example.net",
    "10.0.0.1",
    "x.branch.example.net",
    "bad.branch.example.net",
    "branch.example.net",
    host_key_name("10.0.0.2", 2222),
    host_key_name("10.0.0.2", 22),
    host_key_name("10.0.0.3", 830),
    "hub1.example.net",
    "hub10.example.net",
]


def keygen_finds(path: Path, name: str) -> bool:
    out = subprocess.run(
        ["ssh-keygen", "-F", name, "-f", str(path)], capture_output=True, text=True, check=False
    )
    return bool(out.stdout.strip())


def test_fingerprint_matches_ssh_keygen(tmp_path: Path) -> None:
    path = tmp_path / "kh"
    path.write_text(f"10.0.0.9 {LINE}\n")
    out = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert fingerprint(KEY.get_name(), KEY.get_base64()).split()[1] == out.split()[1]


@pytest.mark.parametrize("hashed", [False, True])
def test_host_matching_agrees_with_openssh(tmp_path: Path, hashed: bool) -> None:
    path = tmp_path / "kh"
    if hashed:  # one plain line per host name, then hashed by ssh-keygen itself
        plain = [p for p in ",".join(PATTERNS).split(",") if "*" not in p and "?" not in p]
        path.write_text("".join(f"{p} {LINE}\n" for p in plain if not p.startswith("!")))
        subprocess.run(["ssh-keygen", "-H", "-f", str(path)], capture_output=True, check=True)
        assert all(e.patterns.startswith("|1|") for e in read_known_hosts(path))
    else:
        path.write_text("".join(f"{p} {LINE}\n" for p in PATTERNS))
    entries = read_known_hosts(path)
    for name in NAMES:
        ours = any(e.matches(name) for e in entries)
        assert ours == keygen_finds(path, name), name


def keygen_lines(path: Path, name: str) -> list[str]:
    """The key lines ``ssh-keygen -F`` prints for ``name`` (comments dropped)."""
    out = subprocess.run(
        ["ssh-keygen", "-F", name, "-f", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return [line for line in out.splitlines() if line and not line.startswith("#")]


def test_host_hash_is_the_one_ssh_keygen_writes(tmp_path: Path) -> None:
    path = tmp_path / "kh"
    name = host_key_name("10.0.0.2", 2222)
    path.write_text(f"{name} {LINE}\n")
    subprocess.run(["ssh-keygen", "-H", "-f", str(path)], capture_output=True, check=True)
    field = path.read_text().split()[0]
    salt = base64.b64decode(field.split("|")[2])
    assert hash_host(name, salt) == field


@pytest.mark.parametrize(
    ("existing", "hashed"),
    [
        ("", True),  # a new file: hashed
        (f"# comment only\n@revoked old.example.net {LINE}\n", True),  # markers say nothing
        (f"router1.example.net {LINE}\n", False),  # a readable file stays readable
        (f"router1.example.net {LINE}\n|1|c2FsdA==|aGFzaA== {LINE}\n", True),  # mixed
    ],
)
def test_recorded_keys_follow_the_files_hashing_and_openssh_finds_them(
    tmp_path: Path, existing: str, hashed: bool
) -> None:
    path = tmp_path / "kh"
    if existing:
        path.write_text(existing)
    other = paramiko.RSAKey.generate(2048)
    name = host_key_name("10.0.0.7", 830)
    add_known_key(path, name, other.get_name(), other.get_base64())
    last = path.read_text().splitlines()[-1]
    assert last.startswith("|1|") is hashed
    assert (name in last) is not hashed
    found = keygen_lines(path, name)
    assert found == [last.split(" ", 1)[0] + f" {other.get_name()} {other.get_base64()}"]
    assert not keygen_lines(path, host_key_name("10.0.0.7", 22))
    assert not keygen_lines(path, host_key_name("10.0.0.8", 830))
    before = path.read_text()
    add_known_key(path, name, other.get_name(), other.get_base64())  # known: not added twice
    assert path.read_text() == before
