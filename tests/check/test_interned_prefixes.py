"""Interned prefixes and addresses behave as the ipaddress objects they stand for: equal,
same hash, same text and repr, same order, mixed freely in one table, pickled and read back."""

from __future__ import annotations

import pickle
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from dmvpngen.routes.prefixes import Address, Prefix, interned, interned_address


def test_a_prefix_is_its_network() -> None:
    plain = IPv4Network("10.128.0.0/17")
    shared = interned(IPv4Network("10.128.0.1/17", strict=False))
    assert isinstance(shared, Prefix)
    assert shared is interned(plain)  # one object per prefix
    assert shared == plain and plain == shared and hash(shared) == hash(plain)
    assert (str(shared), repr(shared)) == (str(plain), repr(plain))
    assert {plain: 1}[shared] == 1 and {shared: 2}[plain] == 2
    nets = [IPv4Network("10.0.0.0/8"), shared, IPv4Network("10.128.0.0/16")]
    assert sorted(nets) == sorted(IPv4Network(str(n)) for n in nets)
    assert IPv4Address("10.128.5.5") in shared and shared.subnet_of(IPv4Network("10.0.0.0/8"))
    back = pickle.loads(pickle.dumps(shared))
    assert back == plain and hash(back) == hash(plain)


def test_an_address_is_its_address() -> None:
    plain = IPv4Address("192.0.2.7")
    shared = interned_address(IPv4Address("192.0.2.7"))
    assert isinstance(shared, Address) and shared is interned_address(plain)
    assert shared == plain and plain == shared and hash(shared) == hash(plain)
    assert (str(shared), repr(shared), int(shared)) == (str(plain), repr(plain), int(plain))
    assert sorted([IPv4Address("192.0.2.9"), shared]) == [plain, IPv4Address("192.0.2.9")]
    assert shared in IPv4Network("192.0.2.0/24")
    assert pickle.loads(pickle.dumps(shared)) == plain


def test_ipv6_passes_through() -> None:
    net, addr = IPv6Network("2001:db8::/64"), IPv6Address("2001:db8::1")
    assert interned(net) is net and interned_address(addr) is addr
