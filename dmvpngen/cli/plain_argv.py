"""Reading the plain command lines of ``lint`` and ``check`` without Typer.

Typer coerces every option of a command through a pydantic ``TypeAdapter`` it builds at run time
(``typer._coercion.build_runtime_param``): with the imports that brings, ~0.1 s of every run, the
larger part of a one-file ``lint`` in a pre-commit hook. A command line made only of paths and
well-formed options (``--format json``, ``--select=CRY``, ``-j 2``) is read here into the values
Typer would pass; anything else (``--help``, an unknown or misspelt option, a bad or missing
value, ``--``, shell completion) is left to Typer, so help and usage errors stay Typer's own.
Tests hold each command's reading to Typer's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

__all__ = ["PlainArgs", "read_argv"]

# (paths, options given once: field -> typed value, repeatable options: field -> values)
PlainArgs = tuple[list[str], dict[str, object], dict[str, list[str]]]


def read_argv(
    argv: list[str],
    options: Mapping[str, str],
    repeated: frozenset[str],
    typed: Callable[[str, str], object | None],
) -> PlainArgs | None:
    """``argv`` (the words after the command) read with ``options`` (spelling -> field), or
    None when Typer must read it. ``typed(field, text)`` gives a value, or None to refuse it."""
    if any(key.endswith("_COMPLETE") for key in os.environ):  # shell completion: Typer's
        return None
    paths: list[str] = []
    single: dict[str, object] = {}
    many: dict[str, list[str]] = {name: [] for name in repeated}
    words = iter(argv)
    for word in words:
        if word == "-" or not word.startswith("-"):
            paths.append(word)
            continue
        name, eq, value = word.partition("=")
        field = options.get(name)
        if field is None or (eq and not name.startswith("--")):
            return None
        if not eq:
            value = next(words, "-")
        if value.startswith("-"):  # a missing value, or a value click might read otherwise
            return None
        value_typed = typed(field, value)
        if value_typed is None:
            return None
        if field in repeated:
            many[field].append(value)
        elif field in single:  # given twice: click keeps the last, leave it to click
            return None
        else:
            single[field] = value_typed
    return (paths, single, many) if paths else None
