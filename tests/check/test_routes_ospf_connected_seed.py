"""The cost OSPF gives a redistributed connected subnet: 20 by default, and still 20 beside a
process ``default-metric`` (which sets the other redistributed routes' cost: observed on Cisco
routers, batfish/batfish issue 6336); an inline ``metric`` or a route map's ``set metric``
sets it."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

# the shop router redistributes its guest LAN (connected, outside OSPF) and a static route to
# its CCTV recorder subnet into OSPF; the core hears both as E2
SHOP = """hostname shop
interface GigabitEthernet1
 ip address 10.0.0.2 255.255.255.252
interface GigabitEthernet2
 description guest LAN
 ip address 192.168.50.1 255.255.255.0
ip route 172.18.0.0 255.255.255.0 192.168.50.20
router ospf 1
{options}
 redistribute connected subnets{inline}
 redistribute static subnets
 network 10.0.0.0 0.0.0.3 area 0
{extra}
"""
CORE = """hostname core
interface GigabitEthernet1
 ip address 10.0.0.1 255.255.255.252
router ospf 1
 network 10.0.0.0 0.0.0.3 area 0
"""
GUEST, CCTV = IPv4Address("192.168.50.9"), IPv4Address("172.18.0.9")


def _metrics(options: str = "", inline: str = "", extra: str = "") -> tuple[int, int]:
    texts = [SHOP.format(options=options, inline=inline, extra=extra), CORE]
    net: Network = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    guest = net.ribs["core"].lookup("", GUEST)
    cctv = net.ribs["core"].lookup("", CCTV)
    assert guest is not None and cctv is not None
    assert guest.protocol == cctv.protocol == "ospf"
    return guest.metric, cctv.metric


def test_default_cost_is_20() -> None:
    assert _metrics() == (20, 20)


def test_default_metric_leaves_connected_at_20() -> None:
    assert _metrics(options=" default-metric 100") == (20, 100)


def test_inline_metric_and_route_map_set_the_connected_cost() -> None:
    assert _metrics(options=" default-metric 100", inline=" metric 35") == (35, 100)
    rmap = " route-map GUEST"
    assert _metrics(" default-metric 100", rmap, "route-map GUEST permit 10\n set metric 45") == (
        45,
        100,
    )
