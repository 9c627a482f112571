"""Between iBGP paths equal up to eBGP over iBGP, each router takes the one whose next hop it
reaches at the lower IGP metric, then the lowest router id (a reflected path's originator id),
the shortest cluster list, the lowest neighbour address (Cisco document 13753, "BGP Best Path
Selection Algorithm"; RFC 4456 section 9). The fixture bgp-nexthop-igp-metric: two hubs, one
per cloud, reflect the DC aggregate to branches that peer with the hubs' loopbacks; the
primary cloud's lower tunnel delay makes hub-west's loopback the nearer next hop."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "bgp-nexthop-igp-metric"
SYSLOG = IPv4Address("10.50.99.10")


Edit = list[tuple[str, str, str]]  # (router, text, replacement)
SAME_DELAY: Edit = [(b, "delay 2000", "delay 1000") for b in ("br1", "br2")]


def _devices(edit: Edit | None = None) -> list:  # type: ignore[type-arg]
    out = []
    for path in sorted(FIXTURE.glob("*.cfg")):
        text = path.read_text()
        for name, old, new in edit or []:
            if path.stem == name:
                assert old in text
                text = text.replace(old, new)
        out.append(parse_config(text, path.name))
    return out


def test_lower_igp_metric_to_the_next_hop_wins() -> None:
    net = compute(_devices())
    route = net.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and (route.via, str(route.next_hop)) == ("hub-west", "10.255.0.2")
    assert route.decided == (
        "over the iBGP path from hub-east: lower IGP metric to next hop 10.255.0.2 (25984000)"
        " than to 10.255.0.1 (26240000)"
    )
    assert route.decided in route.describe()


def test_flow_finding_names_the_hub_taken_and_why() -> None:
    found = [f for f in check_devices(_devices()).findings if f.device == "br1"]
    assert [f.code for f in found] == ["NET060"]
    assert "(at br1 the path via hub-west was taken over the iBGP path from hub-east: lower " in (
        found[0].message
    )


def test_equal_metrics_fall_to_the_lowest_router_id() -> None:
    # both clouds at one delay: hub-east's router id (Loopback0 10.255.0.1) is the lower
    net = compute(_devices(SAME_DELAY))
    route = net.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and route.via == "hub-east"
    assert route.decided.endswith(
        "equal IGP metric to both next hops (25984000), lower router id 10.255.0.1 than "
        "hub-west's 10.255.0.2"
    )
    # and the syslog host on hub-east's OOB subnet is reached
    assert not [f for f in check_devices(_devices(SAME_DELAY)).findings if f.code == "NET060"]


def test_bgp_router_id_overrides_the_loopback() -> None:
    rid = ("hub-east", " bgp listen range", " bgp router-id 10.255.0.9\n bgp listen range")
    net = compute(_devices([*SAME_DELAY, rid]))
    route = net.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and route.via == "hub-west"


def test_failover_says_which_hub_takes_over() -> None:
    routing = check_devices(_devices()).routing
    assert routing is not None
    cases = {c["down"]: c for c in routing["failover"]}
    # with hub-west down the branches take hub-east's path, and the syslog host is reached
    assert cases["hub hub-west"]["lost"] == 0
    assert cases["hub hub-west"]["takes_over"] == {"hub-east": 7}
    assert cases["hub hub-east"]["takes_over"] == {"hub-west": 2}


def test_multipath_ibgp_needs_equal_igp_metrics() -> None:
    two = ("br1", "address-family ipv4\n", "address-family ipv4\n  maximum-paths ibgp 2\n")
    unequal = compute(_devices([two]))
    route = unequal.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and len(unequal.ribs["br1"].paths("", route)) == 1
    equal = compute(_devices([two, *SAME_DELAY]))
    route = equal.ribs["br1"].lookup("", SYSLOG)
    assert route is not None
    assert {p.via for p in equal.ribs["br1"].paths("", route)} == {"hub-east", "hub-west"}
