"""Service hosts: every service address the rendered configs name, placed where the design puts
it, probed from the address the config sources it from, with check's verdict beside it."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.check.engine import inventory_devices
from dmvpngen.check.model import Finding
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.frr.render import render_files
from dmvpngen.lab.frr.services import LabService, config_services, place_services, probe_command
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.lab.frr.setup_script import runs

INV = INVENTORIES / "monitoring.yml"
NOC = {
    "netflow collector 10.1.0.50",
    "ntp server 10.1.0.10",
    "ntp server 10.1.0.11",
    "snmp trap receiver 10.1.0.40",
    "syslog host 10.1.0.20",
    "syslog host 10.1.0.21",
}


def _plan():  # type: ignore[no-untyped-def]
    net = build_network(INV)
    return build_plan(net.loaded.inventory, net.secrets)


def test_every_service_the_configs_name_with_its_source_address() -> None:
    services = config_services(inventory_devices(str(INV)), [])
    by_router: dict[str, set[str]] = {}
    for svc in services:
        by_router.setdefault(svc.router, set()).add(svc.label)
        # 'ntp source', 'logging source-interface', 'snmp-server trap-source', the exporter's
        # 'source': every one names Loopback0, so each probe leaves from the loopback
        assert svc.source_if == "Loopback0"
        assert svc.reaches
    assert by_router == {"hq-hub1": NOC, "branch-01": NOC, "branch-02": NOC}
    loopbacks = {s.router: s.source for s in services}
    assert loopbacks["branch-01"] == IPv4Address("10.0.0.11")


def test_a_service_finding_at_its_line_predicts_no_reach() -> None:
    devices = inventory_devices(str(INV))
    clean = config_services(devices, [])
    trap = next(s for s in clean if s.router == "branch-02" and s.kind == "snmp trap receiver")
    line = next(
        n.line
        for n in next(d for d in devices if d.hostname == "branch-02").blocks
        if n.text.startswith("snmp-server host 10.1.0.40")
    )
    finding = Finding("branch-02.cfg", line, "NET061", "branch-02", None, "unreachable")
    judged = config_services(devices, [finding])
    assert [s for s in judged if not s.reaches] == [replace(trap, reaches=False)]


def test_each_service_on_the_segment_the_design_places_it(tmp_path: Path) -> None:
    plan = _plan()
    services = config_services(inventory_devices(str(INV)), [])
    odd = [
        LabService("branch-01", "ntp server", IPv4Address("129.6.15.28"), "", None, None, True),
        LabService("branch-01", "dns server", IPv4Address("172.16.9.9"), "", None, None, True),
        LabService(
            "branch-01", "aaa tacacs+ server", IPv4Address("10.0.0.1"), "", None, None, True
        ),
        LabService("branch-02", "syslog host", IPv4Address("10.1.0.20"), "MGMT", None, None, True),
    ]
    placed, gaps = place_services(plan, [*services, *odd])
    where = {(s.router, s.label): s.where for s in placed.services}
    assert where[("branch-01", "snmp trap receiver 10.1.0.40")] == "lan h-1-0"
    assert where[("branch-01", "ntp server 129.6.15.28")] == "internet"  # behind the ISP
    assert where[("branch-01", "aaa tacacs+ server 10.0.0.1")] == "router hq-hub1"  # its loopback
    assert {(g.router, g.feature, g.blocking) for g in gaps} == {
        ("branch-01", "dns server 172.16.9.9", False),
        ("branch-02", "syslog host 10.1.0.20", False),
    }
    assert "VRF MGMT" in next(g.reason for g in gaps if g.router == "branch-02")
    hub_lan = next(h for h in placed.hosts if h.ns == "h-1-0")
    assert [str(a) for a in hub_lan.services] == [
        "10.1.0.10",
        "10.1.0.11",
        "10.1.0.20",
        "10.1.0.21",
        "10.1.0.40",
        "10.1.0.50",
    ]
    render_files(placed, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    assert runs(setup, "h-1-0", "ip addr add 10.1.0.40/24 dev eth0")
    assert runs(setup, "isp", "ip addr add 129.6.15.28/32 dev lo")


def test_probe_leaves_from_the_configured_source() -> None:
    svc = LabService(
        "branch-01",
        "ntp server",
        IPv4Address("10.1.0.10"),
        "",
        "Loopback0",
        IPv4Address("10.0.0.11"),
        True,
    )
    assert probe_command(svc) == (
        "ip netns exec branch-01 ping -n -c 3 -i 0.3 -W 1 -I 10.0.0.11 10.1.0.10"
    )
    in_vrf = replace(svc, vrf="INET-A", source=None)
    assert probe_command(in_vrf) == (
        "ip netns exec branch-01 ip vrf exec INET-A ping -n -c 3 -i 0.3 -W 1 10.1.0.10"
    )
