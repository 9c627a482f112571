"""``set metric +N`` / ``set metric -N`` in a route map: IOS adds N to (subtracts N from) the
metric the route carries where the map applies, where ``set metric N`` replaces it (the IOS
CLI help: ``+/-<metric>  Add or subtract metric``; Cisco Press, "CCIE Practical Studies,
Volume II": "The + and - keywords enable you to increase or decrease the current metric";
docs/check.md, *Relative set metric*). Before, the signed value was not read and the map
acted as one without ``set metric``.

- BGP: the MED (on redistribution: the IGP metric or the seed; on ``neighbor ... route-map
  out``: the MED the path carries), kept within 0..4,294,967,295;
- OSPF redistribution: the external cost the route would enter with (20, the inline
  ``metric``, ``default-metric``), kept within the 24-bit field;
- EIGRP: left alone, as a one-value ``set metric`` is (no Cisco document says what a
  relative value does to EIGRP's vector metric, and those who tried it on IOS report it does
  not add to the composite metric)."""

from __future__ import annotations

from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

import pytest

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.routefacts import route_facts
from dmvpngen.routes import compute

from .edited import edited_devices
from .test_routes_ospfv3_redistribute import HUB2_LINK, HUB2_OSPF, HUB2_STATIC, PARTNER
from .test_routes_ospfv3_redistribute import _net as _v6_net

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
MED = FIXTURES / "bgp-med-leftover-static"
VLAN = IPv4Network("10.20.5.0/24")
EAST = ("hub-east", "bgp", 65000, "")
REDIST = "  redistribute ospf 1\n"
END = "ip route 10.0.0.0 255.0.0.0 Null0\nend"
LIST = "ip prefix-list SERVERS seq 5 permit 10.20.5.0/24\n!\n"


def _rmap(set_line: str) -> str:
    return f"route-map ORIGIN permit 10\n match ip address prefix-list SERVERS\n {set_line}\n!\n"


def _east(set_line: str, *edits: tuple[str, str], drop: str = "") -> Any:
    """The fixture with hub-east's map ORIGIN holding ``set_line`` and ``edits``."""
    define = ("hub-east", END, f"ip route 10.0.0.0 255.0.0.0 Null0\n!\n{LIST}{_rmap(set_line)}end")
    changes = [define] + [("hub-east", old, new) for old, new in edits]
    return compute(edited_devices(MED, changes, drop=drop))


def test_signed_values_are_read_apart_from_an_absolute_one() -> None:
    text = (
        "hostname r\nroute-map UP permit 10\n set metric +5\nroute-map DOWN permit 10\n"
        " set metric -3\nroute-map ABS permit 10\n set metric 7\n"
    )
    maps = route_facts(parse_config(text, "r.cfg")).policies.route_maps
    assert (maps["UP"][0].set_metric, maps["UP"][0].set_metric_delta) == (None, 5)
    assert (maps["DOWN"][0].set_metric, maps["DOWN"][0].set_metric_delta) == (None, -3)
    assert (maps["ABS"][0].set_metric, maps["ABS"][0].set_metric_delta) == ((7,), None)


@pytest.mark.parametrize(("set_line", "med"), [("set metric +5", 7), ("set metric -1", 1)])
def test_redistribution_into_bgp_shifts_the_igp_metric(set_line: str, med: int) -> None:
    # the VLAN is 2 away from hub-east in OSPF: its MED without a map
    line = "  redistribute ospf 1 route-map ORIGIN\n"
    route = _east(set_line, (REDIST, line)).tables[EAST][VLAN]
    assert route.why == "redistribute ospf" and route.metric == med


def test_the_med_does_not_go_below_zero() -> None:
    line = "  redistribute ospf 1 route-map ORIGIN\n"
    assert _east("set metric -5", (REDIST, line)).tables[EAST][VLAN].metric == 0


def test_redistribution_into_bgp_shifts_the_seed() -> None:
    inline = "  redistribute ospf 1 metric 7 route-map ORIGIN\n"
    assert _east("set metric +5", (REDIST, inline)).tables[EAST][VLAN].metric == 12


def test_outbound_map_shifts_the_med_the_path_carries() -> None:
    out = "  neighbor BRANCHES activate\n  neighbor BRANCHES route-map ORIGIN out\n"
    activate = "  neighbor BRANCHES activate\n"
    # with hub-west out of the set, shop21 hears the VLAN from hub-east alone (MED 2)
    net = _east("set metric +40", (activate, out), drop="hub-west")
    heard = net.tables[("shop21", "bgp", 65101, "")][VLAN]
    assert heard.via == "hub-east" and heard.metric == 42 and not heard.no_med


def _ospf_at_core(set_line: str, redistribute: str = " redistribute static route-map P\n") -> Any:
    """The core's OSPFv3 route to the partner prefix hub2 redistributes through map P."""
    rmap = f"route-map P permit 10\n {set_line}\n!\nip route 0.0.0.0 0.0.0.0 192.0.2.5\n"
    net = _v6_net(
        [
            HUB2_LINK,
            HUB2_STATIC,
            ("hub2", HUB2_OSPF, redistribute + HUB2_OSPF),
            ("hub2", "ip route 0.0.0.0 0.0.0.0 192.0.2.5\n", rmap),
        ]
    )
    return net.tables[("core", "ospf", 1, "")][PARTNER]


def test_redistribution_into_ospf_shifts_the_external_cost() -> None:
    # type 2 at cost 20 without a map's metric
    assert _ospf_at_core("set tag 1").metric == 20
    assert _ospf_at_core("set metric +5").metric == 25
    assert _ospf_at_core("set metric -5").metric == 15
    inline = " redistribute static metric 30 route-map P\n"
    assert _ospf_at_core("set metric +5", inline).metric == 35


EIGRP = FIXTURES / "eigrp-redistribute-no-metric"


def test_eigrp_keeps_its_seed() -> None:
    """A relative value leaves EIGRP's metric as the seed gives it: wan1 redistributes OSPF
    into EIGRP with an inline metric; the map's '+N' changes nothing the spoke hears."""
    seeded = " redistribute ospf 10 metric 10000 100 255 1 1500 route-map P\n"
    base = [("wan1", " redistribute ospf 10\n", seeded)]
    rmap = "route-map P permit 10\n {}\n!\nip route 0.0.0.0 0.0.0.0 203.0.113.1\n"
    gateway = "ip route 0.0.0.0 0.0.0.0 203.0.113.1\n"

    def heard(set_line: str) -> dict[IPv4Network, int]:
        edits = [*base, ("wan1", gateway, rmap.format(set_line))]
        table = compute(edited_devices(EIGRP, edits)).tables[("shop9", "eigrp", 100, "")]
        return {p: r.metric for p, r in table.items() if r.via == "wan1"}

    plain = heard("set tag 1")
    assert plain, "shop9 hears nothing redistributed from wan1"
    assert heard("set metric +5000") == plain
