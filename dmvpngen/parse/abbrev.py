"""Abbreviated keywords IOS accepts, expanded for the command families dmvpngen reads.

IOS takes any unambiguous prefix of a keyword (``int tun 0``, ``tunnel destin``, ``router
eig``); ``show running-config`` always prints the full form. Each entry gives the shortest
prefix that is unambiguous among *all* IOS keywords at that position (not only the ones listed),
so nothing is expanded that IOS itself would call ambiguous; a word that matches no entry ends
the expansion (it is an argument, or a keyword this table does not cover).
"""

from __future__ import annotations

from typing import TypeAlias

from dmvpngen.parse.names import canonical_interface

__all__ = ["TREES", "expand"]

# keyword -> (shortest accepted prefix, keywords that may follow)
Tree: TypeAlias = dict[str, tuple[int, "Tree"]]

_NHRP: Tree = {
    "nhs": (3, {}),
    "network-id": (4, {}),
    "map": (3, {"multicast": (1, {"dynamic": (1, {})})}),
    "authentication": (4, {}),
    "holdtime": (4, {}),
    "redirect": (3, {}),
    "shortcut": (2, {}),
    "registration": (3, {"no-unique": (2, {}), "timeout": (1, {})}),
}
_IP_IF: Tree = {
    "address": (3, {}),
    "nhrp": (2, _NHRP),
    "mtu": (3, {}),
    "tcp": (3, {"adjust-mss": (3, {})}),
}
_TUNNEL: Tree = {
    "source": (3, {}),
    "destination": (4, {}),
    "mode": (2, {"gre": (3, {"multipoint": (5, {})})}),
    "key": (3, {}),
    "protection": (4, {"ipsec": (3, {"profile": (3, {})})}),
    "vrf": (3, {}),
}
_INTERFACE: Tree = {
    "ip": (2, _IP_IF),
    "tunnel": (3, _TUNNEL),
    "description": (4, {}),
    "shutdown": (4, {}),
    "bandwidth": (3, {}),
}
_CRYPTO: Tree = {
    "isakmp": (3, {"policy": (3, {}), "profile": (4, {}), "key": (3, {})}),
    "ipsec": (3, {"transform-set": (3, {}), "profile": (4, {})}),
    "ikev2": (5, {"proposal": (4, {}), "policy": (4, {}), "profile": (4, {}), "keyring": (4, {})}),
    "keyring": (4, {}),
}
_GLOBAL: Tree = {
    "interface": (3, {}),
    "router": (6, {"eigrp": (2, {}), "ospf": (2, {}), "bgp": (1, {})}),
    "crypto": (3, _CRYPTO),
    "hostname": (5, {}),
}
# 'encr' is left alone: IOS itself prints 'encr aes 256' in a running-config.
_CRYPTO_SUB: Tree = {
    "authentication": (4, {"pre-share": (3, {})}),
    "group": (2, {}),
    "hash": (2, {}),
    "lifetime": (3, {}),
    "set": (3, {"transform-set": (3, {}), "pfs": (3, {}), "ikev2-profile": (5, {})}),
}
TREES: dict[str, Tree] = {
    "global": _GLOBAL,
    "if": _INTERFACE,
    "crypto": _CRYPTO_SUB,
}


def _pick(tree: Tree, word: str) -> str | None:
    """The keyword of ``tree`` that ``word`` abbreviates (or spells out), else None."""
    low = word.lower()
    if low in tree:
        return low
    hits = _prefixes(tree).get(low, ())
    return hits[0] if len(hits) == 1 else None


# id of a tree -> (the tree, every accepted prefix -> the keywords it abbreviates). The trees
# are the constants above; a word that spells no keyword (an address, a name: most words of a
# config) was tested against every keyword of its tree, and is now one lookup.
_PREFIXES: dict[int, tuple[Tree, dict[str, tuple[str, ...]]]] = {}


def _prefixes(tree: Tree) -> dict[str, tuple[str, ...]]:
    hit = _PREFIXES.get(id(tree))
    if hit is None or hit[0] is not tree:
        index: dict[str, tuple[str, ...]] = {}
        for key, (minimum, _) in tree.items():
            for length in range(minimum, len(key) + 1):
                index[key[:length]] = (*index.get(key[:length], ()), key)
        hit = _PREFIXES[id(tree)] = (tree, index)
    return hit[1]


def expand(words: list[str], mode: str, *, names: bool = True) -> list[str]:
    """``words`` of one command typed in ``mode`` with the table's abbreviations spelled out.

    A leading ``no`` / ``default`` is kept and the rest expanded; after ``interface`` and
    ``tunnel source`` the interface name is spelled out as well (``tun 0`` -> ``Tunnel0``)
    unless ``names`` is False.
    """
    tree = TREES.get(mode)
    if tree is None or not words:
        return words
    out = list(words)
    start = 1 if out[0].lower() in ("no", "default") and len(out) > 1 else 0
    position = start
    while position < len(out):
        key = _pick(tree, out[position])
        if key is None:
            break
        if key != out[position]:
            out[position] = key
        tree = tree[key][1]
        position += 1
        if not tree:
            break
    head = [w.lower() for w in out[start:position]]
    if names and head in (["interface"], ["tunnel", "source"]) and position < len(out):
        out = out[:position] + _interface_name(out[position:])
    return out


def _interface_name(rest: list[str]) -> list[str]:
    """``['tun', '0', 'point-to-point']`` -> ``['Tunnel0', 'point-to-point']``."""
    if not rest or rest[0].lower() == "range":
        return rest
    if any(c.isdigit() for c in rest[0]):
        return [canonical_interface(rest[0]), *rest[1:]]
    if len(rest) > 1 and rest[1][:1].isdigit():
        return [canonical_interface(rest[0] + rest[1]), *rest[2:]]
    return rest
