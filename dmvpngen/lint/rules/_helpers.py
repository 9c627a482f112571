"""Small helpers shared by the rule modules: addresses, network statements, secrets."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator

from dmvpngen.lint.view import ConfigView, Line
from dmvpngen.parse.dotted import ipv4_int as _ipv4_int

__all__ = [
    "classful_wildcard",
    "covered_by",
    "interface_addresses",
    "interface_name",
    "is_wildcard_address",
    "network_covers",
]

_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def interface_name(intf: Line) -> str:
    """``interface Tunnel0`` -> ``Tunnel0``."""
    words = intf.text.split()
    return words[1] if len(words) > 1 else ""


def interface_addresses(intf: Line) -> list[ipaddress.IPv4Interface]:
    """IPv4 addresses (primary and secondary) configured on an interface."""
    out = []
    for child in intf.children_matching(r"^ip address\s+\d"):
        words = child.text.split()
        if len(words) >= 4 and _IP.match(words[2]) and _IP.match(words[3]):
            try:
                out.append(ipaddress.IPv4Interface(f"{words[2]}/{words[3]}"))
            except ValueError:
                continue
    return out


def classful_wildcard(address: str) -> str:
    """The wildcard of the classful network ``address`` belongs to (EIGRP/RIP ``network A``)."""
    match = re.match(r"\d+", address)
    first = int(match.group(0)) if match else 0
    if first < 128:
        return "0.255.255.255"
    if first < 192:
        return "0.0.255.255"
    return "0.0.0.255"


@functools.lru_cache(maxsize=4096)
def _net_wild(address: str, wildcard: str) -> tuple[int, int] | None:
    try:
        net = int(ipaddress.IPv4Address(address))
        wild = int(ipaddress.IPv4Address(wildcard))
    except ValueError:
        return None
    # A "wildcard" written as a subnet mask (255.x) is accepted by IOS too: invert it.
    if wild >> 31 and not (wild & 1):
        wild = ~wild & 0xFFFFFFFF
    return net & ~wild & 0xFFFFFFFF, wild


def network_covers(address: str, wildcard: str, ip: ipaddress.IPv4Address) -> bool:
    """True when ``ip`` matches ``address`` under the wildcard mask ``wildcard``."""
    pair = _net_wild(address, wildcard)
    if pair is None:
        return False
    net, wild = pair
    return (int(ip) & ~wild & 0xFFFFFFFF) == net


def covered_by(cfg: ConfigView, statements: list[tuple[str, str]]) -> Iterator[Line]:
    """Interfaces with an address matched by any (address, wildcard) network statement."""
    if not statements:
        return
    for intf, ips in _addressed(cfg):
        if any(network_covers(a, w, ip) for ip in ips for a, w in statements):
            yield intf


def _addressed(cfg: ConfigView) -> list[tuple[Line, list[ipaddress.IPv4Address]]]:
    """Interfaces with the IPv4 addresses :func:`interface_addresses` finds, computed once per
    config (addresses only: building an IPv4Interface for each costs three times as much)."""
    cached: list[tuple[Line, list[ipaddress.IPv4Address]]] | None = getattr(
        cfg, "_addressed_cache", None
    )
    if cached is None:
        cached = [(i, a) for i in cfg.interfaces if (a := _interface_ips(i))]
        cfg._addressed_cache = cached  # type: ignore[attr-defined]
    return cached


def _interface_ips(intf: Line) -> list[ipaddress.IPv4Address]:
    """The ``.ip`` of each :func:`interface_addresses` entry, without building the interfaces."""
    out = []
    for child in intf.children_matching(r"^ip address\s+\d"):
        words = child.text.split()
        if len(words) >= 4 and _IP.match(words[2]) and _IP.match(words[3]):
            ip = _ipv4_int(words[2])
            if ip is not None and _valid_mask(words[3]):
                out.append(ipaddress.IPv4Address(ip))
    return out


@functools.lru_cache(maxsize=256)
def _valid_mask(mask: str) -> bool:
    """True when ``ipaddress`` accepts ``mask`` after ``address/`` (netmask or hostmask)."""
    try:
        ipaddress.IPv4Network(f"0.0.0.0/{mask}")
    except ValueError:
        return False
    return True


def is_wildcard_address(words: list[str]) -> bool:
    """True when the words after ``address`` name every peer (0.0.0.0[/0], ::/0)."""
    if not words:
        return False
    if words[0] in ("0.0.0.0/0", "::/0", "::0/0"):
        return True
    if words[0] == "ipv6" and len(words) > 1:
        return words[1] in ("::/0", "::0/0")
    return words[0] == "0.0.0.0" and (len(words) == 1 or words[1] in ("0.0.0.0", "key", "no-xauth"))
