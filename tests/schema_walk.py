"""Walk the inventory JSON schema alongside inventory data: every string field, where it is.

Used by the injection tests: a field is named by the schema object that declares it and its key
(``Wan.description``), and found in a concrete inventory by walking the schema and the data
together (list items at index 0, dict values under their first key, discriminated unions along
the branch the data selects).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dmvpngen.model import Inventory

SCHEMA: dict[str, Any] = Inventory.model_json_schema(by_alias=True)
DEFS: dict[str, Any] = SCHEMA["$defs"]
PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Site:
    """Where a string field sits in one inventory."""

    field: str  # "Wan.description", "Snmp.traps[]", "Inventory.crypto_profiles[key]"
    path: PathT  # data path to the string (or to the container when it is absent)
    present: bool  # the data holds a value there
    is_key: bool = False  # the string is a dict key, not a value


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of an anyOf/oneOf (without null), else the schema itself."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if not options:
        return [schema]
    return [o for o in options if o.get("type") != "null"]


def _is_string(schema: dict[str, Any]) -> bool:
    return any(b.get("type") == "string" for b in _branches(schema))


def _string_items(schema: dict[str, Any]) -> bool:
    return any(
        b.get("type") == "array" and _is_string(b.get("items", {})) for b in _branches(schema)
    )


def string_fields() -> set[str]:
    """Every string field the schema declares (the set the injection tests must cover)."""
    out = set()
    for owner, schema in [("Inventory", SCHEMA), *DEFS.items()]:
        for key, prop in schema.get("properties", {}).items():
            if _is_string(prop):
                out.add(f"{owner}.{key}")
            if _string_items(prop):
                out.add(f"{owner}.{key}[]")
            for branch in _branches(prop):
                if "patternProperties" in branch:
                    out.add(f"{owner}.{key}[key]")
                    for value in branch["patternProperties"].values():
                        if _is_string(value):
                            out.add(f"{owner}.{key}{{}}")
    return out


def _object_def(schema: dict[str, Any], data: Any) -> tuple[str, dict[str, Any]] | None:
    """The object definition ``data`` is validated against (following refs and unions)."""
    for branch in _branches(schema):
        name = _ref_name(branch)
        if name is not None:
            target = DEFS[name]
            const = target.get("properties", {}).get("protocol", {}).get("const")
            if const is not None and isinstance(data, dict) and data.get("protocol") != const:
                continue  # another branch of a discriminated union
            return name, target
    return None


def sites(data: dict[str, Any]) -> Iterator[Site]:
    """Every string field reachable in ``data`` (an inventory as plain YAML data)."""
    yield from _walk("Inventory", SCHEMA, data, ())


def _walk(owner: str, schema: dict[str, Any], data: dict[str, Any], path: PathT) -> Iterator[Site]:
    for key, prop in schema.get("properties", {}).items():
        here: PathT = (*path, key)
        value = data.get(key)
        if _is_string(prop):
            yield Site(f"{owner}.{key}", here, isinstance(value, str))
        if _string_items(prop):
            if isinstance(value, list) and value and isinstance(value[0], str):
                yield Site(f"{owner}.{key}[]", (*here, 0), True)
            elif value is None:
                yield Site(f"{owner}.{key}[]", here, False)
        for branch in _branches(prop):
            pattern = branch.get("patternProperties")
            if pattern and isinstance(value, dict) and value:
                first = next(iter(value))
                yield Site(f"{owner}.{key}[key]", (*here, first), True, is_key=True)
                [inner] = pattern.values()
                if _is_string(inner):
                    yield Site(f"{owner}.{key}{{}}", (*here, first), True)
                target = _object_def(inner, value[first])
                if target is not None and isinstance(value[first], dict):
                    yield from _walk(target[0], target[1], value[first], (*here, first))
            items = branch.get("items")
            if branch.get("type") == "array" and items and isinstance(value, list) and value:
                target = _object_def(items, value[0])
                if target is not None and isinstance(value[0], dict):
                    yield from _walk(target[0], target[1], value[0], (*here, 0))
        target = _object_def(prop, value)
        if target is not None and isinstance(value, dict):
            yield from _walk(target[0], target[1], value, here)
