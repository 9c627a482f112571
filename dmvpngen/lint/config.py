"""Lint settings: defaults, ``[tool.dmvpngen.lint]`` / ``.dmvpngen.toml`` files, CLI overrides.

The first directory, walking up from the working directory, that holds a ``.dmvpngen.toml`` or a
``pyproject.toml`` with a ``[tool.dmvpngen.lint]`` table wins (the same rule ruff uses). In
``.dmvpngen.toml`` the settings live in ``[lint]`` (``[tool.dmvpngen.lint]`` is accepted too).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dmvpngen.errors import InputError, Problem
from dmvpngen.inputfile import open_input
from dmvpngen.lint.registry import Severity

__all__ = ["LintSettings", "find_config_file", "load_settings"]


class LintSettings(BaseModel):
    """Everything that changes what ``dmvpngen lint`` reports."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Field(default=Severity.HIGH, alias="fail-on")
    ios_version: str | None = Field(default=None, alias="ios-version")
    external_interfaces: tuple[str, ...] = Field(default=(), alias="external-interfaces")
    # NSA: type 8 everywhere; CIS accepts 8 or 9. Read by the password rules.
    password_types: tuple[str, ...] = Field(default=("8", "9"), alias="password-types")
    overlay_tunnels: tuple[str, ...] | None = Field(default=None, alias="overlay-tunnels")
    waivers: str | None = None
    severity: dict[str, Severity] = Field(default_factory=dict)
    source: str = Field(default="", exclude=True)  # the file these came from, for messages

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        if isinstance(value, (list, tuple)):
            return tuple(str(v).strip().upper() for v in value)
        return value


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
        data[key.replace("_", "-") if key in _ALIASED else key] = value
    try:
        return LintSettings.model_validate({**data, "source": source})
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


_ALIASED = {"fail_on", "ios_version", "external_interfaces", "password_types", "overlay_tunnels"}
