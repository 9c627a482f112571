"""Multicast across the design matrix: every phase, routing protocol and hub count renders,
validates (routing model included: every router reaches the RP) and checks without a
multicast finding, for each way of choosing the RP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config
from dmvpngen.pipeline import build_network
from tests.matrix import case_name, cases, matrix_inventory, write_inventory

RPS: dict[str, dict[str, Any]] = {
    "static": {"mode": "static", "address": "10.0.0.1"},  # hub1 Loopback0
    "static-lan": {"mode": "static", "address": "10.1.0.1"},  # hub1 LAN
    "bsr": {"mode": "bsr", "candidates": ["hub1"]},
    "auto-rp": {"mode": "auto-rp", "candidates": ["hub1"]},
}


def _check(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    net = build_network(write_inventory(tmp_path, data))
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    result = check_devices(devices, "17.9")
    return [
        f"{f.code} {f.device}: {f.message}"
        for f in result.findings
        if f.code >= "NET070" or f.severity in {"high", "critical"}
    ]


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_every_design_carries_multicast(case: tuple[int, str, int], tmp_path: Path) -> None:
    data = matrix_inventory(*case)
    data["multicast"] = {"rp": RPS["static"]}
    assert _check(tmp_path, data) == []


@pytest.mark.parametrize("rp", sorted(RPS))
def test_every_rp_mode(rp: str, tmp_path: Path) -> None:
    data = matrix_inventory(3, "eigrp", 2)
    data["multicast"] = {"rp": RPS[rp], "lans": ["10.1.0.0/24", "10.11.0.0/24"]}
    assert _check(tmp_path, data) == []
    text = build_network(tmp_path / "inventory.yml").configs["hub1"].text
    expected = {
        "static": "ip pim rp-address 10.0.0.1",
        "static-lan": "ip pim rp-address 10.1.0.1",
        "bsr": "ip pim rp-candidate Loopback0",
        "auto-rp": "ip pim send-rp-announce Loopback0 scope 16",
    }[rp]
    assert expected in text.splitlines()


def test_phase1_spokes_may_switch_to_the_source_tree(tmp_path: Path) -> None:
    """In phase 1 every path runs through the hub, so the SPT is the shared tree's path."""
    data = matrix_inventory(1, "eigrp", 1)
    data["multicast"] = {"rp": RPS["static"]}
    net = build_network(write_inventory(tmp_path, data))
    assert "ip pim spt-threshold infinity" not in net.configs["spoke1"].text
    assert " ip pim dr-priority 0" in net.configs["spoke1"].text


def test_hub_only_spokes_keep_their_lans_out(tmp_path: Path) -> None:
    """By default a hub-only spoke's LAN runs no PIM: a stream from it would reach the other
    spokes through the hub, past the isolation."""
    import shutil

    import yaml

    from tests.conftest import INVENTORIES

    data = yaml.safe_load((INVENTORIES / "spoke-isolation-eigrp.yml").read_text())
    data["multicast"] = {"rp": {"address": data["hubs"][0]["lan"][0]["address"].split("/")[0]}}
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    net = build_network(path)
    isolated = next(s for s in data["spokes"] if s.get("hub_only"))
    text = net.configs[isolated["name"]].text
    lan = isolated["lan"][0]["interface"]
    block = text.split(f"interface {lan}\n", 1)[1].split("\n!", 1)[0]
    assert "ip pim sparse-mode" not in block
    assert " ip pim sparse-mode" in text  # its tunnel still runs PIM
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    found = check_devices(devices, "17.9").findings
    assert [f for f in found if f.code >= "NET070" or f.severity in {"high", "critical"}] == []


def _examples() -> list[str]:
    from tests.conftest import INVENTORIES

    return sorted(p.stem for p in INVENTORIES.glob("*.yml"))


@pytest.mark.parametrize("example", _examples())
def test_every_example_takes_multicast(example: str, tmp_path: Path) -> None:
    """Each shipped design (front-door VRFs, two ISPs, dual cloud, NAT, hierarchy, isolation,
    PKI, inside VRFs ...) with multicast added and the RP on its first hub validates and checks
    clean; in an inside VRF every global PIM line takes the VRF form."""
    import shutil

    import yaml

    from dmvpngen.errors import InputError
    from tests.conftest import INVENTORIES

    data = yaml.safe_load((INVENTORIES / f"{example}.yml").read_text())
    hub = data["hubs"][0]
    if "ipv6-only" in example:  # PIM is rendered for IPv4: an IPv6-only overlay refuses it
        data["multicast"] = {"rp": {"mode": "bsr", "candidates": [hub["name"]]}}
        shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
        (tmp_path / "inv.yml").write_text(yaml.safe_dump(data, sort_keys=False))
        with pytest.raises(InputError) as refused:
            build_network(tmp_path / "inv.yml")
        assert any("IPv6-only" in p.message for p in refused.value.problems)
        return
    address = hub.get("loopback") or hub["lan"][0]["address"].split("/")[0]
    data["multicast"] = {"rp": {"address": address}}
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    path = tmp_path / f"{example}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    net = build_network(path)
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    found = check_devices(devices, "17.9").findings
    assert [f for f in found if f.code >= "NET070"] == []
    vrf = data.get("overlay_vrf", {}).get("name")
    for name, config in net.configs.items():
        lines = config.text.splitlines()
        pim = f"ip pim vrf {vrf} " if vrf else "ip pim "
        assert f"{pim}rp-address {address}" in lines, name
        assert [x for x in lines if x.startswith(f"{pim}register-rate-limit ")], name
        # the global table of an inside-VRF design runs no multicast at all
        globals_ = [x for x in lines if x.startswith(("ip pim ", "ip multicast-routing"))]
        assert all(" vrf " in x for x in globals_) == bool(vrf), name
