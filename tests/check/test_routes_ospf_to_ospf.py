"""``redistribute ospf N`` into another OSPF process: only process N's routes (and the
connected subnets of its interfaces), each keeping its cost as an E2 route unless a metric is
given."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

# border runs three processes: 1 towards the plant (LAN 10.1.0.0/24 behind r1), 2 towards the
# office (r2), 3 towards the lab (LAN 10.3.0.0/24 behind r3); process 2 takes process 1's
# routes only
BORDER = """hostname border
interface Gi1
 ip address 10.0.1.1 255.255.255.0
 ip ospf cost 5
interface Gi2
 ip address 10.0.2.1 255.255.255.0
 ip ospf cost 1
interface Gi3
 ip address 10.0.3.1 255.255.255.0
router ospf 1
 network 10.0.1.0 0.0.0.255 area 0
router ospf 2
 redistribute ospf 1 subnets{tail}
 network 10.0.2.0 0.0.0.255 area 0
router ospf 3
 network 10.0.3.0 0.0.0.255 area 0
"""
LEAF = """hostname r{n}
interface Gi1
 ip address 10.0.{n}.2 255.255.255.0
 ip ospf cost {link}
interface Gi2
 ip address 10.{n}.0.1 255.255.255.0
 ip ospf cost 10
router ospf {n}
 passive-interface Gi2
 network 10.0.0.0 0.255.255.255 area 0
"""


def _net(tail: str = "") -> Network:
    texts = [
        BORDER.format(tail=tail),
        LEAF.format(n=1, link=5),
        LEAF.format(n=2, link=1),
        LEAF.format(n=3, link=1),
    ]
    return compute([parse_config(t, f"x{i}.cfg") for i, t in enumerate(texts)])


def test_the_route_keeps_its_cost_in_the_source_process() -> None:
    route = _net().ribs["r2"].lookup("", IPv4Address("10.1.0.9"))
    assert route is not None and route.protocol == "ospf" and route.via == "border"
    # border reaches 10.1.0.0/24 at 5 (its link) + 10 (r1's LAN): an E2 route of cost 15
    assert route.metric == 15


def test_an_inline_metric_wins() -> None:
    route = _net(" metric 50").ribs["r2"].lookup("", IPv4Address("10.1.0.9"))
    assert route is not None and route.metric == 50


def test_only_the_named_process_is_redistributed() -> None:
    net = _net()
    assert net.ribs["r2"].lookup("", IPv4Address("10.3.0.9")) is None
    # process 1's connected subnet comes along, process 3's does not
    assert net.ribs["r2"].lookup("", IPv4Address("10.0.1.9")) is not None
    assert net.ribs["r2"].lookup("", IPv4Address("10.0.3.9")) is None


def test_redistribute_eigrp_names_its_autonomous_system() -> None:
    # border runs EIGRP 10 towards r1 and EIGRP 30 towards r3; OSPF 2 takes EIGRP 10 only
    texts = [
        BORDER.replace("router ospf 1\n", "router eigrp 10\n")
        .replace(" network 10.0.1.0 0.0.0.255 area 0\n", " network 10.0.1.0 0.0.0.255\n")
        .replace("router ospf 3\n", "router eigrp 30\n")
        .replace(" network 10.0.3.0 0.0.0.255 area 0\n", " network 10.0.3.0 0.0.0.255\n")
        .replace("redistribute ospf 1 subnets", "redistribute eigrp 10 subnets")
        .format(tail=""),
        "hostname r1\ninterface Gi1\n ip address 10.0.1.2 255.255.255.0\n"
        "interface Gi2\n ip address 10.1.0.1 255.255.255.0\n"
        "router eigrp 10\n network 10.0.0.0\n",
        LEAF.format(n=2, link=1),
        "hostname r3\ninterface Gi1\n ip address 10.0.3.2 255.255.255.0\n"
        "interface Gi2\n ip address 10.3.0.1 255.255.255.0\n"
        "router eigrp 30\n network 10.0.0.0\n",
    ]
    net = compute([parse_config(t, f"x{i}.cfg") for i, t in enumerate(texts)])
    got = net.ribs["r2"].lookup("", IPv4Address("10.1.0.9"))
    assert got is not None and got.metric == 20  # a non-OSPF source: the default 20
    assert net.ribs["r2"].lookup("", IPv4Address("10.3.0.9")) is None
