"""The lab topology builder and both exporters on a mixed test inventory (stand-in configs)."""

from __future__ import annotations

import io
import json
import zipfile
from ipaddress import IPv4Address, IPv4Network

import pytest
import yaml

from dmvpngen.errors import UsageError
from dmvpngen.lab.build import build_lab
from dmvpngen.lab.export.cml import cml_topology, cml_yaml
from dmvpngen.lab.export.gns3 import gns3_files, gns3_project
from dmvpngen.lab.ifmap import remap_config
from dmvpngen.lab.model import LabOptions
from dmvpngen.lab.nodes import NODE_TYPES, RouterNode
from tests.lab.helpers import GOLDEN, check_golden, load, stand_in_configs
from tests.lab.structure import cml_problems, links_connect

FULL = LabOptions(nat=frozenset({"branch3"}), mgmt=IPv4Network("192.168.255.0/24"), lan_hosts=True)


@pytest.fixture(scope="module")
def inv():  # type: ignore[no-untyped-def]
    return load("lab-mix.yml")


@pytest.fixture(scope="module")
def configs(inv):  # type: ignore[no-untyped-def]
    return stand_in_configs(inv)


@pytest.mark.parametrize(
    "options",
    [
        LabOptions(),
        FULL,
        LabOptions(
            xe_node=RouterNode.CSR1000V, ios_node=RouterNode.IOL_XE, infra_node=RouterNode.IOL_XE
        ),
    ],
    ids=["plain", "nat-mgmt-hosts", "csr-iol"],
)
def test_cml_export_is_structurally_sound(inv, configs, options):  # type: ignore[no-untyped-def]
    topo = build_lab(inv, configs, options)
    data = yaml.safe_load(cml_yaml(topo))
    assert cml_problems(data, inv, configs, topo.mapping) == []
    assert data["lab"]["title"] == "dmvpngen-labmix"


def test_isp_nat_dhcp_nodes_where_needed(inv, configs):  # type: ignore[no-untyped-def]
    topo = build_lab(inv, configs, FULL)
    data = cml_topology(topo)
    roles = {n["label"]: n["tags"][0] for n in data["nodes"]}
    assert roles["isp"] == "isp" and roles["nat-branch3"] == "nat"
    assert "nat-branch1" not in roles  # only the spoke asked for
    isp = topo.node("isp").config
    # every static WAN gateway is an ISP address; the DHCP WAN gets a pool
    for gw in ("203.0.113.1", "203.0.113.5", "198.51.100.1"):
        assert f"ip address {gw} 255.255.255.252" in isp
    assert "ip dhcp pool ISP-DHCP" in isp
    nat = topo.node("nat-branch3").config
    assert "ip address 192.168.1.1 255.255.255.0" in nat  # branch3's gateway, inside
    assert "ip nat inside source list NAT-INSIDE interface GigabitEthernet0/0 overload" in nat
    assert links_connect(data, "branch3", "nat-branch3")
    assert not links_connect(data, "branch3", "isp")
    assert links_connect(data, "nat-branch3", "isp")
    for name in ("hub1", "hub2", "branch1", "branch2"):
        assert links_connect(data, name, "isp"), name
    assert links_connect(data, "branch1", "host-branch1-1")


def test_day0_is_rendered_config_with_mapped_names(inv, configs):  # type: ignore[no-untyped-def]
    topo = build_lab(inv, configs, LabOptions())
    hub2 = topo.node("hub2")  # IOS on iosv: Gi0/1 -> Gi0/0, Gi0/2 -> Gi0/1
    assert hub2.kind == "iosv"
    assert hub2.config == remap_config(
        configs["hub2"],
        {"GigabitEthernet0/1": "GigabitEthernet0/0", "GigabitEthernet0/2": "GigabitEthernet0/1"},
    )
    assert "tunnel source GigabitEthernet0/0" in hub2.config
    rows = [
        (r.purpose, r.inventory_name, r.lab_name) for r in topo.mapping if r.router == "branch1"
    ]
    assert rows == [
        ("wan", "GigabitEthernet1", "GigabitEthernet1"),
        ("lan", "GigabitEthernet2", "GigabitEthernet2"),
        ("lan", "GigabitEthernet3", "GigabitEthernet3"),
    ]


def test_mgmt_takes_slot_zero_and_addresses_follow_ids(inv, configs):  # type: ignore[no-untyped-def]
    topo = build_lab(inv, configs, FULL)
    branch1 = topo.node("branch1")
    assert branch1.mgmt_address == IPv4Address("192.168.255.21")  # .0 + offset 10 + id 11
    assert [r.lab_name for r in topo.mapping if r.router == "branch1"][:2] == [
        "GigabitEthernet1",
        "GigabitEthernet2",
    ]
    assert branch1.config.endswith(
        "interface GigabitEthernet1\n description lab management\n"
        " ip address 192.168.255.21 255.255.255.0\n no shutdown\n!\nend\n"
    )
    assert links_connect(cml_topology(topo), "branch1", "mgmt-bridge")


def test_usage_errors(inv, configs):  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="not a spoke"):
        build_lab(inv, configs, LabOptions(nat=frozenset({"hub1"})))
    with pytest.raises(UsageError, match="not usable"):
        build_lab(inv, configs, LabOptions(mgmt=IPv4Network("192.168.255.0/28")))
    with pytest.raises(UsageError, match="no rendered config"):
        build_lab(inv, {}, LabOptions())


def test_too_many_interfaces_is_a_usage_error(inv, configs):  # type: ignore[no-untyped-def]
    lans = [
        {"interface": f"GigabitEthernet{i}", "address": f"10.50.{i}.1/24"} for i in range(2, 10)
    ]
    data = inv.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["spokes"][0]["lan"] = lans
    big = type(inv).model_validate(data)
    with pytest.raises(UsageError, match="needs 9 interfaces"):
        build_lab(big, stand_in_configs(big), LabOptions())


def test_gns3_project_links_and_day0_files(inv, configs):  # type: ignore[no-untyped-def]
    topo = build_lab(inv, configs, FULL)
    project = gns3_project(topo)
    files = gns3_files(topo)
    nodes = {n["node_id"]: n for n in project["topology"]["nodes"]}
    assert project["revision"] == 9 and project["type"] == "topology"
    seen = set()
    for link in project["topology"]["links"]:
        assert len(link["nodes"]) == 2
        for end in link["nodes"]:
            node = nodes[end["node_id"]]
            key = (end["node_id"], end["adapter_number"], end["port_number"])
            assert key not in seen
            seen.add(key)
            if node["node_type"] == "qemu":
                assert end["adapter_number"] < node["properties"]["adapters"]
            if node["node_type"] == "ethernet_switch":
                assert end["port_number"] < len(node["properties"]["ports_mapping"])
    hub1 = next(n for n in project["topology"]["nodes"] if n["name"] == "hub1")
    archive = zipfile.ZipFile(io.BytesIO(files[f"project-files/qemu/{hub1['node_id']}/config.zip"]))
    assert archive.namelist() == ["iosxe_config.txt"]
    assert archive.read("iosxe_config.txt").decode() == topo.node("hub1").config
    host = next(n for n in project["topology"]["nodes"] if n["node_type"] == "vpcs")
    assert (
        files[f"project-files/vpcs/{host['node_id']}/startup.vpc"].decode().startswith("set pcname")
    )
    assert json.loads(files["dmvpngen-labmix.gns3"]) == project


def test_iol_nodes_get_startup_config_and_adapter_port_pairs(inv, configs):  # type: ignore[no-untyped-def]
    topo = build_lab(
        inv, configs, LabOptions(xe_node=RouterNode.IOL_XE, ios_node=RouterNode.IOL_XE)
    )
    files = gns3_files(topo)
    project = gns3_project(topo)
    branch1 = next(n for n in project["topology"]["nodes"] if n["name"] == "branch1")
    assert branch1["node_type"] == "iou"
    assert files[f"project-files/iou/{branch1['node_id']}/startup-config.cfg"].decode() == (
        topo.node("branch1").config
    )
    assert NODE_TYPES["iol-xe"].gns3_port(5) == (1, 1)  # Ethernet1/1


def test_export_is_deterministic(inv, configs):  # type: ignore[no-untyped-def]
    one = build_lab(inv, configs, FULL)
    two = build_lab(inv, configs, FULL)
    assert cml_yaml(one) == cml_yaml(two)
    assert gns3_files(one) == gns3_files(two)


@pytest.mark.parametrize("options,name", [(LabOptions(), "plain"), (FULL, "full")])
def test_goldens_lab_mix(inv, configs, options, name):  # type: ignore[no-untyped-def]
    topo = build_lab(inv, configs, options)
    check_golden(GOLDEN / f"lab-mix-{name}.cml.yaml", cml_yaml(topo).encode())
    gns3 = {k: v for k, v in gns3_files(topo).items() if k.endswith(".gns3")}
    check_golden(GOLDEN / f"lab-mix-{name}.gns3", gns3["dmvpngen-labmix.gns3"])


# Field names of the GNS3 2.x topology file schema (gns3server/schemas/topology.py and node.py),
# whose objects forbid unknown keys; "template_id" arrived with 2.2 templates.
GNS3_TOP_KEYS = {"project_id", "type", "auto_start", "auto_close", "auto_open", "revision",
                 "version", "name", "topology"}  # fmt: skip
GNS3_NODE_KEYS = {"compute_id", "project_id", "node_id", "node_type", "node_directory",
                  "command_line", "name", "console", "console_host", "console_type",
                  "properties", "status", "label", "symbol", "width", "height", "x", "y", "z",
                  "port_name_format", "port_segment_size", "first_port_name", "ports",
                  "template_id"}  # fmt: skip


def test_gns3_project_uses_only_schema_keys(inv, configs):  # type: ignore[no-untyped-def]
    project = gns3_project(build_lab(inv, configs, FULL))
    assert set(project) <= GNS3_TOP_KEYS
    assert set(project["topology"]) == {"computes", "drawings", "links", "nodes"}
    for node in project["topology"]["nodes"]:
        assert set(node) <= GNS3_NODE_KEYS, set(node) - GNS3_NODE_KEYS
        assert {"name", "node_type", "compute_id"} <= set(node)
        assert node.get("console_type", "telnet") in {"telnet", "vnc", "http", "spice"}


def test_sub_interfaces_follow_their_port(inv):  # type: ignore[no-untyped-def]
    data = inv.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["spokes"][0]["lan"] = [{"interface": "GigabitEthernet2.10", "address": "10.11.0.1/24"}]
    sub = type(inv).model_validate(data)
    configs = stand_in_configs(sub)
    topo = build_lab(sub, configs, LabOptions(mgmt=IPv4Network("192.0.2.0/24")))
    rows = [(r.inventory_name, r.lab_name) for r in topo.mapping if r.router == "branch1"]
    assert rows[1:] == [
        ("GigabitEthernet1", "GigabitEthernet2"),
        ("GigabitEthernet2", "GigabitEthernet3"),
    ]
    assert "interface GigabitEthernet3.10\n" in topo.node("branch1").config
    data["spokes"][0]["lan"].append({"interface": "GigabitEthernet2.20", "address": "10.21.0.1/24"})
    shared = type(inv).model_validate(data)
    with pytest.raises(UsageError, match="carries several inventory interfaces"):
        build_lab(shared, stand_in_configs(shared), LabOptions())


def test_mgmt_subnet_must_not_overlap_the_network(inv, configs):  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=r"overlaps the inventory's 10\.11\.0\.0/24"):
        build_lab(inv, configs, LabOptions(mgmt=IPv4Network("10.11.0.0/16")))
