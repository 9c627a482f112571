"""Bounded YAML reading with a line map: the inventory and secrets files go through here.

PyYAML's C composer gives every node its position; we walk the node tree once to build the data
and the ``path -> line`` map together, and to catch duplicate keys (PyYAML silently keeps the last).

The walk is bounded, because a YAML file is a program for a tree and a few lines can describe an
endless one: an alias may refer to the node that contains it (``a: &a [*a]``), and aliases of
aliases expand exponentially ("billion laughs"). Every limit below ends in a located error
(docs/limits.md says which and why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dmvpngen.errors import InputError, Problem

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_CHARS",
    "MAX_NODES",
    "MAX_YAML_BYTES",
    "Locator",
    "parse_yaml",
    "read_bounded",
]

PathT = tuple[str | int, ...]
_UNION_TAGS = frozenset({"eigrp", "ospf", "bgp"})

# An inventory of 5,000 routers is about 16 MiB of YAML written out in full; larger files are
# refused before parsing (PyYAML holds the whole node tree in memory).
MAX_YAML_BYTES = 16 * 1024 * 1024
# Values built, counting every alias expansion: some 20,000 routers' worth of fields. Billion
# laughs needs 10^9; a real inventory, merge keys and all, stays far below.
MAX_NODES = 1_000_000
# The deepest real inventory path is about 8 levels (monitoring.snmp.users[0].auth_key).
MAX_DEPTH = 64
# The largest integer any field takes is 4294967295 (10 digits); an integer scalar of more than
# 32 characters is an error here instead of a 4,300-digit conversion limit deep in Python.
MAX_INT_CHARS = 32
_INT_TAG = "tag:yaml.org,2002:int"

try:  # the C loader is ten times faster on large inventories
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class Locator:
    """Maps object paths in the inventory to 1-based line numbers of one file."""

    file: str
    lines: dict[PathT, int] = field(default_factory=dict)
    data: Any = None

    def line_of(self, path: PathT) -> int | None:
        """Line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(
        self, path: PathT, message: str, hint: str = "", severity: str = "error"
    ) -> Problem:
        """A problem located at ``path``."""
        return Problem(self.file, self.line_of(path), message, path, hint, severity)

    def data_path(self, loc: tuple[Any, ...]) -> PathT:
        """Turn a pydantic error location into a path through the real data.

        Discriminated unions insert their tag into ``loc``; segments that do not exist in the data
        are skipped so the path (and its line) stays real.
        """
        node = self.data
        out: list[str | int] = []
        for seg in loc:
            in_dict = isinstance(node, dict) and seg in node
            in_list = isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node)
            if in_dict or in_list:
                node = node[seg]
                out.append(seg)
            elif isinstance(node, dict) and isinstance(seg, str) and seg not in _UNION_TAGS:
                # a missing key: keep it so the message names it, but stop descending
                out.append(seg)
                break
        return tuple(out)


class _Refused(Exception):
    """A bound was crossed at ``line``; becomes an InputError of the file."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        out: list[yaml.Node] = []
        for key_node, value_node in node.value:
            out.append(key_node)
            merge = key_node.tag == "tag:yaml.org,2002:merge"
            if merge and isinstance(value_node, yaml.SequenceNode):
                out.extend(value_node.value)  # the merge list itself is not built, its items are
            else:
                out.append(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def measure(root: yaml.Node) -> None:
    """Refuse a node graph that is cyclic, too deep, or expands to too many values.

    One iterative pass over the distinct nodes (an anchor is visited once however many aliases
    name it), so the check costs what the file costs, not what it expands to.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    while stack:
        node, kids = stack.pop()
        key = id(node)
        if kids is not None:  # every child is measured: this node's turn
            on_path.discard(key)
            total, deepest = 1, 0
            for kid in kids:
                if isinstance(kid, yaml.ScalarNode):
                    total, deepest = total + 1, max(deepest, 1)
                else:
                    total, deepest = total + size[id(kid)], max(deepest, depth[id(kid)])
            size[key], depth[key] = min(total, MAX_NODES + 1), deepest + 1
            _check_measures(node, size[key], depth[key])
            continue
        if key in size:
            continue
        if key in on_path:
            raise _Refused(
                node.start_mark.line + 1,
                "an alias refers to the node that contains it (an endless value)",
                "point the alias at an anchor outside the value it is written in",
            )
        if isinstance(node, yaml.ScalarNode):
            continue
        on_path.add(key)
        kids = _children(node)
        stack.append((node, kids))
        stack.extend(
            (kid, None)
            for kid in kids
            if not isinstance(kid, yaml.ScalarNode) and id(kid) not in size
        )


def _check_measures(node: yaml.Node, size: int, depth: int) -> None:
    line = node.start_mark.line + 1
    if size > MAX_NODES:
        raise _Refused(
            line,
            f"the aliases here expand to more than {MAX_NODES:,} values",
            "an inventory is a tree of settings: write it out, or share settings with "
            "a few merge keys (<<: *defaults) instead of aliases of aliases",
        )
    if depth > MAX_DEPTH:
        raise _Refused(
            line,
            f"nested deeper than {MAX_DEPTH} levels",
            "no inventory setting is that deep: check the indentation and brackets",
        )


@dataclass
class _Builder:
    """One walk over a node graph that :func:`measure` accepted."""

    loc: Locator
    loader: yaml.SafeLoader

    def build(self, node: yaml.Node, path: PathT, depth: int) -> Any:
        self.loc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: PathT, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        explicit: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                # merge keys (<<: *anchor) share settings; explicit keys win over merged ones
                seq = isinstance(value_node, yaml.SequenceNode)
                sources = value_node.value if seq else [value_node]
                for source in sources:
                    merged = self.build(source, path, depth + 1)
                    if isinstance(merged, dict):
                        for k, v in merged.items():
                            if k not in explicit:
                                out.setdefault(k, v)
                continue
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_line, "a key must be a plain value", "write the key as text")
            key = self._scalar(key_node)
            if key in explicit:
                raise InputError(
                    [
                        Problem(
                            self.loc.file,
                            key_line,
                            f"duplicate key '{key}'",
                            path,
                            "each key may appear once per mapping; remove or merge the repeats",
                        )
                    ]
                )
            explicit.add(key)
            child: PathT = (*path, key)
            self.loc.lines[child] = key_line
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        line = node.start_mark.line + 1
        if node.tag == _INT_TAG and len(str(node.value)) > MAX_INT_CHARS:
            raise _Refused(
                line,
                f"an integer of {len(str(node.value))} characters (at most {MAX_INT_CHARS})",
                "no setting takes a number that large; quote it if it is meant as text",
            )
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, TypeError) as exc:
            # a scalar that looks like a date or number but is none (2026-13-45)
            raise _Refused(
                line, f"cannot read this value: {exc}", "quote it if it is meant as text"
            ) from None


def read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, refusing files over :data:`MAX_YAML_BYTES` without reading them
    whole (a device like /dev/zero never ends). OSErrors are the caller's to word."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_YAML_BYTES + 1)
    if len(raw) > MAX_YAML_BYTES:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    f"larger than the {MAX_YAML_BYTES:,} bytes dmvpngen reads from a YAML file",
                    hint="check the path; a network this large belongs in several inventories",
                )
            ]
        )
    return raw


def parse_yaml(text: str, file: str) -> tuple[Any, Locator]:
    """Parse YAML text into plain data plus a line locator; malformed or unbounded YAML is an
    InputError located at its line."""
    loc = Locator(file)
    if len(text) > MAX_YAML_BYTES:
        raise InputError(
            [
                Problem(
                    file,
                    None,
                    f"{len(text):,} characters of YAML, more than the {MAX_YAML_BYTES:,} "
                    "dmvpngen reads",
                    hint="split the network into several inventories",
                )
            ]
        )
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            measure(root)
        data = None if root is None else _Builder(loc, loader).build(root, (), 0)
    except _Refused as exc:
        raise InputError([Problem(file, exc.line, exc.message, hint=exc.hint)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        raise InputError(
            [
                Problem(
                    file, line, f"malformed YAML: {what}", hint="fix the YAML syntax at that line"
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    loc.data = data
    return data, loc
