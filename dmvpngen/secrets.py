"""Secret references: keep keys out of the inventory and out of every report.

A secret field holds either a literal value or a reference:

- ``env:NAME``    - the environment variable NAME;
- ``secret:NAME`` - key NAME of the secrets file (``secrets_file`` in the inventory, a YAML
  mapping kept out of git).

References are resolved at render time; an unresolved one is a located error naming it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dmvpngen.errors import InputError, Problem
from dmvpngen.masking import mask_values

__all__ = ["SecretValues", "is_reference", "iter_secret_fields", "mask", "resolve_secrets"]

PathT = tuple[str | int, ...]

# Fields that hold secrets, by their name in the model.
SECRET_FIELDS = frozenset(
    {
        "psk",
        "nhrp_auth",
        "enable_secret",
        "config_key",
        "secret",
        "auth_key",
        "password",
        "priv_key",
    }
)
_REF = re.compile(r"^(env|secret):(.+)$")
MASK = "******"


def is_reference(value: str) -> bool:
    """True when ``value`` is an ``env:`` or ``secret:`` reference."""
    return bool(_REF.match(value))


@dataclass
class SecretValues:
    """Resolved secrets, by object path, plus every value for masking."""

    by_path: dict[PathT, str] = field(default_factory=dict)

    def get(self, path: PathT, default: str | None = None) -> str | None:
        """The resolved value at ``path``."""
        return self.by_path.get(path, default)

    @property
    def values(self) -> list[str]:
        """Every secret value (longest first, so masking never leaves a suffix behind)."""
        return sorted({v for v in self.by_path.values() if v}, key=lambda v: (-len(v), v))


def iter_secret_fields(obj: Any, path: PathT = ()) -> Iterator[tuple[PathT, str]]:
    """Yield ``(path, value)`` for every set secret field in a model tree."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name in SECRET_FIELDS and isinstance(value, str):
                yield (*path, name), value
            else:
                yield from iter_secret_fields(value, (*path, name))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from iter_secret_fields(value, (*path, key))
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from iter_secret_fields(value, (*path, i))


def _load_secrets_file(path: Path) -> dict[str, str]:
    from dmvpngen.model.yamlread import parse_yaml, read_bounded  # local: avoids an import cycle

    try:
        text = read_bounded(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    "secrets file not found",
                    hint="create it (a YAML mapping name: value) or fix 'secrets_file'",
                )
            ]
        ) from None
    except OSError as exc:
        raise InputError(
            [Problem(str(path), None, f"cannot read secrets file: {exc.strerror}")]
        ) from None
    except UnicodeDecodeError:
        # the message would quote a byte of a key: say only what is wrong
        raise InputError(
            [Problem(str(path), None, "secrets file is not UTF-8 text", hint="save it as UTF-8")]
        ) from None
    data, loc = parse_yaml(text, str(path))
    if data is None:
        return {}
    flat = "a secrets file must be a flat mapping of name: string value"
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), 1, flat)])
    for key, value in data.items():
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            # located at the entry, named by its key: never quote the value (it may be a key)
            raise InputError(
                [Problem(str(path), loc.line_of((key,)), f"{flat}; '{key}' is not one")]
            )
    return {str(k): str(v) for k, v in data.items()}


def resolve_secrets(
    model: BaseModel, locate: Any, base_dir: Path, secrets_file: str | None
) -> SecretValues:
    """Resolve every secret field of ``model``; all unresolved references are reported at once.

    ``locate`` is the inventory's Locator (``problem(path, message, hint)``).
    """
    out = SecretValues()
    problems: list[Problem] = []
    file_values: dict[str, str] | None = None
    for path, value in iter_secret_fields(model):
        match = _REF.match(value)
        if not match:
            out.by_path[path] = value
            continue
        kind, name = match.groups()
        if kind == "env":
            env = os.environ.get(name)
            if env is None or env == "":
                problems.append(
                    locate.problem(
                        path,
                        f"secret reference '{value}' is not set",
                        f"export {name}=... before running, or use a secrets file",
                    )
                )
                continue
            out.by_path[path] = env
            continue
        if secrets_file is None:
            problems.append(
                locate.problem(
                    path,
                    f"secret reference '{value}' but the inventory has no 'secrets_file'",
                    "add 'secrets_file: <file>.secrets.yml' (git-ignored) to the inventory",
                )
            )
            continue
        if file_values is None:
            file_values = _load_secrets_file(base_dir / secrets_file)
        if name not in file_values:
            problems.append(
                locate.problem(
                    path,
                    f"secret reference '{value}' not found in {secrets_file}",
                    f"add '{name}: ...' to {secrets_file}",
                )
            )
            continue
        out.by_path[path] = file_values[name]
    if problems:
        from dmvpngen.errors import ValidationFailed

        raise ValidationFailed(problems)
    return out


def mask(text: str, values: Iterable[str]) -> str:
    """Replace every occurrence of each secret value with ``******``."""
    return mask_values(text, values, MASK)
