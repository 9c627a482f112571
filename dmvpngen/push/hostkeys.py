"""known_hosts checked the way OpenSSH does, and appended to, never rewritten.

paramiko's own handling is not used: it rewrites the whole file on save (losing comments,
markers and key types it cannot parse) and its changed-key error reaches netmiko's caller as
a timeout. Here a line is only ever compared as text (key type and base64 blob), so entries
of any type, hashed host names (``|1|salt|hash``), ``@revoked`` and ``@cert-authority``
markers and comments are read, and kept byte for byte.

New entries are written hashed, as ``ssh-keygen -H`` writes them (``|1|`` base64 of a random
20-byte salt ``|`` base64 of HMAC-SHA1(salt, host field); OpenSSH ``hostfile.c``), unless the
file already holds plain host names and no hashed one: then the user evidently keeps it
readable (OpenSSH's ``HashKnownHosts no``, its upstream default) and the new line is plain too.
A hashed file, or a new or empty one, gets hashed lines (``HashKnownHosts yes``, the Debian and
Ubuntu default): a stolen known_hosts then does not list the routers' management addresses.

Markers (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): ``@revoked`` keys are refused for the hosts
their pattern matches; ``@cert-authority`` lines vouch for host *certificates*, which paramiko
cannot verify and IOS routers do not present, so they are skipped (with a warning when they
match a router) and the router needs a plain entry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "HostKeyError",
    "HostKeyPolicy",
    "KnownHost",
    "add_known_key",
    "fingerprint",
    "hash_host",
    "host_key_name",
    "read_known_hosts",
    "writes_hashed",
]

_APPEND_LOCK = threading.Lock()


class HostKeyError(Exception):
    """The offered host key is unknown, changed or revoked: refuse the connection."""


@dataclass(frozen=True)
class KnownHost:
    """One key line of a known_hosts file."""

    line: int
    marker: str  # "" | "@revoked" | "@cert-authority"
    patterns: str
    keytype: str
    blob: str

    def matches(self, name: str) -> bool:
        """Does this line's host field name ``name`` ('host' or '[host]:port')?"""
        if self.patterns.startswith("|1|"):
            try:
                salt, digest = (base64.b64decode(p) for p in self.patterns[3:].split("|", 1))
            except ValueError:
                return False
            mine = hmac.new(salt, name.encode(), hashlib.sha1).digest()
            return hmac.compare_digest(mine, digest)
        hit = False
        for pattern in self.patterns.split(","):
            negated = pattern.startswith("!")
            if _wildcard(pattern.lstrip("!")).fullmatch(name):
                if negated:
                    return False
                hit = True
        return hit


def _wildcard(pattern: str) -> re.Pattern[str]:
    """OpenSSH host patterns know only '*' and '?' ('[host]:port' brackets are literal)."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.IGNORECASE)


def host_key_name(host: str, port: int) -> str:
    """The host field OpenSSH uses: 'host' on port 22, else '[host]:port'."""
    return host if port == 22 else f"[{host}]:{port}"


def fingerprint(keytype: str, blob: str) -> str:
    """OpenSSH's SHA256 fingerprint, e.g. 'ssh-ed25519 SHA256:abc...'."""
    try:
        raw = base64.b64decode(blob)
    except ValueError:
        return f"{keytype} (unreadable key)"
    digest = base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")
    return f"{keytype} SHA256:{digest}"


def read_known_hosts(path: Path) -> list[KnownHost]:
    """Every key line of ``path`` (missing file: none); comments and junk are skipped."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        marker = words.pop(0) if words[0].startswith("@") else ""
        if len(words) < 3:
            continue
        out.append(KnownHost(number, marker, words[0], words[1], words[2]))
    return out


def hash_host(name: str, salt: bytes | None = None) -> str:
    """``name`` as OpenSSH hashes a host field: ``|1|<salt>|<HMAC-SHA1(salt, name)>``."""
    salt = os.urandom(20) if salt is None else salt
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def writes_hashed(entries: list[KnownHost]) -> bool:
    """Whether a new line for a file holding ``entries`` is hashed: yes unless the file has
    plain host names and no hashed one (marker lines say nothing about the user's choice)."""
    plain = [e for e in entries if not e.marker]
    return not plain or any(e.patterns.startswith("|1|") for e in plain)


def _append(path: Path, name: str, keytype: str, blob: str) -> None:
    """Add one line at the end; the rest of the file is not touched."""
    with _APPEND_LOCK:
        if writes_hashed(read_known_hosts(path)):
            name = hash_host(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "r+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            prefix = b""
            if size:
                handle.seek(size - 1)
                prefix = b"" if handle.read(1) == b"\n" else b"\n"
            handle.write(prefix + f"{name} {keytype} {blob}\n".encode())


def add_known_key(path: Path, name: str, keytype: str, blob: str) -> None:
    """Record ``name``'s key unless known_hosts already holds it (a key the router was made
    to present by a change whose session was authenticated with its previous key)."""
    known = read_known_hosts(path)
    if not any(e.matches(name) and e.keytype == keytype and e.blob == blob for e in known):
        _append(path, name, keytype, blob)


class HostKeyPolicy:
    """A paramiko missing-host-key policy that does the whole check (the SSH client is given
    no keys, so paramiko asks this policy about every host)."""

    def __init__(self, path: Path, accept_new: bool) -> None:
        self.path = path
        self.accept_new = accept_new
        self.error: HostKeyError | None = None
        self.accepted = ""  # fingerprint of a key recorded by this connection
        self.warnings: list[str] = []

    def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
        """paramiko hook: raise to refuse the key, return to accept it."""
        try:
            self._check(hostname, key.get_name(), key.get_base64())
        except HostKeyError as exc:
            self.error = exc
            raise

    def known_keys(self, name: str) -> list[tuple[str, Any]]:
        """(key type, paramiko key) of the plain, unrevoked entries for ``name`` that paramiko
        can parse: given to the SSH client so it asks the router for a known key type first,
        as OpenSSH does (a router with RSA and ECDSA keys must not look re-keyed)."""
        from paramiko import PKey

        entries = [e for e in read_known_hosts(self.path) if e.matches(name)]
        revoked = {e.blob for e in entries if e.marker == "@revoked"}
        out = []
        for entry in entries:
            if entry.marker or entry.blob in revoked:
                continue
            try:
                key = PKey.from_type_string(entry.keytype, base64.b64decode(entry.blob))
            except Exception:  # a type paramiko cannot parse: compared as text by _check
                continue
            out.append((entry.keytype, key))
        return out

    def mismatch(self, name: str, keytype: str, blob: str) -> HostKeyError:
        """The error for a key that differs from the recorded one (paramiko found it)."""
        try:
            self._check(name, keytype, blob)
        except HostKeyError as exc:
            self.error = exc
            return exc
        return HostKeyError(f"host key of {name} ({self.path}) does not match")

    def _check(self, name: str, keytype: str, blob: str) -> None:
        offered = fingerprint(keytype, blob)
        entries = [e for e in read_known_hosts(self.path) if e.matches(name)]
        where = f"{name} ({self.path})"
        for entry in entries:
            if entry.marker == "@revoked" and entry.blob == blob:
                raise HostKeyError(
                    f"host key of {where} is REVOKED (line {entry.line}): {offered}; refusing"
                )
        for entry in entries:
            if entry.marker == "@cert-authority":
                self.warnings.append(
                    f"{self.path}:{entry.line}: @cert-authority ignored for {name} "
                    "(host certificates are not supported; add a plain entry)"
                )
        plain = [e for e in entries if not e.marker]
        if any(e.keytype == keytype and e.blob == blob for e in plain):
            return
        if plain:
            old = "; ".join(f"{fingerprint(e.keytype, e.blob)} (line {e.line})" for e in plain)
            raise HostKeyError(
                f"host key of {where} CHANGED: known {old}, offered {offered}. "
                "Possible man-in-the-middle, or the router was replaced or re-keyed: check "
                f"it out of band, then remove the old line from {self.path}"
            )
        if not self.accept_new:
            raise HostKeyError(
                f"host key of {where} is unknown: offered {offered}; verify it and add it, "
                "or pass --accept-new-host-keys"
            )
        _append(self.path, name, keytype, blob)
        self.accepted = offered
