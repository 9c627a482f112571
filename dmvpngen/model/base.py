"""Base class shared by every inventory object."""

from __future__ import annotations

from functools import cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["StrictModel"]

# the interface types (IPv4Interface, IPv6Interface) are subclasses of the address types
_IP_TYPES = (IPv4Address, IPv4Network, IPv6Address, IPv6Network)


def _mentions_ip(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, _IP_TYPES):
        return True
    return any(_mentions_ip(arg) for arg in get_args(annotation))


@cache
def _ip_keys(model: type[BaseModel]) -> frozenset[str]:
    """The keys (names and aliases) of ``model``'s fields that hold addresses or prefixes."""
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        if _mentions_ip(field.annotation):
            keys.update(k for k in (name, field.alias) if k)
    return frozenset(keys)


def _as_text(value: Any) -> Any:
    """A number or bool as the text YAML showed ('false', '5'); anything else unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value


class StrictModel(BaseModel):
    """Frozen, no unknown keys: a typo in an inventory is an error, not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _addresses_are_text(cls, data: Any) -> Any:
        # pydantic reads a number (and a YAML true/false, a bool) as an address: 'summary:
        # [false]' became 0.0.0.0/32 (and Python warned about bool.__int__). Handed over as
        # the text it was written as, it fails as any other malformed address, at its own line.
        if isinstance(data, dict) and (keys := _ip_keys(cls) & data.keys()):
            return {k: _as_text(v) if k in keys else v for k, v in data.items()}
        return data
