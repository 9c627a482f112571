"""The OSPF forwarding address as a path: an external route with a non-zero forwarding address
goes where the path to that address goes, E1 costs add the cost to it and E2 ties are broken
by it (RFC 2328 section 16.4); NSSA type 7 routes always carry one, which the border router's
translation keeps unless ``translate type7 suppress-fa`` (RFC 3101; Cisco "OSPF Forwarding
Address Suppression in Translated Type-5 LSAs"); ``nssa-only`` and an NSSA border router's own
type 7 (``no-redistribution``)."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "ospf-nssa-fa-hidden"

# One area. asbr reaches the partner network 192.0.2.0/24 through a firewall (10.1.0.254) on
# the DMZ LAN it shares with dmz2; the branch router br has a link to each (costs 15 and 10).
# br's shortest path to asbr itself is the direct link (15 against 10 + 10), but to the
# firewall's LAN it is through dmz2 (10 + 10 against 15 + 10).
ASBR = """hostname asbr
interface GigabitEthernet1
 description DMZ
 ip address 10.1.0.1 255.255.255.0
 ip ospf cost 10
interface GigabitEthernet2
 description to br
 ip address 10.3.0.1 255.255.255.252
 ip ospf cost 15
ip route 192.0.2.0 255.255.255.0 10.1.0.254
router ospf 1
 redistribute static subnets{mtype}
 network 10.1.0.0 0.0.0.255 area 0
 network 10.3.0.0 0.0.0.3 area 0
"""
DMZ2 = """hostname dmz2
interface GigabitEthernet1
 description DMZ
 ip address 10.1.0.2 255.255.255.0
 ip ospf cost 10
interface GigabitEthernet2
 description to br
 ip address 10.2.0.2 255.255.255.252
 ip ospf cost 10
router ospf 1
 network 10.1.0.0 0.0.0.255 area 0
 network 10.2.0.0 0.0.0.3 area 0
"""
BR = """hostname br
interface GigabitEthernet1
 ip address 10.3.0.2 255.255.255.252
 ip ospf cost 15
interface GigabitEthernet2
 ip address 10.2.0.1 255.255.255.252
 ip ospf cost 10
router ospf 1
 network 10.2.0.0 0.0.0.3 area 0
 network 10.3.0.0 0.0.0.3 area 0
"""
PARTNER = IPv4Address("192.0.2.10")


def _dmz(mtype: str = "") -> Network:
    texts = [ASBR.format(mtype=mtype), DMZ2, BR]
    return compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])


def test_external_follows_the_path_to_the_forwarding_address() -> None:
    net = _dmz()
    at_br = net.ribs["br"].lookup("", PARTNER)
    assert at_br is not None
    assert (at_br.via, str(at_br.next_hop), at_br.metric) == ("dmz2", "10.2.0.2", 20)
    # dmz2 sits on the firewall's LAN: it forwards to the firewall, not through asbr
    at_dmz2 = net.ribs["dmz2"].lookup("", PARTNER)
    assert at_dmz2 is not None and str(at_dmz2.next_hop) == "10.1.0.254"


def test_e1_metric_adds_the_cost_to_the_forwarding_address() -> None:
    at_br = _dmz(" metric-type 1").ribs["br"].lookup("", PARTNER)
    assert at_br is not None
    # external cost 20 + br's cost to the DMZ LAN (10 + 10), not to asbr (15)
    assert (at_br.via, at_br.metric) == ("dmz2", 40)


# Two ASBRs announce the partner network as E2 20. far-fa's forwarding address sits on a LAN
# of cost 50 behind it; near's route has none (its next hop is on a point-to-point link OSPF
# does not run on). br is 5 from far-fa and 20 from near: the cost to the forwarding address
# (55) loses to the cost to near (20).
FAR_FA = """hostname far-fa
interface GigabitEthernet1
 ip address 10.5.0.1 255.255.255.0
 ip ospf cost 50
interface GigabitEthernet2
 ip address 10.6.0.1 255.255.255.252
 ip ospf cost 5
ip route 192.0.2.0 255.255.255.0 10.5.0.254
router ospf 1
 redistribute static subnets
 network 10.5.0.0 0.0.0.255 area 0
 network 10.6.0.0 0.0.0.3 area 0
"""
NEAR = """hostname near
interface GigabitEthernet1
 ip address 172.31.0.1 255.255.255.252
interface GigabitEthernet2
 ip address 10.7.0.1 255.255.255.252
 ip ospf cost 20
ip route 192.0.2.0 255.255.255.0 172.31.0.2
router ospf 1
 redistribute static subnets
 network 10.7.0.0 0.0.0.3 area 0
"""
BR2 = """hostname br
interface GigabitEthernet1
 ip address 10.6.0.2 255.255.255.252
 ip ospf cost 5
interface GigabitEthernet2
 ip address 10.7.0.2 255.255.255.252
 ip ospf cost 20
router ospf 1
 network 10.6.0.0 0.0.0.3 area 0
 network 10.7.0.0 0.0.0.3 area 0
"""


def test_e2_tie_is_broken_by_the_cost_to_the_forwarding_address() -> None:
    texts = [FAR_FA, NEAR, BR2]
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    at_br = net.ribs["br"].lookup("", PARTNER)
    assert at_br is not None and at_br.via == "near"


# NSSA 2: the branch router nbr redistributes its ISP's static route; the border router abr
# hides area 2's addresses from the backbone (as in Cisco's suppress-fa example).
CORE = """hostname core
interface GigabitEthernet1
 ip address 10.0.0.2 255.255.255.0
router ospf 1
 network 10.0.0.0 0.0.0.255 area 0
"""
ABR = """hostname abr
interface GigabitEthernet1
 ip address 10.0.0.1 255.255.255.0
interface GigabitEthernet2
 ip address 10.2.1.1 255.255.255.0
{abr_static}
router ospf 1
 area 2 nssa{nssa}
 area 2 range 10.2.0.0 255.255.0.0 not-advertise
{abr_redist}
 network 10.0.0.0 0.0.0.255 area 0
 network 10.2.1.0 0.0.0.255 area 2
"""
NBR = """hostname nbr
interface Loopback0
 ip address 10.2.255.1 255.255.255.255
interface GigabitEthernet1
 ip address 10.2.1.2 255.255.255.0
interface GigabitEthernet2
 description ISP
 ip address 203.0.113.2 255.255.255.252
ip route 198.51.100.0 255.255.255.0 203.0.113.1
router ospf 1
 area 2 nssa
 redistribute static subnets{only}
 network 10.2.1.0 0.0.0.255 area 2
 network 10.2.255.1 0.0.0.0 area 2
"""
ISP_NET = IPv4Address("198.51.100.7")


def _nssa(nssa: str = "", only: str = "", abr_static: str = "", abr_redist: str = "") -> Network:
    texts = [
        CORE,
        ABR.format(nssa=nssa, abr_static=abr_static, abr_redist=abr_redist),
        NBR.format(only=only),
    ]
    return compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])


def test_type7_forwarding_address_is_the_asbrs_loopback() -> None:
    net = _nssa()
    tables = [t for k, t in net.tables.items() if k[0] == "abr"]
    (c,) = [t[c_p] for t in tables for c_p in t if str(c_p) == "198.51.100.0/24"]
    assert str(c.fa) == "10.2.255.1"
    at_abr = net.ribs["abr"].lookup("", ISP_NET)
    assert at_abr is not None and at_abr.via == "nbr"


def test_translated_forwarding_address_hidden_from_the_backbone() -> None:
    # the translated type 5 keeps nbr's loopback as forwarding address, which the range
    # hides from area 0: the core has the LSA and no usable route
    assert _nssa().ribs["core"].lookup("", ISP_NET) is None


def test_suppress_fa_sends_the_backbone_to_the_translator() -> None:
    at_core = _nssa(nssa=" translate type7 suppress-fa").ribs["core"].lookup("", ISP_NET)
    assert at_core is not None and at_core.via == "abr"


def test_nssa_only_is_not_translated() -> None:
    net = _nssa(nssa=" translate type7 suppress-fa", only=" nssa-only")
    assert net.ribs["core"].lookup("", ISP_NET) is None
    at_abr = net.ribs["abr"].lookup("", ISP_NET)
    assert at_abr is not None and at_abr.via == "nbr"  # inside the NSSA it still counts


DC_NET = IPv4Address("172.20.0.9")
ABR_STATIC = "ip route 172.20.0.0 255.255.0.0 10.0.0.254"


def test_nssa_border_router_redistributes_into_the_nssa_as_type7() -> None:
    net = _nssa(abr_static=ABR_STATIC, abr_redist=" redistribute static subnets")
    at_nbr = net.ribs["nbr"].lookup("", DC_NET)
    assert at_nbr is not None and at_nbr.via == "abr" and at_nbr.protocol == "ospf"
    # and the core has it as the border router's type 5
    at_core = net.ribs["core"].lookup("", DC_NET)
    assert at_core is not None and at_core.via == "abr"


def test_no_redistribution_keeps_it_out_of_the_nssa() -> None:
    net = _nssa(
        nssa=" no-redistribution", abr_static=ABR_STATIC, abr_redist=" redistribute static subnets"
    )
    assert net.ribs["nbr"].lookup("", DC_NET) is None
    at_core = net.ribs["core"].lookup("", DC_NET)
    assert at_core is not None and at_core.via == "abr"


def test_suppress_fa_clears_the_fixtures_hidden_address() -> None:
    # routes_fixtures/ospf-nssa-fa-hidden with the hub's fix: every flow arrives
    texts = {p.name: p.read_text() for p in sorted(FIXTURE.glob("*.cfg"))}
    hub = texts["hub.cfg"]
    assert " area 20 nssa\n" in hub
    texts["hub.cfg"] = hub.replace(" area 20 nssa\n", " area 20 nssa translate type7 suppress-fa\n")
    found = check_devices([parse_config(t, n) for n, t in texts.items()]).findings
    assert [f.code for f in found if f.code.startswith("NET06")] == []


DMZ3 = """hostname dmz3
interface GigabitEthernet1
 description DMZ
 ip address 10.1.0.3 255.255.255.0
 ip ospf cost 10
router ospf 1
 network 10.1.0.0 0.0.0.255 area 0
"""


def test_one_path_when_two_neighbours_hand_on_the_same_address() -> None:
    # dmz2 hears the route from asbr and from dmz3, both with the firewall as next hop: one
    # path, not two
    texts = [ASBR.format(mtype=""), DMZ2, BR, DMZ3]
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    route = net.ribs["dmz2"].lookup("", PARTNER)
    assert route is not None and str(route.next_hop) == "10.1.0.254"
    assert len(net.ribs["dmz2"].paths("", route)) == 1
