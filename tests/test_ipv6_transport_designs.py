"""IPv6 transport across the design matrix: every phase, routing protocol and hub count runs
over GRE over IPv6, with an IPv4 overlay and with a dual-stack overlay, renders, validates and
checks without a finding, and every NHS line names the hub at its WAN IPv6 address."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Interface
from pathlib import Path
from typing import Any

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.pipeline import build_network
from tests.matrix import case_name, cases, matrix_inventory, write_inventory
from tests.test_ipv6_designs import dual_stack


def ipv6_transport(data: dict[str, Any]) -> dict[str, Any]:
    """The matrix inventory over an IPv6 transport: every WAN gets a static IPv6 address (the
    third spoke's alone: an IPv6-only ISP) and a gateway (link-local for the spokes)."""
    data["clouds"][0]["transport_family"] = "ipv6"
    for router in data["hubs"]:
        i = router["id"]
        router["wan"].update(
            {"ipv6_address": f"2001:db8:800{i}::2/64", "ipv6_gateway": f"2001:db8:800{i}::1"}
        )
    for router in data["spokes"]:
        wan = router["wan"]
        wan.update({"ipv6_address": f"2001:db8:c0{router['id']}::2/64", "ipv6_gateway": "fe80::1"})
        if router["name"] == "spoke3":
            for key in ("address", "gateway", "dhcp"):
                wan.pop(key, None)
    return data


def _devices(tmp_path: Path, data: dict[str, Any]) -> dict[str, Device]:
    net = build_network(write_inventory(tmp_path, data))
    return {n: parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()}


CASES = [(*c, dual) for c in cases() for dual in (False, True)]


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: case_name(*c[:3]) + ("-dual-stack" if c[3] else "")
)
def test_every_design_runs_over_ipv6(case: tuple[int, str, int, bool], tmp_path: Path) -> None:
    phase, protocol, hubs, dual = case
    data = matrix_inventory(phase, protocol, hubs)
    if dual:
        data = dual_stack(data)
        # the IPv6 summary would cover the WAN IPv6 addresses (refused): narrow it
        cloud = data["clouds"][0]
        if cloud.get("ipv6_summary"):
            cloud["ipv6_summary"] = ["2001:db8::/36"]
    devices = _devices(tmp_path, ipv6_transport(data))
    result = check_devices(list(devices.values()), "17.9")
    bad = [
        f"{f.code} {f.device}: {f.message}"
        for f in result.findings
        if f.severity in {"high", "critical"} or f.code >= "NET080"
    ]
    assert bad == []
    (cloud_report,) = result.clouds
    assert cloud_report.counts()["broken"] == 0
    _invariants(devices)


def _wan_v6(dev: Device, source: str | None) -> IPv6Address:
    intf = dev.interface(source or "")
    assert intf is not None and intf.ipv6 is not None and intf.ipv6.address is not None
    assert isinstance(intf.ipv6.address, IPv6Interface)
    return intf.ipv6.address.ip


def _invariants(devices: dict[str, Device]) -> None:
    tunnels = {n: next(iter(d.tunnels.values())) for n, d in devices.items()}
    for name, tun in tunnels.items():
        assert tun.transport_v6, f"{name}: GRE over IPv4"
        source = devices[name].interface(tun.source or "")
        assert source is not None and source.ipv6 is not None
        assert source.ipv6.traffic_filter_in == ("WAN-IN-V6", source.ipv6.traffic_filter_in[1])
    hubs = {n for n, t in tunnels.items() if t.map_multicast_dynamic is not None}
    nbma = {}
    for h in hubs:
        address = tunnels[h].address
        assert address is not None
        nbma[address.ip] = _wan_v6(devices[h], tunnels[h].source)
    for name, tun in tunnels.items():
        if name in hubs:
            continue
        named = {n.address: IPv6Address(n.nbma or "::") for n in tun.nhs}
        if tun.mode == "gre-p2p":  # phase 1: the one hub is the tunnel destination
            assert IPv6Address(tun.destination or "::") in nbma.values(), name
        assert named == nbma, f"{name}: NHS {named} != hubs {nbma}"
