"""``redistribute`` under the traditional ``ipv6 router ospf N`` is read as under ``router
ospfv3 N``'s ``address-family ipv6``: the redistributed routes enter as type 2 externals at
cost 20 unless the line's ``metric`` / ``metric-type 1`` or the process's ``default-metric``
say otherwise (the IPv4 defaults: docs/check.md, *OSPF external routes*). The traditional
process takes ``redistribute`` at the process itself ("Cisco IOS Cookbook", IPv6 chapter,
*Route Redistribution*: ``ipv6 router ospf 1`` / ``redistribute rip RIP_PROC``); before, its
``redistribute`` lines were not read and the routes never entered OSPF.

Fixture v6-ospfv3-range-overlap, with a partner link added on each hub: hub2 runs ``ipv6
router ospf 1``, hub1 ``router ospfv3 1``; each has a static route to a partner prefix
through a link outside OSPF, and the core learns it only by redistribution."""

from __future__ import annotations

from ipaddress import IPv6Network
from typing import Any

from .test_routes_ospfv3_range import _net

PARTNER = IPv6Network("2001:db8:77::/48")

# hub2: a partner link outside OSPF and a static route through it
HUB2_LINK = (
    "hub2",
    "!\ninterface Tunnel1\n",
    "!\ninterface Gi2\n description partner\n ipv6 address 2001:db8:ee::1/64\n!\n"
    "interface Tunnel1\n",
)
HUB2_STATIC = (
    "hub2",
    "ip route 0.0.0.0 0.0.0.0 192.0.2.5\n",
    "ip route 0.0.0.0 0.0.0.0 192.0.2.5\nipv6 route 2001:db8:77::/48 2001:db8:ee::2\n",
)
HUB2_OSPF = " passive-interface default\n"  # the first line after hub2's area range


def _at_core(redistribute: str) -> Any:
    """The core's OSPF route to the partner prefix with ``redistribute`` under hub2's
    ``ipv6 router ospf 1``."""
    net = _net([HUB2_LINK, HUB2_STATIC, ("hub2", HUB2_OSPF, redistribute + HUB2_OSPF)])
    return net.tables[("core", "ospf", 1, "")].get(PARTNER)


def test_traditional_process_redistributes_static_as_e2_20() -> None:
    route = _at_core(" redistribute static\n")
    assert route is not None, "ipv6 router ospf's redistribute static was not read"
    assert (route.ospf, route.e1, route.metric, route.via) == ("ext", False, 20, "hub2")
    # without the line the prefix never reaches the core
    assert _net([HUB2_LINK, HUB2_STATIC]).tables[("core", "ospf", 1, "")].get(PARTNER) is None


def test_inline_metric_metric_type_and_default_metric() -> None:
    e1 = _at_core(" redistribute static metric 30 metric-type 1\n")
    # type 1: the external cost plus the core's cost to hub2 (1)
    assert (e1.e1, e1.metric) == (True, 31)
    seeded = _at_core(" redistribute static\n default-metric 40\n")
    assert (seeded.e1, seeded.metric) == (False, 40)


def test_route_map_on_the_traditional_process() -> None:
    rmap = (
        "route-map PARTNER permit 10\n set metric 55\n set metric-type type-1\n!\n"
        "ip route 0.0.0.0 0.0.0.0 192.0.2.5\n"
    )
    net = _net(
        [
            HUB2_LINK,
            HUB2_STATIC,
            ("hub2", HUB2_OSPF, " redistribute static route-map PARTNER\n" + HUB2_OSPF),
            ("hub2", "ip route 0.0.0.0 0.0.0.0 192.0.2.5\n", rmap),
        ]
    )
    route = net.tables[("core", "ospf", 1, "")][PARTNER]
    assert (route.e1, route.metric) == (True, 56)


def test_same_result_as_router_ospfv3() -> None:
    """hub1 (``router ospfv3 1``, redistribution in its address family) given the same
    partner link and line: the core gets the same external route from it."""
    hub1 = [
        (
            "hub1",
            "!\ninterface Tunnel1\n",
            "!\ninterface Gi2\n description partner\n ipv6 address 2001:db8:ee::1/64\n!\n"
            "interface Tunnel1\n",
        ),
        (
            "hub1",
            "ip route 0.0.0.0 0.0.0.0 192.0.2.1\n",
            "ip route 0.0.0.0 0.0.0.0 192.0.2.1\nipv6 route 2001:db8:77::/48 2001:db8:ee::2\n",
        ),
        (
            "hub1",
            " address-family ipv6 unicast\n",
            " address-family ipv6 unicast\n  redistribute static metric 30 metric-type 1\n",
        ),
    ]
    v3 = _net(hub1).tables[("core", "ospf", 1, "")][PARTNER]
    traditional = _at_core(" redistribute static metric 30 metric-type 1\n")
    assert (v3.ospf, v3.e1, v3.metric, v3.via) == ("ext", True, 31, "hub1")
    assert (traditional.ospf, traditional.e1, traditional.metric) == (v3.ospf, v3.e1, v3.metric)
