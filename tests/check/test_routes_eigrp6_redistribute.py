"""``redistribute`` under the traditional ``ipv6 router eigrp N`` is read as named mode's IPv6
family and IPv4 EIGRP read theirs: the inline ``metric`` (bandwidth, delay, reliability,
load, MTU) or the process's ``default-metric`` seeds the routes of another protocol, and
without either EIGRP advertises none of them (Cisco document 8606, "Redistributing Routing
Protocols"; docs/check.md, *redistribute under ipv6 router eigrp*). Before, the lines were
not read and nothing a traditional IPv6 EIGRP process redistributed ever entered EIGRP.

The three routers of test_routes_ipv6_include_connected: ``asbr`` redistributes OSPFv3 (link
1 and ``inner``'s LAN 2) into EIGRP AS 20, which it runs with ``peer`` on link 3."""

from __future__ import annotations

from ipaddress import IPv6Address
from typing import Any

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_views

from .test_routes_ipv6_include_connected import LAN2, _configs

SEEDED = " redistribute ospf 1 metric 100000 100 255 1 1500\n"


def _at_peer(target: str, old: str = "", new: str = "") -> Any:
    """``peer``'s route to LAN 2 with OSPFv3 redistributed into ``target`` on asbr (``old``
    replaced by ``new`` in asbr's config)."""
    texts = _configs("ospfv3", target, "")
    if old:
        assert old in texts[1], old
        texts[1] = texts[1].replace(old, new)
    devices = [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]
    return compute(ipv6_views(devices)).ribs["peer"].lookup("", LAN2)


def test_traditional_process_redistributes_with_its_inline_metric() -> None:
    route = _at_peer("eigrp6")
    assert route is not None, "ipv6 router eigrp's redistribute was not read"
    assert (route.protocol, route.via) == ("eigrp-ex", "asbr")
    # the same seed as named mode's IPv6 family gives the same metric
    named = _at_peer("eigrp")
    assert named is not None and route.metric == named.metric


def test_no_metric_no_route_unless_default_metric() -> None:
    assert _at_peer("eigrp6", SEEDED, " redistribute ospf 1\n") is None
    seeded = " redistribute ospf 1\n default-metric 100000 100 255 1 1500\n"
    route = _at_peer("eigrp6", SEEDED, seeded)
    assert route is not None and route.via == "asbr"
    assert route.metric == _at_peer("eigrp6").metric


def test_route_map_on_the_traditional_process() -> None:
    """A map's deny keeps the route out; its five-value ``set metric`` seeds it."""
    deny = " redistribute ospf 1 route-map R\n!\nroute-map R deny 10\n"
    assert _at_peer("eigrp6", SEEDED, deny) is None
    seed = (
        " redistribute ospf 1 route-map R\n!\n"
        "route-map R permit 10\n set metric 1000 100 255 1 1500\n"
    )
    slow = _at_peer("eigrp6", SEEDED, seed)
    assert slow is not None and slow.metric > _at_peer("eigrp6").metric  # 1 Mbit/s seed
    assert IPv6Address("2001:db8:2::9") in slow.prefix
