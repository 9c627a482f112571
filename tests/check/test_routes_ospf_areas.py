"""OSPF areas in the routing model: per-interface area, intra- / inter-area routes through the
area border router, 'area range' with its discard route, stub and totally stubby areas, and
the DMVPN rule that the tunnel's area decides what the spokes learn."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "ospf-totally-stubby-breakout"


def _net(edits: dict[str, list[tuple[str, str]]] | None = None) -> Network:
    devices = []
    for f in sorted(FIXTURE.glob("*.cfg")):
        text = f.read_text()
        for old, new in (edits or {}).get(f.stem, []):
            assert old in text
            text = text.replace(old, new)
        devices.append(parse_config(text, f.name))
    return compute(devices)


def test_border_router_and_areas() -> None:
    net = _net()
    hub = net.instances[("hub", "ospf", 1, "")]
    assert hub.abr and hub.stubs == {"10": True}
    assert {n: s.area for n, s in hub.interfaces.items()} == {
        "GigabitEthernet0/1": "0",
        "Tunnel0": "10",
    }
    assert not net.instances[("s1", "ospf", 1, "")].abr


def test_totally_stubby_spokes_get_the_default_only() -> None:
    net = _net()
    table = net.tables[("s1", "ospf", 1, "")]
    learned = {(str(p), c.ospf, c.via) for p, c in table.items() if c.via is not None}
    assert learned == {
        ("0.0.0.0/0", "inter", "hub"),  # the hub's stub default
        ("172.16.2.0/24", "intra", "hub"),  # area 10 itself (s2's LAN, via the hub: p2mp)
    }
    assert not any(str(p).startswith("10.50.") for p in table)
    # the default in the routing table is the static one to the ISP (distance 1 beats 110)
    default = net.ribs["s1"].table("")[IPv4Network("0.0.0.0/0")]
    assert default.protocol == "static" and default.distance == 1


def test_stub_with_summaries_reaches_the_dc() -> None:
    net = _net({"hub": [("area 10 stub no-summary", "area 10 stub")]})
    route = net.ribs["s1"].lookup("", IPv4Address("10.50.0.20"))
    assert route is not None and route.protocol == "ospf" and route.via == "hub"
    assert str(route.prefix) == "10.50.0.0/24"


def test_range_summarises_into_the_backbone_with_a_discard_route() -> None:
    net = _net()
    dc = {str(r.prefix) for r in net.ribs["dc"].routes() if r.protocol == "ospf"}
    assert "172.16.0.0/16" in dc and "172.16.1.0/24" not in dc
    discard = net.ribs["hub"].table("")[IPv4Network("172.16.0.0/16")]
    assert (discard.interface, discard.why, discard.line) == ("Null0", "area 10 range", 25)
    # an address inside the range that no spoke has meets the hub's discard route
    assert net.ribs["hub"].lookup("", IPv4Address("172.16.9.1")) == discard


def test_not_advertise_range_installs_no_discard_route() -> None:
    # 'not-advertise' keeps the range and its components out of the backbone, and installs
    # no discard route: it guards an advertised summary (IOS 'discard-route'), and nothing
    # outside the area is told to send the range's traffic here (batfish/batfish pull
    # request 6724 models Cisco so; no Cisco document says it in words)
    hidden = "area 10 range 172.16.0.0 255.255.0.0 not-advertise"
    net = _net({"hub": [("area 10 range 172.16.0.0 255.255.0.0", hidden)]})
    dc = {str(r.prefix) for r in net.ribs["dc"].routes() if r.protocol == "ospf"}
    assert not any(p.startswith("172.16.") for p in dc)
    assert IPv4Network("172.16.0.0/16") not in net.ribs["hub"].table("")
    # an address in the range that no spoke has follows the hub's other routes
    route = net.ribs["hub"].lookup("", IPv4Address("172.16.9.1"))
    assert route is None or route.protocol != "ospf-summary"
    # the components themselves stay in the hub's table
    assert net.ribs["hub"].lookup("", IPv4Address("172.16.1.1")).protocol == "ospf"


def test_range_cost_sets_the_summary_cost() -> None:
    # 'area A range ... cost N': the summary at N in place of its best component's cost
    summary = IPv4Network("172.16.0.0/16")
    plain = _net().tables[("dc", "ospf", 1, "")][summary]
    costed = _net(
        {
            "hub": [
                (
                    "area 10 range 172.16.0.0 255.255.0.0",
                    "area 10 range 172.16.0.0 255.255.0.0 cost 40",
                )
            ]
        }
    ).tables[("dc", "ospf", 1, "")][summary]
    assert plain.metric > 1000  # the tunnel's cost inside the best component's
    link = plain.metric - _net().tables[("hub", "ospf", 1, "")][IPv4Network("172.16.1.0/24")].metric
    assert costed.metric == 40 + link


def test_passive_tunnel_is_net038_in_the_cloud() -> None:
    from dmvpngen.check.engine import check_devices

    devices = []
    for f in sorted(FIXTURE.glob("*.cfg")):
        text = f.read_text()
        if f.stem == "s1":
            text = text.replace(" passive-interface Gi0/1\n", " passive-interface default\n")
        devices.append(parse_config(text, f.name))
    (passive,) = [f for f in check_devices(devices).findings if f.code == "NET038"]
    assert passive.device == "s1" and "OSPF process 1 is passive on Tunnel0" in passive.message


def test_intra_area_beats_a_cheaper_inter_area_route() -> None:
    base = (
        "hostname {h}\ninterface Gi1\n ip address 10.9.{a}.{b} 255.255.255.0\n"
        " ip ospf cost {c}\ninterface Gi2\n ip address 10.9.{x}.{b} 255.255.255.0\n"
        "router ospf 1\n network 10.9.{a}.0 0.0.0.255 area {area}\n"
        " network 10.9.{x}.0 0.0.0.255 area {xarea}\n"
    )
    r1 = base.format(h="r1", a=1, b=1, c=1, x=2, area=0, xarea=5)  # ABR: LAN 10.9.2/24 in area 5
    r2 = base.format(h="r2", a=1, b=2, c=1, x=3, area=0, xarea=0)
    net = compute([parse_config(r1, "r1.cfg"), parse_config(r2, "r2.cfg")])
    got = net.ribs["r2"].table("")[IPv4Network("10.9.2.0/24")]
    assert got.via == "r1" and got.protocol == "ospf"
    assert net.tables[("r2", "ospf", 1, "")][IPv4Network("10.9.2.0/24")].ospf == "inter"


def test_area_mismatch_forms_no_adjacency() -> None:
    net = _net({"s2": [("ip ospf 1 area 10\n ip nhrp", "ip ospf 1 area 11\n ip nhrp")]})
    pairs = {(a.local[0], a.remote[0]) for a in net.adjacencies}
    assert ("s1", "hub") in pairs and ("s2", "hub") not in pairs


def test_check_reports_the_breakout() -> None:
    result = check_paths([str(FIXTURE)])
    (syslog,) = [f for f in result.findings if f.code == "NET061" and f.device == "s1"]
    assert syslog.message.startswith(
        "10.50.0.20 (syslog host) leaves s1 outside the overlay by 0.0.0.0/0 -> 198.51.100.5"
    )


def test_distribute_list_in_keeps_the_route_out_of_the_table_only() -> None:
    lists = (
        "ip prefix-list NOLAN seq 5 deny 172.16.2.0/24\n"
        "ip prefix-list NOLAN seq 10 permit 0.0.0.0/0 le 32\n"
    )
    net = _net(
        {
            "s1": [
                (" area 10 stub\n", " area 10 stub\n distribute-list prefix NOLAN in Tunnel0\n"),
                ("end\n", lists + "end\n"),
            ]
        }
    )
    route = net.ribs["s1"].lookup("", IPv4Address("172.16.2.1"))
    assert route is not None and route.protocol == "static"  # the ISP default, not OSPF
    # the OSPF table (the LSDB's result) still has it: OSPF filters the RIB, not the flooding
    assert IPv4Network("172.16.2.0/24") in net.tables[("s1", "ospf", 1, "")]


def _nssa(hub_area: str, s1_extra: str = "") -> Network:
    """The fixture with area 10 an NSSA, s1 redistributing a static segment behind it (type 7)
    and the DC redistributing one of its own (type 5)."""
    return _net(
        {
            "hub": [("area 10 stub no-summary", hub_area)],
            "s1": [
                ("area 10 stub", "area 10 nssa\n redistribute static subnets" + s1_extra),
                ("! local internet", "ip route 192.168.50.0 255.255.255.0 172.16.1.50\n!"),
            ],
            "s2": [("area 10 stub", "area 10 nssa")],
            "dc": [
                (
                    " passive-interface Gi0/1\n",
                    " passive-interface Gi0/1\n redistribute static subnets\n",
                ),
                ("end", "ip route 10.60.0.0 255.255.0.0 10.50.0.60\nend"),
            ],
        }
    )


def _learned(net: Network, router: str) -> set[tuple[str, str, str | None]]:
    table = net.tables[(router, "ospf", 1, "")]
    return {(str(p), c.ospf, c.via) for p, c in table.items() if c.via is not None}


def test_nssa_type7_translated_at_the_border_router() -> None:
    net = _nssa("area 10 nssa")
    # s2 (same NSSA) hears s1's segment as type 7; the DC hears the hub's type 5 translation
    assert ("192.168.50.0/24", "nssa", "hub") in _learned(net, "s2")
    assert ("192.168.50.0/24", "ext", "hub") in _learned(net, "dc")
    route = net.ribs["dc"].lookup("", IPv4Address("192.168.50.9"))
    assert route is not None and route.protocol == "ospf" and route.via == "hub"
    # the DC's type 5 stays out of the NSSA, and a plain NSSA gets no default from the hub
    spoke = _learned(net, "s2")
    assert not any(p == "10.60.0.0/16" for p, _k, _v in spoke)
    assert not any(p == "0.0.0.0/0" for p, _k, _v in spoke)
    assert ("10.50.0.0/24", "inter", "hub") in spoke  # inter-area routes still come in


def test_nssa_no_summary_and_default_originate() -> None:
    totally = _learned(_nssa("area 10 nssa no-summary"), "s2")
    assert ("0.0.0.0/0", "inter", "hub") in totally  # a type 3 default
    assert not any(k == "inter" and p != "0.0.0.0/0" for p, k, _v in totally)
    assert ("192.168.50.0/24", "nssa", "hub") in totally
    default = _learned(_nssa("area 10 nssa default-information-originate"), "s2")
    assert ("0.0.0.0/0", "nssa", "hub") in default  # a type 7 default
    assert ("10.50.0.0/24", "inter", "hub") in default


def test_area_filter_list_in_and_out() -> None:
    no_dc = "ip prefix-list NO-DC deny 10.50.0.0/24\nip prefix-list NO-DC permit 0.0.0.0/0 le 32\n"
    net = _net(
        {
            "hub": [
                ("area 10 stub no-summary", "area 10 stub\n area 10 filter-list prefix NO-DC in"),
                ("end", no_dc + "end"),
            ]
        }
    )
    spoke = _learned(net, "s1")
    assert ("10.0.0.0/30", "inter", "hub") in spoke
    assert not any(p == "10.50.0.0/24" for p, _k, _v in spoke)  # kept out of area 10
    assert ("10.50.0.0/24", "intra", "dc") in _learned(net, "hub")
    # 'out': what leaves area 10 (its range summary) is kept from the backbone
    no_sites = (
        "ip prefix-list NO-SITES deny 172.16.0.0/16\n"
        "ip prefix-list NO-SITES permit 0.0.0.0/0 le 32\n"
    )
    out = _net(
        {
            "hub": [
                (
                    "area 10 stub no-summary",
                    "area 10 stub no-summary\n area 10 filter-list prefix NO-SITES out",
                ),
                ("end", no_sites + "end"),
            ]
        }
    )
    assert not any(p.startswith("172.16.") for p, _k, _v in _learned(out, "dc"))
    assert any(p == "172.16.0.0/16" for p, _k, _v in _learned(_net(), "dc"))
