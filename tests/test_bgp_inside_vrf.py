"""BGP in the inside VRF: hubs take each spoke as a static neighbour in 'address-family ipv4
vrf', iBGP (hubs as reflectors) and eBGP (shared or per-spoke AS), phases 1 to 3; every variant
through the real loader, templates, parser, routing model, check and import.

Inventories are the shipped example (``inside-vrf-ibgp.yml``) with one knob changed.
"""

from __future__ import annotations

import copy
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.check.engine import check_devices
from dmvpngen.importer.build import import_devices
from dmvpngen.parse import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.pipeline import Network, build_network
from dmvpngen.routes import compute
from tests.conftest import INVENTORIES
from tests.test_inside_vrf import block

EXAMPLE = INVENTORIES / "inside-vrf-ibgp.yml"
BASE: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def build(tmp_path: Path, data: dict[str, Any]) -> Network:
    secrets = (INVENTORIES / "demo.secrets.yaml").read_text(encoding="utf-8")
    (tmp_path / "s.secrets.yaml").write_text(secrets, encoding="utf-8")
    path = tmp_path / "inv.yml"
    data = {**data, "secrets_file": "s.secrets.yaml"}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build_network(path)


def variant(phase: int = 3, **routing: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["routing"].update(routing)
    data["clouds"][0]["phase"] = phase
    if phase == 2:
        data["clouds"][0]["summary"] = []  # spokes need each other's specifics in phase 2
    if phase == 1:
        data["hubs"] = data["hubs"][:1]  # point-to-point GRE spokes reach one hub
    return data


def parsed(net: Network) -> list[Device]:
    return [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]


def bgp_lines(net: Network, host: str) -> list[str]:
    return block(net.configs[host].text, f"router bgp {bgp_asn(net, host)}")


def bgp_asn(net: Network, host: str) -> str:
    head = next(ln for ln in net.configs[host].text.splitlines() if ln.startswith("router bgp "))
    return head.split()[2]


def address_family(lines: list[str]) -> list[str]:
    start = lines.index(" address-family ipv4 vrf CORP")
    return lines[start + 1 : lines.index(" exit-address-family", start)]


def test_example_hub_lists_every_spoke_inside_the_vrf() -> None:
    net = build_network(EXAMPLE)
    lines = bgp_lines(net, "hq-hub1")
    assert not any("listen" in ln for ln in lines)
    af = address_family(lines)
    for line in (
        "  neighbor SPOKES peer-group",
        "  neighbor SPOKES remote-as 65000",
        "  neighbor 10.255.0.11 peer-group SPOKES",
        "  neighbor 10.255.0.12 peer-group SPOKES",
        "  neighbor SPOKES activate",
        "  neighbor SPOKES route-reflector-client",
        "  neighbor SPOKES next-hop-self all",
        "  neighbor 10.255.0.2 remote-as 65000",  # the other hub
        "  aggregate-address 10.0.0.0 255.0.0.0 summary-only",
    ):
        assert line in af, line
    # the peer group exists before its members name it
    group = af.index("  neighbor SPOKES peer-group")
    assert group < af.index("  neighbor 10.255.0.11 peer-group SPOKES")
    # nothing of the session is left at the top of router bgp
    assert [ln for ln in lines if ln.startswith(" neighbor")] == []


def test_example_spoke_peers_with_both_hubs_in_the_vrf() -> None:
    af = address_family(bgp_lines(build_network(EXAMPLE), "branch-02"))
    for hub in ("10.255.0.1", "10.255.0.2"):
        assert f"  neighbor {hub} remote-as 65000" in af
        assert f"  neighbor {hub} activate" in af
    assert "  network 10.12.0.0 mask 255.255.255.0" in af


def test_example_checks_clean_and_routes_in_the_vrf() -> None:
    devices = parsed(build_network(EXAMPLE))
    result = check_devices(devices)
    assert [f.code for f in result.findings] == []
    assert all(link.ok for c in result.clouds for link in c.links)
    assert result.clouds[0].counts()["direct"] == 1
    routes = compute(devices)
    corp = routes.ribs["branch-01"].tables["CORP"]
    # the other branch's LAN is hidden under the hubs' aggregate, learned over iBGP in CORP
    agg = corp[IPv4Network("10.0.0.0/8")]
    assert agg.protocol.startswith("ibgp") or "BGP" in agg.why, agg
    assert IPv4Network("10.12.0.0/24") not in corp
    # the hubs keep each other's sites specific (unsuppress-map), in CORP only
    hub2 = routes.ribs["hq-hub2"]
    assert hub2.tables["CORP"][IPv4Network("10.1.0.0/24")].via == "hq-hub1"
    assert IPv4Network("10.1.0.0/24") not in hub2.tables.get("", {})


@pytest.mark.parametrize(
    ("phase", "routing", "pairs"),
    [
        (1, {}, "via-hub"),
        (2, {}, "direct"),
        (1, {"spoke_asn": 65100}, "via-hub"),
        (3, {"spoke_asn": 65100}, "direct"),
        (2, {"spoke_asn": 65100, "spoke_asn_per_spoke": True}, "direct"),
        (3, {"spoke_asn": 65100, "spoke_asn_per_spoke": True}, "direct"),
    ],
    ids=["ibgp-p1", "ibgp-p2", "ebgp-shared-p1", "ebgp-shared-p3", "ebgp-per-spoke-p2",
         "ebgp-per-spoke-p3"],
)  # fmt: skip
def test_variants_form_and_forward(
    tmp_path: Path, phase: int, routing: dict[str, Any], pairs: str
) -> None:
    net = build(tmp_path, variant(phase, **routing))
    result = check_devices(parsed(net))
    assert not [f for f in result.findings if f.severity in {"critical", "high", "medium"}], [
        f.message for f in result.findings
    ]
    bgp_links = [link for c in result.clouds for link in c.links if link.kind == "bgp"]
    assert len(bgp_links) == 2 * len(net.loaded.inventory.hubs)
    assert all(link.ok for link in bgp_links)
    assert result.clouds[0].counts()[pairs] == 1


def test_ebgp_per_spoke_members_carry_their_own_as(tmp_path: Path) -> None:
    net = build(tmp_path, variant(2, spoke_asn=65100, spoke_asn_per_spoke=True))
    af = address_family(bgp_lines(net, "hq-hub1"))
    assert not any(ln.startswith("  neighbor SPOKES remote-as") for ln in af)
    members = [ln for ln in af if ln.startswith("  neighbor 10.255.0.1")]
    assert members == [
        "  neighbor 10.255.0.11 remote-as 65111",
        "  neighbor 10.255.0.11 peer-group SPOKES",
        "  neighbor 10.255.0.12 remote-as 65112",
        "  neighbor 10.255.0.12 peer-group SPOKES",
    ]
    # phase 2 keeps the far spoke as next hop across eBGP
    assert "  neighbor SPOKES next-hop-unchanged" in af
    assert "  neighbor SPOKES ebgp-multihop 2" in af
    assert not any("alternate-as" in ln for ln in af)
    spoke = address_family(bgp_lines(net, "branch-01"))
    assert "  neighbor 10.255.0.1 remote-as 65000" in spoke


def test_ebgp_shared_as_spokes_allow_their_own_as(tmp_path: Path) -> None:
    net = build(tmp_path, variant(3, spoke_asn=65100))
    assert "  neighbor SPOKES remote-as 65100" in address_family(bgp_lines(net, "hq-hub1"))
    assert "  neighbor 10.255.0.1 allowas-in" in address_family(bgp_lines(net, "branch-01"))


def test_more_spoke_ases_than_a_listen_range_takes(tmp_path: Path) -> None:
    # one neighbour per spoke has no alternate-as limit: eight spokes, eight ASes
    data = variant(3, spoke_asn=65100, spoke_asn_per_spoke=True)
    wan = BASE["spokes"][0]["wan"]
    data["spokes"] = [
        {"name": f"branch-{n}", "id": n, "loopback": f"10.0.0.{n}",
         "wan": {**wan, "address": f"198.51.100.{4 * n + 2}/30",
                 "gateway": f"198.51.100.{4 * n + 1}"},
         "lan": [{"interface": "GigabitEthernet2", "address": f"10.{n}.0.1/24"}]}
        for n in range(11, 19)
    ]  # fmt: skip
    net = build(tmp_path, data)
    af = address_family(bgp_lines(net, "hq-hub2"))
    assert sum(ln.endswith(" peer-group SPOKES") for ln in af) == 8


def test_static_neighbours_in_the_global_table_too(tmp_path: Path) -> None:
    data = variant(3, spoke_neighbors="static")
    del data["overlay_vrf"]
    for router in (*data["hubs"], *data["spokes"]):
        router["wan"].pop("vrf")
    net = build(tmp_path, data)
    lines = bgp_lines(net, "hq-hub1")
    assert " neighbor 10.255.0.11 peer-group SPOKES" in lines
    assert not any("listen" in ln for ln in lines)
    result = check_devices(parsed(net))
    assert all(link.ok for c in result.clouds for link in c.links)
    doc = yaml.safe_load(import_devices(parsed(net)).text)
    assert doc["routing"]["spoke_neighbors"] == "static"


@pytest.mark.parametrize("routing", [{}, {"spoke_asn": 65100, "spoke_asn_per_spoke": True}])
def test_import_round_trip_field_by_field(tmp_path: Path, routing: dict[str, Any]) -> None:
    source = variant(3, **routing)
    net = build(tmp_path, source)
    res = import_devices(parsed(net))
    doc = yaml.safe_load(res.text)
    assert doc["overlay_vrf"] == source["overlay_vrf"]
    want = {k: v for k, v in source["routing"].items() if k != "peer_group"}
    assert doc["routing"] == want
    assert not any("inside VRF" in n for n in res.notes)
    # the imported inventory, with its own secrets, renders the same BGP again
    (tmp_path / "again").mkdir()
    path = tmp_path / "again" / "inv.yml"
    (tmp_path / "again" / doc["secrets_file"]).write_text(yaml.safe_dump(res.secrets))
    path.write_text(res.text, encoding="utf-8")
    again = build_network(path)
    for host in net.configs:
        assert bgp_lines(again, host) == bgp_lines(net, host), host


@pytest.mark.parametrize(
    "example", ["dual-isp-fvrf-ibgp", "routing-ebgp-phase2", "phase3-dual-hub-ibgp"]
)
def test_every_bgp_example_runs_in_an_inside_vrf(tmp_path: Path, example: str) -> None:
    """The shipped BGP designs (dual ISP with backup cloud preference, eBGP per-spoke AS in
    phase 2, dual hub phase 3) moved into an inside VRF: no finding, sessions all in the VRF."""
    data = yaml.safe_load((INVENTORIES / f"{example}.yml").read_text(encoding="utf-8"))
    data["overlay_vrf"] = {"name": "CORP", "rd": "65000:10"}
    net = build(tmp_path, data)
    devices = parsed(net)
    assert all(d.bgp is not None and d.bgp.vrf == "CORP" for d in devices)
    result = check_devices(devices)
    assert [f.message for f in result.findings] == []
    assert all(link.ok for c in result.clouds for link in c.links)
    assert sum(c.counts()["broken"] for c in result.clouds) == 0
    doc = yaml.safe_load(import_devices(devices).text)
    assert doc["routing"]["protocol"] == "bgp" and doc["overlay_vrf"]["rd"] == "65000:10"


def test_a_spoke_the_hub_does_not_list_is_found(tmp_path: Path) -> None:
    """The cost of the static form: a spoke added without its line on the hub never peers, and
    check says which hub leaves it out (NET035)."""
    net = build_network(EXAMPLE)
    devices = []
    for name, cfg in net.configs.items():
        text = cfg.text
        if name == "hq-hub1":
            text = text.replace("  neighbor 10.255.0.12 peer-group SPOKES\n", "")
        devices.append(parse_config(text, f"{name}.cfg"))
    result = check_devices(devices)
    missing = [f for f in result.findings if f.code == "NET035"]
    assert [(f.device, "branch-02" in f.message) for f in missing] == [("hq-hub1", True)]
    links = {(lk.a, lk.b): lk.ok for c in result.clouds for lk in c.links if lk.kind == "bgp"}
    assert links[("hq-hub1", "branch-02")] is False and links[("hq-hub2", "branch-02")] is True


def test_ios_15_routers_take_the_same_form(tmp_path: Path) -> None:
    """IOS 15 hubs and spokes: the same VRF address family and static members (the form needs
    no dynamic neighbours, which IOS 15 documents for no VRF)."""
    data = variant(3)
    data["platform"] = "ios"
    net = build(tmp_path, data)
    af = address_family(bgp_lines(net, "hq-hub1"))
    assert "  neighbor 10.255.0.11 peer-group SPOKES" in af
    result = check_devices(parsed(net))
    assert [f.message for f in result.findings] == []
