"""The bootstrap step before a push applies a config: the SSH key pair the config names.

``crypto key generate rsa`` is a step, not configuration: the running config never shows it, so
rendered as a config line it would be in every diff and every push would regenerate the key
(and change the router's host key each time). Push instead reads ``show crypto key mypubkey rsa
<label>``; when the key is missing (and only then) it generates it, before any line that names
it is applied (with ``ip ssh rsa keypair-name`` set and no such key, the router takes no new
SSH session). ``write memory`` after the push stores the key pair in private NVRAM. Once the
config names the key, the router presents it as its host key: push records it in known_hosts,
read over the session that was already authenticated with the previous key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dmvpngen.push.devrun import DeviceRun, shower
from dmvpngen.push.model import Check, DeviceResult, PushOptions, Target
from dmvpngen.sshkey import generate_command, keypair_label

__all__ = [
    "KeyGenerationFailed",
    "SshKey",
    "generate_key",
    "key_step",
    "public_key",
    "read_key",
    "record_host_key",
    "wanted_key",
    "with_host_key",
]

# IOS prompts before replacing a key pair of the same label: never answered here.
_REPLACE = r"Do you really want to replace|already have RSA keys"
_HEX_ROW = re.compile(r"\s+[0-9A-Fa-f]+(?: [0-9A-Fa-f]+)*\s*")
_ERROR = rf"^\s*%\s*(Invalid|Incomplete|Ambiguous|Unknown)|{_REPLACE}"


class KeyGenerationFailed(Exception):
    """The router did not generate the key pair."""


@dataclass(frozen=True)
class SshKey:
    """The key pair a target's config names, and what the router holds of it."""

    label: str
    bits: int
    blob: str | None  # OpenSSH 'ssh-rsa AAAA...' of the public key; None when missing


def public_key(output: str, label: str) -> str | None:
    """The OpenSSH form of key ``label`` in ``show crypto key mypubkey rsa`` output."""
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_der_public_key,
    )

    section = re.search(
        rf"^Key name: {re.escape(label)}\s*$(.*?)(?=^Key name: |^% Key pair was|\Z)",
        output,
        re.M | re.S,
    )
    if section is None:
        return None
    lines = section[1].splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Key Data:"), None)
    if start is None:
        return None
    hexed = []
    for line in lines[start + 1 :]:
        if not _HEX_ROW.fullmatch(line):
            break
        hexed.append("".join(line.split()))
    try:
        key = load_der_public_key(bytes.fromhex("".join(hexed)))
        return key.public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    except ValueError:
        return None


def read_key(show: Callable[[str], str], label: str, bits: int) -> SshKey:
    """What the router holds of key pair ``label``."""
    return SshKey(label, bits, public_key(show(f"show crypto key mypubkey rsa {label}"), label))


def generate_key(conn: Any, show: Callable[[str], str], key: SshKey, read_timeout: float) -> SshKey:
    """Generate the missing key pair and read it back (KeyGenerationFailed if it is not there)."""
    from netmiko.exceptions import ConfigInvalidException

    command = generate_command(key.label, key.bits)
    try:
        # 4096-bit keys take a router's CPU tens of seconds: allow for it
        conn.send_config_set([command], error_pattern=_ERROR, read_timeout=read_timeout * 6)
    except ConfigInvalidException as exc:
        raise KeyGenerationFailed(
            f"the router refused to generate RSA keypair {key.label} ({key.bits} bits), so "
            f"nothing was configured: {exc}"
        ) from None
    made = read_key(show, key.label, key.bits)
    if made.blob is None:
        raise KeyGenerationFailed(
            f"RSA keypair {key.label} was generated but the router does not list it, so "
            "nothing was configured"
        )
    return made


def wanted_key(target: Target, show: Callable[[str], str]) -> SshKey | None:
    """The key pair ``target``'s config names, as the router holds it (None: names none)."""
    label = keypair_label(target.intended)
    return None if label is None else read_key(show, label, target.ssh_key_bits)


def step_line(key: SshKey) -> str:
    """How a dry run shows the step (a comment: it is not a config line)."""
    return f"! step: {generate_command(key.label, key.bits)} (the router has no such key pair)"


def record_host_key(opts: PushOptions, target: Target, key: SshKey) -> str:
    """Add the key the router now presents to known_hosts; its fingerprint."""
    from dmvpngen.push.connect import known_hosts_path
    from dmvpngen.push.hostkeys import add_known_key, fingerprint, host_key_name

    assert key.blob is not None
    keytype, blob = key.blob.split()[:2]
    add_known_key(known_hosts_path(opts), host_key_name(target.host, target.port), keytype, blob)
    return fingerprint(keytype, blob)


def key_step(conn: Any, run: DeviceRun, key: SshKey, note: Callable[[str, str], None]) -> SshKey:
    """Generate the missing key pair the config names (before any line names it)."""
    note(run.target.hostname, f"generating RSA keypair {key.label} ({key.bits} bits)")
    made = generate_key(conn, shower(conn, run.opts), key, run.opts.read_timeout)
    run.checks = [*run.checks, Check(name="ssh key", ok=True, detail=f"{key.label} generated")]
    return made


def with_host_key(result: DeviceResult, run: DeviceRun, key: SshKey, named: bool) -> DeviceResult:
    """Once the saved config names the key pair, it is the router's host key: record it."""
    if result.failed or key.blob is None or not named:
        return result
    return result.model_copy(update={"host_key": record_host_key(run.opts, run.target, key)})
