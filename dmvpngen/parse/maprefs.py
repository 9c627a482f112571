"""Where a config names a route map: each reference with its attachment point and line, so a
name no ``route-map`` block defines can be reported where it is used."""

from __future__ import annotations

from collections.abc import Iterable

from dmvpngen.parse.tree import Node

__all__ = ["map_references"]

# keywords whose next word names a route map (besides 'route-map' itself)
_MAP_WORDS = {"table-map", "unsuppress-map", "leak-map", "advertise-map", "suppress-map"}


def _where(cl: list[str], at: int) -> str:
    """The attachment point of the route map named after ``cl[at]``."""
    word = cl[at]
    if word != "route-map":
        return word
    head = cl[0]
    if head == "neighbor":
        if "default-originate" in cl:
            return "default-originate"
        direction = cl[at + 2] if len(cl) > at + 2 else ""
        return f"neighbor {direction}" if direction in {"in", "out"} else "neighbor"
    if head in {"ip", "ipv6"} and "policy" in cl[:3]:
        return "policy"
    return head  # redistribute, distribute-list, default-information...


def map_references(nodes: Iterable[Node]) -> list[tuple[str, str, int]]:
    """(attachment point, route map, line) of every route map ``nodes`` name: ``redistribute``,
    ``neighbor in`` / ``neighbor out``, ``distribute-list``, ``table-map``, ``policy`` (PBR),
    ``unsuppress-map``, ``leak-map``, ``default-information``, ``default-originate``..."""
    out = []
    for node in nodes:
        if "map" not in node.text:
            continue  # most lines: no reference at all
        cl = node.text.split()
        if len(cl) < 2:
            continue
        low = [x.lower() for x in cl]
        if low[0] in {"route-map", "no"}:
            continue
        for at, word in enumerate(low[:-1]):
            if word == "route-map" or word in _MAP_WORDS:
                out.append((_where(low, at), cl[at + 1], node.line))
    return out
