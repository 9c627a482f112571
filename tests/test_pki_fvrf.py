"""Certificates with a front-door VRF: what bootstraps the first tunnel is reached in that VRF.

The CA (SCEP enrollment, CRL) and the first clock are reached over the WAN (docs/designs-
security.md, "Certificates, in short"). When the WAN sits in a front-door VRF the global table
has no route to them, so the trustpoint names the VRF (Cisco-IOS-XE-crypto YANG, trustpoint
leaf ``vrf``: "Name of VRF to use with trustpoint") as the NTP server line does.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from dmvpngen.pipeline import build_network
from tests.configtext import block
from tests.conftest import INVENTORIES

EXAMPLE = INVENTORIES / "crypto-pki.yml"


def with_fvrf(tmp_path: Path, vrf: str | None) -> dict[str, str]:
    data: dict[str, Any] = copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    for router in (*data["hubs"], *data["spokes"]):
        if vrf is not None:
            router["wan"]["vrf"] = vrf
    secrets = (INVENTORIES / "demo.secrets.yaml").read_text(encoding="utf-8")
    (tmp_path / "s.secrets.yaml").write_text(secrets, encoding="utf-8")
    data["secrets_file"] = "s.secrets.yaml"
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return {h: c.text for h, c in build_network(path).configs.items()}


def test_trustpoint_uses_the_front_door_vrf(tmp_path: Path) -> None:
    for host, text in with_fvrf(tmp_path, "INET").items():
        assert "vrf INET" in block(text, "crypto pki trustpoint DMVPN-CA"), host
        # the first clock comes over the same WAN, in the same VRF
        assert "ntp server vrf INET 203.0.113.123 key 1 source GigabitEthernet1" in text, host


def test_trustpoint_without_front_door_vrf_names_none(tmp_path: Path) -> None:
    for host, text in with_fvrf(tmp_path, None).items():
        assert not any(
            ln.startswith("vrf ") for ln in block(text, "crypto pki trustpoint DMVPN-CA")
        ), host
