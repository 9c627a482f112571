"""Limits IOS puts on keys, checked once references are resolved (values are never echoed)."""

from __future__ import annotations

from dmvpngen.errors import Problem
from dmvpngen.model.loader import LoadedInventory
from dmvpngen.secrets import SecretValues

__all__ = ["check_secret_limits"]

PathT = tuple[str | int, ...]


def _limits(path: PathT) -> tuple[int, int, str] | None:
    """``(min, max, what)`` for a secret path, or None when IOS sets no special limit."""
    if path == ("routing", "password"):
        # 25 characters once 'service password-encryption' is on, which every config has
        return 1, 25, "BGP password"
    if path == ("routing", "authentication", "auth_key"):
        return 1, 80, "routing authentication key"
    if path == ("monitoring", "ntp_auth", "auth_key"):
        return 1, 32, "NTP key"
    if path[:3] == ("monitoring", "snmp", "users") and path[-1] in ("auth_key", "priv_key"):
        return 8, 64, "SNMPv3 password"  # USM needs at least 8 characters
    return None


def check_secret_limits(loaded: LoadedInventory, secrets: SecretValues) -> list[Problem]:
    """Keys that IOS would reject or silently cut, located at their inventory field."""
    problems = []
    for path, value in sorted(secrets.by_path.items(), key=lambda item: str(item[0])):
        limits = _limits(path)
        if limits is None:
            continue
        low, high, what = limits
        bad = not low <= len(value) <= high or " " in value
        if path == ("routing", "password") and value[:1].isdigit():
            bad = True
        if bad:
            problems.append(
                loaded.locator.problem(
                    path,
                    f"{what} must be {low}-{high} characters without spaces"
                    + (" and not start with a digit" if what == "BGP password" else "")
                    + f" (it has {len(value)})",
                    "change the value in the secrets file or environment",
                )
            )
    return problems
