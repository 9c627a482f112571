"""check's software line: the release 'show version' printed in a router's file wins over its
'version' line, and the first fixed release of the train is named per router and advisory."""

from __future__ import annotations

from dmvpngen.check.software import software_report
from dmvpngen.parse.dmvpn import parse_config

TUNNEL = "crypto ikev2 profile P\ninterface Tunnel0\n tunnel mode gre multipoint\n"
SHOWN = "Cisco IOS XE Software, Version 03.13.01.S - Extended Support Release\n"


def test_show_version_in_the_file_and_fixed_in() -> None:
    hub = parse_config(SHOWN + "hostname hub1\nversion 15.4\n" + TUNNEL, "hub1.cfg")
    spoke = parse_config("hostname spoke1\nversion 15.4\n" + TUNNEL, "spoke1.cfg")
    bare = parse_config("hostname spoke2\n" + TUNNEL, "spoke2.cfg")
    assert (hub.shown_release, hub.version, spoke.shown_release) == ("03.13.01.S", "15.4", None)
    report = software_report([hub, spoke, bare])
    assert "cisco-sa-20150325-ikev2" in report.affected["hub1"]
    assert report.fixed_in["hub1"]["cisco-sa-20150325-ikev2"] == "fixed in 3.13.2S (train 3.13S)"
    assert "spoke1" in report.possible and report.unknown == ["spoke2"]
    line = report.line()
    assert "hub1: cisco-sa-20150325-ikev2 (fixed in 3.13.2S (train 3.13S))" in line
    assert report.as_dict()["fixed_in"]["hub1"]["cisco-sa-20150325-ikev2"].startswith("fixed in")


def test_a_release_past_the_fix_is_clear() -> None:
    shown = "Cisco IOS XE Software, Version 17.12.07\n"
    hub = parse_config(shown + "hostname hub1\nversion 17.12\n" + TUNNEL, "hub1.cfg")
    report = software_report([hub])
    assert report.clear == ["hub1"] and report.affected == {} and report.possible == {}


def test_an_advisory_without_its_feature_is_not_exposure() -> None:
    """17.9.1a is on the IKEv1 fragmentation list (CVE-2024-20307): a hub running IKEv2 only is
    clear of it, and the report says which advisories name its release for other features."""
    shown = "Cisco IOS XE Software, Version 17.09.01a\n"
    hub = parse_config(shown + "hostname hub1\n" + TUNNEL, "hub1.cfg")
    report = software_report([hub])
    assert "cisco-sa-ikev1-NO2ccFWz" not in report.affected["hub1"]
    assert "cisco-sa-ios-gre-crash-p6nE5Sq5" in report.affected["hub1"]  # GRE: configured
    assert "cisco-sa-ikev1-NO2ccFWz" in report.not_exposed["hub1"]
    assert "named without the feature configured (ADV003)" in report.line()
    assert report.as_dict()["not_exposed"] == report.not_exposed
