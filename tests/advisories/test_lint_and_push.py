"""The advisory table where releases are read: lint (version line, show version, --ios-version)
and push's identity check (show version)."""

from __future__ import annotations

import pytest
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
    assert "ADV001" in out and "fixed in 3.13.2S (train 3.13S)" in out
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
    assert note.startswith("; release 03.13.01.S (train 3.13S) is named by ")
    assert "cisco-sa-20150325-ikev2 (first fixed in train 3.13S: 3.13.2S)" in note
    # 3.10.4S: every 3.10S rebuild is affected, the fix is in a later train
    note = advisory_note(show.replace("03.13.01.S", "03.10.04.S"))
    assert "20150325-ikev2 (no fixed release in train 3.10S; first fixed in 3.12.3S)" in note
    # with the running config: only advisories whose feature it has (IKEv2 here, no IKEv1)
    running = "hostname hub1\ncrypto ikev2 profile P\ninterface Tunnel0\n tunnel mode gre\n"
    note = advisory_note(show, running)
    assert "cisco-sa-20150325-ikev2" in note and "cisco-sa-ikev1-NO2ccFWz" not in note
    assert advisory_note(show, "hostname hub1\n") == ""
    assert advisory_note("Cisco IOS XE Software, Version 17.12.07\n") == ""
    assert advisory_note("") == ""


# A DMVPN hub as it reaches lint: 'show version' and the running config in one file.
SHOW_XE = "Cisco IOS XE Software, Version {}\n"
IKEV1_HUB = (
    "hostname hub1\ncrypto isakmp policy 10\n encryption aes 256\n"
    "interface Tunnel0\n tunnel mode gre multipoint\nversion 17.9\n"
)


def test_ios_xe_17_gre_and_ikev1_releases() -> None:
    # 17.9.1a: Cisco lists it for the fragmented-tunnel (GRE) flaw and for CVE-2024-20307
    out = _lint(SHOW_XE.format("17.09.01a") + IKEV1_HUB)
    assert out.count("ADV001") == 2
    assert "cisco-sa-ios-gre-crash-p6nE5Sq5" in out and "cisco-sa-ikev1-NO2ccFWz" in out
    assert "CVE-2023-20072" in out and "CVE-2024-20307" in out
    assert "Cisco lists this release as affected" in out
    # 17.9.5: listed by neither (the IKEv2 one of March 2026 lists it, but no IKEv2 here)
    out = _lint(SHOW_XE.format("17.09.05") + IKEV1_HUB, "--fail-on", "critical")
    assert "ADV001" not in out and "ADV002" not in out
    assert "ADV003" in out and "cisco-sa-asa-ftd-ios-dos-kPEpQGGK" in out and "needs IKEv2" in out
    # the version line alone names the 17.9 train, of which both list releases
    out = _lint(IKEV1_HUB)
    assert out.count("ADV002") == 2 and "ADV001" not in out


def test_gre_advisory_needs_a_tunnel() -> None:
    router = "hostname r1\ncrypto isakmp policy 10\n encryption aes 256\n"
    out = _lint(router, "--ios-version", "17.9.1")
    adv001 = [line for line in out.splitlines() if "ADV001" in line]
    assert any("cisco-sa-ikev1-NO2ccFWz" in line for line in adv001)  # IKEv1 is configured
    assert "IKEv1 (ISAKMP) ('crypto isakmp') is configured" in out
    assert not any("cisco-sa-ios-gre-crash" in line for line in adv001)  # no GRE tunnel
    assert "cisco-sa-ios-gre-crash-p6nE5Sq5" in out and "needs a GRE tunnel" in out  # ADV003
    # a tunnel that is not GRE (a static VTI) does not make the GRE advisory apply
    svti = router + "interface Tunnel1\n tunnel mode ipsec ipv4\n"
    adv001 = [ln for ln in _lint(svti, "--ios-version", "17.9.1").splitlines() if "ADV001" in ln]
    assert not any("gre-crash" in line for line in adv001)


def test_nhrp_advisory_on_an_old_release() -> None:
    out = _lint(HUB, "--ios-version", "12.4(15)T7")
    assert "cisco-sa-20070808-nhrp" in out and "ADV002" in out
    assert "check the advisory" in out


SHOW_IOS = (
    "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version {}, RELEASE SOFTWARE\n"
)


@pytest.mark.parametrize(
    ("advisory", "named", "not_named"),
    [
        # a release of a named train (no fix named: ADV002), and one past the trains
        ("cisco-sa-20160323-ios-ikev2", SHOW_IOS.format("15.6(3)M2"), SHOW_IOS.format("15.7(3)M1")),
        ("cisco-sa-20160916-ikev1", SHOW_XE.format("03.18.03.S"), SHOW_XE.format("16.03.01")),
        ("cisco-sa-20160928-ios-ikev1", SHOW_XE.format("16.01.02"), SHOW_XE.format("16.02.01")),
        ("cisco-sa-20070808-nhrp", SHOW_IOS.format("12.4(15)T7"), SHOW_IOS.format("15.0(1)M")),
        # Cisco's own lists (ADV001), and a later release of the same train they leave out
        (
            "cisco-sa-ios-gre-crash-p6nE5Sq5",
            SHOW_XE.format("17.09.01w"),
            SHOW_XE.format("17.09.02"),
        ),
        ("cisco-sa-ikev1-NO2ccFWz", SHOW_IOS.format("15.9(3)M7a"), SHOW_IOS.format("15.9(3)M9")),
    ],
)
def test_each_new_entry_on_a_config(advisory: str, named: str, not_named: str) -> None:
    """A hub config whose 'show version' names a release the entry's text names, and one whose
    release it does not."""
    assert advisory in _lint(named + IKEV1_HUB, "--fail-on", "critical")
    assert advisory not in _lint(not_named + IKEV1_HUB, "--fail-on", "critical")
