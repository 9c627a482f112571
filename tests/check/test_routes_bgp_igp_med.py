"""A route that enters BGP by a ``network`` statement or by ``redistribute`` (without an inline
metric or ``default-metric``) carries its metric in the routing table as its MED: the OSPF
cost, the EIGRP composite metric, 0 for connected and static routes (Cisco Press, "Cisco
BGP-4 Command and Configuration Handbook", ``redistribute protocol``; batfish/batfish pull
requests 6425 and 6475).

The fixture bgp-med-leftover-static: both hubs redistribute OSPF and static into eBGP toward
shop21 (AS 65101). The server VLAN moved from hub-west to the core, but hub-west kept its
static to Null0 for it: redistributed with MED 0, it beats hub-east's OSPF route (MED 2, the
cost to the VLAN), so shop21 sends its syslog to hub-west's discard route. With every MED 0
the paths would tie and shop21 would have gone through hub-east."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Any

from dmvpngen.check.engine import check_paths
from dmvpngen.routes import compute

from .edited import edited_devices

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "bgp-med-leftover-static"
VLAN = IPv4Network("10.20.5.0/24")
SYSLOG = IPv4Address("10.20.5.20")
EAST_BGP = "  redistribute ospf 1\n  redistribute static\n  neighbor BRANCHES activate\n"


def _net(edits: list[tuple[str, str, str]] | None = None) -> Any:
    return compute(edited_devices(FIXTURE, edits))


def test_redistributed_route_carries_its_igp_metric_as_med() -> None:
    net = _net()
    east = net.tables[("hub-east", "bgp", 65000, "")][VLAN]
    ospf = net.ribs["hub-east"].lookup("", SYSLOG)
    assert ospf.protocol == "ospf" and ospf.metric == 2  # Gi2 (1) + the core's VLAN (1)
    assert east.metric == 2
    # hub-west's static to Null0 enters with MED 0, and so does a connected subnet
    assert net.tables[("hub-west", "bgp", 65000, "")][VLAN].metric == 0
    assert net.tables[("hub-east", "bgp", 65000, "")][IPv4Network("10.0.2.0/30")].metric == 0
    # shop21 hears both from AS 65000: the lower MED decides
    best = net.tables[("shop21", "bgp", 65101, "")][VLAN]
    assert best.via == "hub-west" and best.metric == 0


def test_fixture_findings() -> None:
    found = [f for f in check_paths([str(FIXTURE)]).findings if f.code != "NET028"]
    assert sorted((f.code, f.device, f.line) for f in found) == [
        ("NET060", "shop21", 37),
        ("NET063", "hub-west", 37),
    ]


def test_network_statement_takes_the_igp_metric_too() -> None:
    network = "  network 10.20.5.0 mask 255.255.255.0\n  redistribute static\n"
    edit = [("hub-east", "  redistribute ospf 1\n  redistribute static\n", network)]
    net = _net(edit)
    east = net.tables[("hub-east", "bgp", 65000, "")][VLAN]
    assert east.why == "network statement" and east.metric == 2


def test_inline_metric_and_default_metric_set_the_med() -> None:
    inline = [("hub-east", "  redistribute ospf 1\n", "  redistribute ospf 1 metric 7\n")]
    assert _net(inline).tables[("hub-east", "bgp", 65000, "")][VLAN].metric == 7
    seeded = [
        ("hub-east", "  redistribute ospf 1\n", "  redistribute ospf 1\n  default-metric 9\n")
    ]
    assert _net(seeded).tables[("hub-east", "bgp", 65000, "")][VLAN].metric == 9
    # with both MEDs 0 the tie goes on to the later steps, which pick hub-east here
    zero = [("hub-east", "  redistribute ospf 1\n", "  redistribute ospf 1 metric 0\n")]
    route = _net(zero).ribs["shop21"].lookup("", SYSLOG)
    assert route is not None and route.via == "hub-east"


def test_removing_the_leftover_static_clears_the_drop() -> None:
    fixed = [("hub-west", "ip route 10.20.5.0 255.255.255.0 Null0\n", "")]
    net = _net(fixed)
    west = net.tables[("hub-west", "bgp", 65000, "")][VLAN]
    assert west.metric == 2  # now hub-west's OSPF route, at its cost
    found = check_paths_of(fixed)
    assert not [f for f in found if f.code in {"NET060", "NET063"}]


def check_paths_of(edits: list[tuple[str, str, str]]) -> list[Any]:
    from dmvpngen.check.engine import check_devices

    return list(check_devices(edited_devices(FIXTURE, edits)).findings)
