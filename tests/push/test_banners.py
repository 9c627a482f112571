"""Banners are compared by message, whatever delimiter the router prints them with."""

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
