"""The MED of a route that goes through a route map whose matching sequence has no ``set
metric``: IOS keeps the MED the route would have without the map, the IGP metric for a
``network`` statement or a plain ``redistribute``, the inline ``metric`` or the process's
``default-metric`` when given (Cisco Press, "Cisco BGP-4 Command and Configuration
Handbook", ``redistribute protocol``; a route map only changes what its ``set`` clauses
name: Cisco "IP Routing: Protocol-Independent Configuration Guide", route maps). The three
places a route meets such a map: ``redistribute ... route-map``, ``neighbor ... route-map
out`` and ``network ... route-map`` (which the model did not read before: its ``set
metric`` and its deny sequences were ignored).

Fixture bgp-med-leftover-static: hub-east redistributes OSPF into eBGP towards shop21; the
server VLAN 10.20.5.0/24 is 2 away from it in OSPF (Gi2 1 + the core's VLAN 1)."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Any

from dmvpngen.check.engine import check_devices
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_view

from .edited import edited_devices

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "bgp-med-leftover-static"
VLAN = IPv4Network("10.20.5.0/24")
EAST = ("hub-east", "bgp", 65000, "")
REDIST = "  redistribute ospf 1\n"
END = "ip route 10.0.0.0 255.0.0.0 Null0\nend"

# a map that matches the VLAN and sets something other than the metric
KEEP = "route-map ORIGIN permit 10\n match ip address prefix-list SERVERS\n set weight 100\n!\n"
SET = "route-map ORIGIN permit 10\n match ip address prefix-list SERVERS\n set metric 50\n!\n"
DENY = (
    "route-map ORIGIN deny 10\n match ip address prefix-list SERVERS\n!\n"
    "route-map ORIGIN permit 20\n!\n"
)
LIST = "ip prefix-list SERVERS seq 5 permit 10.20.5.0/24\n!\n"


def _east(edits: list[tuple[str, str, str]], drop: str = "") -> Any:
    return compute(edited_devices(FIXTURE, edits, drop=drop))


def _with_map(route_map: str, *edits: tuple[str, str]) -> list[tuple[str, str, str]]:
    """hub-east's config with ``route_map`` (and its prefix list) defined and ``edits``."""
    out = [("hub-east", END, f"ip route 10.0.0.0 255.0.0.0 Null0\n!\n{LIST}{route_map}end")]
    return out + [("hub-east", old, new) for old, new in edits]


def test_redistribute_map_without_set_metric_keeps_the_igp_metric() -> None:
    line = "  redistribute ospf 1 route-map ORIGIN\n"
    route = _east(_with_map(KEEP, (REDIST, line))).tables[EAST][VLAN]
    assert route.why == "redistribute ospf" and route.metric == 2
    # the map is applied: its 'set metric' decides where it has one
    assert _east(_with_map(SET, (REDIST, line))).tables[EAST][VLAN].metric == 50


def test_redistribute_map_without_set_metric_keeps_the_seed() -> None:
    inline = "  redistribute ospf 1 metric 7 route-map ORIGIN\n"
    assert _east(_with_map(KEEP, (REDIST, inline))).tables[EAST][VLAN].metric == 7
    seeded = "  redistribute ospf 1 route-map ORIGIN\n  default-metric 9\n"
    assert _east(_with_map(KEEP, (REDIST, seeded))).tables[EAST][VLAN].metric == 9


def test_outbound_map_without_set_metric_keeps_the_med() -> None:
    out = "  neighbor BRANCHES activate\n  neighbor BRANCHES route-map ORIGIN out\n"
    activate = "  neighbor BRANCHES activate\n"
    # with hub-west out of the set, shop21 hears the VLAN from hub-east alone
    net = _east(_with_map(KEEP, (activate, out)), drop="hub-west")
    heard = net.tables[("shop21", "bgp", 65101, "")][VLAN]
    assert heard.via == "hub-east" and heard.metric == 2 and not heard.no_med
    net = _east(_with_map(SET, (activate, out)), drop="hub-west")
    assert net.tables[("shop21", "bgp", 65101, "")][VLAN].metric == 50


def test_network_map_without_set_metric_keeps_the_igp_metric() -> None:
    network = "  network 10.20.5.0 mask 255.255.255.0 route-map ORIGIN\n"
    route = _east(_with_map(KEEP, (REDIST, network))).tables[EAST][VLAN]
    assert route.why == "network statement" and route.metric == 2
    assert route.weight == 100  # the map's other 'set' applies


def test_network_map_set_metric_and_deny_apply() -> None:
    network = "  network 10.20.5.0 mask 255.255.255.0 route-map ORIGIN\n"
    route = _east(_with_map(SET, (REDIST, network))).tables[EAST][VLAN]
    assert route.why == "network statement" and route.metric == 50
    net = _east(_with_map(DENY, (REDIST, network)))
    # the map denies the VLAN: hub-east does not originate it (what it holds, if anything,
    # comes from elsewhere)
    held = net.tables[EAST].get(VLAN)
    assert held is None or held.origin != "hub-east"
    # the same statement without the map originates it
    plain = [("hub-east", REDIST, "  network 10.20.5.0 mask 255.255.255.0\n")]
    assert _east(plain).tables[EAST][VLAN].origin == "hub-east"


def test_undefined_network_map_originates_and_is_reported() -> None:
    network = "  network 10.20.5.0 mask 255.255.255.0 route-map ORGIN\n"
    edits = _with_map(KEEP, (REDIST, network))
    route = _east(edits).tables[EAST][VLAN]
    assert route.why == "network statement" and route.metric == 2
    found = check_devices(edited_devices(FIXTURE, edits)).findings
    net096 = [f for f in found if f.code == "NET096"]
    assert [f.device for f in net096] == ["hub-east"]
    assert "(network) is not defined" in net096[0].message
    assert "originates it as without the map" in net096[0].message


V6 = Path(__file__).resolve().parent / "routes_fixtures" / "v6-bgp-aggregate-no-ibgp"
V6_LAN = IPv6Network("2001:db8:41::/64")
V6_NETWORK = "  network 2001:DB8:41::/64\n"
V6_LIST = "ipv6 prefix-list LAN6 seq 5 permit 2001:DB8:41::/64\n!\n"


def _v6(route_map: str, statement: str) -> Any:
    """br41's IPv6 view with its LAN's network statement ``statement`` and ``route_map``."""
    edits = [
        ("br41", V6_NETWORK, statement),
        ("br41", "ip route 0.0.0.0", f"{V6_LIST}{route_map}ip route 0.0.0.0"),
    ]
    views = [ipv6_view(d) for d in edited_devices(V6, edits)]
    return compute([v for v in views if v is not None])


def test_ipv6_network_map_applies_too() -> None:
    keep = "route-map V6ORIGIN permit 10\n match ipv6 address prefix-list LAN6\n!\n"
    mapped = "  network 2001:DB8:41::/64 route-map V6ORIGIN\n"
    key = ("br41", "bgp", 65000, "")
    route = _v6(keep, mapped).tables[key][V6_LAN]
    assert route.why == "network statement" and route.metric == 0  # connected: MED 0
    setting = keep.replace("!\n", " set metric 70\n!\n")
    assert _v6(setting, mapped).tables[key][V6_LAN].metric == 70
    deny = keep.replace("permit 10", "deny 10") + "route-map V6ORIGIN permit 20\n!\n"
    held = _v6(deny, mapped).tables[key].get(V6_LAN)
    assert held is None or held.origin != "br41"
