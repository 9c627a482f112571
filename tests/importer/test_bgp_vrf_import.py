"""Import of a network whose hub accepts spokes by a top-level 'bgp listen range' naming a peer
group of the inside VRF: the routing and the VRF come back field by field, and the notes say
why validate refuses that form and what it renders instead."""

from __future__ import annotations

from pathlib import Path

import yaml

from dmvpngen.importer import import_devices
from dmvpngen.parse import parse_file

NET = Path(__file__).resolve().parents[1] / "check" / "data" / "bgp-inside-vrf"


def test_bgp_in_the_inside_vrf_is_imported_with_a_note() -> None:
    devices = [parse_file(p) for p in sorted(NET.glob("*.cfg"))]
    res = import_devices(devices)
    doc = yaml.safe_load(res.text)
    assert doc["overlay_vrf"] == {"name": "CORP", "rd": "65000:10"}
    assert doc["routing"]["protocol"] == "bgp"
    assert doc["routing"]["asn"] == 65000
    assert doc["routing"]["spoke_neighbors"] == "listen-range"
    assert [h["name"] for h in doc["hubs"]] == ["hub"]
    assert sorted(s["name"] for s in doc["spokes"]) == ["shop11", "shop12"]
    (note,) = [n for n in res.notes if "'bgp listen range' in the inside VRF 'CORP'" in n]
    assert "docs/designs.md" in note and "drop routing.spoke_neighbors" in note


def test_global_bgp_gets_no_vrf_note() -> None:
    devices = [parse_file(p) for p in sorted(NET.glob("*.cfg"))]
    for d in devices:
        assert d.bgp is not None
        d.bgp.vrf = ""
    res = import_devices(devices)
    assert not [n for n in res.notes if "in the inside VRF" in n]
    assert "spoke_neighbors" not in yaml.safe_load(res.text)["routing"]
