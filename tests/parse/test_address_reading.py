"""The parser's own reading of dotted quads gives what ``ipaddress`` gives from the text: the
same address or interface (value, network, mask, text), and None exactly where ``ipaddress``
refuses the text."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface
from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.parse.dotted import ipv4_int
from dmvpngen.parse.tree import ip_or_none, mask_network

OCTETS = st.one_of(
    st.integers(0, 300).map(str),
    st.sampled_from(["", "0", "00", "01", "007", "255", "256", "1000", " 1", "1 ", "+1", "-1"]),
    st.sampled_from(["٣", "1_0", "0x1", "²", "1e2", "/8", "24"]),
)
QUADS = st.lists(OCTETS, min_size=1, max_size=6).map(".".join)
TEXTS = st.one_of(QUADS, st.text(max_size=20), st.sampled_from(["dhcp", "10.0.0.1/24"]))
MASKS = st.one_of(
    QUADS,
    st.integers(-1, 40).map(str),
    st.sampled_from(["255.255.255.0", "0.0.0.255", "255.0.255.0", "0.0.0.0", "", "24/8"]),
)


def _library_address(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text)
    except ValueError:
        return None


def _library_interface(addr: str, mask: str) -> IPv4Interface | None:
    try:
        return IPv4Interface(f"{addr}/{mask}")
    except ValueError:
        return None


@settings(max_examples=3000, deadline=None)
@given(TEXTS)
def test_addresses_as_ipaddress_reads_them(text: str) -> None:
    expected = _library_address(text)
    value = ipv4_int(text)
    assert value is None or (expected is not None and value == int(expected))
    assert ip_or_none(text) == expected


@settings(max_examples=3000, deadline=None)
@given(TEXTS, MASKS)
def test_interfaces_as_ipaddress_reads_them(addr: str, mask: str) -> None:
    expected = _library_interface(addr, mask)
    got = mask_network(addr, mask)
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert (got, got.ip, got.network, got.netmask, got.hostmask) == (
        expected,
        expected.ip,
        expected.network,
        expected.netmask,
        expected.hostmask,
    )
    assert (str(got), repr(got), got.with_prefixlen) == (
        str(expected),
        repr(expected),
        expected.with_prefixlen,
    )
    assert list(islice(got.network.hosts(), 3)) == list(islice(expected.network.hosts(), 3))


def test_the_usual_forms() -> None:
    assert mask_network("10.128.0.100", "255.255.128.0") == IPv4Interface("10.128.0.100/17")
    assert mask_network("10.0.0.1", "0.0.0.255") == IPv4Interface("10.0.0.1/24")
    assert mask_network("10.0.0.01", "255.0.0.0") is None
    assert ip_or_none("192.0.2.1") == IPv4Address("192.0.2.1")
    assert ip_or_none("192.0.2.01") is None and ip_or_none("dhcp") is None
