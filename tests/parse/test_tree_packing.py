"""A line tree's parts with their texts joined into one string build the same tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.parse.source import prepare
from dmvpngen.parse.tree import (
    build_tree_lines,
    pack_parts,
    tree_from_packed,
    tree_from_parts,
    tree_parts,
)

CORPUS = Path(__file__).resolve().parents[1] / "check" / "corpus"
CONFIGS = sorted(CORPUS.rglob("*.cfg"))[:40]


@pytest.mark.parametrize("path", CONFIGS, ids=[p.parent.name + "/" + p.name for p in CONFIGS])
def test_packed_parts_build_the_tree(path: Path) -> None:
    lines = prepare(path.read_text(encoding="utf-8", errors="replace"))[1]
    parts = tree_parts(lines)
    packed = pack_parts(parts)
    assert isinstance(packed[1], str)  # one string per config
    assert tree_from_packed(packed) == build_tree_lines(lines)


@pytest.mark.parametrize(
    "text", ["", "!\n!\n", "hostname r1\n", "interface Tunnel0\n ip address 10.0.0.1 255.0.0.0\n"]
)
def test_no_line_and_one_line(text: str) -> None:
    lines = prepare(text)[1]
    assert tree_from_packed(pack_parts(tree_parts(lines))) == build_tree_lines(lines)


def test_a_text_holding_a_line_feed_stays_apart() -> None:
    """No reader makes one (each splits on line feeds); were one there, joining would lose
    where it ends, so such texts cross as they are."""
    lines = prepare("interface Tunnel0\n description a\n")[1]
    plan, bodies = tree_parts(lines)
    odd = (plan, (bodies[0], "description a\nb"))
    packed = pack_parts(odd)
    assert packed[1] == odd[1]
    assert tree_from_packed(packed) == tree_from_parts(odd)
