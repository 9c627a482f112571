"""An OSPF virtual link between border routers that are not neighbours in the transit area
costs the intra-area path between them (RFC 2328 sections 15 and 16.1): area 1 runs
abr1 - mid - abr2 (costs 10 out of abr1 and 25 out of mid, 25 and 10 back), or a direct
link of cost 50 beside it."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

CORE = """hostname core
interface GigabitEthernet1
 ip address 10.0.0.1 255.255.255.0
 ip ospf cost 1
router ospf 1
 router-id 1.1.1.1
 network 10.0.0.0 0.0.0.255 area 0
"""
ABR1 = """hostname abr1
interface GigabitEthernet1
 ip address 10.0.0.2 255.255.255.0
 ip ospf cost 1
interface GigabitEthernet2
 ip address 10.1.1.1 255.255.255.252
 ip ospf cost 10
{direct}
router ospf 1
 router-id 2.2.2.2
 area 1 virtual-link 3.3.3.3
 network 10.0.0.0 0.0.0.255 area 0
 network 10.1.0.0 0.0.255.255 area 1
"""
MID = """hostname mid
interface GigabitEthernet1
 ip address 10.1.1.2 255.255.255.252
 ip ospf cost 25
interface GigabitEthernet2
 ip address 10.1.2.1 255.255.255.252
 ip ospf cost 25
router ospf 1
 router-id 5.5.5.5
 network 10.1.0.0 0.0.255.255 area 1
"""
ABR2 = """hostname abr2
interface GigabitEthernet1
 ip address 10.1.2.2 255.255.255.252
 ip ospf cost 10
interface GigabitEthernet2
 ip address 10.2.0.1 255.255.255.0
 ip ospf cost 1
{direct}
router ospf 1
 router-id 3.3.3.3
 area 1 virtual-link 2.2.2.2
 network 10.1.0.0 0.0.255.255 area 1
 network 10.2.0.0 0.0.0.255 area 2
"""
DIRECT1 = """interface GigabitEthernet3
 ip address 10.1.9.1 255.255.255.252
 ip ospf cost 50"""
DIRECT2 = """interface GigabitEthernet3
 ip address 10.1.9.2 255.255.255.252
 ip ospf cost 50"""
AREA2 = IPv4Address("10.2.0.9")


def _net(direct: bool = False) -> Network:
    texts = [
        CORE,
        ABR1.format(direct=DIRECT1 if direct else ""),
        MID,
        ABR2.format(direct=DIRECT2 if direct else ""),
    ]
    return compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])


def test_link_costs_the_path_through_the_transit_area() -> None:
    net = _net()
    at_abr1 = net.ribs["abr1"].lookup("", AREA2)
    # abr1 -> mid (10) -> abr2 (25): 35 for the link, + abr2's LAN (1)
    assert at_abr1 is not None and at_abr1.metric == 36
    # the far end's address where the path arrives, reached through mid
    assert str(at_abr1.next_hop) == "10.1.2.2"
    at_core = net.ribs["core"].lookup("", AREA2)
    assert at_core is not None and (at_core.via, at_core.metric) == ("abr1", 37)


def test_the_cheaper_path_decides_the_cost_and_the_address() -> None:
    # the direct link (50) loses to the path through mid (35): same cost and address
    at_abr1 = _net(direct=True).ribs["abr1"].lookup("", AREA2)
    assert at_abr1 is not None and at_abr1.metric == 36
    assert str(at_abr1.next_hop) == "10.1.2.2"
