"""``default-information originate [always] [metric N] [metric-type 1|2]`` under IPv6 OSPF, in
``router ospfv3 N``'s ``address-family ipv6`` and under the traditional ``ipv6 router ospf N``,
is read as the IPv4 command is (Cisco document 13692, "How OSPF Injects a Default Route into
a Normal Area"; docs/check.md, *default-information originate under IPv6 OSPF*): a type 5
``::/0`` at metric 1 (type 2) unless ``metric`` / ``metric-type 1`` say otherwise, while the
router's IPv6 table holds a default from another source, or always with ``always``. Before,
the line was not read and no IPv6 default ever entered OSPF.

Fixture v6-ospfv3-range-overlap: hub1 runs ``router ospfv3 1``, hub2 the traditional ``ipv6
router ospf 1``; the core hears both over area 0 at cost 1 (hub2 is given a partner link and,
where a test says so, an IPv6 static default through it)."""

from __future__ import annotations

from ipaddress import IPv6Network
from typing import Any

from .test_routes_ospfv3_redistribute import HUB2_LINK, HUB2_OSPF, _net

ANY6 = IPv6Network("::/0")
CORE = ("core", "ospf", 1, "")
HUB2_STATIC6 = (
    "hub2",
    "ip route 0.0.0.0 0.0.0.0 192.0.2.5\n",
    "ip route 0.0.0.0 0.0.0.0 192.0.2.5\nipv6 route ::/0 2001:db8:ee::2\n",
)
HUB1_AF = " address-family ipv6 unicast\n"


def _hub2(line: str, static: bool = False) -> Any:
    """The core's IPv6 default with ``line`` under hub2's ``ipv6 router ospf 1``."""
    edits = [HUB2_LINK, ("hub2", HUB2_OSPF, line + HUB2_OSPF)]
    if static:
        edits.append(HUB2_STATIC6)
    return _net(edits).tables[CORE].get(ANY6)


def test_traditional_process_always_originates_a_type_2_default() -> None:
    route = _hub2(" default-information originate always\n")
    assert route is not None, "ipv6 router ospf's default-information was not read"
    assert (route.ospf, route.e1, route.metric, route.via) == ("ext", False, 1, "hub2")
    assert _hub2("") is None  # nothing else gives the core an IPv6 default


def test_without_always_only_while_another_default_is_held() -> None:
    line = " default-information originate\n"
    assert _hub2(line) is None  # hub2 has no IPv6 default of its own
    held = _hub2(line, static=True)
    assert held is not None and held.via == "hub2"


def test_metric_and_metric_type() -> None:
    e1 = _hub2(" default-information originate always metric 30 metric-type 1\n")
    # type 1: the metric plus the core's cost to hub2 (1)
    assert (e1.e1, e1.metric) == (True, 31)
    e2 = _hub2(" default-information originate always metric 30\n")
    assert (e2.e1, e2.metric) == (False, 30)


def test_router_ospfv3_address_family() -> None:
    line = "  default-information originate always metric 5\n"
    route = _net([("hub1", HUB1_AF, HUB1_AF + line)]).tables[CORE].get(ANY6)
    assert route is not None, "router ospfv3's default-information was not read"
    assert (route.ospf, route.e1, route.metric, route.via) == ("ext", False, 5, "hub1")
    assert route.prefix.version == 6
