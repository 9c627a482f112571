"""OSPF external routes: the metric type (E1 / E2) from ``redistribute ... metric-type``, a
route map's ``set metric-type`` or ``default-information originate ... metric-type``, the
default external cost (20, 1 for BGP routes) and the choice between externals (E1 over E2
whatever the metric, E2 by its external cost, then by the cost to the ASBR: RFC 2328
section 16.4 (6))."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute
from dmvpngen.routes.model import Route

# the core reaches edge1 at cost 1 and edge2 at cost 100; both edges have a static route to
# the partner network 198.51.100.0/24 and may redistribute it into OSPF
CORE = """hostname core
interface Gi1
 ip address 10.0.1.1 255.255.255.0
 ip ospf cost 1
interface Gi2
 ip address 10.0.2.1 255.255.255.0
 ip ospf cost 100
router ospf 1
 network 10.0.0.0 0.0.255.255 area 0
"""
EDGE = """hostname edge{n}
interface Gi1
 ip address 10.0.{n}.2 255.255.255.0
 ip ospf cost 1
interface Gi2
 ip address 203.0.113.{w} 255.255.255.252
ip route 198.51.100.0 255.255.255.0 203.0.113.{gw}
router ospf 1
 network 10.0.{n}.0 0.0.0.255 area 0
{ospf}
{extra}
"""
PARTNER = IPv4Address("198.51.100.9")


def _edge(n: int, ospf: str, extra: str = "") -> str:
    w = 1 if n == 1 else 5
    return EDGE.format(n=n, w=w, gw=w + 1, ospf=ospf, extra=extra)


def _net(*texts: str) -> Network:
    return compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])


def _at_core(edge1: str, edge2: str, extra1: str = "", extra2: str = "") -> Route:
    net = _net(CORE, _edge(1, edge1, extra1), _edge(2, edge2, extra2))
    route = net.ribs["core"].lookup("", PARTNER)
    assert route is not None
    return route


def test_redistributed_route_enters_at_20_as_e2() -> None:
    """Without a metric a redistributed static is an E2 route of cost 20: the core's table
    shows 20 whatever the internal cost to the ASBR."""
    route = _at_core(" redistribute static subnets", "")
    assert (route.via, route.metric) == ("edge1", 20)
    route = _at_core("", " redistribute static subnets")
    assert (route.via, route.metric) == ("edge2", 20)


def test_e2_ties_are_broken_by_the_cost_to_the_asbr() -> None:
    both = " redistribute static subnets"
    route = _at_core(both, both)
    assert (route.via, route.metric) == ("edge1", 20)
    net = _net(CORE, _edge(1, both), _edge(2, both))
    assert [p.via for p in net.ribs["core"].paths("", route)] == ["edge1"]


def test_e2_compares_the_external_cost_alone() -> None:
    """The far ASBR's E2 route of cost 5 beats the near one's of cost 20: the internal cost
    (100 against 1) does not count between E2 routes of different external cost."""
    route = _at_core(" redistribute static subnets", " redistribute static subnets metric 5")
    assert (route.via, route.metric) == ("edge2", 5)


def test_e1_adds_the_internal_cost_and_wins_over_e2() -> None:
    e1 = " redistribute static subnets metric 50 metric-type 1"
    route = _at_core(" redistribute static subnets metric 10", e1)
    assert (route.via, route.metric) == ("edge2", 150)
    # between E1 routes the total decides: 10 + 1 against 50 + 100
    route = _at_core(" redistribute static subnets metric 10 metric-type 1", e1)
    assert (route.via, route.metric) == ("edge1", 11)


def test_route_map_sets_the_metric_type() -> None:
    """``set metric-type type-1`` makes edge2's route E1 (50 + 100, winning over edge1's E2
    of 10); ``set metric-type type-2`` turns an inline ``metric-type 1`` back into E2."""
    cases = [
        ("set metric-type type-1\n set metric 50", "", 150),
        ("set metric-type type-2", " metric 5 metric-type 1", 5),
    ]
    for sets, inline, metric in cases:
        route = _at_core(
            " redistribute static subnets metric 10",
            f" redistribute static subnets{inline} route-map STATIC-IN",
            extra2=f"route-map STATIC-IN permit 10\n {sets}",
        )
        assert (route.via, route.metric) == ("edge2", metric)


def test_default_information_metric_type() -> None:
    """An E1 default wins over an E2 one of lower cost."""
    e1 = " default-information originate always metric 30 metric-type 1"
    net = _net(CORE, _edge(1, " default-information originate always metric 5"), _edge(2, e1))
    route = net.ribs["core"].lookup("", IPv4Address("192.0.2.1"))
    assert route is not None and (route.via, route.metric) == ("edge2", 130)
    plain = " default-information originate always"
    net = _net(CORE, _edge(1, plain), _edge(2, plain))
    route = net.ribs["core"].lookup("", IPv4Address("192.0.2.1"))
    assert route is not None and (route.via, route.metric) == ("edge1", 1)


ISP = """hostname isp
interface Gi1
 ip address 203.0.113.6 255.255.255.252
interface Gi2
 ip address 198.51.100.1 255.255.255.0
router bgp 64500
 neighbor 203.0.113.5 remote-as 65000
 network 198.51.100.0 mask 255.255.255.0
"""


def test_bgp_routes_enter_at_1() -> None:
    """Routes redistributed from BGP get an external cost of 1, every other source 20: the
    far ASBR's BGP-learned E2 route wins over the near one's static."""
    bgp = " redistribute bgp 65000 subnets"
    session = "router bgp 65000\n neighbor 203.0.113.6 remote-as 64500"
    edge2 = _edge(2, bgp, session).replace("ip route 198.51.100.0 255.255.255.0 203.0.113.6", "")
    net = _net(CORE, _edge(1, " redistribute static subnets"), edge2, ISP)
    route = net.ribs["core"].lookup("", PARTNER)
    assert route is not None and (route.via, route.metric) == ("edge2", 1)
