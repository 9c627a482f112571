"""A spoke pair's verdict is the worst over every site LAN of the far spoke, not its first LAN
alone: traffic to one LAN can go through the hub (delivered, so no flow finding says so) while
the first LAN's goes direct. The reason then names the LAN and what the first LAN gets.

Hand-written phase 2 iBGP cloud (the hub reflects, the spokes keep each other as next hop):
each site has a second LAN, and each keeps a static route from an earlier design that sends
the other site's second LAN to the hub's tunnel address."""

from __future__ import annotations

import re
from pathlib import Path

from dmvpngen.check.engine import check_paths
from tests.check.test_phase2_readvert import HUB as READVERT_HUB

# the reflecting hub of the phase 2 cloud the re-advertisement tests use
HUB = READVERT_HUB.format(options="  neighbor SITES route-reflector-client\n")

SPOKE = """hostname site{n}
!
interface Gi1
 ip address 198.51.100.{wan} 255.255.255.252
!
interface Gi2
 description tills
 ip address 10.{n}.0.1 255.255.255.0
!
interface Gi3
 description cameras
 ip address 10.1{n}.0.1 255.255.255.0
!
interface Tunnel5
 ip address 172.30.0.{n} 255.255.255.0
 ip nhrp network-id 5
 ip nhrp nhs 172.30.0.1 nbma 203.0.113.2 multicast
 tunnel source Gi1
 tunnel mode gre multipoint
 tunnel key 5
!
router bgp 65100
 neighbor 172.30.0.1 remote-as 65100
 address-family ipv4
  network 10.{n}.0.0 mask 255.255.255.0
  network 10.1{n}.0.0 mask 255.255.255.0
  neighbor 172.30.0.1 activate
 exit-address-family
!
ip route 0.0.0.0 0.0.0.0 198.51.100.{gw}
ip route 10.0.0.0 255.0.0.0 Null0 254
{static}end
"""


def _net(tmp_path: Path, leftover: bool) -> Path:
    (tmp_path / "rr.cfg").write_text(HUB)
    for n, other in ((11, 12), (12, 11)):
        wan = 4 * n + 2
        # the other site's cameras sent to the hub, as before the cloud went phase 2
        static = f"ip route 10.1{other}.0.0 255.255.255.0 172.30.0.1\n" if leftover else ""
        spoke = SPOKE.format(n=n, wan=wan, gw=wan - 1, static=static)
        (tmp_path / f"site{n}.cfg").write_text(spoke)
    return tmp_path


def test_first_lans_alone_decide_nothing_new(tmp_path: Path) -> None:
    (cloud,) = check_paths([str(_net(tmp_path, leftover=False))]).clouds
    (pair,) = cloud.forwarding
    assert pair.result == "direct"
    # every LAN agrees: the reason is the first LAN's, as before
    assert pair.reason.startswith("next hop preserved") and "first LAN" not in pair.reason


def test_a_lan_through_the_hub_makes_the_pair_via_hub(tmp_path: Path) -> None:
    result = check_paths([str(_net(tmp_path, leftover=True))])
    (cloud,) = result.clouds
    (pair,) = cloud.forwarding
    assert pair.result == "via-hub"
    # the reason names the far spoke's LAN that goes through the hub, and the first LAN
    assert re.search(
        r"via rr \(10\.1(11|12)\.0\.0/24 -> 172\.30\.0\.1, ip route\).*"
        r"\(to 10\.1(11|12)\.0\.1, site1[12] GigabitEthernet3; "
        r"its first LAN 10\.1[12]\.0\.1 is direct\)$",
        pair.reason,
    ), pair.reason
    # the LAN flows arrive (through the hub): no flow finding says any of this
    assert not [f for f in result.findings if f.code in {"NET063", "NET064"}]
