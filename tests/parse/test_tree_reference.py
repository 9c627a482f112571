"""The line tree is built as it was before leaves shared one empty child list and lines were
indexed by a list: same nodes, same text and numbers, same children in the same order, on every
config the tests hold and every shipped inventory's routers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dmvpngen.parse.hierarchy import Hierarchy
from dmvpngen.parse.parsed import parse_lines
from dmvpngen.parse.source import prepare
from dmvpngen.parse.tree import LEAF, build_tree_lines
from tests.parse.reference_corpus import every_config


@dataclass(slots=True)
class _OldNode:
    text: str
    line: int
    children: list[_OldNode] = field(default_factory=list)


def _old_tree(lines: list[str], hierarchy: Hierarchy) -> list[_OldNode]:
    """build_tree_lines as it was (a dict of nodes, a list of children for every node)."""
    indents = hierarchy.indents
    nodes: dict[int, _OldNode] = {}
    top: list[_OldNode] = []
    for index, line in enumerate(lines):
        body = line.strip()
        if body and body[0] != "!":
            node = nodes[index] = _OldNode(body, index + 1, [])
            if not indents[index]:
                top.append(node)
    for index, under in hierarchy.children.items():
        parent = nodes.get(index)
        if parent is not None:
            parent.children = [nodes[c] for c in under if c in nodes]
    return top


def _shape(nodes: Any) -> list[Any]:
    return [(n.text, n.line, _shape(n.children)) for n in nodes]


def test_same_tree_as_before_on_every_config() -> None:
    configs = every_config()
    assert len(configs) > 500  # files and rendered inventories: a glob that found nothing fails
    leaves = 0
    for name, text in configs:
        for lines in (prepare(text)[1], text.split("\n")):  # normalised, and the raw lines
            new = build_tree_lines(lines)
            assert _shape(new) == _shape(_old_tree(lines, parse_lines(lines))), name
            stack = list(new)
            while stack:
                node = stack.pop()
                stack.extend(node.children)
                leaves += node.children is LEAF
    assert leaves > 10000


def test_a_leaf_shares_the_empty_children_and_a_parent_has_its_own() -> None:
    top = build_tree_lines(["interface Tunnel0", " ip mtu 1400", "hostname r1", ""])
    assert top[0].children[0].children is LEAF and top[1].children is LEAF
    assert isinstance(top[0].children, list)
