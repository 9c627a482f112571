"""OSPF virtual links: area 2 reaches the backbone only through abr2's virtual link across
area 1 to abr1."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

CORE = """hostname core
interface Gi1
 ip address 10.0.0.1 255.255.255.0
interface Gi2
 ip address 10.9.0.1 255.255.255.0
router ospf 1
 router-id 1.1.1.1
 passive-interface Gi2
 network 10.0.0.0 0.0.0.255 area 0
 network 10.9.0.0 0.0.0.255 area 0
"""
ABR1 = """hostname abr1
interface Gi1
 ip address 10.0.0.2 255.255.255.0
interface Gi2
 ip address 10.0.1.1 255.255.255.0
router ospf 1
 router-id 2.2.2.2
{vlink}
 network 10.0.0.0 0.0.0.255 area 0
 network 10.0.1.0 0.0.0.255 area 1
"""
ABR2 = """hostname abr2
interface Gi1
 ip address 10.0.1.2 255.255.255.0
interface Gi2
 ip address 10.0.2.1 255.255.255.0
router ospf 1
 router-id 3.3.3.3
{vlink}
 network 10.0.1.0 0.0.0.255 area 1
 network 10.0.2.0 0.0.0.255 area 2
"""
R2 = """hostname r2
interface Gi1
 ip address 10.0.2.2 255.255.255.0
interface Gi2
 ip address 10.2.0.1 255.255.255.0
router ospf 1
 router-id 4.4.4.4
 passive-interface Gi2
 network 10.0.2.0 0.0.0.255 area 2
 network 10.2.0.0 0.0.0.255 area 2
"""
VL1 = " area 1 virtual-link 3.3.3.3"
VL2 = " area 1 virtual-link 2.2.2.2"


def _devices(vl1: str, vl2: str) -> list:  # type: ignore[type-arg]
    texts = [CORE, ABR1.format(vlink=vl1), ABR2.format(vlink=vl2), R2]
    return [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]


def _net(vl1: str = VL1, vl2: str = VL2) -> Network:
    return compute(_devices(vl1, vl2))


def test_without_the_link_area2_is_cut_off() -> None:
    net = _net("", "")
    assert net.ribs["core"].lookup("", IPv4Address("10.2.0.9")) is None


def test_the_link_carries_area2_to_the_backbone_and_back() -> None:
    net = _net()
    there = net.ribs["core"].lookup("", IPv4Address("10.2.0.9"))
    assert there is not None and there.via == "abr1"
    back = net.ribs["r2"].lookup("", IPv4Address("10.9.0.9"))
    assert back is not None and back.via == "abr2"
    # abr1 learns area 2 over the virtual link, next hop abr2's transit address
    at_abr1 = net.ribs["abr1"].lookup("", IPv4Address("10.2.0.9"))
    assert at_abr1 is not None and at_abr1.next_hop == IPv4Address("10.0.1.2")


def test_one_sided_link_is_not_modelled_and_reported() -> None:
    assert _net(VL1, "").ribs["core"].lookup("", IPv4Address("10.2.0.9")) is None
    found = check_devices(_devices(VL1, "")).findings
    assert [(f.code, f.device) for f in found if f.code == "NET097"] == [("NET097", "abr1")]
    both = check_devices(_devices(VL1, VL2)).findings
    assert [f for f in both if f.code == "NET097"] == []
