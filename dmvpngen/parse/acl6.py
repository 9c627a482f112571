"""IPv6 access lists, reduced to what the IPv6 transport checks need: for each entry its action,
protocol, source and destination prefixes and destination port, and the verdict of a list for
one kind of packet (IKE on UDP 500, ESP) between two addresses."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from ipaddress import IPv6Address, IPv6Network

from dmvpngen.parse.tree import lower_words, words

__all__ = ["Acl6Entry", "acl6_verdict", "parse_acl6_entry"]

_ANY = IPv6Network("::/0")
# port names IOS accepts in IPv6 access lists for the ports checked here
_PORTS = {"isakmp": 500, "non500-isakmp": 4500}


@dataclass(frozen=True)
class Acl6Entry:
    """One ``permit``/``deny`` line of an ``ipv6 access-list``."""

    action: str
    protocol: str  # "ipv6", "udp", "tcp", "esp", "icmp", a number, ...
    source: IPv6Network
    destination: IPv6Network
    ports: tuple[int, int] | None  # destination port range (eq N: (N, N)); None: any port
    line: int


def _addr(w: list[str], i: int) -> tuple[IPv6Network | None, int]:
    """(prefix, next index) for 'any' | 'host A' | 'A/len' at ``w[i]``."""
    if i >= len(w):
        return None, i
    if w[i].lower() == "any":
        return _ANY, i + 1
    if w[i].lower() == "host" and i + 1 < len(w):
        with contextlib.suppress(ValueError):
            return IPv6Network(f"{w[i + 1]}/128"), i + 2
        return None, i + 2
    with contextlib.suppress(ValueError):
        return IPv6Network(w[i], strict=False), i + 1
    return None, i + 1


def _port(text: str) -> int | None:
    return int(text) if text.isdigit() else _PORTS.get(text.lower())


def _skip_port(w: list[str], i: int) -> int:
    """Past a source port qualifier ('eq N', 'range A B', ...) at ``w[i]``, if any."""
    low = w[i].lower() if i < len(w) else ""
    if low == "range":
        return i + 3
    if low in {"eq", "neq", "gt", "lt"}:
        return i + 2
    return i


def parse_acl6_entry(text: str, line: int) -> Acl6Entry | None:
    """One IPv6 access-list line, or None when it is a remark or not understood."""
    w = words(text)
    low = lower_words(text)
    if "sequence" in low:  # 'permit ... sequence 10' as IOS prints it, or a leading one
        at = low.index("sequence")
        w, low = w[:at] + w[at + 2 :], low[:at] + low[at + 2 :]
    if len(w) < 4 or low[0] not in {"permit", "deny"}:
        return None
    src, i = _addr(w, 2)
    if low[1] in {"udp", "tcp"}:
        i = _skip_port(w, i)
    dst, i = _addr(w, i)
    if src is None or dst is None:
        return None
    ports: tuple[int, int] | None = None
    if low[1] in {"udp", "tcp"} and i + 1 < len(w):
        if low[i] == "eq" and (p := _port(w[i + 1])) is not None:
            ports = (p, p)
        elif low[i] == "range" and i + 2 < len(w):
            lo, hi = _port(w[i + 1]), _port(w[i + 2])
            if lo is not None and hi is not None:
                ports = (lo, hi)
        elif low[i] in {"neq", "gt", "lt"}:
            return None  # not needed for IKE/ESP verdicts: skipped (never decides them)
    return Acl6Entry(low[0], low[1], src, dst, ports, line)


def acl6_verdict(
    entries: list[Acl6Entry],
    protocol: str,
    port: int | None,
    src: IPv6Address,
    dst: IPv6Address,
) -> tuple[str, int | None]:
    """(``permit``/``deny``, deciding line) for one packet; the implicit deny decides last."""
    for e in entries:
        if e.protocol not in {"ipv6", protocol}:
            continue
        if src not in e.source or dst not in e.destination:
            continue
        ports = e.ports if e.protocol == protocol else None
        if ports is not None and (port is None or not ports[0] <= port <= ports[1]):
            continue
        return e.action, e.line
    return "deny", None
