"""Two eBGP paths equal up to the age step: IOS keeps the older one, which configs do not tell,
so the model takes one and says so in the route and in any finding whose path it decides;
``bgp bestpath compare-routerid`` replaces the age step with the lowest router id (Cisco
document 13753, "BGP Best Path Selection Algorithm", steps 10-12)."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.check.engine import check_devices, check_paths
from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.routes import compute

# a branch with two upstream providers of the DC prefix 10.50.0.0/24: dc-a (AS 65000) pins it
# to Null0 while its own DC link is down for works, dc-b (AS 65002) has the LAN
DC_A = """hostname dc-a
interface GigabitEthernet2
 ip address 172.16.1.1 255.255.255.0
ip route 10.50.0.0 255.255.255.0 Null0
router bgp 65000
{rid}
 neighbor 172.16.1.2 remote-as 65101
 network 10.50.0.0 mask 255.255.255.0
"""
DC_B = """hostname dc-b
interface GigabitEthernet1
 ip address 10.50.0.1 255.255.255.0
interface GigabitEthernet2
 ip address 172.16.2.1 255.255.255.0
router bgp 65002
{rid}
 neighbor 172.16.2.2 remote-as 65101
 network 10.50.0.0 mask 255.255.255.0
"""
BRANCH = """hostname br
interface Loopback0
 ip address 10.9.9.9 255.255.255.255
interface GigabitEthernet1
 ip address 172.16.1.2 255.255.255.0
interface GigabitEthernet2
 ip address 172.16.2.2 255.255.255.0
ntp server 10.50.0.10 source Loopback0
router bgp 65101
{options}
 neighbor 172.16.1.1 remote-as 65000
 neighbor 172.16.2.1 remote-as 65002
"""
NTP = IPv4Address("10.50.0.10")


def _devices(options: str = "", rid_a: str = "", rid_b: str = "") -> list:  # type: ignore[type-arg]
    texts = [DC_A.format(rid=rid_a), DC_B.format(rid=rid_b), BRANCH.format(options=options)]
    return [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]


def test_age_step_is_named_on_the_route() -> None:
    route = compute(_devices()).ribs["br"].lookup("", NTP)
    assert route is not None and route.via == "dc-a"
    assert route.arrival == "dc-b"
    assert "taken over the equal eBGP path from dc-b" in route.describe()


def test_finding_says_arrival_order_decided_its_path() -> None:
    found = [f for f in check_devices(_devices()).findings if "10.50.0.10" in f.message]
    assert found, "the NTP flow dropped at dc-a's Null0 is a finding"
    assert all("by arrival order, which configs do not tell" in f.message for f in found)


def test_compare_routerid_decides_by_the_lowest_router_id() -> None:
    cmp = " bgp bestpath compare-routerid"
    low_b = compute(_devices(cmp, " bgp router-id 9.9.9.9", " bgp router-id 1.1.1.1"))
    route = low_b.ribs["br"].lookup("", NTP)
    assert route is not None and (route.via, route.arrival) == ("dc-b", "")
    low_a = compute(_devices(cmp, " bgp router-id 1.1.1.1", " bgp router-id 9.9.9.9"))
    route = low_a.ribs["br"].lookup("", NTP)
    assert route is not None and (route.via, route.arrival) == ("dc-a", "")
    # without 'bgp router-id': the highest interface address (dc-b's 172.16.2.1 is higher)
    route = compute(_devices(cmp)).ribs["br"].lookup("", NTP)
    assert route is not None and route.via == "dc-a"
    assert all("arrival" not in f.message for f in check_devices(_devices(cmp)).findings)


# the same in IPv6: both DC routers announce 2001:db8:50::/64 to the branch over IPv6 eBGP
DC6 = """hostname dc-{x}
ipv6 unicast-routing
interface Loopback0
 ip address 10.255.0.{n} 255.255.255.255
interface GigabitEthernet1
 ipv6 address 2001:DB8:50::{n}/64
interface GigabitEthernet2
 ipv6 address 2001:DB8:{n}::1/64
router bgp {asn}
 no bgp default ipv4-unicast
 neighbor 2001:DB8:{n}::2 remote-as 65101
 address-family ipv6
  network 2001:DB8:50::/64
  neighbor 2001:DB8:{n}::2 activate
"""
BRANCH6 = """hostname br
ipv6 unicast-routing
interface GigabitEthernet1
 ipv6 address 2001:DB8:1::2/64
interface GigabitEthernet2
 ipv6 address 2001:DB8:2::2/64
router bgp 65101
 no bgp default ipv4-unicast
{options}
 neighbor 2001:DB8:1::1 remote-as 65000
 neighbor 2001:DB8:2::1 remote-as 65002
 address-family ipv6
  neighbor 2001:DB8:1::1 activate
  neighbor 2001:DB8:2::1 activate
"""


def _via6(options: str) -> tuple[str | None, str]:
    from ipaddress import IPv6Address

    from dmvpngen.routes.family import ipv6_views

    # dc-a's loopback moves to 10.255.0.9, above dc-b's 10.255.0.2: compare-routerid picks
    # dc-b, where the model's own order (the age step it cannot take) picks dc-a
    texts = [
        DC6.format(x="a", n=1, asn=65000).replace("10.255.0.1 ", "10.255.0.9 "),
        DC6.format(x="b", n=2, asn=65002),
        BRANCH6.format(options=options),
    ]
    net = compute(ipv6_views([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]))
    route = net.ribs["br"].lookup("", IPv6Address("2001:db8:50::10"))  # type: ignore[arg-type]
    assert route is not None
    return route.via, route.arrival


def test_ipv6_view_names_the_age_step_and_reads_compare_routerid() -> None:
    assert _via6("") == ("dc-a", "dc-b")
    # router ids from the routers' IPv4 loopbacks: dc-b's 10.255.0.2 below dc-a's 10.255.0.9
    assert _via6(" bgp bestpath compare-routerid") == ("dc-b", "")


def test_equal_next_hops_are_no_tie_worth_naming() -> None:
    # the shipped phase 2 eBGP example: both hubs hand on each spoke's own tunnel address
    # ('next-hop-unchanged'), so whichever path IOS keeps, packets go to the same spoke
    example = Path(__file__).resolve().parents[1] / "golden" / "examples" / "routing-ebgp-phase2"
    net = compute([parse_file(p) for p in sorted(example.glob("*.cfg"))])
    route = net.ribs["branch-01"].lookup("", IPv4Address("10.12.0.9"))
    assert route is not None and route.protocol == "ebgp" and route.arrival == ""
    assert "arrival" not in str(check_paths([str(example)]).routing)
