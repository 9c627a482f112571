"""A route map's ``set origin igp|egp AS|incomplete`` feeds the origin step of the BGP best path
(IGP before EGP before incomplete, before MED: Cisco document 13753), wherever BGP applies the
map: a neighbour's outbound or inbound map, or the map of a ``redistribute`` line."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute
from dmvpngen.routes.policy import route_map_in
from dmvpngen.routes.protocols import Cand, origin_code

# two data-centre routers of AS 65000 announce their shared LAN 10.50.0.0/24 to a branch;
# dc-b's MED (10) is lower than dc-a's (50), so with nothing else set the branch goes via dc-b
DC = """hostname dc-{x}
interface GigabitEthernet1
 ip address 10.50.0.{n} 255.255.255.0
interface GigabitEthernet2
 ip address 172.16.{n}.1 255.255.255.0
router bgp 65000
 neighbor 172.16.{n}.2 remote-as 65101
 neighbor 172.16.{n}.2 route-map TO-BRANCH out
 {source}
route-map TO-BRANCH permit 10
 set metric {med}
{extra}
"""
BRANCH = """hostname br
interface GigabitEthernet1
 ip address 172.16.1.2 255.255.255.0
interface GigabitEthernet2
 ip address 172.16.2.2 255.255.255.0
router bgp 65101
 neighbor 172.16.1.1 remote-as 65000
 neighbor 172.16.2.1 remote-as 65000
{options}
{extra}
"""
NETWORK = "network 10.50.0.0 mask 255.255.255.0"


def _via(a: str = "", b: str = "", br: str = "", *, a_src: str = NETWORK, b_src: str = NETWORK,
         br_opts: str = "") -> str | None:  # fmt: skip
    texts = [
        DC.format(x="a", n=1, med=50, source=a_src, extra=a),
        DC.format(x="b", n=2, med=10, source=b_src, extra=b),
        BRANCH.format(options=br_opts, extra=br),
    ]
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    route = net.ribs["br"].lookup("", IPv4Address("10.50.0.9"))
    assert route is not None
    return route.via


def _out(origin: str) -> str:
    """dc's outbound map, its sequence 10 setting ``origin`` beside the MED (appended after
    the block's ``set metric`` line: the same sequence)."""
    return f" set origin {origin}"


def test_without_set_origin_the_lower_med_wins() -> None:
    assert _via() == "dc-b"


def test_outbound_set_origin_incomplete_loses_to_igp_before_med() -> None:
    assert _via(b=_out("incomplete")) == "dc-a"


def test_egp_ranks_between_igp_and_incomplete() -> None:
    assert _via(a=_out("egp 65000"), b=_out("incomplete")) == "dc-a"
    assert _via(a=_out("incomplete"), b=_out("egp 65000")) == "dc-b"
    assert _via(b=_out("egp 65000")) == "dc-a"  # dc-a's network statement: IGP


def test_redistribution_map_sets_igp_on_a_redistributed_route() -> None:
    # both redistribute their connected LAN (incomplete): the MED decides, dc-b
    redistributed = "redistribute connected"
    assert _via(a_src=redistributed, b_src=redistributed) == "dc-b"
    # dc-a marks its redistributed LAN IGP: it beats dc-b's incomplete path whatever the MED
    mapped = "redistribute connected route-map LAN"
    lan = "route-map LAN permit 10\n set origin igp"
    assert _via(a=lan, a_src=mapped, b_src=redistributed) == "dc-a"


def test_inbound_map_on_the_branch_sets_the_origin() -> None:
    inbound = " neighbor 172.16.2.1 route-map FROM-B in"
    demote = "route-map FROM-B permit 10\n set origin incomplete"
    assert _via(br=demote, br_opts=inbound) == "dc-a"


def test_set_origin_is_read_and_applied_by_bgp_only() -> None:
    text = "hostname r\nroute-map M permit 10\n set origin egp 65000\n"
    net = compute([parse_config(text, "r.cfg")])
    policies = net.topo.routers["r"].facts.policies
    assert policies.route_maps["M"][0].set_origin == 1
    c = Cand(IPv4Network("10.0.0.0/24"), 20, None, None, None, "r", "redistribute", 1)
    # 'set origin' is a BGP attribute: an OSPF redistribution map's changes nothing
    into_ospf = route_map_in(policies, "M", c, "ospf", terms=False)
    assert into_ospf is not None and into_ospf.set_origin == -1
    into_bgp = route_map_in(policies, "M", c._replace(kind="redistributed"), "bgp", terms=False)
    assert into_bgp is not None and origin_code(into_bgp) == 1
