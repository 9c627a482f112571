"""Push and multicast: a router already running the rendered PIM lines needs no change, and
dropping the inventory's multicast section removes the global lines dmvpngen owns."""

from __future__ import annotations

from pathlib import Path

import yaml

from dmvpngen.pipeline import build_network
from dmvpngen.push.diff import compute_plan
from tests.conftest import INVENTORIES

EXAMPLE = INVENTORIES / "phase3-dual-hub-multicast-eigrp.yml"


def test_rendered_multicast_config_is_in_sync() -> None:
    text = build_network(EXAMPLE).configs["shop-03"].text
    assert compute_plan(text, text, platform="ios").empty


def test_dropping_multicast_removes_its_lines(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    del data["multicast"]
    (tmp_path / "demo.secrets.yaml").write_text((INVENTORIES / "demo.secrets.yaml").read_text())
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    running = build_network(EXAMPLE).configs["hq-hub1"].text
    intended = build_network(path).configs["hq-hub1"].text
    plan = compute_plan(running, intended, platform="iosxe")
    assert "no ip multicast-routing distributed" in plan.lines
    assert "no ip pim rp-address 10.0.0.1" in plan.lines
    assert " no ip pim nbma-mode" in plan.lines and " no ip pim sparse-mode" in plan.lines
