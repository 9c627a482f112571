"""Route maps, prefix lists and distribute lists as IOS evaluates them, and where the routing
model applies them (redistribution, EIGRP distribute lists in and out, BGP neighbours)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.routefacts import route_facts
from dmvpngen.parse.routemaps import Policies
from dmvpngen.routes import compute

from .edited import Edits, edited_copy
from .test_routes_ecmp import BGP_HUB, BGP_SPOKE

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "redistribute-prefix-list-exact"
HIGH = {"NET061", "NET064"}


def _policies(text: str) -> Policies:
    return route_facts(parse_config("hostname r\n" + text, "r.cfg")).policies


@pytest.mark.parametrize(
    ("entry", "matches"),
    [
        # no ge / le: the length must be exactly the list's
        ("permit 10.70.0.0/16", {"10.70.0.0/16"}),
        # ge alone: from ge up to /32
        ("permit 10.70.0.0/16 ge 24", {"10.70.5.0/24", "10.70.5.128/25"}),
        # le alone: from the list's length up to le
        ("permit 10.70.0.0/16 le 24", {"10.70.0.0/16", "10.70.5.0/24"}),
        ("permit 10.70.0.0/16 ge 20 le 24", {"10.70.5.0/24"}),
        (
            "permit 0.0.0.0/0 le 32",
            {"0.0.0.0/0", "10.70.0.0/16", "10.70.5.0/24", "10.70.5.128/25", "10.71.0.0/16"},
        ),
    ],
)
def test_prefix_list_lengths(entry: str, matches: set[str]) -> None:
    pol = _policies(f"ip prefix-list L seq 5 {entry}\n")
    tried = ["0.0.0.0/0", "10.70.0.0/16", "10.70.5.0/24", "10.70.5.128/25", "10.71.0.0/16"]
    assert {p for p in tried if pol.prefix_list("L", IPv4Network(p))} == matches


def test_prefix_list_first_match_and_implicit_deny() -> None:
    pol = _policies(
        "ip prefix-list L seq 10 permit 10.0.0.0/8 le 24\n"
        "ip prefix-list L seq 5 deny 10.9.0.0/16 le 32\n"  # lower sequence runs first
    )
    assert not pol.prefix_list("L", IPv4Network("10.9.1.0/24"))
    assert pol.prefix_list("L", IPv4Network("10.8.1.0/24"))
    assert not pol.prefix_list("L", IPv4Network("172.16.0.0/24"))  # no entry: denied


def test_route_map_sequences() -> None:
    pol = _policies(
        "ip prefix-list LAN seq 5 permit 10.0.0.0/8 le 24\n"
        "access-list 20 permit 192.168.0.0 0.0.255.255\n"
        "route-map M deny 10\n match tag 666\n"
        "route-map M permit 20\n match ip address prefix-list LAN\n set tag 7\n"
        " set local-preference 50\n"
        "route-map M permit 30\n match ip address 20\n set weight 100\n"
    )
    lan = IPv4Network("10.1.0.0/24")
    v = pol.route_map("M", lan)
    assert v is not None and v.permit and v.clause is not None
    assert (v.clause.seq, v.clause.set_tag, v.clause.set_local_pref) == (20, 7, 50)
    v = pol.route_map("M", lan, tag=666)
    assert v is not None and not v.permit and v.clause is not None and v.clause.seq == 10
    v = pol.route_map("M", IPv4Network("192.168.4.0/24"))
    assert v is not None and v.permit and v.clause is not None and v.clause.set_weight == 100
    v = pol.route_map("M", IPv4Network("172.16.0.0/16"))  # implicit deny
    assert v is not None and not v.permit and v.clause is None
    assert pol.route_map("UNDEFINED", lan) is None


def test_unread_match_never_denies() -> None:
    pol = _policies(
        "route-map M deny 10\n match community 100\nroute-map M permit 20\n"
        "route-map N permit 10\n match as-path 1\n"
    )
    net = IPv4Network("10.1.0.0/24")
    v, w = pol.route_map("M", net), pol.route_map("N", net)
    assert v is not None and v.permit and w is not None and w.permit


def _check(tmp_path: Path, edits: Edits) -> list[tuple[str, str, int]]:
    result = check_paths([str(edited_copy(FIXTURE, tmp_path, edits))])
    return sorted({(f.code, f.device, f.line or 0) for f in result.findings if f.code in HIGH})


FIXED = ("permit 10.70.0.0/16\n", "permit 10.70.0.0/16 le 24\n")


def test_fixed_prefix_list_is_silent(tmp_path: Path) -> None:
    assert _check(tmp_path, {"core": [FIXED]}) == []


def test_spoke_distribute_list_drops_the_tag(tmp_path: Path) -> None:
    # the kiosk refuses routes tagged 70 (the tag the hub sets on redistribution)
    spoke = [
        (
            " eigrp stub\n",
            " eigrp stub\n distribute-list route-map NO-DC in\n",
        ),
        ("end\n", "route-map NO-DC deny 10\n match tag 70\nroute-map NO-DC permit 20\nend\n"),
    ]
    # (one line added above the default route and the NTP server)
    assert _check(tmp_path, {"core": [FIXED], "kiosk3": spoke}) == [
        ("NET061", "kiosk3", 26),
        ("NET064", "kiosk3", 25),
    ]


def test_hub_distribute_list_out_on_the_tunnel(tmp_path: Path) -> None:
    hub = [
        FIXED,
        (
            " redistribute connected",
            " distribute-list 10 out Tunnel0\n redistribute connected",
        ),
        ("end\n", "access-list 10 deny 10.70.0.0 0.0.255.255\naccess-list 10 permit any\nend\n"),
    ]
    got = _check(tmp_path, {"core": hub})
    assert got == [("NET061", "kiosk3", 25), ("NET064", "kiosk3", 24)]


def test_bgp_inbound_route_map_per_prefix() -> None:
    spoke = BGP_SPOKE.replace("{extra}", "  neighbor 172.31.0.1 route-map FROM-H1 in\n") + (
        "ip prefix-list CORE seq 5 permit 10.0.99.0/24\n"
        "route-map FROM-H1 permit 10\n match ip address prefix-list CORE\n"
        " set local-preference 50\n"
        "route-map FROM-H1 permit 20\n"
    )
    configs = [
        parse_config(BGP_HUB.format(name="h1", wan="203.0.113.2", n=1, other=2), "h1.cfg"),
        parse_config(BGP_HUB.format(name="h2", wan="203.0.113.6", n=2, other=1), "h2.cfg"),
        parse_config(spoke, "s9.cfg"),
    ]
    rib = compute(configs).ribs["s9"]
    core = rib.lookup("", IPv4Address("10.0.99.50"))
    hq = rib.lookup("", IPv4Address("10.1.0.1"))
    # the core subnet comes from h2 (h1's copy is at local-preference 50); h1's own LAN keeps
    # local-preference 100 by sequence 20
    assert core is not None and core.via == "h2"
    assert hq is not None and hq.via == "h1"


def test_bgp_outbound_route_map_implicit_deny() -> None:
    hub = BGP_HUB.replace(
        "  neighbor SPOKES next-hop-self\n",
        "  neighbor SPOKES next-hop-self\n  neighbor SPOKES route-map TO-SPOKES out\n",
    ) + (
        "ip prefix-list HQ seq 5 permit 10.1.0.0/24\nroute-map TO-SPOKES permit 10\n"
        " match ip address prefix-list HQ\n"
    )
    configs = [
        parse_config(hub.format(name="h1", wan="203.0.113.2", n=1, other=2), "h1.cfg"),
        parse_config(BGP_SPOKE.replace("{extra}", ""), "s9.cfg"),
    ]
    rib = compute(configs).ribs["s9"]
    assert rib.lookup("", IPv4Address("10.1.0.1")) is not None
    # everything else from h1 meets the implicit deny
    assert rib.lookup("", IPv4Address("10.0.99.50")) is None
