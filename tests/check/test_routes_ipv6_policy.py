"""IPv6 route policy: route maps read in each router's IPv6 view, ``match ipv6 address
prefix-list`` against ``ipv6 prefix-list`` entries (ge / le as for IPv4), the IPv4 match
lines not read for an IPv6 route."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.parse.routefacts6 import route_facts6
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_views

from .edited import edited_copy

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
CASE = FIXTURES / "v6-bgp-aggregate-no-ibgp"

POLICY = """hostname r
ipv6 prefix-list BRANCH6 seq 5 permit 2001:DB8:40::/44 ge 48 le 64
ipv6 prefix-list BRANCH6 seq 10 deny ::/0 le 128
ip prefix-list V4 seq 5 permit 10.0.0.0/8 le 32
route-map BR-V6 deny 5
 match ip address prefix-list V4
route-map BR-V6 permit 10
 match ipv6 address prefix-list BRANCH6
"""


def _v6(text: str) -> IPv6Network:
    return IPv6Network(text)


def test_ipv6_prefix_list_in_a_route_map() -> None:
    policies = route_facts6(parse_config(POLICY, "r.cfg")).facts.policies
    assert set(policies.prefix_lists6) == {"BRANCH6"} and set(policies.prefix_lists) == {"V4"}
    verdict = policies.route_map("BR-V6", _v6("2001:db8:41::/64"))  # type: ignore[arg-type]
    assert verdict is not None and verdict.permit and verdict.clause is not None
    assert verdict.clause.seq == 10  # the IPv4 'match' of the deny is not read for IPv6
    for outside in ("2001:db8::/40", "2001:db8:41::/80", "2001:db8:99::/64"):
        verdict = policies.route_map("BR-V6", _v6(outside))  # type: ignore[arg-type]
        assert verdict is not None and not verdict.permit, outside


def test_inbound_ipv6_map_filters_the_spoke_lans(tmp_path: Path) -> None:
    """hub1 takes only 2001:db8:41::/64 from the spokes: br42's LAN is not in its table."""
    edits = {
        "hub1": [
            (
                "  neighbor SPOKES6 next-hop-self\n",
                "  neighbor SPOKES6 next-hop-self\n  neighbor SPOKES6 route-map BR-V6 in\n",
            ),
            (
                "route-map ALL permit 10\n",
                "route-map ALL permit 10\n!\n"
                "ipv6 prefix-list ONLY41 permit 2001:DB8:41::/48 le 64\n"
                "route-map BR-V6 permit 10\n match ipv6 address prefix-list ONLY41\n",
            ),
        ]
    }
    folder = edited_copy(CASE, tmp_path, edits)
    net = compute(ipv6_views([parse_file(p) for p in sorted(folder.glob("*.cfg"))]))
    hub = net.ribs["hub1"]
    got = hub.lookup("", IPv6Address("2001:db8:41::9"))
    assert got is not None and got.via == "br41"
    lost = hub.lookup("", IPv6Address("2001:db8:42::9"))
    assert lost is None or lost.via != "br42"
