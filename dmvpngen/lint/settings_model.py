"""The lint settings' rules as a pydantic model: what a settings file may hold and how each
refusal is worded.

:class:`~dmvpngen.lint.config.LintSettings` (a plain dataclass, so that ``dmvpngen lint`` starts
without pydantic) reads plainly valid settings itself and sends everything else here; a test holds
the two readings equal (``tests/lint/test_settings_plain.py``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.registry import Severity

__all__ = ["SettingsModel", "validate_settings"]


class SettingsModel(BaseModel):
    """Every lint setting, its type, default and settings-file spelling."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Field(default=Severity.HIGH, alias="fail-on")
    ios_version: str | None = Field(default=None, alias="ios-version")
    external_interfaces: tuple[str, ...] = Field(default=(), alias="external-interfaces")
    password_types: tuple[str, ...] = Field(default=("8", "9"), alias="password-types")
    overlay_tunnels: tuple[str, ...] | None = Field(default=None, alias="overlay-tunnels")
    waivers: str | None = None
    severity: dict[str, Severity] = Field(default_factory=dict)
    source: str = ""

    @field_validator("select", "ignore", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        if isinstance(value, (list, tuple)):
            return tuple(str(v).strip().upper() for v in value)
        return value


def validate_settings(data: Any) -> LintSettings:
    """``data`` validated by the model (raises ``ValidationError``), as settings."""
    model = SettingsModel.model_validate(data)
    return LintSettings(**{name: getattr(model, name) for name in SettingsModel.model_fields})
