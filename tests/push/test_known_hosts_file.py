"""known_hosts reading checked against OpenSSH's own ssh-keygen: fingerprints, hashed names,
wildcards, negations and [host]:port entries must be read as OpenSSH reads them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import paramiko
import pytest

from dmvpngen.push.hostkeys import fingerprint, host_key_name, read_known_hosts

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
