"""OSPF pieces the routing model reads besides areas: two border routers summarising one area
with the same range, and ``default-information originate [always]``."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute
from dmvpngen.routes.model import Route

CORE = """hostname core
interface Gi1
 ip address 10.0.0.1 255.255.255.0
router ospf 1
 network 10.0.0.0 0.0.0.255 area 0
"""
ABR = """hostname abr{n}
interface Gi1
 ip address 10.0.0.1{n} 255.255.255.0
interface Gi2
 ip address 10.10.0.{n} 255.255.255.0
router ospf 1
 network 10.0.0.0 0.0.0.255 area 0
 network 10.10.0.0 0.0.0.255 area 10
 area 10 range 10.10.0.0 255.255.0.0
"""
LEAF = """hostname leaf
interface Gi1
 ip address 10.10.0.3 255.255.255.0
interface Gi2
 ip address 10.10.5.1 255.255.255.0
router ospf 1
 network 10.10.0.0 0.0.255.255 area 10
"""


def _net(*texts: str) -> Network:
    return compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])


def test_two_border_routers_each_advertise_the_range() -> None:
    """Each border router ignores the other's summary of its own range (RFC 2328 section
    16.2 (3)): both advertise it, the backbone load-shares, and the area itself does not get
    its own range back as an inter-area route."""
    net = _net(CORE, ABR.format(n=1), ABR.format(n=2), LEAF)
    route = net.ribs["core"].lookup("", IPv4Address("10.10.9.9"))
    assert route is not None and str(route.prefix) == "10.10.0.0/16"
    assert sorted(p.via or "" for p in net.ribs["core"].paths("", route)) == ["abr1", "abr2"]
    for abr in ("abr1", "abr2"):
        own = net.ribs[abr].lookup("", IPv4Address("10.10.9.9"))
        assert own is not None and own.interface == "Null0" and own.origin == abr
    assert net.ribs["leaf"].lookup("", IPv4Address("10.10.9.9")) is None


EDGE = """hostname edge
interface Gi1
 ip address 10.0.0.2 255.255.255.0
interface Gi2
 ip address 203.0.113.6 255.255.255.252
router ospf 1
 network 10.0.0.0 0.0.0.255 area 0
{origin}
{static}
"""
STATIC = "ip route 0.0.0.0 0.0.0.0 203.0.113.5"


def _default_at_core(origin: str, static: str) -> Route | None:
    net = _net(CORE, EDGE.format(origin=origin, static=static))
    return net.ribs["core"].table("").get(IPv4Network("0.0.0.0/0"))


def test_default_information_originate_needs_a_default() -> None:
    """Without ``always`` the default is advertised only while the router has one from
    another source; with ``always`` whatever it has."""
    plain = " default-information originate"
    route = _default_at_core(plain, STATIC)
    assert route is not None
    assert (route.protocol, route.via, route.why) == ("ospf", "edge", "OSPF 1 from edge")
    assert _default_at_core(plain, "") is None
    assert _default_at_core(" default-information originate always", "") is not None
    assert _default_at_core("", STATIC) is None  # redistribution alone never carries it


def test_default_information_metric() -> None:
    low = _default_at_core(" default-information originate metric 5", STATIC)
    high = _default_at_core(" default-information originate always metric 40", STATIC)
    assert low is not None and high is not None
    assert high.metric - low.metric == 35


def test_virtual_link_is_reported_as_not_modelled() -> None:
    from dmvpngen.check.engine import check_devices

    abr = ABR.format(n=1) + " area 10 virtual-link 10.0.0.2\n"
    devices = [parse_config(t, f"r{i}.cfg") for i, t in enumerate((CORE, abr, LEAF))]
    found = [f for f in check_devices(devices).findings if f.code == "NET097"]
    assert [(f.device, f.line, f.severity) for f in found] == [("abr1", 10, "low")]
    assert "virtual link to 10.0.0.2 through area 10" in found[0].message
