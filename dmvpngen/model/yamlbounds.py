"""The bounds of a YAML node graph, measured before anything is built.

A YAML file is a program for a tree and a few lines can describe an endless one: an alias may
refer to the node that contains it (``a: &a [*a]``), and aliases of aliases expand exponentially
("billion laughs"). :func:`measure` visits each distinct node once, however many aliases name it,
so the check costs what the file costs, not what it expands to. docs/limits.md says why each
limit has its value.
"""

from __future__ import annotations

import yaml

__all__ = [
    "INT_TAG",
    "MAX_DEPTH",
    "MAX_INT_CHARS",
    "MAX_NODES",
    "MAX_YAML_BYTES",
    "Refused",
    "measure",
]

# 2,000 spokes take 0.3 MB of YAML (bench/bench_generate.py), so 16 MiB is some fifty times the
# largest network dmvpngen is benchmarked on; larger files are refused before parsing (PyYAML
# holds the whole node tree in memory).
MAX_YAML_BYTES = 16 * 1024 * 1024
# Values built (keys included), counting every alias expansion: 2,000 spokes are 36,000, so this
# is some 50,000 routers' worth. Billion laughs needs 10^9.
MAX_NODES = 1_000_000
# The deepest real inventory path is about 8 levels (monitoring.snmp.users[0].auth_key).
MAX_DEPTH = 64
# The largest integer any field takes is 4294967295 (10 digits); an integer scalar of more than
# 32 characters is an error here instead of a 4,300-digit conversion limit deep in Python.
MAX_INT_CHARS = 32
INT_TAG = "tag:yaml.org,2002:int"


class Refused(Exception):
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
            raise Refused(
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
        raise Refused(
            line,
            f"the aliases here expand to more than {MAX_NODES:,} values",
            "an inventory is a tree of settings: write it out, or share settings with "
            "a few merge keys (<<: *defaults) instead of aliases of aliases",
        )
    if depth > MAX_DEPTH:
        raise Refused(
            line,
            f"nested deeper than {MAX_DEPTH} levels",
            "no inventory setting is that deep: check the indentation and brackets",
        )
