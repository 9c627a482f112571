"""Import gives back the multicast section field by field, for every RP mode and LAN choice,
and leaves what the model cannot hold (PIM without an RP, PIM in two tables) as a note."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.importer import import_devices
from dmvpngen.parse import parse_config
from tests.conftest import INVENTORIES

EXAMPLE = INVENTORIES / "phase3-dual-hub-multicast-eigrp.yml"

VARIANTS: dict[str, dict[str, Any]] = {
    "static on a hub LAN, every LAN": {"rp": {"mode": "static", "address": "10.2.0.1"}},
    "bsr, two candidates, another register rate": {
        "rp": {"mode": "bsr", "candidates": ["hq-hub1", "dc-hub2"]},
        "register_rate_limit": 25,
    },
    "auto-rp, one candidate, some LANs": {
        "rp": {"mode": "auto-rp", "candidates": ["dc-hub2"]},
        "lans": ["10.2.0.0/24", "10.12.0.0/24"],
    },
}


def _import(tmp_path: Path, multicast: dict[str, Any], **extra: Any) -> tuple[str, list[str]]:
    from dmvpngen.pipeline import build_network

    data = yaml.safe_load(EXAMPLE.read_text())
    data["multicast"] = multicast
    data.update(extra)
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    net = build_network(path)
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    res = import_devices(devices, "again", "again.secrets.yml")
    return res.text, res.notes


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_multicast_section_round_trips(variant: str, tmp_path: Path) -> None:
    text, _notes = _import(tmp_path, VARIANTS[variant])
    got = yaml.safe_load(text)["multicast"]
    want = dict(VARIANTS[variant])
    assert got == want


def test_no_pim_no_section(tmp_path: Path) -> None:
    from dmvpngen.pipeline import build_network

    net = build_network(INVENTORIES / "phase3-dual-hub-ibgp.yml")
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    assert "multicast" not in yaml.safe_load(import_devices(devices).text)


def test_pim_without_rp_stays_a_note() -> None:
    from dmvpngen.pipeline import build_network

    net = build_network(EXAMPLE)
    texts = {n: c.text.replace("ip pim rp-address 10.0.0.1\n", "") for n, c in net.configs.items()}
    devices = [parse_config(t, f"{n}.cfg") for n, t in texts.items()]
    res = import_devices(devices)
    assert "multicast" not in yaml.safe_load(res.text)
    assert any("no RP is configured" in n for n in res.notes)


def test_pim_in_an_inside_vrf_is_read_in_the_vrf() -> None:
    """The real Azure set runs PIM on tunnels in VRF PROD ('ip multicast-routing vrf PROD
    distributed') with no RP in any table: read in PROD, the missing RP is the note."""
    from dmvpngen.check.engine import collect_files, load_devices

    corpus = Path(__file__).parents[1] / "check" / "corpus" / "rbannist-azure-devqa"
    res = import_devices(load_devices(collect_files([str(corpus)])))
    data = yaml.safe_load(res.text)
    assert data["overlay_vrf"]["name"] == "PROD"
    assert "multicast" not in data
    assert any("no RP is configured" in n for n in res.notes)


def test_missing_register_rate_limit_is_noted() -> None:
    from dmvpngen.pipeline import build_network

    net = build_network(EXAMPLE)
    # every router's line, in either platform's unit (IOS-XE states it in its own range)
    texts = {
        n: re.sub(r"(?m)^ip pim register-rate-limit \d+\n", "", c.text)
        for n, c in net.configs.items()
    }
    res = import_devices([parse_config(t, f"{n}.cfg") for n, t in texts.items()])
    assert "register_rate_limit" not in yaml.safe_load(res.text)["multicast"]
    assert any("without 'ip pim register-rate-limit'" in n for n in res.notes)
