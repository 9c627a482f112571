"""One shared object per IPv4 prefix (and per interface address), with its hash computed once.

The routing model keys every table by prefix. ``IPv4Network.__hash__`` is Python code (two
``int()`` calls and an XOR on every dictionary lookup), and each router's copy of a shared subnet
(every spoke's tunnel subnet, every summary) was an equal but distinct object, so a lookup ran
``__eq__`` as well. A 2,000-spoke check hashed prefixes ~440,000 times. :func:`interned` hands out
one :class:`Prefix` per (network address, length): lookups find it by identity and read its hash
from a slot.

Interface addresses likewise (:class:`Address`: ``IPv4Address.__hash__`` spells the address
out in hexadecimal at every lookup): they key the address owners and are every learned route's
next hop.

A :class:`Prefix` is an ``IPv4Network`` in every other respect: it is equal to, hashes like,
sorts with and prints like an ``IPv4Network`` of the same prefix (its ``repr`` too), an
:class:`Address` like its ``IPv4Address``, so tables may mix both and every report reads the
same.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import TypeVar, overload

__all__ = ["Address", "Prefix", "interned", "interned_address"]

K = TypeVar("K")
V = TypeVar("V")


class Prefix(IPv4Network):
    """An ``IPv4Network`` whose hash is computed once, when it is built."""

    __slots__ = ("_hash",)

    def __init__(self, address: object, strict: bool = True) -> None:
        super().__init__(address, strict)
        self._hash = IPv4Network.__hash__(self)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"IPv4Network('{self}')"


# (network address, length) -> its one Prefix; address -> its one Address. A long-lived caller
# (the test suite, a library user) checks network after network: past this many entries the
# table starts again (an equal object built anew is only a slower lookup, never another answer).
_INTERNED: dict[tuple[int, int], Prefix] = {}
_KEPT = 1 << 17


@overload
def interned(net: IPv4Network) -> IPv4Network: ...
@overload
def interned(net: IPv6Network) -> IPv6Network: ...
def interned(net: IPv4Network | IPv6Network) -> IPv4Network | IPv6Network:
    """The shared :class:`Prefix` equal to ``net`` (an IPv6 prefix is returned as it is)."""
    if type(net) is not IPv4Network:
        return net  # a Prefix already, or an IPv6 view's prefix (routes.family)
    key = (int(net.network_address), net.prefixlen)
    return _kept(_INTERNED, key, Prefix)


class Address(IPv4Address):
    """An ``IPv4Address`` whose hash is computed once, when it is built."""

    __slots__ = ("_hash",)

    def __init__(self, address: object) -> None:
        super().__init__(address)
        self._hash = IPv4Address.__hash__(self)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"IPv4Address('{self}')"


_ADDRESSES: dict[int, Address] = {}


@overload
def interned_address(address: IPv4Address) -> IPv4Address: ...
@overload
def interned_address(address: IPv6Address) -> IPv6Address: ...
def interned_address(address: IPv4Address | IPv6Address) -> IPv4Address | IPv6Address:
    """The shared :class:`Address` equal to ``address`` (an IPv6 address is returned as it is)."""
    if type(address) is not IPv4Address:
        return address
    return _kept(_ADDRESSES, int(address), Address)


def _kept(table: dict[K, V], key: K, make: Callable[[K], V]) -> V:
    """``table``'s object for ``key``, made by ``make(key)`` the first time."""
    hit = table.get(key)
    if hit is None:
        if len(table) >= _KEPT:
            table.clear()
        hit = table[key] = make(key)
    return hit
