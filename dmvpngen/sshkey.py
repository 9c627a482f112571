"""The router's own SSH host key: its label in the config, and the command that generates it.

``ip ssh rsa keypair-name <label>`` makes the SSH server use the RSA key pair of that label
instead of the first one the router ever generated (often 1024 bits, or shared with a PKI
trustpoint). The key itself is made by ``crypto key generate rsa general-keys label <label>
modulus <bits>`` (Cisco IOS Security Command Reference, crypto key generate rsa; IOS 15.1(1)T
and IOS XE 2.4 on: up to 4096 bits), a global configuration command that IOS runs but never
shows in the running config; the key pair goes to private NVRAM with ``write memory``. With the
keypair name configured and the key missing, the SSH server stays disabled until the key is
generated (Cisco IOS XE Secure Shell Configuration Guide, "Secure Shell Version 2 Support",
configuring a device for SSH version 2 using RSA key pairs), so the key must exist before the
config names it: push generates it first, lab exports put the command in the day-0 config.
"""

from __future__ import annotations

import re

__all__ = [
    "generate_command",
    "keypair_label",
    "label_for",
    "with_generate",
    "without_generate",
]

_KEYPAIR = re.compile(r"^ip ssh rsa keypair-name (\S+)$", re.M)
_GENERATE = re.compile(r"^crypto key generate rsa .*\n", re.M)


def label_for(hostname: str) -> str:
    """The key pair label of one router: its own, apart from any PKI trustpoint's key."""
    return f"SSH-{hostname}"


def keypair_label(config: str) -> str | None:
    """The label ``ip ssh rsa keypair-name`` names in ``config``, if any."""
    found = _KEYPAIR.search(config)
    return found.group(1) if found else None


def generate_command(label: str, bits: int) -> str:
    """The global configuration command that generates the key pair."""
    return f"crypto key generate rsa general-keys label {label} modulus {bits}"


def with_generate(config: str, bits: int) -> str:
    """A day-0 config: the key generation command just before the line that names the key
    (IOS runs it while loading the startup config, so the key exists when SSH needs it)."""
    label = keypair_label(config)
    if label is None:
        return config
    line = f"ip ssh rsa keypair-name {label}\n"
    return config.replace(line, f"{generate_command(label, bits)}\n{line}", 1)


def without_generate(config: str) -> str:
    """``config`` without key generation lines (they are steps, not configuration)."""
    return _GENERATE.sub("", config)
