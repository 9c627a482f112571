"""Import of a network that runs BGP inside its inside VRF: the routing and the VRF come back
field by field, and the notes say why validate refuses the pair."""

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
    assert [h["name"] for h in doc["hubs"]] == ["hub"]
    assert sorted(s["name"] for s in doc["spokes"]) == ["shop11", "shop12"]
    (note,) = [n for n in res.notes if "BGP runs in the inside VRF 'CORP'" in n]
    assert "docs/designs.md" in note


def test_global_bgp_gets_no_vrf_note() -> None:
    devices = [parse_file(p) for p in sorted(NET.glob("*.cfg"))]
    for d in devices:
        assert d.bgp is not None
        d.bgp.vrf = ""
    assert not [n for n in import_devices(devices).notes if "BGP runs in the inside VRF" in n]
