"""validate runs the routing model on the network it would render and refuses routing faults
as located errors; the examples it refuses today are listed explicitly (the list shrinks as
the designs are fixed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.pipeline import load_and_validate
from dmvpngen.validate.routed import check_routing

INVENTORIES = Path(__file__).resolve().parents[1] / "inventories"
REFUSED = {
    "crypto-pki",
    "dual-hub-dual-cloud-eigrp",
    "dual-isp-fvrf-ibgp",
    "hierarchical-eigrp",
    "inside-vrf-eigrp",
    "qos-bfd",
}


@pytest.mark.parametrize("name", sorted(p.stem for p in INVENTORIES.glob("*.yml")))
def test_examples_refused_by_routing_validation(name: str) -> None:
    loaded, secrets, _warnings = load_and_validate(INVENTORIES / f"{name}.yml")
    problems = check_routing(loaded, secrets)
    assert bool(problems) == (name in REFUSED), [p.message for p in problems]


def test_hub_b_ntp_is_located_at_the_ntp_servers_line() -> None:
    path = INVENTORIES / "dual-hub-dual-cloud-eigrp.yml"
    loaded, secrets, _ = load_and_validate(path)
    problems = check_routing(loaded, secrets)
    ntp = [p for p in problems if "10.1.0.10 (ntp server)" in p.message]
    assert len(ntp) == 1
    lines = path.read_text().splitlines()
    assert ntp[0].line is not None and "ntp_servers" in lines[ntp[0].line - 1]
    assert ntp[0].message.startswith("NET060 hub-b: 10.1.0.10 (ntp server) matches 10.0.0.0/8")
    assert "interconnect" in ntp[0].hint


def test_hierarchy_keys_located_at_a_cloud_tunnel_key() -> None:
    loaded, secrets, _ = load_and_validate(INVENTORIES / "hierarchical-eigrp.yml")
    problems = check_routing(loaded, secrets)
    assert problems and all(p.path[-1] == "tunnel_key" for p in problems)
