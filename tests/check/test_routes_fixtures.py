"""One hand-written network per routing fault class, with the exact findings check must raise
(code, router, line of the router's config that causes or asks for the flow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
ROUTING = {f"NET{n:03d}" for n in range(60, 70)}

EXPECTED: dict[str, list[tuple[str, str, int | None]]] = {
    # dr's aggregate swallows HQ's syslog and LAN; hq's swallows the DR LAN (no iBGP between
    # the hubs)
    "bgp-aggregate-no-ibgp": [
        ("NET060", "dr", 32),
        ("NET063", "dr", 25),
        ("NET063", "hq", 25),
    ],
    # the CRL sits on the hub LAN, reached only through the protected tunnel
    "crl-through-tunnel": [("NET067", "kiosk", 6)],
    # one network-id on two regional tunnels keyed 1 and 2
    # ... and with the central hub down, each region's spoke sends the other's LAN to its ISP
    "cross-cloud-keys": [
        ("NET065", "north1", 16),
        ("NET065", "south1", 16),
        ("NET069", "north1", 23),
        ("NET069", "south1", 23),
    ],
    # with the hub down, shop2's default route takes shop1's LAN to the ISP; shop1 pins 10/8
    # to Null0 at distance 254 and fails closed
    "fail-open-default": [("NET069", "shop2", 23)],
    # both hubs summarise 10/8 at equal cost: br5 and br6 load-share over them, and the path
    # via west meets a leftover static to Null0 for the server VLAN that moved to east
    "ecmp-branch-blackhole": [("NET060", "br5", 26), ("NET063", "west", 29)],
    # s1 prefers dc (Tunnel1, lower delay); with dc down it load-shares over b1 and b2, and
    # the path via b2 meets a leftover static to Null0 for the server subnet
    "failover-ecmp-blackhole": [("NET063", "b2", 25), ("NET068", "dc", None)],
    # both hubs reflect the DC aggregate to the branches over iBGP between loopbacks; the
    # branches reach hub-west's loopback over the primary cloud at the lower EIGRP metric, so
    # they take its path (not hub-east's, whose router id and address are lower), and
    # hub-west's aggregate discard route swallows the syslog host on hub-east's OOB subnet
    "bgp-nexthop-igp-metric": [
        ("NET060", "br1", 54),
        ("NET060", "br2", 54),
        ("NET063", "hub-west", 40),
    ],
    # two head-ends border the DMVPN's NSSA; he2 has the higher router id, so it alone
    # translates hull's partner route (RFC 3101 section 3.1), keeping hull's loopback as
    # forwarding address, which both hide from the backbone: the DC has no route to the
    # partner's log collector (he1's 'suppress-fa' would have made it reachable)
    "ospf-nssa-translator": [("NET061", "core", 18), ("NET064", "core", None)],
    # shop3's fibre tunnel is sourced by the fibre WAN's address: with the fibre down it goes
    # too, and the LTE cloud brings only the hub's summary default, which the floating
    # static default via LTE (distance 10) beats: the DC traffic leaves in clear
    "tunnel-source-address-failover": [("NET068", "shop3", 3), ("NET069", "shop3", 42)],
    # IPv6: edge redistributes the partner prefix into OSPFv3 with its next hop on the DC edge
    # LAN as forwarding address; the hub reaches that address through core2 (1 + 60), not
    # through edge (50 + 20), and core2 still pins the partner prefix to Null0
    "v6-ospfv3-fa-path": [("NET063", "core2", 22)],
    # IPv6: two regional hubs summarise their branches with the same OSPFv3 'area A range'
    # (hub2's traditional 'ipv6 router ospf' copied from hub1's 'router ospfv3'); each ignores
    # the other's summary of its own range, so each discard route swallows the other region's
    # LAN and the branches have no route to each other
    "v6-ospfv3-range-overlap": [
        ("NET063", "hub1", 34),
        ("NET063", "hub2", 30),
        ("NET064", "br41", None),
        ("NET064", "br52", None),
    ],
    # the DC's syslog range is a secondary subnet of its server LAN that no EIGRP network
    # statement covers: never advertised, the kiosks send their syslog to the ISP (and fail
    # open with the hub down)
    # (the secondary subnet is a LAN flow destination too: the kiosks' traffic to it leaves
    # by the ISP, NET064)
    "secondary-subnet-not-advertised": [
        ("NET061", "kiosk5", 25),
        ("NET061", "kiosk6", 25),
        ("NET064", "kiosk5", 24),
        ("NET069", "kiosk5", 24),
        ("NET069", "kiosk6", 24),
    ],
    # br52 marks its LAN with a community but never sends it (no 'send-community'): the
    # hub's inbound map takes only marked routes, so br52's LAN is lost to the hub and br51
    "bgp-community-not-sent": [("NET063", "br51", 31), ("NET064", "hub", 35)],
    # dc2's own summary swallows its NTP server in DC1; each DC drops the other's LAN
    "eigrp-summary-blackhole": [
        ("NET060", "dc2", 33),
        ("NET063", "dc1", 17),
        ("NET063", "dc2", 17),
    ],
    # the tunnel's area is totally stubby: the spokes get only the hub's default (distance
    # 110), which their static default to the ISP (distance 1) beats: DC traffic leaves by
    # the ISP; with the hub down the spokes' LANs do too
    "ospf-totally-stubby-breakout": [
        ("NET061", "s1", 27),
        ("NET061", "s2", 27),
        ("NET064", "s1", 26),
        ("NET069", "s1", 26),
        ("NET069", "s2", 26),
    ],
    # 'permit 10.70.0.0/16' matches the /16 alone: the DC server subnet (a /24) is never
    # redistributed, and the kiosk sends its NTP and DC traffic to the ISP
    "redistribute-prefix-list-exact": [("NET061", "kiosk3", 25), ("NET064", "kiosk3", 24)],
    # the spoke logs from Loopback0, which it never advertises: the hub answers by its default
    # route to the internet
    "reply-cannot-return": [("NET062", "store40", 30)],
    # IPv6 (the IPv4 routes of these are clean): the hubs summarise 2001:db8::/32 to the
    # spokes and their interconnect carries no IPv6, so each hub's discard route swallows the
    # other's LAN (the spokes' path via dc2 too)
    "v6-eigrp-summary-blackhole": [("NET063", "dc1", 46), ("NET063", "dc2", 46)],
    # MP-BGP: the hubs' iBGP session is IPv4 only, so each IPv6 aggregate swallows the other
    # hub's LAN
    "v6-bgp-aggregate-no-ibgp": [("NET063", "hub1", 46), ("NET063", "hub2", 46)],
    # the IPv6 address family lacks 'no next-hop-self': NET015, no flow lost (test_routes_ipv6)
    "v6-phase2-next-hop-self": [],
    # wan1 redistributes OSPF into EIGRP without a metric (NET095): the DC prefixes never
    # reach the shop, which sends its NTP and DC traffic to the ISP
    "eigrp-redistribute-no-metric": [
        ("NET061", "shop9", 26),
        ("NET064", "shop9", 25),
    ],
    # br71's inbound map is spelt HUB_IN, the defined one HUB-IN (NET096): BGP takes nothing
    # from the hub, so br71 sends the HQ syslog and every other LAN to the ISP
    "bgp-undefined-route-map": [
        ("NET061", "br71", 30),
        ("NET064", "br71", 29),
    ],
    # IPv4 and IPv6 BGP both in the inside VRF CORP ('address-family ipv6 vrf CORP'): clean
    # (test_routes_ipv6_matrix), a regression guard for the IPv6 VRF family once unread
    "v6-inside-vrf-bgp": [],
    # named EIGRP's 'address-family ipv6 unicast vrf CORP': br22 shuts its LAN out of the
    # IPv6 family (meant 'passive-interface'), so the hub's IPv6 summary drops br21's
    # traffic to it (the IPv4 family is clean)
    "v6-inside-vrf-eigrp": [("NET063", "hub", 51)],
    # the hub originates the DC block into BGP by a static to Null0 and 'redistribute
    # static': clean (the branches reach the DC's NTP server through it)
    "null0-summary-into-bgp": [],
    # s1 redistributes its static to the MSP's collectors into NSSA 20; the type 7 carries
    # s1's Loopback0 as forwarding address, which the hub's 'area 20 range ... not-advertise'
    # hides from the backbone: dc holds the translated type 5 and no usable route (the fix,
    # 'translate type7 suppress-fa', is in test_routes_ospf_fa_path)
    "ospf-nssa-fa-hidden": [("NET061", "dc", 17), ("NET064", "dc", None)],
    # hub-west kept its static to Null0 for the server VLAN that moved to the core: it enters
    # eBGP with MED 0, hub-east's OSPF route with its cost (2) as MED, so shop21 takes
    # hub-west's path into the discard route (test_routes_bgp_igp_med)
    "bgp-med-leftover-static": [("NET060", "shop21", 37), ("NET063", "hub-west", 37)],
    # br61's shop LAN got an overflow secondary subnet for the new tills, which no OSPF network
    # statement covers: the DC and br62 have no route back to the tills, and their floating
    # 10/8 discard routes drop the traffic (routes.lansecondary)
    "secondary-overflow-subnet": [("NET063", "br62", 26), ("NET063", "hub", 26)],
    # a forgotten static to Null0 covers the syslog server's subnet
    "static-null0-service": [("NET060", "store12", 26), ("NET063", "store12", 25)],
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_fixture_findings(case: str) -> None:
    result = check_paths([str(FIXTURES / case)])
    got = sorted({(f.code, f.device, f.line) for f in result.findings if f.code in ROUTING})
    assert got == EXPECTED[case]


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_summary_finding_names_the_route_and_the_fix() -> None:
    result = check_paths([str(FIXTURES / "eigrp-summary-blackhole")])
    (ntp,) = [f for f in result.findings if f.code == "NET060"]
    assert ntp.message.startswith(
        "10.10.0.5 (ntp server) matches 10.0.0.0/8 -> Null0, summary on Tunnel20 (fix: dc2 "
        "must learn 10.10.0.5 more specifically than its summary"
    )


def test_fail_open_names_the_default_route_and_the_pin() -> None:
    result = check_paths([str(FIXTURES / "fail-open-default")])
    (leak,) = [f for f in result.findings if f.code == "NET069"]
    assert leak.message.startswith(
        "with hub dc down, 1 overlay flow(s) leave the VPN at shop2 by 0.0.0.0/0 -> "
        "198.51.100.25, ip route, in clear toward the ISP: shop2 -> shop1/GigabitEthernet0/1"
    )
    assert "'ip route 10.0.0.0 255.0.0.0 Null0 254'" in leak.message
    (case,) = [c for c in result.routing["failover"] if c["down"] == "hub dc"]
    assert case["leaks"] == 1


def test_static_null0_names_the_static() -> None:
    result = check_paths([str(FIXTURES / "static-null0-service")])
    (hit,) = [f for f in result.findings if f.code == "NET060"]
    assert "10.1.5.0/24 -> Null0, ip route" in hit.message
    # the hub has the subnet on its LAN: the static hides it, and removing it is the fix
    assert hit.message.endswith("(fix: remove or narrow the discard route on store12)")


def test_bgp_backup_local_preference_keeps_the_primary_hub() -> None:
    from ipaddress import IPv4Address

    from dmvpngen.parse.dmvpn import parse_file
    from dmvpngen.routes import compute

    case = FIXTURES / "bgp-aggregate-no-ibgp"
    net = compute([parse_file(p) for p in sorted(case.glob("*.cfg"))])
    route = net.ribs["shop7"].lookup("", IPv4Address("10.2.0.1"))
    # DR's routes come in with local-preference 50 (route-map DR-BACKUP): HQ's aggregate wins,
    # and HQ drops the DR LAN at its discard route (the NET063 above)
    assert route is not None and route.via == "hq" and route.protocol == "ibgp"
    assert str(route.prefix) == "10.0.0.0/8"
    hq = net.ribs["hq"].lookup("", IPv4Address("10.2.0.1"))
    assert hq is not None and hq.discard and hq.why == "aggregate-address summary-only"


def test_reply_names_the_source_interface() -> None:
    result = check_paths([str(FIXTURES / "reply-cannot-return")])
    (hit,) = [f for f in result.findings if f.code == "NET062"]
    assert "reply to 10.0.0.40 (store40 Loopback0) leaves hub outside the overlay" in hit.message
