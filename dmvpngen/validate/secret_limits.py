"""Limits IOS puts on keys, checked once references are resolved (values are never echoed).

Every resolved value, whether written in the inventory, taken from the environment or from the
secrets file, must be one word of printable ASCII (``secret_value_problem``); then each field has
the length IOS accepts for it.
"""

from __future__ import annotations

from dmvpngen.errors import Problem
from dmvpngen.model.loader import LoadedInventory
from dmvpngen.model.text import secret_value_problem
from dmvpngen.secrets import SecretValues, is_reference, iter_secret_fields

__all__ = ["check_secret_limits"]

PathT = tuple[str | int, ...]

# OSPF 'ip ospf message-digest-key N md5 KEY': the key is at most 16 bytes (RFC 2328 D.3, the
# MD5 key is 16 octets); a key chain 'key-string' takes 80 characters.
OSPF_MD5_MAX = 16
KEY_STRING_MAX = 80
# 'key config-key password-encrypt': the master key is 8 to 128 characters.
CONFIG_KEY_MIN, CONFIG_KEY_MAX = 8, 128


def _limits(loaded: LoadedInventory, path: PathT) -> tuple[int, int, str] | None:
    """``(min, max, what)`` for a secret path, or None when IOS sets no special limit."""
    if path == ("routing", "password"):
        # 25 characters once 'service password-encryption' is on, which every config has
        return 1, 25, "BGP password"
    if path == ("routing", "authentication", "auth_key"):
        routing = loaded.inventory.routing
        auth = getattr(routing, "authentication", None)
        if routing.protocol == "ospf" and auth is not None and auth.algorithm == "md5":
            return 1, OSPF_MD5_MAX, "OSPF MD5 key"
        return 1, KEY_STRING_MAX, "routing authentication key"
    if path == ("monitoring", "ntp_auth", "auth_key"):
        return 1, 32, "NTP key"
    if path[:3] == ("monitoring", "snmp", "users") and path[-1] in ("auth_key", "priv_key"):
        return 8, 64, "SNMPv3 password"  # USM needs at least 8 characters
    if path == ("management", "config_key"):
        return CONFIG_KEY_MIN, CONFIG_KEY_MAX, "config key"
    return None


def _charset_problems(loaded: LoadedInventory, secrets: SecretValues) -> list[Problem]:
    problems = []
    written = dict(iter_secret_fields(loaded.inventory))  # what the inventory says: reference?
    for path, value in sorted(secrets.by_path.items(), key=lambda item: str(item[0])):
        why = secret_value_problem(value)
        if why is None:
            continue
        raw = written.get(path)
        source = f"'{raw}' resolves to a value that" if raw and is_reference(raw) else "value"
        problems.append(
            loaded.locator.problem(
                path,
                f"secret {source} {why}",
                "keys are one word of printable ASCII (no spaces, tabs, line breaks or '?'): "
                "change the value in the secrets file or environment",
            )
        )
    return problems


def check_secret_limits(loaded: LoadedInventory, secrets: SecretValues) -> list[Problem]:
    """Keys that IOS would reject, cut or misread as commands, located at their field."""
    problems = _charset_problems(loaded, secrets)
    unsafe = {p.path for p in problems}
    for path, value in sorted(secrets.by_path.items(), key=lambda item: str(item[0])):
        limits = _limits(loaded, path)
        if limits is None or path in unsafe:
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
