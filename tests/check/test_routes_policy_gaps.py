"""Route policy the model reads since it stopped guessing: EIGRP redistribution without a
metric (NET095), route maps named but not defined (NET096), per attachment point."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_file
from dmvpngen.routes import compute

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"


def _codes(case: str, codes: set[str]) -> list[tuple[str, str, int | None]]:
    result = check_paths([str(FIXTURES / case)])
    return sorted((f.code, f.device, f.line) for f in result.findings if f.code in codes)


def _edited(tmp_path: Path, case: str, name: str, old: str, new: str) -> Path:
    """A copy of fixture ``case`` with ``old`` replaced by ``new`` in ``name``.cfg."""
    out = tmp_path / case
    out.mkdir(parents=True)
    for src in (FIXTURES / case).glob("*.cfg"):
        text = src.read_text()
        if src.stem == name:
            assert old in text
            text = text.replace(old, new)
        (out / src.name).write_text(text)
    return out


def test_redistribution_without_metric_is_reported_at_its_line() -> None:
    assert _codes("eigrp-redistribute-no-metric", {"NET095"}) == [("NET095", "wan1", 23)]


def test_redistribution_without_metric_advertises_nothing() -> None:
    case = FIXTURES / "eigrp-redistribute-no-metric"
    net = compute([parse_file(p) for p in sorted(case.glob("*.cfg"))])
    # the DC server subnet is in wan1's table (OSPF) but never reaches the shop over EIGRP
    assert net.ribs["wan1"].lookup("", IPv4Address("10.60.1.5")) is not None
    shop = net.ribs["shop9"].lookup("", IPv4Address("10.60.1.5"))
    assert shop is not None and shop.prefix.prefixlen == 0


def test_unreachable_lan_is_named_with_its_interface() -> None:
    """The LAN in a flow finding reads as the router and its interface name, slash kept."""
    result = check_paths([str(FIXTURES / "eigrp-redistribute-no-metric")])
    messages = [f.message for f in result.findings if f.code == "NET064"]
    assert any("(wan1 GigabitEthernet0/2)" in m for m in messages), messages


def test_metric_on_the_line_or_default_metric_fixes_it(tmp_path: Path) -> None:
    for n, fix in enumerate(
        (
            " redistribute ospf 10 metric 100000 100 255 1 1500",
            " default-metric 100000 100 255 1 1500\n redistribute ospf 10",
        )
    ):
        case = _edited(
            tmp_path / str(n),
            "eigrp-redistribute-no-metric",
            "wan1",
            " redistribute ospf 10\n",
            fix + "\n",
        )
        result = check_paths([str(case)])
        # left: NET069, the shop's default route once the only hub is down (no floating
        # discard route), which has nothing to do with the metric
        bad = {f.code for f in result.findings if f.severity in {"medium", "high", "critical"}}
        assert bad == {"NET069"}, fix


def test_route_map_set_metric_gives_a_seed(tmp_path: Path) -> None:
    case = _edited(
        tmp_path,
        "eigrp-redistribute-no-metric",
        "wan1",
        " redistribute ospf 10\n",
        " redistribute ospf 10 route-map DC\n!\n"
        "route-map DC permit 10\n set metric 10000 10 255 1 1500\n",
    )
    result = check_paths([str(case)])
    assert not [f for f in result.findings if f.code in {"NET095", "NET061", "NET064"}]


def test_undefined_neighbour_map_denies_everything() -> None:
    assert _codes("bgp-undefined-route-map", {"NET096"}) == [("NET096", "br71", 21)]
    case = FIXTURES / "bgp-undefined-route-map"
    net = compute([parse_file(p) for p in sorted(case.glob("*.cfg"))])
    # br71 hears nothing from the hub; br72, whose map is defined, hears the HQ LAN
    assert net.ribs["br71"].lookup("", IPv4Address("10.0.8.25")).prefix.prefixlen == 0  # type: ignore[union-attr]
    hq = net.ribs["br72"].lookup("", IPv4Address("10.0.8.25"))
    assert hq is not None and hq.protocol == "ibgp"


def test_undefined_map_finding_per_attachment_point(tmp_path: Path) -> None:
    """Every attachment point is named, with what IOS does there or that no source settles it."""
    case = _edited(
        tmp_path,
        "eigrp-redistribute-no-metric",
        "wan1",
        " redistribute eigrp 100 subnets\n",
        " redistribute eigrp 100 subnets route-map NO-SUCH-1\n"
        " distribute-list route-map NO-SUCH-2 in\n"
        " default-information originate route-map NO-SUCH-3\n",
    )
    text = (case / "wan1.cfg").read_text()
    text = text.replace(
        " description uplink to dccore\n",
        " description uplink to dccore\n ip policy route-map NO-SUCH-4\n",
    )
    (case / "wan1.cfg").write_text(text)
    result = check_paths([str(case)])
    got = {f.message.split(" is not defined")[0]: f for f in result.findings if f.code == "NET096"}
    assert sorted(got) == [
        "route map NO-SUCH-1 (redistribute)",
        "route map NO-SUCH-2 (distribute-list)",
        "route map NO-SUCH-3 (default-information)",
        "route map NO-SUCH-4 (policy)",
    ]
    assert "no Cisco document settles" in got["route map NO-SUCH-1 (redistribute)"].message
    assert got["route map NO-SUCH-4 (policy)"].line == 9
    assert all(f.device == "wan1" and f.severity == "medium" for f in got.values())


def test_every_attachment_point_is_named() -> None:
    """The references a config makes, with their attachment point and line."""
    from dmvpngen.parse.dmvpn import parse_config
    from dmvpngen.parse.routefacts import route_facts

    text = """hostname r
interface Gi1
 ip address 10.0.0.1 255.255.255.0
 ip policy route-map PBR
 ip summary-address eigrp 1 10.0.0.0 255.0.0.0 leak-map LEAK
router bgp 65000
 table-map TABLE
 neighbor 10.0.0.2 remote-as 65001
 neighbor 10.0.0.2 route-map IN in
 neighbor 10.0.0.2 route-map OUT out
 neighbor 10.0.0.2 unsuppress-map UNSUP
 neighbor 10.0.0.2 default-originate route-map DEFAULT
route-map IN permit 10
"""
    refs = route_facts(parse_config(text, "r.cfg")).map_refs
    assert refs == [
        ("policy", "PBR", 4),
        ("leak-map", "LEAK", 5),
        ("table-map", "TABLE", 7),
        ("neighbor in", "IN", 9),
        ("neighbor out", "OUT", 10),
        ("unsuppress-map", "UNSUP", 11),
        ("default-originate", "DEFAULT", 12),
    ]
