"""The spoke x spoke result for IPv6 in dual-stack clouds: path class and reason from the
IPv6 routing model, with the IPv6 NHRP lines deciding phase 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths

from .edited import edited_copy

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"


def _classes(
    folder: Path, release: str | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    (cloud,) = check_paths([str(folder)], release).clouds
    return (
        [(c.result, c.reason) for c in cloud.forwarding],
        [(c.result, c.reason) for c in cloud.forwarding6],
    )


def test_phase2_hub_rewriting_the_ipv6_next_hop_keeps_ipv6_on_the_hub() -> None:
    """IPv4 is direct; the IPv6 family lacks 'no next-hop-self' (NET015): via the hub."""
    four, six = _classes(FIXTURES / "v6-phase2-next-hop-self")
    assert [r for r, _ in four] == ["direct"]
    assert six == [
        (
            "via-hub",
            "br31 sends to br32 via hub (2001:db8:32::/64 -> 2001:db8:ffff::1, EIGRP 10 from "
            "hub, originated by br32)",
        )
    ]


def test_phase3_without_the_ipv6_shortcut_is_via_hub_for_ipv6_only(tmp_path: Path) -> None:
    """On IOS 15 shortcut switching is off unless configured (on IOS-XE 17 it is on)."""
    edits = {"br41": [(" ipv6 nhrp shortcut\n", "")]}
    folder = edited_copy(FIXTURES / "v6-bgp-aggregate-no-ibgp", tmp_path, edits)
    assert [r for r, _ in _classes(folder, "17.9")[1]] == ["direct"]
    four, six = _classes(folder, "15.4")
    assert [r for r, _ in four] == ["direct"]
    assert six == [("via-hub", "no ipv6 nhrp shortcut on br41")]


def test_spoke_without_ipv6_on_its_tunnel_is_broken_for_ipv6(tmp_path: Path) -> None:
    edits = {"br42": [(" ipv6 address 2001:DB8:FFFF::42/64\n", "")]}
    folder = edited_copy(FIXTURES / "v6-bgp-aggregate-no-ibgp", tmp_path, edits)
    _four, six = _classes(folder)
    assert six == [("broken", "br42 has no IPv6 address on Tunnel1")]


def test_json_carries_the_ipv6_classes_only_for_dual_stack_clouds() -> None:
    (six,) = check_paths([str(FIXTURES / "v6-phase2-next-hop-self")]).clouds
    data = six.as_dict()
    assert data["forwarding_ipv6"]["via-hub"] == 1
    assert data["forwarding_ipv6"]["classes"][0]["a"] == ["br31", "br32"]
    for four in check_paths([str(FIXTURES / "eigrp-summary-blackhole")]).clouds:
        assert "forwarding_ipv6" not in four.as_dict() and not four.forwarding6


@pytest.mark.parametrize(
    ("example", "result"),
    [("phase3-dual-stack-eigrp", "direct"), ("phase2-dual-stack-ospfv3", "direct")],
)
def test_rendered_dual_stack_examples_are_direct_for_both_families(
    example: str, result: str
) -> None:
    result_all = check_paths([str(GOLDEN / example)])
    for cloud in result_all.clouds:
        if cloud.forwarding6:
            assert {c.result for c in cloud.forwarding6} == {result}, cloud.forwarding6
            assert {c.result for c in cloud.forwarding} == {result}


def test_ipv6_bgp_in_an_inside_vrf(tmp_path: Path) -> None:
    """'address-family ipv6 vrf CORP' holds the IPv6 sessions: every IPv6 LAN flow arrives
    and the spokes are direct; without the spoke's activation its IPv6 LAN is lost."""
    case = FIXTURES / "v6-inside-vrf-bgp"
    result = check_paths([str(case)])
    assert result.routing["ipv6"]["lan_flows"] == {"delivered": 6}
    (cloud,) = result.clouds
    assert [c.result for c in cloud.forwarding6] == ["direct"]
    edits = {"br12": [("  neighbor 2001:DB8:FFFF::1 activate\n", "")]}
    broken = check_paths([str(edited_copy(case, tmp_path, edits))])
    lost = {(f.code, f.device) for f in broken.findings if f.message.startswith("IPv6 ")}
    assert ("NET064", "br11") in lost


def test_ipv6_eigrp_in_an_inside_vrf(tmp_path: Path) -> None:
    """Named EIGRP's 'address-family ipv6 unicast vrf CORP autonomous-system 10' runs in
    CORP's IPv6 table: with br22's LAN in the family (the fixture's 'shutdown' made
    'passive-interface') every IPv6 LAN flow arrives, learned by EIGRP, and the spokes are
    direct (phase 3)."""
    case = FIXTURES / "v6-inside-vrf-eigrp"
    edits = {"br22": [("   shutdown\n", "   passive-interface\n")]}
    result = check_paths([str(edited_copy(case, tmp_path, edits))])
    assert result.routing["ipv6"]["lan_flows"] == {"delivered": 6}
    (cloud,) = result.clouds
    assert [c.result for c in cloud.forwarding6] == ["direct"]
    assert not [f for f in result.findings if f.severity in {"high", "medium"}]
