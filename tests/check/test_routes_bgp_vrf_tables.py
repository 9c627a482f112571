"""BGP in the global table and in a VRF on one router: each address family feeds its own
table (neighbours, network statements, aggregates, redistribution), nothing crosses."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

# hq peers with branch br1 in the global table and, in VRF PARTNER, with the partner's router
# pe, which announces its network 10.99.0.0/16; hq's own LAN 10.1.0.0/24 is global, its
# partner DMZ 192.168.50.0/24 in VRF PARTNER
HQ = """hostname hq
vrf definition PARTNER
 address-family ipv4
interface Gi1
 ip address 10.0.0.1 255.255.255.0
interface Gi2
 ip address 10.1.0.1 255.255.255.0
interface Gi3
 vrf forwarding PARTNER
 ip address 172.31.0.1 255.255.255.252
interface Gi4
 vrf forwarding PARTNER
 ip address 192.168.50.1 255.255.255.0
router bgp 65000
 neighbor 10.0.0.2 remote-as 65000
 address-family ipv4
  network 10.1.0.0 mask 255.255.255.0
  neighbor 10.0.0.2 activate
 exit-address-family
 address-family ipv4 vrf PARTNER
  network 192.168.50.0
  neighbor 172.31.0.2 remote-as 64999
  neighbor 172.31.0.2 activate
 exit-address-family
"""
PE = """hostname pe
interface Gi1
 ip address 172.31.0.2 255.255.255.252
interface Gi2
 ip address 10.99.0.1 255.255.0.0
router bgp 64999
 neighbor 172.31.0.1 remote-as 65000
 network 10.99.0.0 mask 255.255.0.0
"""
BR1 = """hostname br1
interface Gi1
 ip address 10.0.0.2 255.255.255.0
interface Gi2
 ip address 10.101.0.1 255.255.255.0
router bgp 65000
 neighbor 10.0.0.1 remote-as 65000
 network 10.101.0.0 mask 255.255.255.0
"""


def _net() -> Network:
    return compute([parse_config(t, f"{n}.cfg") for n, t in (("hq", HQ), ("pe", PE), ("br1", BR1))])


def test_partner_routes_stay_in_the_vrf() -> None:
    net = _net()
    hq = net.ribs["hq"]
    route = hq.lookup("PARTNER", IPv4Address("10.99.1.1"))
    assert route is not None and route.protocol == "ebgp" and route.via == "pe"
    assert hq.lookup("", IPv4Address("10.99.1.1")) is None
    assert net.ribs["br1"].lookup("", IPv4Address("10.99.1.1")) is None


def test_each_family_announces_its_own_networks() -> None:
    net = _net()
    # the global LAN reaches the branch, not the partner; the DMZ the partner, not the branch
    assert net.ribs["br1"].lookup("", IPv4Address("10.1.0.9")) is not None
    assert net.ribs["br1"].lookup("", IPv4Address("192.168.50.9")) is None
    assert net.ribs["pe"].lookup("", IPv4Address("192.168.50.9")) is not None
    assert net.ribs["pe"].lookup("", IPv4Address("10.1.0.9")) is None
    # and the branch's LAN stays global on hq
    assert net.ribs["hq"].lookup("", IPv4Address("10.101.0.9")) is not None
    assert net.ribs["hq"].lookup("PARTNER", IPv4Address("10.101.0.9")) is None


# the same split for IPv6: 'address-family ipv6' with the branch, 'address-family ipv6 vrf
# PARTNER' with the partner's router
HQ6 = """hostname hq
ipv6 unicast-routing
vrf definition PARTNER
 address-family ipv6
interface Gi1
 ipv6 address 2001:DB8:0:1::1/64
interface Gi2
 ipv6 address 2001:DB8:1::1/64
interface Gi3
 vrf forwarding PARTNER
 ipv6 address 2001:DB8:31::1/64
router bgp 65000
 neighbor 2001:DB8:0:1::2 remote-as 65000
 address-family ipv6
  network 2001:DB8:1::/64
  neighbor 2001:DB8:0:1::2 activate
 exit-address-family
 address-family ipv6 vrf PARTNER
  neighbor 2001:DB8:31::2 remote-as 64999
  neighbor 2001:DB8:31::2 activate
 exit-address-family
"""
PE6 = """hostname pe
ipv6 unicast-routing
interface Gi1
 ipv6 address 2001:DB8:31::2/64
interface Gi2
 ipv6 address 2001:DB8:99::1/64
router bgp 64999
 neighbor 2001:DB8:31::1 remote-as 65000
 address-family ipv6
  network 2001:DB8:99::/64
  neighbor 2001:DB8:31::1 activate
"""
BR16 = """hostname br1
ipv6 unicast-routing
interface Gi1
 ipv6 address 2001:DB8:0:1::2/64
interface Gi2
 ipv6 address 2001:DB8:101::1/64
router bgp 65000
 neighbor 2001:DB8:0:1::1 remote-as 65000
 address-family ipv6
  network 2001:DB8:101::/64
  neighbor 2001:DB8:0:1::1 activate
"""


def test_ipv6_families_feed_their_own_tables() -> None:
    from ipaddress import IPv6Address

    from dmvpngen.routes.family import ipv6_views

    texts = (("hq", HQ6), ("pe", PE6), ("br1", BR16))
    net = compute(ipv6_views([parse_config(t, f"{n}.cfg") for n, t in texts]))
    hq = net.ribs["hq"]
    partner = hq.lookup("PARTNER", IPv6Address("2001:db8:99::9"))
    assert partner is not None and partner.via == "pe"
    assert hq.lookup("", IPv6Address("2001:db8:99::9")) is None
    assert net.ribs["br1"].lookup("", IPv6Address("2001:db8:99::9")) is None
    assert net.ribs["br1"].lookup("", IPv6Address("2001:db8:1::9")) is not None
    assert net.ribs["pe"].lookup("", IPv6Address("2001:db8:1::9")) is None
