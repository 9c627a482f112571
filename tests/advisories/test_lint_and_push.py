"""The advisory table where releases are read: lint (version line, show version, --ios-version)
and push's identity check (show version)."""

from __future__ import annotations

from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.push.identity import advisory_note

runner = CliRunner()
HUB = "hostname hub1\ncrypto ikev2 profile P\ninterface Tunnel0\n tunnel mode gre multipoint\n"


def _lint(text: str, *args: str) -> str:
    return runner.invoke(app, ["lint", "-", "--select", "ADV", *args], input=text).output


def test_version_line_alone_is_possible_not_affected() -> None:
    out = _lint(HUB + "version 15.4\n")
    assert "ADV002" in out and "ADV001" not in out
    assert "CVE-2015-0643" in out and "https://tools.cisco.com/" in out


def test_full_release_decides() -> None:
    out = _lint(HUB, "--ios-version", "3.13.1S")
    assert "ADV001" in out and "first fixed release 3.13.2S" in out
    assert "cisco-sa-20150325-ikev2" in _lint(HUB, "--ios-version", "3.12.2S")
    assert "cisco-sa-20150325-ikev2" not in _lint(HUB, "--ios-version", "3.13.2S")


def test_show_version_in_the_file_beats_the_version_line() -> None:
    show = "Cisco IOS XE Software, Version 03.13.01.S - Extended Support Release\n"
    out = _lint(show + HUB + "version 15.4\n")
    assert "ADV001" in out and "from show version" in out


def test_router_without_ike_or_tunnels_is_not_judged() -> None:
    assert "ADV" not in _lint("hostname sw1\nversion 15.4\n", "--fail-on", "critical")


def test_push_identity_note() -> None:
    show = (
        "Cisco IOS XE Software, Version 03.13.01.S - Extended Support Release\n"
        "Processor board ID FDO2233X0AB\n"
    )
    note = advisory_note(show)
    assert "cisco-sa-20150325-ikev2 (fixed in 3.13.2S)" in note
    assert advisory_note("Cisco IOS XE Software, Version 17.09.04a\n") == ""
    assert advisory_note("") == ""
