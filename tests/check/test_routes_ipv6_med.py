"""The IPv6 view ranks BGP paths by MED exactly as the IPv4 view does: ``bgp
always-compare-med``, ``bgp deterministic-med`` and ``bgp bestpath med missing-as-worst`` are
settings of the whole BGP process (Cisco document 13753, "BGP Best Path Selection Algorithm";
document 16046, "How the bgp deterministic-med Command Differs from the bgp always-compare-med
Command"), so MP-BGP's ``address-family ipv6`` obeys them as ``address-family ipv4`` does.

Every router below is dual-stack and sends each prefix over an IPv4 session and an IPv6 one
with the same MED: whatever a rule makes the branch choose for the DC LAN in IPv4, it must
choose for the DC LAN in IPv6."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

import pytest

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_views

# a core router in AS 65050 announces its LAN (10.60.0.0/24, 2001:db8:60::/64) to three
# upstream routers on a shared segment, which pass it on to a branch: dc-a and dc-c in AS
# 65000 (MEDs 50 and 10), dc-b in AS 65002 with no MED at all (no outbound route map, and a
# MED heard from a neighbouring AS is not sent on to another: RFC 4271 section 5.1.4)
CORE = """hostname core
ipv6 unicast-routing
interface Gi1
 ip address 10.50.0.100 255.255.255.0
 ipv6 address 2001:DB8:50::100/64
interface Gi2
 ip address 10.60.0.1 255.255.255.0
 ipv6 address 2001:DB8:60::1/64
router bgp 65050
 no bgp default ipv4-unicast
 neighbor 10.50.0.1 remote-as 65000
 neighbor 10.50.0.2 remote-as 65002
 neighbor 10.50.0.3 remote-as 65000
 neighbor 2001:DB8:50::1 remote-as 65000
 neighbor 2001:DB8:50::2 remote-as 65002
 neighbor 2001:DB8:50::3 remote-as 65000
 address-family ipv4
  network 10.60.0.0 mask 255.255.255.0
  neighbor 10.50.0.1 activate
  neighbor 10.50.0.2 activate
  neighbor 10.50.0.3 activate
 exit-address-family
 address-family ipv6
  network 2001:DB8:60::/64
  neighbor 2001:DB8:50::1 activate
  neighbor 2001:DB8:50::2 activate
  neighbor 2001:DB8:50::3 activate
 exit-address-family
"""
UP = """hostname dc-{x}
ipv6 unicast-routing
interface Gi1
 ip address 10.50.0.{n} 255.255.255.0
 ipv6 address 2001:DB8:50::{n}/64
interface Gi2
 ip address 172.16.{n}.1 255.255.255.0
 ipv6 address 2001:DB8:16:{n}::1/64
router bgp {asn}
 no bgp default ipv4-unicast
 neighbor 10.50.0.100 remote-as 65050
 neighbor 172.16.{n}.2 remote-as 65101
 neighbor 2001:DB8:50::100 remote-as 65050
 neighbor 2001:DB8:16:{n}::2 remote-as 65101
 address-family ipv4
  neighbor 10.50.0.100 activate
  neighbor 172.16.{n}.2 activate
{out4} exit-address-family
 address-family ipv6
  neighbor 2001:DB8:50::100 activate
  neighbor 2001:DB8:16:{n}::2 activate
{out6} exit-address-family
route-map MED permit 10
 set metric {med}
"""
BRANCH = """hostname br
ipv6 unicast-routing
interface Gi1
 ip address 172.16.1.2 255.255.255.0
 ipv6 address 2001:DB8:16:1::2/64
interface Gi2
 ip address 172.16.2.2 255.255.255.0
 ipv6 address 2001:DB8:16:2::2/64
interface Gi3
 ip address 172.16.3.2 255.255.255.0
 ipv6 address 2001:DB8:16:3::2/64
router bgp 65101
 no bgp default ipv4-unicast
{options}
 neighbor 172.16.1.1 remote-as 65000
 neighbor 172.16.2.1 remote-as 65002
 neighbor 172.16.3.1 remote-as 65000
 neighbor 2001:DB8:16:1::1 remote-as 65000
 neighbor 2001:DB8:16:2::1 remote-as 65002
 neighbor 2001:DB8:16:3::1 remote-as 65000
 address-family ipv4
  neighbor 172.16.1.1 activate
  neighbor 172.16.2.1 activate
  neighbor 172.16.3.1 activate
 exit-address-family
 address-family ipv6
  neighbor 2001:DB8:16:1::1 activate
  neighbor 2001:DB8:16:2::1 activate
  neighbor 2001:DB8:16:3::1 activate
 exit-address-family
"""


def _up(x: str, n: int, asn: int, med: int | None) -> str:
    if med is None:
        return UP.format(x=x, n=n, asn=asn, med=0, out4="", out6="")
    return UP.format(
        x=x,
        n=n,
        asn=asn,
        med=med,
        out4=f"  neighbor 172.16.{n}.2 route-map MED out\n",
        out6=f"  neighbor 2001:DB8:16:{n}::2 route-map MED out\n",
    )


def _chosen(options: str) -> tuple[str | None, str | None]:
    """The upstream router the branch forwards the core's LAN to, (IPv4, IPv6)."""
    texts = [
        CORE,
        _up("a", 1, 65000, 50),
        _up("b", 2, 65002, None),
        _up("c", 3, 65000, 10),
        BRANCH.format(options=options),
    ]
    devices = [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]
    four = compute(devices).ribs["br"].lookup("", IPv4Address("10.60.0.9"))
    six = compute(ipv6_views(devices)).ribs["br"].lookup("", IPv6Address("2001:db8:60::9"))
    assert four is not None and six is not None
    assert four.protocol == six.protocol == "ebgp"
    return four.via, six.via


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # pairwise in the model's order: dc-a beats dc-b on the later steps (another AS, no
        # MED compared), then dc-c beats dc-a (same AS, MED 10 against 50)
        ("", "dc-c"),
        # MEDs compared across ASes: dc-b's missing MED counts as 0, the lowest
        (" bgp always-compare-med", "dc-b"),
        # ... and as 4,294,967,295 with missing-as-worst: dc-c's 10 is the lowest
        (" bgp always-compare-med\n bgp bestpath med missing-as-worst", "dc-c"),
        # AS 65000's group elects dc-c (MED 10 against 50), which then meets dc-b without a
        # MED comparison (another AS): the later steps pick dc-b
        (" bgp deterministic-med", "dc-b"),
        (" bgp deterministic-med\n bgp bestpath med missing-as-worst", "dc-b"),
        (
            " bgp deterministic-med\n bgp always-compare-med\n bgp bestpath med missing-as-worst",
            "dc-c",
        ),
    ],
)
def test_ipv6_view_applies_the_med_rules_as_ipv4_does(options: str, expected: str) -> None:
    assert _chosen(options) == (expected, expected)
