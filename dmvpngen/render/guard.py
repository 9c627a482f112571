"""The render guard: no interpolated value may carry a line break or a control character.

The inventory's types (``dmvpngen.model.text``) refuse such text at load time; this guard is the
second wall, installed as the Jinja environment's ``finalize`` hook so it sees every ``{{ }}``
of every template, including those of fields added later. A value that would start a new config
line stops the render with the router, template and line, and never the value itself (it may be
a key).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator

from dmvpngen.model.text import UNSAFE_CHARS, describe_char

__all__ = ["UnsafeValueError", "finalize", "find_unsafe", "locate_in_template"]

PathT = tuple[str | int, ...]


class UnsafeValueError(Exception):
    """An interpolated value holds a character that would break the config line."""

    def __init__(self, char: str) -> None:
        super().__init__(f"interpolated value contains {describe_char(char)}")
        self.char = char
        self.router = ""
        self.template = ""
        self.line: int | None = None


def finalize(value: object) -> object:
    """Jinja ``finalize`` hook: pass every value through, refusing unsafe characters."""
    if type(value) is str and value.isascii() and value.isprintable():
        return value  # the common case, decided in C: printable ASCII has no control character
    if value is None or isinstance(value, (bool, int)):
        return value
    text = value if isinstance(value, str) else str(value)
    found = UNSAFE_CHARS.search(text)
    if found is not None:
        raise UnsafeValueError(found.group())
    return value


def locate_in_template(exc: UnsafeValueError, router: str) -> UnsafeValueError:
    """Fill in the router and the template line the value was interpolated at.

    Jinja rewrites tracebacks so that template frames carry the template file and line.
    """
    exc.router = router
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            exc.template = frame.filename
            exc.line = frame.lineno
            break
    return exc


def find_unsafe(
    data: object, multiline: frozenset[str] = frozenset(), path: PathT = ()
) -> Iterator[tuple[PathT, str]]:
    """Every ``(path, character)`` of a string in ``data`` that holds an unsafe character.

    For the files dmvpngen writes besides configs (the imported inventory, the lab exports):
    strings under a key in ``multiline`` are whole configs and may hold line feeds between
    their lines, nothing else; every other string is one line.
    """
    if isinstance(data, str):
        text = data.replace("\n", "") if path and path[-1] in multiline else data
        found = UNSAFE_CHARS.search(text)
        if found is not None:
            yield path, found.group()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from find_unsafe(key, frozenset(), (*path, "[key]"))
            yield from find_unsafe(value, multiline, (*path, str(key)))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from find_unsafe(value, multiline, (*path, index))
