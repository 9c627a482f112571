"""Multicast findings of check: break one PIM line of the rendered multicast example and
assert the finding, its line and, where two routers disagree, both routers."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.check.model import Finding
from tests.check.test_mutations import check, line_of

ROOT = Path(__file__).resolve().parents[2]
MC = str(ROOT / "inventories" / "phase3-dual-hub-multicast-eigrp.yml")


def _codes(mutate: dict[str, tuple[str, str]], version: str = "17.9") -> list[Finding]:
    res = check(MC, mutate, version)
    return [f for f in res.findings if f.code >= "NET070" or f.code == "NET054"]


def test_rendered_multicast_network_checks_clean() -> None:
    assert check(MC, {}, "17.9").findings == []


def test_hub_without_nbma_mode() -> None:
    (f,) = _codes({"dc-hub2": (" ip pim nbma-mode\n", "")})
    assert (f.code, f.device) == ("NET070", "dc-hub2")
    # the sparse-mode line moves up into the place of the removed nbma-mode line
    assert f.line == line_of(MC, "dc-hub2", " ip pim nbma-mode\n")


def test_rp_mismatch_names_both_routers() -> None:
    old = "ip pim rp-address 10.0.0.1\n"
    (f,) = _codes({"shop-02": (old, "ip pim rp-address 10.0.0.2\n")})
    assert (f.code, f.device, f.peer) == ("NET072", "shop-02", "dc-hub2")
    assert f.line == line_of(MC, "shop-02", old)
    assert f"dc-hub2.cfg:{line_of(MC, 'dc-hub2', old)}" in f.message


def test_missing_rp_is_a_mismatch_too() -> None:
    (f,) = _codes({"shop-03": ("ip pim rp-address 10.0.0.1\n", "")})
    assert (f.code, f.device, f.peer) == ("NET072", "shop-03", "dc-hub2")


def test_multicast_routing_missing() -> None:
    (f,) = _codes({"shop-01": ("ip multicast-routing distributed\n", "")})
    assert (f.code, f.device) == ("NET071", "shop-01")


def test_pim_on_one_end_only_names_both_ends() -> None:
    found = _codes({"hq-hub1": (" ip pim nbma-mode\n ip pim sparse-mode\n", "")})
    assert {(f.code, f.device, f.peer) for f in found} == {
        ("NET073", "hq-hub1", "shop-01"),
        ("NET073", "hq-hub1", "shop-02"),
        ("NET073", "hq-hub1", "shop-03"),
    }


def test_spoke_leaving_the_shared_tree() -> None:
    (f,) = _codes({"shop-03": ("ip pim spt-threshold infinity\n", "")})
    assert (f.code, f.device, f.severity) == ("NET074", "shop-03", "medium")


def test_hub_without_dynamic_multicast_map_says_pim_is_cut_off() -> None:
    # IOS 15 does not map multicast dynamically unless told (17.x does by default)
    found = _codes({"hq-hub1": (" ip nhrp map multicast dynamic\n", "")}, "15.9")
    (f,) = [f for f in found if f.code == "NET054"]
    assert f.device == "hq-hub1" and "PIM hellos and multicast streams" in f.message


def test_static_rp_is_traced_like_a_service() -> None:
    old = "ip pim rp-address 10.0.0.1\n"
    every = ("hq-hub1", "dc-hub2", "shop-01", "shop-02", "shop-03")
    res = check(
        MC,
        dict.fromkeys(every, (old, "ip pim rp-address 10.77.0.1\n")),
        "17.9",
    )
    dropped = {f.device for f in res.findings if f.code == "NET060"}
    assert dropped == {"hq-hub1", "dc-hub2", "shop-01", "shop-02", "shop-03"}
    assert all("pim rendezvous point" in f.message for f in res.findings if f.code == "NET060")


def test_multicast_line_sums_the_network_up() -> None:
    report = check(MC, {}, "17.9").multicast
    assert report is not None
    assert report.line() == (
        "multicast: PIM sparse mode on 5 router(s), RP static 10.0.0.1 (hq-hub1); hubs in NBMA "
        "mode 2/2, phase 2/3 spokes on the shared tree 3/3"
    )
    broken = check(
        MC,
        {
            "dc-hub2": (" ip pim nbma-mode\n", ""),
            "shop-03": ("ip pim spt-threshold infinity\n", ""),
        },
        "17.9",
    ).multicast
    assert broken is not None
    assert broken.as_dict()["hubs_nbma_mode"] == [1, 2]
    assert broken.as_dict()["spokes_shared_tree"] == [2, 3]


def test_no_pim_no_multicast_line() -> None:
    eigrp = str(ROOT / "inventories" / "phase3-single-hub-eigrp.yml")
    assert check(eigrp, {}, "17.9").multicast is None
