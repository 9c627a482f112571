"""Import gives back the IPv6 side of a dual-stack network field by field: explicit tunnel and
link-local addresses where they do not follow the router id, the derived ones left implicit,
IPv6 LANs, loopbacks, summaries and the IPv6 vty prefixes; IPv6 where the hubs run none stays
a note."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from dmvpngen.importer import import_devices
from dmvpngen.parse import parse_config
from tests.conftest import INVENTORIES

EXAMPLE = INVENTORIES / "phase3-dual-stack-eigrp.yml"


def _configs(tmp_path: Path, edit: Any = None) -> dict[str, str]:
    from dmvpngen.pipeline import build_network

    data = yaml.safe_load(EXAMPLE.read_text())
    if edit is not None:
        edit(data)
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return {n: c.text for n, c in build_network(path).configs.items()}


def _import(configs: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    devices = [parse_config(text, f"{n}.cfg") for n, text in configs.items()]
    res = import_devices(devices, "again", "again.secrets.yml")
    return yaml.safe_load(res.text), res.notes


def _router(inv: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in inv["hubs"] + inv["spokes"] if r["name"] == name)


def test_explicit_addresses_come_back_explicit(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        spoke = data["spokes"][1]
        spoke["tunnel_ipv6s"] = {"DUAL": "2001:db8:ffff::1:12"}
        spoke["ipv6_link_local"] = "fe80::c0:12"

    inv, _ = _import(_configs(tmp_path, edit))
    spoke = _router(inv, "branch-02")
    assert spoke["tunnel_ipv6s"] == {"DUAL": "2001:db8:ffff::1:12"}
    assert spoke["ipv6_link_local"] == "fe80::c0:12"
    # derived addresses stay implicit
    assert "tunnel_ipv6s" not in _router(inv, "branch-01")
    assert "ipv6_link_local" not in _router(inv, "hq-hub1")


def test_ipv6_fields_of_the_example(tmp_path: Path) -> None:
    inv, _ = _import(_configs(tmp_path))
    cloud = inv["clouds"][0]
    assert cloud["ipv6_subnet"] == "2001:db8:ffff::/64"
    assert cloud["ipv6_summary"] == ["2001:db8::/32"]
    assert inv["management"]["ssh_allowed_v6"] == ["2001:db8:1::/64"]
    branch = _router(inv, "branch-01")
    assert branch["loopback_ipv6"] == "2001:db8:0:1::11"
    lans = {lan["interface"]: lan for lan in branch["lan"]}
    assert lans["GigabitEthernet2"]["ipv6_address"] == "2001:db8:11::1/64"
    assert "ipv6_address" not in lans["GigabitEthernet3"]  # the IPv4-only VLAN


def test_ipv6_on_a_spoke_of_an_ipv4_only_cloud_is_a_note(tmp_path: Path) -> None:
    configs = _configs(tmp_path)
    for hub in ("hq-hub1", "dc-hub2"):
        configs[hub] = "\n".join(
            ln
            for ln in configs[hub].splitlines()
            if not ln.startswith(" ipv6 address 2001:DB8:FFFF")
        )
    inv, notes = _import(configs)
    assert "ipv6_subnet" not in inv["clouds"][0]
    assert any("branch-01 Tunnel100: IPv6 address" in n and "not imported" in n for n in notes)
    # without a dual-stack cloud the spokes' IPv6 LANs and loopbacks are left out too
    assert "loopback_ipv6" not in _router(inv, "branch-01")
    assert all("ipv6_address" not in lan for lan in _router(inv, "branch-01")["lan"])
