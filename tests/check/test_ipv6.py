"""IPv6 findings of check: break one IPv6 line of the rendered dual-stack examples and assert
the finding, its router and line, and where two routers disagree, the other router."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.model import Finding
from tests.check.test_mutations import check, line_of

ROOT = Path(__file__).resolve().parents[2]
DS = str(ROOT / "inventories" / "phase3-dual-stack-eigrp.yml")
DS2 = str(ROOT / "inventories" / "phase2-dual-stack-ospfv3.yml")


def _codes(mutate: dict[str, tuple[str, str]], inventory: str = DS) -> list[Finding]:
    res = check(inventory, mutate, "17.9")
    return [f for f in res.findings if "NET080" <= f.code <= "NET089"]


@pytest.mark.parametrize("inventory", [DS, DS2])
def test_rendered_dual_stack_networks_check_clean(inventory: str) -> None:
    assert check(inventory, {}, "17.9").findings == []


def test_ipv6_routing_off() -> None:
    (f,) = _codes({"branch-01": ("ipv6 unicast-routing\n", "")})
    assert (f.code, f.device) == ("NET080", "branch-01")


def test_nhrp_for_ipv6_off() -> None:
    (f,) = _codes({"branch-02": (" ipv6 nhrp network-id 100\n", "")})
    assert (f.code, f.device) == ("NET081", "branch-02")


def test_nhs_not_a_hub() -> None:
    old = " ipv6 nhrp nhs 2001:DB8:FFFF::2 nbma 203.0.113.6 multicast\n"
    (f,) = _codes({"branch-03": (old, old.replace("FFFF::2", "FFFF::9"))})
    assert (f.code, f.device, f.severity) == ("NET082", "branch-03", "critical")
    assert f.line == line_of(DS, "branch-03", old)


def test_nhs_at_another_nbma_names_the_hub() -> None:
    old = " ipv6 nhrp nhs 2001:DB8:FFFF::2 nbma 203.0.113.6 multicast\n"
    (f,) = _codes({"branch-01": (old, old.replace("203.0.113.6", "203.0.113.2"))})
    assert (f.code, f.device, f.peer) == ("NET082", "branch-01", "dc-hub2")


def test_spoke_without_ipv6_nhs() -> None:
    found = _codes(
        {
            "branch-01": (
                " ipv6 nhrp nhs 2001:DB8:FFFF::1 nbma 203.0.113.2 multicast\n"
                " ipv6 nhrp nhs 2001:DB8:FFFF::2 nbma 203.0.113.6 multicast\n",
                "",
            )
        }
    )
    assert [(f.code, f.device) for f in found] == [("NET082", "branch-01")]


def test_address_outside_the_prefix_and_twice() -> None:
    (f,) = _codes(
        {
            "branch-02": (
                " ipv6 address 2001:DB8:FFFF::12/64\n",
                " ipv6 address 2001:DB8:EEEE::12/64\n",
            )
        }
    )
    assert (f.code, f.peer) == ("NET083", "dc-hub2")  # hubs in name order
    (f,) = _codes(
        {
            "branch-02": (
                " ipv6 address 2001:DB8:FFFF::12/64\n",
                " ipv6 address 2001:DB8:FFFF::11/64\n",
            )
        }
    )
    assert (f.code, f.device, f.peer) == ("NET083", "branch-02", "branch-01")


def test_link_local_twice() -> None:
    (f,) = _codes(
        {
            "branch-03": (
                " ipv6 address FE80::13 link-local\n",
                " ipv6 address FE80::11 link-local\n",
            )
        }
    )
    assert (f.code, f.device, f.peer) == ("NET084", "branch-03", "branch-01")


def test_hub_without_multicast_dynamic() -> None:
    (f,) = _codes({"dc-hub2": (" ipv6 nhrp map multicast dynamic\n", "")})
    assert (f.code, f.device) == ("NET085", "dc-hub2")


def test_nhs_without_multicast() -> None:
    old = " ipv6 nhrp nhs FD00:172:16::1 nbma 203.0.113.2 multicast\n"
    (f,) = _codes({"spoke-a": (old, old.replace(" multicast", ""))}, DS2)
    assert (f.code, f.device) == ("NET086", "spoke-a")


def test_auth_mismatch_names_the_hub() -> None:
    old = " ipv6 nhrp authentication LabNhrp1\n"
    found = _codes({"branch-02": (old, " ipv6 nhrp authentication Other123\n")})
    assert {(f.code, f.device, f.peer) for f in found} == {
        ("NET087", "branch-02", "hq-hub1"),
        ("NET087", "branch-02", "dc-hub2"),
    }


def test_phase3_pair_without_its_ipv6_side() -> None:
    (f,) = _codes({"branch-01": (" ipv6 nhrp shortcut\n", "")})
    assert (f.code, f.device, f.severity) == ("NET088", "branch-01", "medium")
    (f,) = _codes({"hq-hub1": (" ipv6 nhrp redirect\n", "")})
    assert (f.code, f.device) == ("NET088", "hq-hub1")


def test_report_line_sums_up_ipv6() -> None:
    report = check(DS, {}, "17.9").ipv6
    assert report is not None
    assert (report.tunnels, report.spokes, report.routing) == ((5, 5), (3, 3), ["eigrp"])
    assert "spokes registering IPv6 with every hub 3/3" in report.line()
    old = " ipv6 nhrp nhs 2001:DB8:FFFF::2 nbma 203.0.113.6 multicast\n"
    broken = check(DS, {"branch-03": (old, "")}, "17.9").ipv6
    assert broken is not None and broken.spokes == (2, 3)
    ospf = check(DS2, {}, "17.9")
    assert ospf.ipv6 is not None and ospf.ipv6.routing == ["ospfv3"]
    assert ospf.as_dict()["ipv6"]["spokes_registering"] == [2, 2]


def test_ipv4_only_reports_keep_their_shape() -> None:
    result = check(str(ROOT / "inventories" / "phase3-single-hub-eigrp.yml"), {}, "17.9")
    assert result.ipv6 is None and "ipv6" not in result.as_dict()
