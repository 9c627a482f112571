"""Bounded YAML reading with a line map: the inventory and secrets files go through here.

PyYAML's C composer gives every node its position; we walk the node tree once to build the data
and the ``path -> line`` map together, and to catch duplicate keys (PyYAML silently keeps the last).

The walk is bounded, because a YAML file is a program for a tree and a few lines can describe an
endless one: an alias may refer to the node that contains it (``a: &a [*a]``), and aliases of
aliases expand exponentially ("billion laughs"). The graph is measured first
(``yamlbounds``) and every limit ends in a located error (docs/limits.md says which and why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dmvpngen.errors import InputError, Problem
from dmvpngen.inputfile import open_input
from dmvpngen.model.yamlbounds import (
    INT_TAG,
    MAX_DEPTH,
    MAX_INT_CHARS,
    MAX_NODES,
    MAX_YAML_BYTES,
    Refused,
    measure,
)

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
                raise Refused(key_line, "a key must be a plain value", "write the key as text")
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
        if node.tag == INT_TAG and len(str(node.value)) > MAX_INT_CHARS:
            raise Refused(
                line,
                f"an integer of {len(str(node.value))} characters (at most {MAX_INT_CHARS})",
                "no setting takes a number that large; quote it if it is meant as text",
            )
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, TypeError) as exc:
            # a scalar that looks like a date or number but is none (2026-13-45)
            raise Refused(
                line, f"cannot read this value: {exc}", "quote it if it is meant as text"
            ) from None


def read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, refusing files over :data:`MAX_YAML_BYTES` without reading them
    whole (a device like /dev/zero never ends). OSErrors are the caller's to word."""
    with open_input(path) as handle:
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
    except Refused as exc:
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
