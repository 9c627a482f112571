"""NET015 / NET016 come from the routing model: a spoke's LAN route as the hub learns it, passed
through what the hub sends its other spokes (hand-written phase 2 iBGP network, one option
changed per case)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths

HUB = """hostname rr
!
interface Gi1
 ip address 203.0.113.2 255.255.255.252
!
interface Gi2
 ip address 10.0.0.1 255.255.255.0
!
interface Tunnel5
 ip address 172.30.0.1 255.255.255.0
 ip nhrp network-id 5
 ip nhrp map multicast dynamic
 tunnel source Gi1
 tunnel mode gre multipoint
 tunnel key 5
!
router bgp 65100
 bgp listen range 172.30.0.0/24 peer-group SITES
 neighbor SITES peer-group
 neighbor SITES remote-as 65100
 address-family ipv4
  network 10.0.0.0 mask 255.255.255.0
  neighbor SITES activate
{options} exit-address-family
!
ip route 0.0.0.0 0.0.0.0 203.0.113.1
end
"""

SPOKE = """hostname site{n}
!
interface Gi1
 ip address 198.51.100.{wan} 255.255.255.252
!
interface Gi2
 ip address 10.{n}.0.1 255.255.255.0
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
  neighbor 172.30.0.1 activate
 exit-address-family
!
ip route 0.0.0.0 0.0.0.0 198.51.100.{gw}
ip route 10.0.0.0 255.0.0.0 Null0 254
end
"""


def _net(tmp_path: Path, options: list[str]) -> Path:
    body = "".join(f"  {o}\n" for o in options)
    (tmp_path / "rr.cfg").write_text(HUB.replace("{options}", body))
    for n in (11, 12):
        wan = 4 * n + 2
        (tmp_path / f"site{n}.cfg").write_text(SPOKE.format(n=n, wan=wan, gw=wan - 1))
    return tmp_path


CASES = {
    # iBGP split horizon: without route reflection the hub keeps spoke routes to itself
    "no reflector": ([], [("NET016", 19)]),
    "reflector": (["neighbor SITES route-reflector-client"], []),
    # 'next-hop-self all' makes the reflector the next hop of reflected routes: phase 2 lost
    "next-hop-self all": (
        ["neighbor SITES route-reflector-client", "neighbor SITES next-hop-self all"],
        [("NET015", 25)],
    ),
    # without 'all' a reflector keeps a reflected route's next hop (ipspace.net, "Changes in
    # IBGP Next Hop Processing", 2014: a route reflector does not change reflected routes'
    # attributes even with 'neighbor next-hop-self'; 'all' does): the far spoke stays
    "next-hop-self without all": (
        ["neighbor SITES route-reflector-client", "neighbor SITES next-hop-self"],
        [],
    ),
    "aggregate": (
        [
            "aggregate-address 10.0.0.0 255.0.0.0 summary-only",
            "neighbor SITES route-reflector-client",
        ],
        [("NET015", 24)],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hub_readvertisement(tmp_path: Path, case: str) -> None:
    options, expected = CASES[case]
    result = check_paths([str(_net(tmp_path, options))])
    (cloud,) = result.clouds
    assert cloud.phase == 2
    got = [(f.code, f.line) for f in result.findings if f.code in {"NET015", "NET016"}]
    assert got == expected
    assert all(f.device == "rr" for f in result.findings if f.code in {"NET015", "NET016"})
    pairs = cloud.counts()
    assert pairs["direct" if not expected else "via-hub"] + pairs["broken"] == 1


def test_messages_name_the_cause(tmp_path: Path) -> None:
    result = check_paths([str(_net(tmp_path, []))])
    (f,) = [f for f in result.findings if f.code == "NET016"]
    assert "SITES is not a route-reflector client" in f.message
    result = check_paths(
        [
            str(
                _net(
                    tmp_path,
                    [
                        "aggregate-address 10.0.0.0 255.0.0.0 summary-only",
                        "neighbor SITES route-reflector-client",
                    ],
                )
            )
        ]
    )
    (f,) = [f for f in result.findings if f.code == "NET015"]
    assert "hub aggregates 10.0.0.0/8 summary-only" in f.message
