"""NSSA translator election (RFC 3101 section 3.1): of an NSSA's border routers only the one
with the highest router id translates type 7 routes into type 5, unless some are configured
``area A nssa translate type7 always``, which then translate alone. The fixture
ospf-nssa-translator: he1 translates with 'suppress-fa', he2 (the higher router id) without,
and the forwarding address it keeps (hull's loopback) is hidden from the backbone."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.facts import Device
from dmvpngen.routes import compute

from .edited import edited_devices

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "ospf-nssa-translator"
COLLECTOR = IPv4Address("192.0.2.50")
AREA_10 = "area 10 nssa translate type7 suppress-fa"


def _devices(edit: list[tuple[str, str, str]] | None = None, drop: str = "") -> list[Device]:
    return edited_devices(FIXTURE, edit, drop)


def _elected(edit: list[tuple[str, str, str]] | None = None, drop: str = "") -> set[str]:
    net = compute(_devices(edit, drop))
    assert net.translators is not None
    return {key[0] for key, area in net.translators if area == "10"}


def test_highest_router_id_translates_alone() -> None:
    assert _elected() == {"he2"}
    net = compute(_devices())
    assert net.ribs["core"].lookup("", COLLECTOR) is None
    # he2's type 5 reaches the core but its forwarding address does not: the LSA floods, the
    # route is not installed
    he2 = net.tables[("he2", "ospf", 1, "")][IPv4Network("192.0.2.0/24")]
    assert he2.ospf == "nssa" and he2.fa == IPv4Address("10.255.10.11")


def test_translate_type7_always_forces_the_translator() -> None:
    forced = [("he1", AREA_10, "area 10 nssa translate type7 always suppress-fa")]
    assert _elected(forced) == {"he1"}
    route = compute(_devices(forced)).ribs["core"].lookup("", COLLECTOR)
    assert route is not None and route.via == "he1"
    found = check_devices(_devices(forced)).findings
    assert not [f for f in found if f.code in {"NET061", "NET064"}]
    # two forced translators both translate
    both = [*forced, ("he2", "area 10 nssa\n", "area 10 nssa translate type7 always\n")]
    assert _elected(both) == {"he1", "he2"}


def test_router_id_command_decides_the_election() -> None:
    assert _elected([("he1", "router ospf 1\n", "router ospf 1\n router-id 10.255.0.9\n")]) == {
        "he1"
    }


def test_failover_elects_the_remaining_border_router() -> None:
    assert _elected(drop="he2") == {"he1"}
    route = compute(_devices(drop="he2")).ribs["core"].lookup("", COLLECTOR)
    assert route is not None and route.via == "he1"


def test_no_nssa_no_election() -> None:
    plain = [
        (name, line, "area 10 stub\n")
        for name, line in (
            ("he1", AREA_10 + "\n"),
            ("he2", "area 10 nssa\n"),
            ("hull", "area 10 nssa\n"),
        )
    ]
    assert compute(_devices(plain)).translators is None


def test_findings_name_the_translator() -> None:
    found = {f.code: f.message for f in check_devices(_devices()).findings}
    expected = (
        "(NSSA 10's type 7 route 192.0.2.0/24 from hull is translated into type 5 by he2 "
        "alone, the NSSA border router with the highest router id (10.255.0.2); he1 stands "
        "by; its type 5 keeps forwarding address 10.255.10.11, to which core has no "
        "intra-area or inter-area route)"
    )
    assert found["NET061"].startswith("192.0.2.50 (syslog host) has no route on core " + expected)
    assert expected in found["NET064"]


def test_forced_translator_is_named_with_its_command() -> None:
    # he1 forced, without 'suppress-fa': the hidden forwarding address still loses the route
    forced = [("he1", AREA_10, "area 10 nssa translate type7 always")]
    found = {f.code: f.message for f in check_devices(_devices(forced)).findings}
    assert (
        "translated into type 5 by he1 alone, configured 'area 10 nssa translate type7 "
        "always'; he2 stands by; its type 5 keeps forwarding address 10.255.10.11"
    ) in found["NET061"]


def test_failover_case_names_the_new_translator() -> None:
    result = check_devices(_devices())
    cases = {c["down"]: c for c in result.routing["failover"]}
    assert cases["hub he2"]["nssa_translators"] == ["NSSA 10 translated by he1 (he2 before)"]
    assert "nssa_translators" not in cases["hub he1"]  # he2 translates as before


def test_no_nssa_no_note() -> None:
    from dmvpngen.routes.nssanote import translator_note

    net = compute(_devices())
    # inside the NSSA the type 7 itself is the route: no translation to name
    assert translator_note(net, COLLECTOR, "hull") == ""
    assert translator_note(net, IPv4Address("10.99.0.1"), "core") == ""


def test_lost_flows_finding_names_the_new_translator() -> None:
    from dmvpngen.check.reach import failover_findings
    from dmvpngen.routes.failover import FailoverCase

    devices = {d.hostname: d for d in _devices()}
    case = FailoverCase("hub he2", "he2", None, lost=["core -> 192.0.2.50 (syslog host)"])
    case.translators = ["NSSA 10 translated by he1 (he2 before)"]
    (found,) = failover_findings([case], {"hull": {"he1", "he2"}}, devices)
    assert found.message.startswith(
        "with hub he2 down, 1 flow(s) lose reachability: core -> 192.0.2.50 (syslog host) "
        "(NSSA 10 translated by he1 (he2 before)) (fix:"
    )
