"""Every shipped example inventory exports to a sound CML lab and GNS3 project (golden files).

Configs here come from the real renderer, so a template change shows up as a golden diff;
regenerate with ``DMVPNGEN_UPDATE_GOLDENS=1 pytest tests/lab``.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from pathlib import Path

import pytest
import yaml

from dmvpngen.lab.build import build_lab
from dmvpngen.lab.export.cml import cml_yaml
from dmvpngen.lab.export.gns3 import gns3_files
from dmvpngen.lab.model import LabOptions
from dmvpngen.lab.source import render_inventory
from dmvpngen.lab.wan_model import leased, wans_of
from tests.lab.helpers import GOLDEN, REPO, check_golden
from tests.lab.structure import cml_problems, links_connect

EXAMPLES = sorted((REPO / "inventories").glob("*.yml"))


def topo_labels(data: dict[str, object]) -> set[str]:
    """Labels of every node of an exported CML lab."""
    nodes = data["nodes"]
    assert isinstance(nodes, list)
    return {n["label"] for n in nodes}


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_golden_and_structure(path: Path) -> None:
    network = render_inventory(path)
    topo = build_lab(network.inventory, network.configs, LabOptions())
    text = cml_yaml(topo)
    data = yaml.safe_load(text)
    assert cml_problems(data, network.inventory, network.configs, topo.mapping) == []
    routers = [*network.inventory.hubs, *network.inventory.spokes]
    # one ISP node per transport ("isp", or "isp-<transport>"), a NAT node before NATed routers
    infra = [
        n["label"] for n in data["nodes"] if n["label"] == "isp" or n["label"].startswith("isp-")
    ]
    for router in routers:
        peers = [*infra, f"nat-{router.name}"]
        assert any(p in topo_labels(data) and links_connect(data, router.name, p) for p in peers)
    if any(leased(w) for r in routers for w in wans_of(r)):
        assert any("ip dhcp pool" in topo.node(label).config for label in infra)
    check_golden(GOLDEN / "examples" / f"{path.stem}.cml.yaml", text.encode())
    project = gns3_files(topo)[f"{topo.title}.gns3"]
    check_golden(GOLDEN / "examples" / f"{path.stem}.gns3", project)


def test_example_with_nat_and_management() -> None:
    path = REPO / "inventories" / "phase3-single-hub-eigrp.yml"
    network = render_inventory(path)
    spoke = network.inventory.spokes[0].name
    options = LabOptions(nat=frozenset({spoke}), mgmt=IPv4Network("192.168.255.0/24"))
    topo = build_lab(network.inventory, network.configs, options)
    data = yaml.safe_load(cml_yaml(topo))
    assert cml_problems(data, network.inventory, network.configs, topo.mapping) == []
    assert links_connect(data, spoke, f"nat-{spoke}") and not links_connect(data, spoke, "isp")
    assert all(links_connect(data, r.name, "mgmt-bridge") for r in topo.routers())
    assert any("permitted (sequence 5) in the vty ACL" in note for note in topo.notes)
    hub = topo.node("hq-hub1").config
    assert "ip access-list standard SSH-ACCESS\n 5 permit 192.168.255.0 0.0.0.255\n" in hub


def test_mixed_inventory_with_real_rendering() -> None:
    """Two platforms, a DHCP spoke and a NATed spoke, configs from the real renderer."""
    from tests.lab.helpers import DATA

    network = render_inventory(DATA / "lab-mix.yml")
    options = LabOptions(
        nat=frozenset({"branch3"}), mgmt=IPv4Network("192.168.255.0/24"), lan_hosts=True
    )
    topo = build_lab(network.inventory, network.configs, options)
    data = yaml.safe_load(cml_yaml(topo))
    assert cml_problems(data, network.inventory, network.configs, topo.mapping) == []
    hub2 = topo.node("hub2").config  # IOS on iosv: mgmt takes Gi0/0, the WAN lands on Gi0/1
    assert "tunnel source GigabitEthernet0/1" in hub2
    branch2 = topo.node("branch2").config
    assert "ip address dhcp" in branch2 and "tunnel source GigabitEthernet2" in branch2
    assert network.users == (("labadmin", "Test-Only-Admin-Secret-1"),)
