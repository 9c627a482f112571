"""Login credentials for push and verify: environment, prompt or OS keyring, never the inventory."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from dmvpngen.errors import UsageError, escape_controls

__all__ = ["KEYRING_SERVICE", "Credentials", "resolve_credentials"]

KEYRING_SERVICE = "dmvpngen"


@dataclass(frozen=True)
class Credentials:
    """SSH username and password; the password never appears in repr or logs."""

    username: str
    password: str = field(repr=False)


def _from_keyring(username: str) -> str | None:
    try:
        keyring = importlib.import_module("keyring")  # optional dependency
    except ImportError:
        return None
    try:
        value: str | None = keyring.get_password(KEYRING_SERVICE, username)
    except Exception:  # no usable backend on this machine: fall through to the next source
        return None
    return value


def resolve_credentials(
    *, ask_password: bool = False, prompt: Callable[[str], str] | None = None
) -> Credentials:
    """Username from ``DMVPNGEN_USERNAME``; password from a prompt (when asked), the
    ``DMVPNGEN_PASSWORD`` variable, or the keyring (service ``dmvpngen``), in that order."""
    username = os.environ.get("DMVPNGEN_USERNAME", "")
    if not username:
        raise UsageError(
            "no SSH username: set DMVPNGEN_USERNAME",
            "credentials never come from the inventory; export DMVPNGEN_USERNAME=<user>",
        )
    if not username.isprintable() or any(char.isspace() for char in username):
        # it is typed at the router's login prompt and shown in reports: a control character
        # or a line break would end the login line or forge a report line
        raise UsageError(
            f"DMVPNGEN_USERNAME must be one printable word, not '{escape_controls(username)}'",
            "set it to the router login name alone (IOS usernames are one word)",
        )
    if ask_password:
        if prompt is None:
            raise UsageError("--ask-password needs an interactive terminal")
        return Credentials(username, prompt(f"SSH password for {username}: "))
    password = os.environ.get("DMVPNGEN_PASSWORD") or _from_keyring(username)
    if not password:
        raise UsageError(
            f"no SSH password for {username}",
            "use --ask-password, set DMVPNGEN_PASSWORD, or store it with "
            f"'keyring set {KEYRING_SERVICE} {username}'",
        )
    return Credentials(username, password)
