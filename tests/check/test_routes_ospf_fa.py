"""The forwarding address of OSPF type 5 routes: set to the redistributed route's next hop
when that lies on a broadcast OSPF interface that is not passive; a router whose OSPF routes
do not reach it does not install the external route (Cisco document 13682)."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

# edge reaches the partner network through a firewall (10.0.9.254) on its transit LAN
# 10.0.9.0/24 (area 1); the border router summarises area 1 towards the core
CORE = """hostname core
interface Gi1
 ip address 10.0.0.2 255.255.255.0
router ospf 1
 network 10.0.0.0 0.0.0.255 area 0
"""
ABR = """hostname abr
interface Gi1
 ip address 10.0.0.1 255.255.255.0
interface Gi2
 ip address 10.0.1.1 255.255.255.0
router ospf 1
{ranges}
 network 10.0.0.0 0.0.0.255 area 0
 network 10.0.1.0 0.0.0.255 area 1
"""
EDGE = """hostname edge
interface Gi1
 ip address 10.0.1.2 255.255.255.0
interface Gi2
 description firewall transit
 ip address 10.0.9.1 255.255.255.0
ip route 198.51.100.0 255.255.255.0 10.0.9.254
router ospf 1
{passive}
 redistribute static subnets
 network 10.0.1.0 0.0.0.255 area 1
 network 10.0.9.0 0.0.0.255 area 1
"""
PARTNER = IPv4Address("198.51.100.9")


def _net(ranges: str = "", passive: str = "") -> Network:
    texts = [CORE, ABR.format(ranges=ranges), EDGE.format(passive=passive)]
    return compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])


def test_reachable_forwarding_address_installs_the_route() -> None:
    route = _net().ribs["core"].lookup("", PARTNER)
    assert route is not None and route.via == "abr"


def test_hidden_forwarding_address_makes_the_route_unusable() -> None:
    # the border router hides the firewall LAN: the core has the type 5 LSA but no route to
    # its forwarding address 10.0.9.254, so it installs nothing for the partner network
    net = _net(ranges=" area 1 range 10.0.9.0 255.255.255.0 not-advertise")
    assert net.ribs["core"].lookup("", PARTNER) is None
    # inside area 1 the address is reached: the border router keeps the route
    at_abr = net.ribs["abr"].lookup("", PARTNER)
    assert at_abr is not None and at_abr.via == "edge"


def test_passive_transit_lan_gives_no_forwarding_address() -> None:
    # passive: the address is 0.0.0.0, routers forward to the ASBR itself
    net = _net(
        ranges=" area 1 range 10.0.9.0 255.255.255.0 not-advertise",
        passive=" passive-interface Gi2",
    )
    route = net.ribs["core"].lookup("", PARTNER)
    assert route is not None and route.via == "abr"
