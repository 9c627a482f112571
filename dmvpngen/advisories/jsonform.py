"""The one layout of ``dmvpngen/data/advisories.json``, so a refresh shows up as a readable diff.

The file is plain JSON (read with the standard library at lint time, no YAML or model import);
this module writes it in a fixed shape: one key per line for each advisory, short lists and each
affected range on one line, long release lists wrapped at 100 columns. ``pytest tests/advisories
--update-goldens`` rewrites the file in this layout (sorting the advisories by publication date
and ID); without it, a test fails when the file is not in it.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps", "sort_key"]

_WIDTH = 100


def sort_key(entry: dict[str, Any]) -> tuple[str, str]:
    """Advisories are kept oldest first, then by ID."""
    return (str(entry["published"]), str(entry["id"]))


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _scalar(value)


def _value(value: Any, indent: str) -> str:
    one = _inline(value)
    if not isinstance(value, list) or len(indent) + len(one) <= _WIDTH:
        return one
    inner = indent + "  "
    if all(isinstance(v, str) for v in value):  # a release list: wrapped, several a line
        lines: list[str] = []
        line = ""
        for item in (_scalar(v) + "," for v in value):
            if line and len(inner) + len(line) + 1 + len(item) > _WIDTH:
                lines.append(inner + line)
                line = item
            else:
                line = f"{line} {item}" if line else item
        lines.append(inner + line)
        lines[-1] = lines[-1].rstrip(",")
        return "[\n" + "\n".join(lines) + "\n" + indent + "]"
    items = [inner + _inline(v) for v in value]  # affected ranges, conditions: one a line
    return "[\n" + ",\n".join(items) + "\n" + indent + "]"


def dumps(table: dict[str, Any]) -> str:
    """The table in the file's layout (advisories sorted), ending in a newline."""
    advisories = sorted(table["advisories"], key=sort_key)
    blocks = []
    for entry in advisories:
        fields = [f"      {_scalar(k)}: {_value(v, '      ')}" for k, v in entry.items()]
        blocks.append("    {\n" + ",\n".join(fields) + "\n    }")
    head = [f"  {_scalar(k)}: {_value(v, '  ')}" for k, v in table.items() if k != "advisories"]
    body = '  "advisories": [\n' + ",\n".join(blocks) + "\n  ]"
    return "{\n" + ",\n".join([*head, body]) + "\n}\n"
