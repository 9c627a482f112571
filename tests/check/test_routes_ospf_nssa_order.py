"""A type 5 and an NSSA type 7 route of equal metric type, cost and cost to the ASBR, on the
border router that hears both: RFC 3101 (IOS's default) prefers the type 7, ``compatible
rfc1587`` the type 5."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute
from dmvpngen.routes.model import Route

# the partner network 198.51.100.0/24 is redistributed (E2 / N2, cost 20) by the core in the
# backbone and by the edge router in NSSA 1; the border router reaches both at cost 1
ABR = """hostname abr
interface Gi1
 ip address 10.0.1.1 255.255.255.0
 ip ospf cost 1
interface Gi2
 ip address 10.0.2.1 255.255.255.0
 ip ospf cost 1
router ospf 1
{extra}
 area 1 nssa
 network 10.0.1.0 0.0.0.255 area 0
 network 10.0.2.0 0.0.0.255 area 1
"""
ASBR = """hostname {name}
interface Gi1
 ip address 10.0.{n}.2 255.255.255.0
 ip ospf cost 1
interface Gi2
 ip address 203.0.113.{w} 255.255.255.252
ip route 198.51.100.0 255.255.255.0 203.0.113.{gw}
router ospf 1
{area}
 redistribute static subnets{metric}
 network 10.0.{n}.0 0.0.0.255 area {a}
"""


def _at_abr(extra: str = "", edge_metric: str = "") -> Route:
    texts = [
        ABR.format(extra=extra),
        ASBR.format(name="core", n=1, w=1, gw=2, area="", metric="", a=0),
        ASBR.format(name="edge", n=2, w=5, gw=6, area=" area 1 nssa", metric=edge_metric, a=1),
    ]
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    route = net.ribs["abr"].lookup("", IPv4Address("198.51.100.9"))
    assert route is not None
    return route


def test_rfc3101_prefers_the_type7_route() -> None:
    assert _at_abr().via == "edge"


def test_compatible_rfc1587_prefers_the_type5_route() -> None:
    assert _at_abr(" compatible rfc1587").via == "core"


def test_cost_still_decides_first() -> None:
    # the type 7 at cost 30 loses to the type 5 at 20, whichever RFC the router follows
    assert _at_abr(edge_metric=" metric 30").via == "core"
