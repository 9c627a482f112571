"""Variants of the shipped hierarchical-ibgp example that tests build on the fly."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import INVENTORIES

HIERARCHICAL_IBGP = INVENTORIES / "hierarchical-ibgp.yml"


def dual_stack_hierarchy(tmp_path: Path) -> Path:
    """hierarchical-ibgp with an IPv6 subnet on every cloud, an IPv6 summary where the cloud
    has an IPv4 one and an IPv6 address on every LAN; written to ``tmp_path`` beside the demo
    secrets, its path returned."""
    data = yaml.safe_load(HIERARCHICAL_IBGP.read_text(encoding="utf-8"))
    v6 = {
        "CENTRAL": "2001:db8:ffff::/64",
        "REGION-EU": "2001:db8:ff10::/64",
        "REGION-US": "2001:db8:ff20::/64",
    }
    for cloud in data["clouds"]:
        cloud["ipv6_subnet"] = v6[cloud["name"]]
        if cloud.get("summary"):
            cloud["ipv6_summary"] = ["2001:db8::/32"]
    for n, router in enumerate([*data["hubs"], *data["spokes"]], start=1):
        router["lan"][0]["ipv6_address"] = f"2001:db8:{n}::1/64"
    shutil.copy(INVENTORIES / data["secrets_file"], tmp_path)
    path = tmp_path / "dual.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
