"""Banners compare by message whatever their delimiter; inside-VRF routing is checked in the VRF."""

from __future__ import annotations

from dmvpngen.pipeline import build_network
from dmvpngen.push.diff import compute_plan, split_banners
from tests.conftest import INVENTORIES

RENDERED = "banner login #Authorized access only. All activity is logged.#"
SHOWN = "banner login ^C\nAuthorized access only. All activity is logged.\n^C"


def test_split_banners_reads_both_delimiter_styles() -> None:
    text, banners = split_banners("hostname a\nbanner motd ^C\nline one\nline two\n^C\nend\n")
    assert text == "hostname a\nend\n"
    assert banners == {"motd": "line one\nline two"}
    assert split_banners(RENDERED + "\n")[1] == {
        "login": "Authorized access only. All activity is logged."
    }


def test_guarded_inclusive_plan_handles_banners() -> None:
    intended = build_network(INVENTORIES / "phase3-single-hub-eigrp.yml").configs["hq-hub1"].text
    running = intended.replace(RENDERED, SHOWN)
    assert compute_plan(running, intended, platform="iosxe", include_guarded=True).empty
    changed = running.replace("All activity", "Every session")
    plan = compute_plan(changed, intended, platform="iosxe", include_guarded=True)
    assert plan.lines == (RENDERED,)
    assert compute_plan(changed, intended, platform="iosxe").empty  # guarded by default


def test_inside_vrf_routing_is_checked_in_the_vrf() -> None:
    from dmvpngen.push.engine import load_targets
    from dmvpngen.push.verify import expectations, run_checks

    targets, _ = load_targets(INVENTORIES / "inside-vrf-eigrp.yml")
    exp = expectations(targets)
    hub = next(t.hostname for t in targets if t.role == "hub")
    assert exp[hub].vrf
    asked: list[str] = []

    def show(command: str) -> str:
        asked.append(command)
        return ""

    run_checks(show, exp[hub])
    assert f"show ip eigrp vrf {exp[hub].vrf} neighbors" in asked
    assert "show ip eigrp neighbors" not in asked


def test_inside_vrf_bgp_sessions_are_read_from_the_vrf_summary() -> None:
    from dmvpngen.push.engine import load_targets
    from dmvpngen.push.verify import expectations, run_checks

    targets, _ = load_targets(INVENTORIES / "inside-vrf-ibgp.yml")
    exp = expectations(targets)
    hub = next(t.hostname for t in targets if t.role == "hub")
    asked: list[str] = []

    def show(command: str) -> str:
        asked.append(command)
        return ""

    checks = run_checks(show, exp[hub])
    assert "show ip bgp vpnv4 vrf CORP summary" in asked
    assert "show ip bgp summary" not in asked
    routing = next(c for c in checks if c.name == "bgp-neighbours")
    assert not routing.ok  # an empty answer is no session at all


def test_a_banner_containing_the_hash_is_pushed_with_another_delimiter() -> None:
    intended = build_network(INVENTORIES / "phase3-single-hub-eigrp.yml").configs["hq-hub1"].text
    with_hash = intended.replace(RENDERED, "banner login %Authorized access only. Ticket #42.%")
    running = intended.replace(RENDERED, SHOWN)
    plan = compute_plan(running, with_hash, platform="iosxe", include_guarded=True)
    assert plan.lines == ("banner login %Authorized access only. Ticket #42.%",)


def test_a_changed_multi_line_banner_is_planned_as_ios_takes_it() -> None:
    # IOS reads a multi-line banner in text mode after 'banner login #': the plan carries the
    # whole dialogue as one command, and the diff shows it line by line.
    intended = build_network(INVENTORIES / "phase3-single-hub-eigrp.yml").configs["hq-hub1"].text
    two_lines = intended.replace(RENDERED, "banner login #Authorized access only.\nLogged.#")
    running = intended.replace(RENDERED, SHOWN)
    plan = compute_plan(running, two_lines, platform="iosxe", include_guarded=True)
    assert plan.lines == ("banner login #\nAuthorized access only.\nLogged.\n#",)
    assert plan.diff == ("+ banner login #", "+ Authorized access only.", "+ Logged.", "+ #")
    assert plan.notes == ()
    assert compute_plan(two_lines, two_lines, platform="iosxe", include_guarded=True).empty
    assert compute_plan(running, two_lines, platform="iosxe").empty  # guarded by default
