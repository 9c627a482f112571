"""``dmvpngen diagram``: well-formed, deterministic pictures that show the whole network."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.diagram import build_topology, render_mermaid, render_svg
from dmvpngen.diagram.svg import short_interface
from dmvpngen.diagram.topology import CloudNode, RouterNode, Topology, TunnelLink, WanLink
from dmvpngen.model.loader import load_inventory
from tests.conftest import INVENTORIES
from tests.golden_util import compare_golden
from tests.matrix import matrix_inventory, write_inventory

runner = CliRunner()
EXAMPLES = sorted(INVENTORIES.glob("*.yml"))
SVG = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).parent / "golden" / "diagrams"


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_svg_is_xml_and_shows_every_router_and_cloud(inventory: Path) -> None:
    inv = load_inventory(inventory).inventory
    topo = build_topology(inv)
    text = render_svg(topo)
    assert text == render_svg(build_topology(inv))  # deterministic
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    for router in [*inv.hubs, *inv.spokes]:
        role = "hub" if router in inv.hubs else "spoke"
        g = groups[f"router-{router.name}"]
        assert g.get("class") == role
        texts = [t.text for t in g.iter(f"{SVG}text")]
        assert router.name in texts
        wan = short_interface(router.wan.interface)
        assert any((t or "").startswith(wan + " ") for t in texts)
        titles = [t.text for t in g.iter(f"{SVG}title")]
        assert router.wan.interface in titles
    for cloud in inv.clouds:
        texts = [t.text for t in groups[f"cloud-{cloud.name}"].iter(f"{SVG}text")]
        assert f"phase {cloud.phase}" in texts
        assert any(str(cloud.subnet or cloud.ipv6_subnet) in (t or "") for t in texts)
    lines = list(root.iter(f"{SVG}line"))
    assert len(lines) == sum(len(inv.router_clouds(r)) for r in [*inv.hubs, *inv.spokes])
    title = root.find(f"{SVG}title")
    assert title is not None and inv.name in (title.text or "")


def test_svg_golden_and_mermaid_golden(update_goldens: bool) -> None:
    inv = load_inventory(INVENTORIES / "phase3-dual-hub-ibgp.yml").inventory
    topo = build_topology(inv)
    compare_golden(GOLDEN / "phase3-dual-hub-ibgp.svg", render_svg(topo), update_goldens)
    compare_golden(GOLDEN / "phase3-dual-hub-ibgp.mmd", render_mermaid(topo), update_goldens)


def test_mermaid_has_one_node_per_object_and_every_link() -> None:
    inv = load_inventory(INVENTORIES / "qos-bfd.yml").inventory
    text = render_mermaid(build_topology(inv))
    assert text.startswith("flowchart TB\n")
    assert "DMVPN phase 3, EIGRP" in text
    assert text.count(" --- c0") == len(inv.hubs) + len(inv.spokes)
    assert text.count(".- isp0") == len(inv.hubs) + len(inv.spokes)
    assert 'isp0{{"Internet"}}' in text
    assert "GigabitEthernet1 DHCP" in text


def test_large_network_wraps_spokes_and_stays_xml(tmp_path: Path) -> None:
    data = matrix_inventory(3, "eigrp", 2, spokes=30)
    inv = load_inventory(write_inventory(tmp_path, data)).inventory
    root = ET.fromstring(render_svg(build_topology(inv)))
    width = int(root.get("width") or 0)
    assert width < 2500  # eight spokes per row, not thirty side by side
    boxes = [r for g in root.iter(f"{SVG}g") if g.get("class") == "spoke" for r in g]
    assert len([b for b in boxes if b.tag == f"{SVG}rect" and b.get("rx")]) == 30


def test_text_is_escaped() -> None:
    # Inventory names cannot hold markup today; the renderer must not depend on that.
    topo = Topology(name='a&b "<x>"', routing="BGP")
    topo.clouds.append(CloudNode("C<1>", "10.255.0.0/24", 3, 1))
    topo.hubs.append(RouterNode("h&1", "hub", "iosxe", None))
    topo.isps.append("ISP <A>")
    topo.wan_links.append(WanLink("h&1", "ISP <A>", "Gi1", "DHCP"))
    topo.tunnel_links.append(TunnelLink("h&1", "C<1>", "10.255.0.1"))
    text = render_svg(topo)
    ET.fromstring(text)
    assert "a&amp;b" in text and "C&lt;1&gt;" in text
    assert '"<x>"' not in render_mermaid(topo)


def test_cli_writes_svg_and_mermaid(tmp_path: Path) -> None:
    out = tmp_path / "net.svg"
    result = runner.invoke(app, ["diagram", str(INVENTORIES / "monitoring.yml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "written to" in result.output
    ET.parse(out)
    result = runner.invoke(
        app, ["diagram", str(INVENTORIES / "monitoring.yml"), "--format", "mermaid"]
    )
    assert result.exit_code == 0
    assert result.output.startswith("flowchart TB")


def test_cli_refuses_an_invalid_inventory(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("clouds: []\n", encoding="utf-8")
    result = runner.invoke(app, ["diagram", str(bad), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 1
    assert not (tmp_path / "x.svg").exists()
    missing = runner.invoke(app, ["diagram", str(tmp_path / "nope.yml")])
    assert missing.exit_code == 2


def test_multicast_rp_is_named_on_its_hub() -> None:
    inv = load_inventory(INVENTORIES / "phase3-dual-hub-multicast-eigrp.yml").inventory
    topo = build_topology(inv)
    notes = {n.name: n.note for n in topo.hubs + topo.spokes}
    assert notes["hq-hub1"] == "hub, PIM RP 10.0.0.1"
    assert notes["dc-hub2"] == "" and "PIM RP 10.0.0.1" in render_svg(topo)
    assert "hub, PIM RP 10.0.0.1" in render_mermaid(topo)


def test_inside_vrf_routing_is_named_with_its_vrf() -> None:
    inv = load_inventory(INVENTORIES / "inside-vrf-ibgp.yml").inventory
    topo = build_topology(inv)
    assert topo.routing == "BGP in VRF CORP"
    assert "DMVPN phase 3 · BGP in VRF CORP" in render_svg(topo)
    assert "BGP in VRF CORP" in render_mermaid(topo).splitlines()[1]


def test_dual_stack_cloud_shows_both_prefixes() -> None:
    inv = load_inventory(INVENTORIES / "phase3-dual-stack-eigrp.yml").inventory
    topo = build_topology(inv)
    assert topo.clouds[0].subnet == "10.255.0.0/24, 2001:db8:ffff::/64"
    assert "10.255.0.0/24, 2001:db8:ffff::/64 · Tunnel100" in render_svg(topo)
    assert "10.255.0.0/24, 2001:db8:ffff::/64<br/>phase 3" in render_mermaid(topo)


def test_ipv6_transport_shows_the_ipv6_nbma_addresses() -> None:
    """The WAN label carries the IPv6 address the tunnels run over (alone on an IPv6-only WAN)
    and the cloud says it runs over IPv6."""
    loaded = load_inventory(INVENTORIES / "phase3-ipv6-transport-eigrp.yml")
    topo = build_topology(loaded.inventory)
    labels = {w.router: w.address for w in topo.wan_links}
    assert labels["hq-hub1"] == "203.0.113.2/30, 2001:db8:800a::2/64"
    assert labels["branch-02"] == "2001:db8:c012::2/64"
    (cloud,) = topo.clouds
    assert cloud.subnet.endswith(" over IPv6")
