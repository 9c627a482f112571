"""RSA key pairs of a simulated router, as IOS keeps them.

``crypto key generate rsa [general-keys] [label L] [modulus N]`` (global configuration mode)
makes a key pair and is never shown in the running config; with a key of that label already
present IOS asks whether to replace it. ``show crypto key mypubkey rsa [L]`` prints each key's
public half as hex DER (SubjectPublicKeyInfo), nothing for an unknown label. ``ip ssh rsa
keypair-name L`` makes the SSH server present key L, and no new session is taken while L is
missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GENERATE", "KeyStore", "keypair_name"]

GENERATE = re.compile(
    r"^crypto key generate rsa(?: general-keys)?(?: label (\S+))?(?: exportable)?"
    r"(?: modulus (\d+))?$"
)
_KEYPAIR = re.compile(r"^ip ssh rsa keypair-name (\S+)$", re.M)


def keypair_name(running: str) -> str | None:
    """The key pair ``ip ssh rsa keypair-name`` names in a running config."""
    found = _KEYPAIR.search(running)
    return found.group(1) if found else None


@dataclass
class KeyStore:
    """Every key pair of one router, by label."""

    keys: dict[str, tuple[Any, int]] = field(default_factory=dict)  # label -> (key, bits)
    generations: int = 0  # key pairs generated since the router started
    pending_replace: tuple[str, int] | None = None  # asked "replace them?", awaiting the answer

    def generate(self, label: str, bits: int, interactive: bool = True) -> str:
        """Run the generate command; its output (a question when the label exists)."""
        if not 360 <= bits <= 4096:
            return "% Invalid input detected at '^' marker."
        if label in self.keys:
            if not interactive:  # a config loaded at boot answers the question with its default
                return ""
            self.pending_replace = (label, bits)
            return (
                f"% You already have RSA keys defined named {label}.\n"
                "% Do you really want to replace them? [yes/no]: "
            )
        return self._make(label, bits)

    def answer(self, text: str) -> str:
        """The reply to the replace question."""
        assert self.pending_replace is not None
        label, bits = self.pending_replace
        self.pending_replace = None
        if text.strip().lower() in ("yes", "y"):
            return self._make(label, bits)
        return "% Key generation aborted"

    def _make(self, label: str, bits: int) -> str:
        import paramiko

        self.keys[label] = (paramiko.RSAKey.generate(bits), bits)
        self.generations += 1
        return (
            f"The name for the keys will be: {label}\n\n"
            f"% The key modulus size is {bits} bits\n"
            f"% Generating {bits} bit RSA keys, keys will be non-exportable...\n"
            "[OK] (elapsed time was 1 seconds)"
        )

    def show(self, label: str | None) -> str:
        """``show crypto key mypubkey rsa [label]``."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        out = []
        for name, (key, _bits) in sorted(self.keys.items()):
            if label is not None and name != label:
                continue
            der = key.key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
            words = [der[i : i + 4].hex().upper() for i in range(0, len(der), 4)]
            rows = ["  " + " ".join(words[i : i + 8]) for i in range(0, len(words), 8)]
            out += [
                "% Key pair was generated at: 08:00:00 UTC Dec 6 2026",
                f"Key name: {name}",
                "Key type: RSA KEYS",
                " Storage Device: private-config",
                " Usage: General Purpose Key",
                " Key is not exportable.",
                " Key Data:",
                *rows,
            ]
        return "\n".join(out)

    def host_key(self, label: str) -> Any:
        """The paramiko key of ``label``, or None."""
        entry = self.keys.get(label)
        return entry[0] if entry else None

    def boot(self, text: str, default_label: str) -> str:
        """Run a startup config's key generation lines (as IOS does while loading it) and
        return the rest, the config that becomes the running config."""
        kept = []
        for line in text.splitlines():
            found = GENERATE.match(line.strip())
            if found is None:
                kept.append(line)
                continue
            self.generate(found[1] or default_label, int(found[2] or 1024), interactive=False)
        return "\n".join(kept) + ("\n" if text.endswith("\n") else "")
