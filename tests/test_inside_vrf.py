"""The inside VRF (overlay_vrf) per role and protocol: EIGRP classic and named, OSPF, the
management plane, dual cloud and hierarchical DMVPN, and the combinations that are refused.

Inventories are the shipped example with one knob changed, through the real loader,
validation and templates (``build_network``).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.errors import InputError
from dmvpngen.pipeline import Network, build_network
from tests.conftest import INVENTORIES
from tests.matrix import separate_uplink_source, with_auth

EXAMPLE = INVENTORIES / "inside-vrf-eigrp.yml"
BASE: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def build(tmp_path: Path, data: dict[str, Any]) -> Network:
    # the example's own lab secrets
    secrets = (INVENTORIES / "demo.secrets.yaml").read_text(encoding="utf-8")
    (tmp_path / "s.secrets.yaml").write_text(secrets, encoding="utf-8")
    data = {**data, "secrets_file": "s.secrets.yaml", "routing": with_auth(data["routing"])}
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build_network(path)


def variant(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def block(text: str, head: str) -> list[str]:
    """Lines of the top-level block starting with ``head`` (without it)."""
    lines = text.splitlines()
    start = lines.index(head)
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        out.append(line)
    return out


def test_example_vrf_definitions_and_interfaces() -> None:
    net = build_network(EXAMPLE)
    for host, cfg in net.configs.items():
        text = cfg.text
        assert block(text, "vrf definition CORP")[:2] == [
            " description Corporate overlay and sites",
            " rd 65000:10",
        ], host
        for intf in ("Loopback0", "GigabitEthernet2", "Tunnel100"):
            lines = block(text, f"interface {intf}")
            assert " vrf forwarding CORP" in lines, (host, intf)
            assert lines.index(" vrf forwarding CORP") < next(
                i for i, ln in enumerate(lines) if ln.startswith(" ip address ")
            )
        wan = block(text, "interface GigabitEthernet1")
        assert " vrf forwarding INET" in wan and " vrf forwarding CORP" not in wan
        tunnel = block(text, "interface Tunnel100")
        assert " tunnel vrf INET" in tunnel
        # the WAN default stays in the front-door VRF, nothing in the inside VRF
        assert "ip route vrf CORP" not in text
        assert " address-family ipv4 unicast vrf CORP autonomous-system 100" in block(
            text, "router eigrp OVERLAY"
        )


def test_example_management_plane_follows_loopback0() -> None:
    text = build_network(EXAMPLE).configs["branch-01"].text
    assert "logging source-interface Loopback0" in text
    assert "logging host 10.1.0.20 vrf CORP" in text.splitlines()
    assert "ntp server vrf CORP 10.1.0.10 key 10" in text.splitlines()
    assert "snmp-server host 10.1.0.40 vrf CORP version 3 priv noc" in text.splitlines()
    assert " destination 10.1.0.50 vrf CORP" in block(text, "flow exporter FE-1")
    for vty in ("line vty 0 4", "line vty 5 15"):
        assert " access-class SSH-ACCESS in vrf-also" in block(text, vty)


def test_without_inside_vrf_nothing_changes(tmp_path: Path) -> None:
    data = variant()
    del data["overlay_vrf"]
    text = build(tmp_path, data).configs["hq-hub1"].text
    assert "CORP" not in text and "vrf-also" not in text
    assert " address-family ipv4 unicast autonomous-system 100" in text.splitlines()
    assert "logging host 10.1.0.20" in text.splitlines()


def test_rd_is_optional(tmp_path: Path) -> None:
    text = build(tmp_path, variant(overlay_vrf={"name": "CORP"})).configs["hq-hub1"].text
    lines = block(text, "vrf definition CORP")
    assert not any(ln.startswith(" rd ") for ln in lines)
    assert " address-family ipv4" in lines


@pytest.mark.parametrize("role", ["hq-hub1", "branch-01"])
def test_eigrp_classic_uses_the_vrf_address_family(tmp_path: Path, role: str) -> None:
    auth = {"algorithm": "md5", "auth_key": "secret:routing_key"}
    routing = {"protocol": "eigrp", "mode": "classic", "as": 100, "authentication": auth}
    text = build(tmp_path, variant(routing=routing)).configs[role].text
    router = block(text, "router eigrp 100")
    assert router[1] == " address-family ipv4 vrf CORP autonomous-system 100"
    assert router[-1] == " exit-address-family"
    assert "  network 10.255.0.0 0.0.0.255" in router
    assert "  passive-interface default" in router
    assert "  no passive-interface Tunnel100" in router
    assert ("  eigrp stub connected summary" in router) == (role == "branch-01")
    # interface commands name the VRF address family's AS
    tunnel = block(text, "interface Tunnel100")
    assert " ip authentication mode eigrp 100 md5" in tunnel
    if role == "hq-hub1":
        assert " ip summary-address eigrp 100 10.0.0.0 255.0.0.0 leak-map HUB-SITES" in tunnel


@pytest.mark.parametrize("role", ["hq-hub1", "branch-02"])
def test_ospf_process_runs_in_the_vrf(tmp_path: Path, role: str) -> None:
    data = variant(routing={"protocol": "ospf", "process_id": 10, "area": 0})
    data["clouds"][0]["summary"] = []
    text = build(tmp_path, data).configs[role].text
    router = block(text, "router ospf 10 vrf CORP")
    assert " capability vrf-lite" in router
    assert " no passive-interface Tunnel100" in router
    for intf in ("Tunnel100", "GigabitEthernet2", "Loopback0"):
        lines = block(text, f"interface {intf}")
        assert " vrf forwarding CORP" in lines and " ip ospf 10 area 0" in lines


def test_dual_cloud_puts_both_tunnels_in_the_vrf(tmp_path: Path) -> None:
    data = variant()
    data["clouds"][0]["hubs"] = ["hq-hub1"]
    data["clouds"].append(
        {"name": "INET2", "tunnel": 200, "subnet": "10.255.1.0/24", "network_id": 200,
         "tunnel_key": 200, "nhrp_auth": "secret:nhrp_auth", "hubs": ["hq-hub2"],
         "backup": True, "summary": ["10.0.0.0/8"]}
    )  # fmt: skip
    # the hubs share no cloud: a core link of their own (hub interconnect)
    for i, hub in enumerate(data["hubs"]):
        core = {"interface": "GigabitEthernet3", "address": f"10.1.255.{i + 1}/30"}
        hub["lan"] = [*hub["lan"], {**core, "hub_peering": True}]
    text = build(tmp_path, data).configs["branch-01"].text
    for tunnel in ("Tunnel100", "Tunnel200"):
        lines = block(text, f"interface {tunnel}")
        assert " vrf forwarding CORP" in lines and " tunnel vrf INET" in lines
        assert any(ln.endswith(" shared") for ln in lines)


def test_hierarchy_keeps_uplink_and_region_in_one_vrf(tmp_path: Path) -> None:
    data = variant()
    data["clouds"] = [
        {"name": "CENTRAL", "tunnel": 1, "subnet": "10.255.0.0/24", "network_id": 1,
         "tunnel_key": 1, "hubs": ["hq-hub1"]},
        {"name": "EU", "tunnel": 10, "subnet": "10.255.10.0/24", "network_id": 1,
         "tunnel_key": 10, "hubs": ["hq-hub2"]},
    ]  # fmt: skip
    data["hubs"][1]["uplinks"] = ["CENTRAL"]
    separate_uplink_source(data["hubs"][1], data["clouds"][0], data["clouds"][1], "192.0.2.6/30")
    for spoke in data["spokes"]:
        spoke["clouds"] = ["EU"]
    text = build(tmp_path, data).configs["hq-hub2"].text
    for tunnel in ("Tunnel1", "Tunnel10"):
        assert " vrf forwarding CORP" in block(text, f"interface {tunnel}")
    assert "  af-interface Tunnel1" in block(text, "router eigrp OVERLAY")


def problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as exc:
        build(tmp_path, data)
    return [p.render() for p in exc.value.problems]


def test_bgp_listen_range_in_the_vrf_is_refused(tmp_path: Path) -> None:
    routing = {"protocol": "bgp", "asn": 65000, "spoke_neighbors": "listen-range"}
    found = problems(tmp_path, variant(routing=routing))
    assert any("routing.spoke_neighbors: hubs cannot accept spokes with 'bgp listen range'" in p
               for p in found)  # fmt: skip


def test_bgp_in_the_vrf_needs_an_rd(tmp_path: Path) -> None:
    data = variant(routing={"protocol": "bgp", "asn": 65000}, overlay_vrf={"name": "CORP"})
    found = problems(tmp_path, data)
    assert any("needs a route distinguisher" in p for p in found)
    data["overlay_vrf"]["rd"] = "65000:10"
    assert build(tmp_path, data).configs["hq-hub1"].text.count("address-family ipv4 vrf CORP") == 1


def test_inside_vrf_named_like_a_front_door_vrf(tmp_path: Path) -> None:
    found = problems(tmp_path, variant(overlay_vrf={"name": "INET"}))
    assert sum("is also the inside VRF" in p for p in found) == 4  # every router's WAN


def test_management_host_outside_the_vrf(tmp_path: Path) -> None:
    data = variant()
    data["monitoring"]["netflow"]["collectors"] = ["192.0.2.50"]
    found = problems(tmp_path, data)
    assert any("monitoring.netflow.collectors[0]: NetFlow collector 192.0.2.50" in p for p in found)


@pytest.mark.parametrize("mode", ["classic", "named"])
def test_check_and_import_read_the_vrf_back(tmp_path: Path, mode: str) -> None:
    """Parsing finds the EIGRP process in the VRF (classic and named), check sees the
    adjacencies, and import gives overlay_vrf back with its rd and description."""
    from dmvpngen.check.engine import check_devices
    from dmvpngen.importer.build import import_devices
    from dmvpngen.parse import parse_config

    routing = {"protocol": "eigrp", "mode": mode, "as": 100}
    net = build(tmp_path, variant(routing=routing))
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    procs = [p for p in devices[0].eigrp if p.vrf == "CORP"]
    assert [p.asn for p in procs] == [100]
    assert procs[0].networks
    result = check_devices(devices)
    assert not [f for f in result.findings if f.severity in {"high", "critical"}]
    imported = yaml.safe_load(import_devices(devices).text)
    assert imported["overlay_vrf"] == {
        "name": "CORP",
        "description": "Corporate overlay and sites",
        "rd": "65000:10",
    }
    assert not any("inside VRF" in n for n in import_devices(devices).notes)
