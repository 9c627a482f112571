"""IPv6 routes: the routing model on each dual-stack router's IPv6 view (EIGRP named mode's
IPv6 address family, OSPFv3, MP-BGP, IPv6 statics), with findings that name the family."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_views
from dmvpngen.routes.trace import trace_paths

from .edited import edited_copy

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"


def _medium(result: object) -> list[tuple[str, str, int | None]]:
    findings = result.findings  # type: ignore[attr-defined]
    rank = {"critical", "high", "medium"}
    return sorted({(f.code, f.device, f.line) for f in findings if f.severity in rank})


def _net(folder: Path):  # type: ignore[no-untyped-def]
    return compute(ipv6_views([parse_file(p) for p in sorted(folder.glob("*.cfg"))]))


def test_eigrp_named_ipv6_family_ribs() -> None:
    net = _net(GOLDEN / "phase3-dual-stack-eigrp")
    rib = net.ribs["branch-01"]
    route = rib.lookup("", IPv6Address("2001:db8:2::10"))
    assert route is not None and route.describe().startswith("2001:db8::/32 -> 2001:db8:ffff::")
    assert [r.via for r in rib.paths("", route)] == ["dc-hub2", "hq-hub1"]
    hub = net.ribs["hq-hub1"].lookup("", IPv6Address("2001:db8:11::5"))
    assert hub is not None and hub.why == "EIGRP 100 from branch-01"
    discard = net.ribs["hq-hub1"].lookup("", IPv6Address("2001:db8:99::1"))
    assert discard is not None and discard.describe() == (
        "2001:db8::/32 -> Null0, summary on Tunnel100"
    )


def test_ospfv3_and_mp_bgp_ribs() -> None:
    ospf = _net(GOLDEN / "phase2-dual-stack-ospfv3").ribs["spoke-a"]
    far = ospf.lookup("", IPv6Address("fd00:10:12::1"))
    # OSPFv3 broadcast on the phase 2 tunnel keeps the far spoke as next hop
    assert far is not None and far.protocol == "ospf" and far.origin == "spoke-b"
    assert far.via == "hub" and str(far.next_hop) == "fd00:172:16::12"
    bgp = _net(GOLDEN / "phase3-dual-stack-ibgp")
    spoke = bgp.ribs["branch-01"].lookup("", IPv6Address("2001:db8:1::1"))
    assert spoke is not None and (spoke.protocol, str(spoke.prefix)) == ("ibgp", "2001:db8::/32")
    hub = bgp.ribs["hq-hub1"].lookup("", IPv6Address("2001:db8:2::1"))
    assert hub is not None and hub.via == "dc-hub2"  # the hubs' IPv6 session, unsuppressed


def test_dual_stack_examples_trace_every_ipv6_lan() -> None:
    for name in ("phase3-dual-stack-eigrp", "phase2-dual-stack-ospfv3", "phase3-dual-stack-ibgp"):
        result = check_paths([str(GOLDEN / name)])
        six = result.routing["ipv6"]
        assert set(six["lan_flows"]) == {"delivered"}, name
        assert not [f for f in result.findings if "IPv6 " in f.message], name


def test_ipv4_only_report_has_no_ipv6_section() -> None:
    result = check_paths([str(FIXTURES / "ecmp-branch-blackhole")])
    assert "ipv6" not in result.routing


def test_summary_blackhole_names_the_family_and_path() -> None:
    result = check_paths([str(FIXTURES / "v6-eigrp-summary-blackhole")])
    messages = sorted(f.message for f in result.findings if f.code == "NET063")
    assert messages[2].startswith(
        "IPv6 2001:db8:2::1 (dc2 GigabitEthernet2) from br21, br22, dc1 matches "
        "2001:db8::/32 -> Null0, summary on Tunnel1 on dc1"
    )
    assert messages[0].startswith(
        "IPv6 2001:db8:1::1 (dc1 GigabitEthernet2) from br21, br22 on the equal-cost path via "
        "dc2 (one of 2 paths) matches 2001:db8::/32 -> Null0, summary on Tunnel1 on dc2"
    )
    assert result.routing["lan_flows"] == {"delivered": 18}  # IPv4: clean


def test_ipv6_interconnect_clears_the_blackhole(tmp_path: Path) -> None:
    edit = {
        f"dc{n}": [
            (" ip address 10.0.12.", f" ipv6 address 2001:DB8:12::{n}/64\n ip address 10.0.12.")
        ]
        for n in (1, 2)
    }
    result = check_paths(
        [str(edited_copy(FIXTURES / "v6-eigrp-summary-blackhole", tmp_path, edit))]
    )
    assert _medium(result) == []
    # the interconnect is a LAN of its own now: 3 more destinations
    assert result.routing["ipv6"]["lan_flows"] == {"delivered": 18}


def test_mp_bgp_session_needs_activate(tmp_path: Path) -> None:
    base = FIXTURES / "v6-bgp-aggregate-no-ibgp"
    session = {
        f"hub{n}": [
            (
                " neighbor SPOKES6 remote-as 65000\n",
                " neighbor SPOKES6 remote-as 65000\n"
                f" neighbor 2001:DB8:FFFF::{3 - n} remote-as 65000\n",
            ),
        ]
        for n in (1, 2)
    }
    # defined but not activated for IPv6: still IPv4 only, the aggregates still swallow
    (tmp_path / "a").mkdir()
    result = check_paths([str(edited_copy(base, tmp_path / "a", session))])
    assert _medium(result) == [("NET063", "hub1", 47), ("NET063", "hub2", 47)]
    activated = {
        k: [
            *v,
            (
                "  neighbor SPOKES6 activate\n",
                "  neighbor SPOKES6 activate\n"
                f"  neighbor 2001:DB8:FFFF::{3 - int(k[-1])} activate\n"
                f"  neighbor 2001:DB8:FFFF::{3 - int(k[-1])} unsuppress-map ALL\n",
            ),
        ]
        for k, v in session.items()
    }
    (tmp_path / "b").mkdir()
    result = check_paths([str(edited_copy(base, tmp_path / "b", activated))])
    assert _medium(result) == []


def test_phase2_next_hop_self_in_the_ipv6_family() -> None:
    result = check_paths([str(FIXTURES / "v6-phase2-next-hop-self")])
    assert _medium(result) == [("NET015", "hub", 40)]
    (f,) = [f for f in result.findings if f.code == "NET015"]
    assert f.message == (
        "phase 2 cloud dmvpn1: IPv6 hub sets itself as next hop (missing 'no next-hop-self'); "
        "spoke-to-spoke traffic hairpins through hub"
    )
    net = _net(FIXTURES / "v6-phase2-next-hop-self")
    (path,) = trace_paths(net, "br31", "", IPv6Address("2001:db8:32::1"))
    assert [h.next_router for h in path.hops] == ["hub", "br32"]


def test_ipv6_static_route() -> None:
    cfg = (
        "hostname r1\nipv6 unicast-routing\n"
        "interface Gi1\n ipv6 address 2001:DB8:A::1/64\n"
        "interface Gi2\n ipv6 address 2001:DB8:B::1/64\n"
        "ipv6 route 2001:DB8:100::/48 2001:DB8:A::9\n"
        "ipv6 route 2001:DB8:100::/48 2001:DB8:B::9\n"
        "ipv6 route 2001:DB8:200::/48 Null0\n"
        "ipv6 route ::/0 2001:DB8:A::1 250\n"
    )
    net = compute(ipv6_views([parse_config(cfg, "r1.cfg")]))
    rib = net.ribs["r1"]
    hit = rib.lookup("", IPv6Address("2001:db8:100:5::1"))
    assert hit is not None and [str(r.next_hop) for r in rib.paths("", hit)] == [
        "2001:db8:a::9",
        "2001:db8:b::9",
    ]
    null = rib.lookup("", IPv6Address("2001:db8:200::1"))
    assert null is not None and null.discard and null.line == 9
    assert null.why == "ipv6 route"
    default = rib.lookup("", IPv6Address("2001:db8:300::1"))
    assert default is not None and (default.distance, str(default.prefix)) == (250, "::/0")


def test_af_interface_shutdown_takes_the_tunnel_out(tmp_path: Path) -> None:
    # dc1's IPv6 family shut on the tunnel: the spokes hear the IPv6 summary from dc2 only,
    # while the IPv4 family still load-shares over both hubs
    old = "   summary-address 2001:DB8::/32\n"
    edit = {"dc1": [(old, old + "   shutdown\n")]}
    folder = edited_copy(FIXTURES / "v6-eigrp-summary-blackhole", tmp_path, edit)
    rib = _net(folder).ribs["br21"]
    route = rib.lookup("", IPv6Address("2001:db8:1::1"))
    assert route is not None and [r.via for r in rib.paths("", route)] == ["dc2"]
    v4 = compute([parse_file(p) for p in sorted(folder.glob("*.cfg"))]).ribs["br21"]
    summary = v4.lookup("", IPv4Address("10.1.0.1"))
    assert summary is not None and [r.via for r in v4.paths("", summary)] == ["dc1", "dc2"]


def _pair(proto: str) -> list[object]:
    """Two routers on a shared segment running a traditional IPv6 process (configured per
    interface, no network statement)."""
    out = []
    for n in (1, 2):
        line = {"ospf": " ipv6 ospf 6 area 0\n", "eigrp": " ipv6 eigrp 10\n"}[proto]
        process = {
            "ospf": "ipv6 router ospf 6\n",
            "eigrp": "ipv6 router eigrp 10\n no shutdown\n eigrp stub connected\n",
        }[proto]
        cfg = (
            f"hostname r{n}\nipv6 unicast-routing\n"
            f"interface Gi1\n ipv6 address 2001:DB8:12::{n}/64\n{line}"
            f"interface Gi2\n ipv6 address 2001:DB8:{n}::1/64\n{line}"
            f"interface Gi3\n ipv6 address 2001:DB8:{n}{n}::1/64\n"  # not in the process
            f"{process}"
        )
        out.append(parse_config(cfg, f"r{n}.cfg"))
    return out


def test_traditional_ospf_and_eigrp_processes() -> None:
    for proto, label in (("ospf", "OSPF 6"), ("eigrp", "EIGRP 10")):
        rib = compute(ipv6_views(_pair(proto))).ribs["r1"]  # type: ignore[arg-type]
        learned = rib.lookup("", IPv6Address("2001:db8:2::5"))
        assert learned is not None and learned.why == f"{label} from r2", proto
        assert str(learned.next_hop) == "2001:db8:12::2"
        assert rib.lookup("", IPv6Address("2001:db8:22::5")) is None, proto


def test_hubs_mapped_by_ipv6_nhrp_peer_over_the_tunnel(tmp_path: Path) -> None:
    # the hubs map each other for IPv6 only: they become EIGRP neighbours over the tunnel,
    # but each sends the other only its summary there, which loses to the receiver's own
    # discard route (distance 5): the blackhole stays, as on the routers
    edit = {
        f"dc{n}": [
            (
                " ipv6 nhrp map multicast dynamic\n",
                " ipv6 nhrp map multicast dynamic\n"
                f" ipv6 nhrp map 2001:DB8:FFFF::{3 - n}/128 203.0.113.{6 if n == 1 else 2}\n",
            )
        ]
        for n in (1, 2)
    }
    folder = edited_copy(FIXTURES / "v6-eigrp-summary-blackhole", tmp_path, edit)
    net = _net(folder)
    heard = net.tables[("dc1", "eigrp", 10, "")]
    assert {(str(p), c.via) for p, c in heard.items() if c.via == "dc2"} == {
        ("2001:db8::/32", "dc2")
    }
    result = check_paths([str(folder)])
    assert _medium(result) == [("NET063", "dc1", 47), ("NET063", "dc2", 47)]


def test_ipv6_service_address_on_the_dropping_path(tmp_path: Path) -> None:
    # br21 sends NTP and syslog to servers on dc2's LAN by their IPv6 addresses: the installed
    # path (via dc1, first by name of the two equal-cost ones) meets dc1's summary discard
    servers = "ntp server 2001:DB8:2::10\nlogging host ipv6 2001:DB8:2::20\n"
    edit = {"br21": [("end", servers + "end")]}
    folder = edited_copy(FIXTURES / "v6-eigrp-summary-blackhole", tmp_path, edit)
    result = check_paths([str(folder)])
    got = sorted((f.code, f.device, f.line) for f in result.findings if f.code == "NET060")
    assert got == [("NET060", "br21", 45), ("NET060", "br21", 46)]
    ntp = next(f for f in result.findings if f.code == "NET060" and f.line == 45)
    assert ntp.message.startswith(
        "IPv6 2001:db8:2::10 (ntp server) matches 2001:db8::/32 -> Null0, summary on Tunnel1 on dc1"
    )
    # the IPv4 service facts do not take the IPv6 addresses
    from dmvpngen.parse.routefacts import route_facts

    br21 = parse_file(folder / "br21.cfg")
    assert not route_facts(br21).services
