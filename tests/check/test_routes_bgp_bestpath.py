"""BGP best-path steps around MED: ``bgp deterministic-med`` (paths grouped by neighbouring AS,
the best of each group, MEDs compared inside it, then the winners compared: Cisco document
16046) and the origin code before MED (Cisco document 13753)."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute

# three upstream routers announce the DC LAN 10.50.0.0/24 (a shared segment) to a branch:
# dc-a and dc-c sit in AS 65000 (MEDs 50 and 10), dc-b in AS 65002
UP = """hostname dc-{x}
interface Gi1
 ip address 10.50.0.{n} 255.255.255.0
interface Gi2
 ip address 172.16.{n}.1 255.255.255.0
router bgp {asn}
 neighbor 172.16.{n}.2 remote-as 65101
 neighbor 172.16.{n}.2 route-map MED out
 {origin}
route-map MED permit 10
 set metric {med}
"""
BRANCH = """hostname br
interface Gi1
 ip address 172.16.1.2 255.255.255.0
interface Gi2
 ip address 172.16.2.2 255.255.255.0
interface Gi3
 ip address 172.16.3.2 255.255.255.0
router bgp 65101
{options}
 neighbor 172.16.1.1 remote-as 65000
 neighbor 172.16.2.1 remote-as 65002
 neighbor 172.16.3.1 remote-as 65000
"""


NETWORK = "network 10.50.0.0 mask 255.255.255.0"


def _via(options: str, c_origin: str = NETWORK) -> str | None:
    texts = [
        UP.format(x="a", n=1, asn=65000, med=50, origin=NETWORK),
        UP.format(x="b", n=2, asn=65002, med=0, origin=NETWORK),
        UP.format(x="c", n=3, asn=65000, med=10, origin=c_origin),
        BRANCH.format(options=options),
    ]
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    route = net.ribs["br"].lookup("", IPv4Address("10.50.0.9"))
    assert route is not None
    return route.via


def test_deterministic_med_compares_the_as_groups_winners() -> None:
    # AS 65000's group: dc-c (MED 10) beats dc-a (MED 50); dc-c against dc-b: another AS, no
    # MED compared, the later steps decide (here the neighbour name): dc-b
    assert _via(" bgp deterministic-med") == "dc-b"


def test_without_it_pairwise_order_keeps_the_low_med_path() -> None:
    # in the model's order dc-a beats dc-b (later steps), then dc-c beats dc-a (same AS,
    # lower MED): IOS's arrival-order comparison can end on either
    assert _via("") == "dc-c"


def test_always_compare_med_with_deterministic_med_takes_the_lowest_med() -> None:
    assert _via(" bgp deterministic-med\n bgp always-compare-med") == "dc-b"
    assert _via(" bgp always-compare-med") == "dc-b"


def test_origin_igp_beats_incomplete_before_med() -> None:
    # dc-c redistributes its connected LAN (origin incomplete): dc-a's 'network' path (IGP)
    # wins although its MED is higher
    assert _via("", c_origin="redistribute connected") == "dc-a"
    # inside AS 65000's group too, so dc-a then meets dc-b: the later steps pick dc-a
    assert _via(" bgp deterministic-med", c_origin="redistribute connected") == "dc-a"
