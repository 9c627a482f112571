"""Abbreviations are looked up in a prefix index of each keyword table: the same keyword as
testing the word against every keyword of the table, for every prefix of every keyword."""

from __future__ import annotations

from dmvpngen.parse import abbrev
from dmvpngen.parse.abbrev import TREES, Tree


def _scan(tree: Tree, word: str) -> str | None:
    """The keyword ``word`` abbreviates, found by testing every keyword of ``tree``."""
    low = word.lower()
    if low in tree:
        return low
    hits = [k for k, (minimum, _) in tree.items() if k.startswith(low) and len(low) >= minimum]
    return hits[0] if len(hits) == 1 else None


def _trees(tree: Tree) -> list[Tree]:
    return [tree, *(t for _, (_, sub) in tree.items() for t in _trees(sub))]


def test_the_prefix_index_picks_what_a_scan_picks() -> None:
    trees = [t for top in TREES.values() for t in _trees(top)]
    words = {k[:n] for t in trees for k in t for n in range(len(k) + 2)}
    words |= {w.upper() for w in words} | {"10.0.0.1", "Tunnel0", "zzz"}
    assert len(words) > 300
    for tree in trees:
        for word in sorted(words):
            assert abbrev._pick(tree, word) == _scan(tree, word), word
