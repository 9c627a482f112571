"""Multicast in an inside VRF: every design of the matrix and every RP mode renders PIM in the
VRF's table and checks clean; check reads the VRF forms (a global line in a VRF design is a
finding), import gives the section back field by field, lint's MCS003 looks in the RP's table."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.check.engine import check_devices
from dmvpngen.check.model import CheckResult
from dmvpngen.importer import import_devices
from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from dmvpngen.parse import parse_config
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.importer.test_multicast_import import VARIANTS as GLOBAL_VARIANTS
from tests.matrix import case_name, cases, matrix_inventory, write_inventory

EXAMPLE = INVENTORIES / "inside-vrf-multicast-eigrp.yml"
VRF = {"name": "CORP", "rd": "65000:10"}  # BGP takes the VRF's address family only with an RD

RPS: dict[str, tuple[dict[str, Any], str]] = {
    "static": ({"mode": "static", "address": "10.0.0.1"}, "rp-address 10.0.0.1"),
    "static-lan": ({"mode": "static", "address": "10.1.0.1"}, "rp-address 10.1.0.1"),
    "bsr": ({"mode": "bsr", "candidates": ["hub1"]}, "rp-candidate Loopback0"),
    "auto-rp": ({"mode": "auto-rp", "candidates": ["hub1"]}, "send-rp-announce Loopback0 scope 16"),
}


def _configs(tmp_path: Path, data: dict[str, Any]) -> dict[str, str]:
    net = build_network(write_inventory(tmp_path, data))
    return {name: c.text for name, c in net.configs.items()}


def _check(texts: dict[str, str]) -> CheckResult:
    return check_devices([parse_config(t, f"{n}.cfg") for n, t in texts.items()], "17.9")


def _faults(result: CheckResult) -> list[str]:
    return [
        f"{f.code} {f.device}: {f.message}"
        for f in result.findings
        if f.code >= "NET070" or f.severity in {"high", "critical"}
    ]


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_every_design_carries_multicast_in_the_vrf(
    case: tuple[int, str, int], tmp_path: Path
) -> None:
    data = matrix_inventory(*case)
    data["overlay_vrf"] = VRF
    data["multicast"] = {"rp": RPS["static"][0]}
    texts = _configs(tmp_path, data)
    assert _faults(_check(texts)) == []
    for name, text in texts.items():
        lines = text.splitlines()
        # IOS-XE routers take 'distributed', the matrix's IOS 15 spoke the plain form
        assert {"ip multicast-routing vrf CORP distributed", "ip multicast-routing vrf CORP"} & set(
            lines
        ), name
        assert "ip pim vrf CORP rp-address 10.0.0.1" in lines, name
        # the global table runs no multicast: every global PIM line names the VRF
        assert not [
            x
            for x in lines
            if x.startswith(("ip pim ", "ip multicast-routing")) and " vrf " not in x
        ]


@pytest.mark.parametrize("rp", sorted(RPS))
def test_every_rp_mode_in_the_vrf(rp: str, tmp_path: Path) -> None:
    data = matrix_inventory(3, "eigrp", 2)
    data["overlay_vrf"] = VRF
    data["multicast"] = {"rp": RPS[rp][0], "lans": ["10.1.0.0/24", "10.11.0.0/24"]}
    texts = _configs(tmp_path, data)
    result = _check(texts)
    assert _faults(result) == []
    assert f"ip pim vrf CORP {RPS[rp][1]}" in texts["hub1"].splitlines()
    spoke = texts["spoke1"].splitlines()
    assert "ip pim vrf CORP spt-threshold infinity" in spoke
    assert ("ip pim vrf CORP autorp listener" in spoke) == (rp == "auto-rp")
    assert result.multicast is not None and result.multicast.rp.endswith("in VRF CORP")


def test_ios15_takes_the_vrf_form_without_distributed() -> None:
    texts = {n: c.text for n, c in build_network(EXAMPLE).configs.items()}
    assert "ip multicast-routing vrf CORP\n" in texts["clinic-03"]
    assert "ip multicast-routing vrf CORP distributed\n" in texts["clinic-01"]


def _mutated(**mutate: tuple[str, str]) -> CheckResult:
    texts = {n: c.text for n, c in build_network(EXAMPLE).configs.items()}
    for name, (old, new) in mutate.items():
        assert old in texts[name], (name, old)
        texts[name] = texts[name].replace(old, new, 1)
    return _check(texts)


def test_example_checks_clean_and_sums_up() -> None:
    result = _mutated()
    assert result.findings == []
    assert result.multicast is not None
    assert result.multicast.line() == (
        "multicast: PIM sparse mode on 5 router(s), RP bsr, candidates dc-hub2, hq-hub1 in VRF "
        "CORP; hubs in NBMA mode 2/2, phase 2/3 spokes on the shared tree 3/3"
    )


def test_vrf_multicast_routing_missing_names_the_vrf_command() -> None:
    result = _mutated(**{"clinic-02": ("ip multicast-routing vrf CORP distributed\n", "")})
    (f,) = [f for f in result.findings if f.code >= "NET070"]
    assert (f.code, f.device) == ("NET071", "clinic-02")
    assert "'ip multicast-routing vrf CORP' is missing" in f.message


def test_global_lines_in_a_vrf_design_are_not_the_vrf_s() -> None:
    """A spoke with the global forms ('ip multicast-routing', 'ip pim spt-threshold infinity')
    forwards no multicast in CORP and would leave the shared tree there."""
    result = _mutated(
        **{
            "clinic-01": (
                "ip multicast-routing vrf CORP distributed\n",
                "ip multicast-routing distributed\n",
            )
        }
    )
    assert [(f.code, f.device) for f in result.findings if f.code >= "NET070"] == [
        ("NET071", "clinic-01")
    ]
    result = _mutated(
        **{
            "clinic-01": (
                "ip pim vrf CORP spt-threshold infinity\n",
                "ip pim spt-threshold infinity\n",
            )
        }
    )
    (f,) = [f for f in result.findings if f.code >= "NET070"]
    assert (f.code, f.device) == ("NET074", "clinic-01")
    assert "'ip pim vrf CORP spt-threshold infinity'" in f.message


def _static_example(tmp_path: Path) -> dict[str, str]:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["multicast"]["rp"] = {"mode": "static", "address": "10.0.0.1"}
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    (tmp_path / "inv.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    return {n: c.text for n, c in build_network(tmp_path / "inv.yml").configs.items()}


def test_static_rp_is_traced_in_the_vrf(tmp_path: Path) -> None:
    """The VRF's RP is reached through the VRF's routes (the global table holds none here)."""
    texts = _static_example(tmp_path)
    assert _check(texts).findings == []
    old = "ip pim vrf CORP rp-address 10.0.0.1\n"
    moved = {n: t.replace(old, "ip pim vrf CORP rp-address 10.77.0.1\n") for n, t in texts.items()}
    dropped = [f for f in _check(moved).findings if f.code == "NET060"]
    assert {f.device for f in dropped} == set(texts)
    assert all("pim rendezvous point" in f.message for f in dropped)


def test_static_rp_disagreement_inside_the_vrf(tmp_path: Path) -> None:
    texts = _static_example(tmp_path)
    old = "ip pim vrf CORP rp-address 10.0.0.1\n"
    # the global form is in another table: the spoke knows no RP in CORP
    texts["clinic-02"] = texts["clinic-02"].replace(old, "ip pim rp-address 10.0.0.1\n")
    (f,) = [f for f in _check(texts).findings if f.code >= "NET070"]
    assert (f.code, f.device) == ("NET072", "clinic-02")
    assert "static RP none (VRF CORP) differs from 10.0.0.1" in f.message


# the variants of the global design: the example has the same hubs and shop LANs
VARIANTS = GLOBAL_VARIANTS


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_vrf_multicast_section_round_trips(variant: str, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["multicast"] = VARIANTS[variant]
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    (tmp_path / "inv.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    net = build_network(tmp_path / "inv.yml")
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    got = yaml.safe_load(import_devices(devices, "again", "again.secrets.yml").text)
    assert got["multicast"] == VARIANTS[variant]
    assert got["overlay_vrf"]["name"] == "CORP"


def test_pim_in_two_tables_stays_a_note() -> None:
    texts = {n: c.text for n, c in build_network(EXAMPLE).configs.items()}
    # one hub's tunnel taken out of the VRF: PIM now runs in CORP and in the global table
    texts["dc-hub2"] = texts["dc-hub2"].replace(
        "interface Tunnel100\n description DMVPN INET phase 3 hub\n bandwidth 1000\n"
        " vrf forwarding CORP\n",
        "interface Tunnel100\n description DMVPN INET phase 3 hub\n bandwidth 1000\n",
    )
    res = import_devices([parse_config(t, f"{n}.cfg") for n, t in texts.items()])
    assert "multicast" not in yaml.safe_load(res.text)
    assert any("more than one routing table (CORP, the global table)" in n for n in res.notes)


def _mcs003(text: str) -> list[str]:
    result = lint_text(text, "rp.cfg", LintSettings.from_mapping({}))
    return [f.message for f in result.findings if f.code == "MCS003"]


RP_IN_VRF = """hostname hub1
vrf definition CORP
 address-family ipv4
 exit-address-family
ip multicast-routing vrf CORP distributed
interface Loopback0
 vrf forwarding CORP
 ip address 10.0.0.1 255.255.255.255
 ip pim sparse-mode
ip pim vrf CORP rp-address 10.0.0.1
"""


def test_lint_wants_the_register_limit_in_the_rp_s_table() -> None:
    (msg,) = _mcs003(RP_IN_VRF)
    assert "PIM RP in VRF CORP without 'ip pim vrf CORP register-rate-limit'" in msg
    # the global limit does not cover the VRF's registers
    assert _mcs003(RP_IN_VRF + "ip pim register-rate-limit 10\n")
    assert _mcs003(RP_IN_VRF + "ip pim vrf CORP register-rate-limit 10\n") == []
    candidate = RP_IN_VRF.replace("rp-address 10.0.0.1", "rp-candidate Loopback0")
    assert (
        _mcs003(candidate) and _mcs003(candidate + "ip pim vrf CORP register-rate-limit 10\n") == []
    )
