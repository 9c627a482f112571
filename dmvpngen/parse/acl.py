"""IP access lists, reduced to the IP-level entries a forwarding verdict needs."""

from __future__ import annotations

from ipaddress import IPv4Network

from dmvpngen.parse.facts import AclEntry, Device
from dmvpngen.parse.tree import Node, wildcard_network, words

__all__ = ["acl_verdict", "parse_acl", "parse_numbered_acl"]

_ANY = IPv4Network("0.0.0.0/0")


def _addr(w: list[str], i: int) -> tuple[IPv4Network | None, int]:
    """(network, next index) for 'any' | 'host A' | 'A WILDCARD' at ``w[i]``."""
    if i >= len(w):
        return None, i
    if w[i].lower() == "any":
        return _ANY, i + 1
    if w[i].lower() == "host" and i + 1 < len(w):
        return wildcard_network(w[i + 1], "0.0.0.0"), i + 2
    if i + 1 < len(w):
        return wildcard_network(w[i], w[i + 1]), i + 2
    return None, i + 1


def _entry(w: list[str], line: int) -> AclEntry | None:
    low = [x.lower() for x in w]
    if low and low[0].isdigit():  # sequence number
        w, low = w[1:], low[1:]
    if len(w) < 4 or low[0] not in {"permit", "deny"}:
        return None
    src, i = _addr(w, 2)
    dst, _ = _addr(w, i)
    if src is None or dst is None:
        return None
    return AclEntry(low[0], low[1], src, dst, line)


# (entry text, line) -> the entry: a network's configs repeat their access lists line for line,
# and an entry is immutable (bounded: addresses make entries unique)
_ENTRIES: dict[tuple[str, int], AclEntry | None] = {}
_ENTRIES_MAX = 1 << 16


def _cached_entry(text: str, line: int) -> AclEntry | None:
    key = (text, line)
    if key in _ENTRIES:
        return _ENTRIES[key]
    if len(_ENTRIES) >= _ENTRIES_MAX:
        _ENTRIES.clear()
    entry = _ENTRIES[key] = _entry(words(text), line)
    return entry


def parse_acl(device: Device, node: Node, w: list[str]) -> None:
    """``ip access-list extended NAME`` with its entries (standard lists are not needed)."""
    if w[2].lower() != "extended" or len(w) < 4:
        return
    entries = [e for c in node.children if (e := _cached_entry(c.text, c.line)) is not None]
    device.acls[w[3]] = entries
    device.acl_lines[w[3]] = node.line


def parse_numbered_acl(device: Device, node: Node, w: list[str]) -> None:
    """``access-list 100-199 permit|deny ...`` (numbered extended)."""
    if not w[1].isdigit() or not 100 <= int(w[1]) <= 199:
        return
    entry = _entry(w[2:], node.line)
    device.acl_lines.setdefault(w[1], node.line)
    if entry is not None:
        device.acls.setdefault(w[1], []).append(entry)


def acl_verdict(
    entries: list[AclEntry], src: IPv4Network, dst: IPv4Network
) -> tuple[str, int | None]:
    """("deny"|"permit"|"partial", line) for all IP traffic from ``src`` to ``dst``.

    The first entry touching the traffic decides when it is an 'ip' entry covering both
    prefixes whole; anything narrower (a port, part of a prefix) makes the outcome "partial".
    """
    for e in entries:
        if not (e.source.overlaps(src) and e.destination.overlaps(dst)):
            continue
        whole = src.subnet_of(e.source) and dst.subnet_of(e.destination)
        if e.protocol == "ip" and whole:
            return e.action, e.line
        return "partial", e.line
    return "deny", None  # the implicit deny at the end
