"""Shared test helpers: a stand-in renderer and golden-file comparison."""

from __future__ import annotations

import os
from pathlib import Path

from dmvpngen.model import Inventory
from dmvpngen.model.loader import load_inventory

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).parents[2]

# Set DMVPNGEN_UPDATE_GOLDENS=1 to rewrite every golden file from the current output.
UPDATE = os.environ.get("DMVPNGEN_UPDATE_GOLDENS") == "1"


def stand_in_configs(inventory: Inventory) -> dict[str, str]:
    """Config text shaped like the renderer's, naming every inventory interface the way it does.

    The lab exporter treats configs as input; these keep the lab tests independent of template
    changes while exercising every place an interface name appears (interface, tunnel source,
    description, sub-interface).
    """
    configs = {}
    for router in [*inventory.hubs, *inventory.spokes]:
        wan = router.wan
        lines = [f"hostname {router.name}", "!"]
        lines += [f"interface {wan.interface}", f" description WAN {wan.interface}"]
        if wan.dhcp:
            lines.append(" ip address dhcp")
        else:
            assert wan.address is not None
            lines.append(f" ip address {wan.address.ip} {wan.address.netmask}")
        lines += [" no shutdown", "!"]
        for lan in router.lan:
            lines += [
                f"interface {lan.interface}",
                f" ip address {lan.address.ip} {lan.address.netmask}",
                " no shutdown",
                "!",
            ]
        for cloud in inventory.router_clouds(router):
            lines += [
                f"interface Tunnel{cloud.tunnel}",
                f" ip address {inventory.tunnel_ip(cloud, router)} {cloud.subnet.netmask}",
                f" tunnel source {wan.interface}",
                "!",
            ]
        if wan.gateway is not None:
            lines.append(f"ip route 0.0.0.0 0.0.0.0 {wan.gateway}")
        lines += ["end", ""]
        configs[router.name] = "\n".join(lines)
    return configs


def load(name: str) -> Inventory:
    """A test inventory from tests/lab/data."""
    return load_inventory(DATA / name).inventory


def check_golden(path: Path, actual: bytes) -> None:
    """Compare with the golden file; on mismatch write ``<file>.actual`` beside it and fail."""
    actual_path = path.with_name(path.name + ".actual")
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        actual_path.unlink(missing_ok=True)
        return
    if not path.exists():
        actual_path.parent.mkdir(parents=True, exist_ok=True)
        actual_path.write_bytes(actual)
        raise AssertionError(
            f"missing golden {path}; wrote {actual_path} "
            "(pytest tests/lab --update-goldens to accept)"
        )
    if path.read_bytes() != actual:
        actual_path.write_bytes(actual)
        raise AssertionError(
            f"{path} differs; wrote {actual_path} (pytest tests/lab --update-goldens to accept)"
        )
    actual_path.unlink(missing_ok=True)
