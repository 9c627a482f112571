"""Lint on hub configs captured with ``show version``, per advisory form: a train range with a
first fixed release, a range bounded by named rebuilds, and Cisco's lists of releases; each with
an affected release and one the text leaves out or fixes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app

runner = CliRunner()
HUB = (
    "hostname hub1\ncrypto isakmp policy 10\n encryption aes 256\ncrypto ikev2 profile P\n"
    "crypto ipsec profile PROF\n set ikev2-profile P\n"
    "interface Tunnel0\n tunnel mode gre multipoint\n tunnel protection ipsec profile PROF\n"
    "platform qfp utilization monitor load 80\n"  # an IOS-XE QFP router (ISR 4000, ASR 1000)
)
XE3 = "Cisco IOS XE Software, Version {} - Extended Support Release\n"
XE = "Cisco IOS XE Software, Version {}\nCisco IOS Software [{}], ISR Software, Version {}\n"
IOS = "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version {}, RELEASE SOFTWARE\n"


def _findings(text: str) -> list[str]:
    out = runner.invoke(app, ["lint", "-", "--select", "ADV", "--fail-on", "critical"], input=text)
    return [line for line in out.output.splitlines() if "ADV00" in line]


def _about(lines: list[str], advisory: str) -> list[str]:
    return [line for line in lines if advisory in line]


@pytest.mark.parametrize(
    ("advisory", "affected", "message", "clean"),
    [
        # a range of trains ending in a first fixed release (CVE-2015-0643, 3.13S)
        (
            "cisco-sa-20150325-ikev2",
            XE3.format("03.13.01.S"),
            "fixed in 3.13.2S (train 3.13S)",
            XE3.format("03.13.02.S"),
        ),
        # an earlier train of the same range: every rebuild is affected, the fix is the range's
        (
            "cisco-sa-20150325-ikev2",
            XE3.format("03.10.04.S"),
            "fixed in 3.12.3S (train 3.12S)",
            XE3.format("03.13.05.S"),
        ),
        # a train bounded by the rebuilds the text names (CVE-2013-5473: 3.4.2S-3.4.5S)
        (
            "cisco-sa-20130925-ike",
            XE3.format("03.04.03.S"),
            "names this release as affected but no fix",
            XE3.format("03.04.06.S"),
        ),
        (
            "cisco-sa-20130925-ike",
            XE3.format("03.06.00.S"),
            "fixed in 3.6.1S (train 3.6S)",
            XE3.format("03.06.01.S"),
        ),
        # Cisco's list, IOS-XE 17 and 16 naming (CVE-2022-20679 via NVD, CVE-2024-20307)
        (
            "cisco-sa-qfp-ipsec-GQmqvtqV",
            XE.format("17.03.04a", "Amsterdam", "17.3.4a"),
            "Cisco lists this release as affected",
            XE.format("17.03.05", "Amsterdam", "17.3.5"),
        ),
        (
            "cisco-sa-ikev1-NO2ccFWz",
            XE.format("16.12.05b", "Gibraltar", "16.12.5b"),
            "Cisco lists this release as affected",
            XE.format("16.12.12", "Gibraltar", "16.12.12"),
        ),
        # IOS 15.x(M) naming, numeric rebuild order (M10 after M9)
        (
            "cisco-sa-ikev1-NO2ccFWz",
            IOS.format("15.5(3)M10"),
            "Cisco lists this release as affected",
            IOS.format("15.5(3)M11"),
        ),
        (
            "cisco-sa-ikev1-NO2ccFWz",
            IOS.format("15.2(4)M11"),
            "Cisco lists this release as affected",
            IOS.format("15.9(3)M9"),
        ),
    ],
)
def test_affected_and_clean(advisory: str, affected: str, message: str, clean: str) -> None:
    found = _about(_findings(affected + HUB), advisory)
    assert len(found) == 1 and "ADV001" in found[0] and message in found[0], found
    assert "(from show version)" in found[0]
    assert _about(_findings(clean + HUB), advisory) == []


def test_version_line_with_a_known_fix_names_it() -> None:
    # 'version 3.x' is not printed by IOS-XE 3.x, but a release given on the command line is
    lines = _findings(HUB + "version 15.2\n")
    assert lines and not any("ADV001" in line for line in lines)
    assert all("ADV002" in line or "ADV003" in line for line in lines)
    out = runner.invoke(
        app, ["lint", "-", "--select", "ADV", "--ios-version", "3.6S"], input=HUB
    ).output
    assert "fixed in 3.6.1S (train 3.6S); --ios-version names only the train" in out


@pytest.mark.parametrize("code", ["ADV001", "ADV002", "ADV003"])
def test_rule_fixtures(code: str) -> None:
    """Each ADV rule reports exactly the lines its fixture marks, and nothing on its clean twin."""
    from dmvpngen.lint.config import LintSettings
    from dmvpngen.lint.engine import lint_text
    from tests.lint.harness import FIXTURES, expected_hits

    for name, want in ((f"{code}.cfg", True), (f"{code}.clean.cfg", False)):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        result = lint_text(text, name, LintSettings())
        got = sorted(f.line for f in result.findings if f.code == code)
        assert got == (expected_hits(text, code) if want else []), name
        assert got or not want
