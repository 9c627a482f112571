"""Lint settings: defaults, ``[tool.dmvpngen.lint]`` / ``.dmvpngen.toml`` files, CLI overrides.

The first directory, walking up from the working directory, that holds a ``.dmvpngen.toml`` or a
``pyproject.toml`` with a ``[tool.dmvpngen.lint]`` table wins (the same rule ruff uses). In
``.dmvpngen.toml`` the settings live in ``[lint]`` (``[tool.dmvpngen.lint]`` is accepted too).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dmvpngen.errors import InputError, Problem
from dmvpngen.inputfile import open_input
from dmvpngen.lint.registry import Severity

__all__ = ["LintSettings", "find_config_file", "load_settings"]


@dataclass(frozen=True)
class LintSettings:
    """Everything that changes what ``dmvpngen lint`` reports.

    A plain dataclass: ``dmvpngen lint`` runs in pre-commit hooks, and pydantic cost ~60 ms of
    its start-up. Settings read from a file or the command line go through
    :meth:`from_mapping`, whose rules are those of the pydantic model in
    :mod:`dmvpngen.lint.settings_model` (which also words every refusal).
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.HIGH
    ios_version: str | None = None
    external_interfaces: tuple[str, ...] = ()
    # NSA: type 8 everywhere; CIS accepts 8 or 9. Read by the password rules.
    password_types: tuple[str, ...] = ("8", "9")
    overlay_tunnels: tuple[str, ...] | None = None
    waivers: str | None = None
    severity: Mapping[str, Severity] = field(default_factory=dict)
    source: str = ""  # the file these came from, for messages

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LintSettings:
        """Settings from a settings-file table (keys spelt with ``-`` or ``_``).

        Raises pydantic's ``ValidationError`` for a value the settings refuse.
        """
        plain = _plain_settings(data)
        if plain is not None:
            return plain
        from dmvpngen.lint.settings_model import validate_settings

        return validate_settings(data)


# field -> the key a settings file spells it with (the name itself is accepted too)
ALIASES = {
    "fail_on": "fail-on",
    "ios_version": "ios-version",
    "external_interfaces": "external-interfaces",
    "password_types": "password-types",
    "overlay_tunnels": "overlay-tunnels",
}
_TUPLES = frozenset({"external_interfaces", "password_types", "overlay_tunnels"})
_STRINGS = frozenset({"ios_version", "waivers", "source"})
_SEVERITIES = {s.value: s for s in Severity}


def _plain_settings(data: Mapping[str, Any]) -> LintSettings | None:
    """``data`` as settings when every value is plainly valid, with the values the pydantic
    model gives it; None for anything else (the model then accepts, coerces or refuses it)."""
    by_alias = {alias: name for name, alias in ALIASES.items()}
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = by_alias.get(key, key)
        if name not in _FIELDS or name in values:  # unknown, or given under both spellings
            return None
        typed = _plain_value(name, value)
        if typed is None and value is not None:
            return None
        values[name] = typed
    if any(values.get(name, "") is None for name in _FIELDS - _NULLABLE):
        return None
    return LintSettings(**values)


def _plain_value(name: str, value: Any) -> Any:
    """The field's value for a plainly valid ``value``, else None."""
    if name in ("select", "ignore"):  # the model splits and upper-cases these
        if type(value) is str:
            value = [v for v in value.replace(",", " ").split() if v]
        return _strings(value, upper=True)
    if name in _TUPLES:
        return _strings(value, upper=False)
    if name in _STRINGS:
        return value if type(value) is str else None
    if name == "fail_on":
        return _severity(value)
    if name == "severity":
        if type(value) is not dict or not all(type(k) is str for k in value):
            return None
        out = {k: _severity(v) for k, v in value.items()}
        return out if all(v is not None for v in out.values()) else None
    return None


def _strings(value: Any, *, upper: bool) -> tuple[str, ...] | None:
    if type(value) not in (list, tuple) or not all(type(v) is str for v in value):
        return None
    return tuple(v.strip().upper() for v in value) if upper else tuple(value)


def _severity(value: Any) -> Severity | None:
    if isinstance(value, Severity):
        return value
    return _SEVERITIES.get(value) if type(value) is str else None


_FIELDS = frozenset(LintSettings.__dataclass_fields__)
_NULLABLE = frozenset({"ios_version", "overlay_tunnels", "waivers"})


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
    try:
        with open_input(path) as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            [Problem(str(path), None, f"not valid TOML: {exc}", hint="fix the syntax")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    str(path), None, f"not UTF-8 text (byte {exc.start})", hint="save it as UTF-8"
                )
            ]
        ) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InputError(
            [Problem(str(path), None, "not valid TOML: nested too deeply", hint="fix the syntax")]
        ) from None
    except OSError as exc:
        raise InputError([Problem(str(path), None, f"cannot read: {exc.strerror}")]) from None
    return data


def _section(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool", {}).get("dmvpngen", {}).get("lint")
    if path.name == ".dmvpngen.toml":
        section = data.get("lint", tool if tool is not None else {})
        return section if isinstance(section, dict) else None
    return tool if isinstance(tool, dict) else None


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` that carries lint settings."""
    for folder in [start, *start.parents]:
        dot = folder / ".dmvpngen.toml"
        if dot.is_file():
            return dot
        py = folder / "pyproject.toml"
        if py.is_file() and _section(py, _toml(py)) is not None:
            return py
    return None


def load_settings(
    config: Path | None = None, *, search_from: Path | None = None, **overrides: Any
) -> LintSettings:
    """Settings from ``config`` (or the nearest config file), with CLI ``overrides`` on top.

    Overrides whose value is None or empty are ignored, so unset CLI options keep file values.
    """
    data: dict[str, Any] = {}
    source = ""
    path = config if config is not None else find_config_file(search_from or Path.cwd())
    if path is not None:
        if not path.is_file():
            raise InputError([Problem(str(path), None, "config file not found")])
        section = _section(path, _toml(path)) or {}
        data = dict(section)
        source = str(path)
        if isinstance(data.get("waivers"), str) and not Path(data["waivers"]).is_absolute():
            data["waivers"] = str(path.parent / data["waivers"])
    for key, value in overrides.items():
        if value is None or value == () or value == []:
            continue
        data[ALIASES.get(key, key)] = value
    return _validated({**data, "source": source}, source)


def _validated(data: dict[str, Any], source: str) -> LintSettings:
    """Settings from ``data``; a refused value is a located problem (pydantic's wording)."""
    plain = _plain_settings(data)
    if plain is not None:
        return plain
    from pydantic import ValidationError

    from dmvpngen.lint.settings_model import validate_settings

    try:
        return validate_settings(data)
    except ValidationError as exc:
        problems = [
            Problem(
                source or "command line",
                None,
                f"lint setting {'.'.join(str(p) for p in err['loc'])}: {err['msg']}",
                hint="see docs/lint.md for the accepted settings",
            )
            for err in exc.errors()
        ]
        raise InputError(problems) from None
