"""The import guard: text copied from configs into the inventory must stay one printable line.

A config line can hold a carriage return, an escape or a Unicode line separator; copied into the
inventory it would forge YAML lines or, once rendered, config lines. Values holding one are
refused, located at the config line they came from; keys are named, never quoted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dmvpngen.errors import Problem, ValidationFailed, escape_controls, format_path
from dmvpngen.model.text import UNSAFE_CHARS, describe_char
from dmvpngen.parse.facts import Device
from dmvpngen.render.guard import find_unsafe

__all__ = ["check_import", "comment_line"]


def comment_line(note: str) -> str:
    """A note as one YAML comment line: control and line-breaking characters escaped."""
    return f"#  - {escape_controls(note)}"


def _source(value: str, devices: list[Device]) -> tuple[str, int | None]:
    """The config file and line a value was read from (best effort: the text before the
    unsafe character), else the first file."""
    found = UNSAFE_CHARS.search(value)
    prefix = value[: found.start()].strip() if found is not None else value
    for dev in devices:
        if len(prefix) < 3:
            break
        try:
            lines = Path(dev.file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            if prefix in line:
                return dev.file, number
    return (devices[0].file if devices else "<configs>"), None


def check_import(inventory: dict[str, Any], secrets: dict[str, str], devices: list[Device]) -> None:
    """Raise ValidationFailed when a value bound for the inventory or its secrets file holds a
    control or line-breaking character."""
    problems = []
    for path, char in find_unsafe(inventory):
        node: Any = inventory
        for part in path:
            node = node[part] if part != "[key]" else ""
        file, line = _source(node if isinstance(node, str) else "", devices)
        problems.append(
            Problem(
                file,
                line,
                f"the text imported as {format_path(path)} contains {describe_char(char)}: "
                "refused, it would break the inventory line or a config line",
                hint="remove the character from the config (it is not valid in IOS text)",
            )
        )
    for name, value in sorted(secrets.items()):
        found = UNSAFE_CHARS.search(value)
        if found is not None:
            problems.append(
                Problem(
                    devices[0].file if devices else "<configs>",
                    None,
                    f"the key imported as secret '{name}' contains {describe_char(found.group())}",
                    hint="fix the key in the config; keys are one word of printable text",
                )
            )
    if problems:
        raise ValidationFailed(problems)
