"""Advisories apply where their feature is configured: the features read from configs as
engineers write them (and two real corpus configs), and lint's findings with and without them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.advisories.features import configured_features
from dmvpngen.advisories.match import matches
from dmvpngen.advisories.release import parse_release
from dmvpngen.cli.app import app

CORPUS = Path(__file__).resolve().parents[1] / "lint" / "corpus"  # SOURCES.md there
IKEV1_HUB = CORPUS / "hq-r1-hub.cfg"  # NGMunia Dual-Hub-DMVPN HQ-R1-HUB: 'version 15.6', ISAKMP
IKEV2_SPOKE = CORPUS / "ikev2-spoke-1.cfg"  # john-clarkson IKEv2 IVRF SPOKE-1: 'version 15.5'

runner = CliRunner()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def test_corpus_features() -> None:
    hub = configured_features(_lines(IKEV1_HUB))
    assert set(hub) == {"ikev1", "ipsec", "gre", "nhrp"}
    assert hub["ikev1"] == (91, "crypto isakmp")
    spoke = configured_features(_lines(IKEV2_SPOKE))
    # a CSR 1000v ('platform console serial', 'license udi pid CSR1000V'): IOS-XE on QFP
    assert set(spoke) == {"ikev2", "ipsec", "gre", "nhrp", "qfp"}
    assert spoke["qfp"] == (13, "platform")
    assert spoke["ikev2"] == (88, "crypto ikev2")
    assert spoke["gre"][1] == "interface Tunnel0"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        # a point-to-point GRE tunnel without a 'tunnel mode' line: GRE is the default
        ("interface Tunnel5\n ip address 10.0.0.1 255.255.255.252\n", {"gre"}),
        (
            "interface Tunnel0\n tunnel mode gre multipoint ipv6\n ipv6 nhrp network-id 1\n",
            {"gre", "nhrp"},
        ),
        # static VTIs are IPsec, not GRE
        (
            "interface Tunnel1\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile P\n",
            {"ipsec"},
        ),
        ("crypto map CM 10 ipsec-isakmp\n set peer 192.0.2.1\n", {"ikev1", "ipsec"}),
        ("crypto keyring KR\n pre-shared-key address 0.0.0.0 0.0.0.0 key k\n", {"ikev1"}),
        ("crypto ikev2 keyring KR\n peer ANY\n", {"ikev2"}),
        ("platform punt-keepalive disable-kernel-core\n", {"qfp"}),
        ("license udi pid ISR4331/K9 sn FDO1234X0AB\n", {"qfp", "isr4300"}),
        ("license udi pid CISCO2911/K9 sn FTX1234A0BC\n", set()),
        # a line that only mentions a feature is not the feature
        ("banner motd ^crypto ikev2 is used here^\nhostname r1\n", set()),
        ("interface GigabitEthernet1\n description to ip nhrp hub\n", set()),
    ],
)
def test_features_of_configs(config: str, expected: set[str]) -> None:
    assert set(configured_features(config.splitlines())) == expected


def test_conditions_decide_whether_a_match_applies() -> None:
    release = parse_release("17.9.1a")
    ikev1 = configured_features(["crypto isakmp policy 10"])
    by_id = {m.advisory.id: m for m in matches(release, features=ikev1)}
    assert by_id["cisco-sa-ikev1-NO2ccFWz"].applies
    assert by_id["cisco-sa-ikev1-NO2ccFWz"].because.startswith("IKEv1 (ISAKMP) ('crypto isakmp")
    assert not by_id["cisco-sa-ios-gre-crash-p6nE5Sq5"].applies
    assert by_id["cisco-sa-ios-gre-crash-p6nE5Sq5"].needs == "a GRE tunnel"
    # the QFP IPsec advisory (CVE-2022-20679 lists 17.3.4a) needs both of its features
    release = parse_release("17.3.4a")
    ipsec = configured_features(["crypto ipsec profile P"])
    alone = {m.advisory.id: m for m in matches(release, features=ipsec)}
    assert not alone["cisco-sa-qfp-ipsec-GQmqvtqV"].applies
    assert alone["cisco-sa-qfp-ipsec-GQmqvtqV"].needs == "IPsec and an IOS-XE QFP platform"
    both = configured_features(["crypto ipsec profile P", "platform qfp utilization monitor"])
    qfp = {m.advisory.id: m for m in matches(release, features=both)}
    assert qfp["cisco-sa-qfp-ipsec-GQmqvtqV"].applies
    assert "IPsec ('crypto ipsec profile') and an IOS-XE QFP platform ('platform') are" in (
        qfp["cisco-sa-qfp-ipsec-GQmqvtqV"].because
    )
    # the configuration unknown (push before the config is read): everything applies
    assert all(m.applies for m in matches(release))


def _lint(path: Path, release: str) -> list[str]:
    out = runner.invoke(
        app, ["lint", str(path), "--select", "ADV", "--ios-version", release, "--fail-on", "info"]
    ).output
    return [line for line in out.splitlines() if "ADV00" in line]


def _codes(lines: list[str], advisory: str) -> list[str]:
    codes = ("ADV001", "ADV002", "ADV003")
    return [code for line in lines if advisory in line for code in codes if code in line]


def test_ikev1_corpus_hub() -> None:
    lines = _lint(IKEV1_HUB, "15.6(3)M2")
    # BENIGNCERTAIN (IKEv1, 15.0-15.6, no fix named): the hub runs ISAKMP
    assert _codes(lines, "cisco-sa-20160916-ikev1") == ["ADV002"]
    assert any("IKEv1 (ISAKMP) ('crypto isakmp') is configured" in line for line in lines)
    # the IKEv2 fragmentation flaw names 15.6 too, but the hub runs no IKEv2: a note only
    assert _codes(lines, "cisco-sa-20160323-ios-ikev2") == ["ADV003"]
    # CVE-2024-20307/20308 list 15.6(3)M2, and the hub runs IKEv1: affected
    assert _codes(lines, "cisco-sa-ikev1-NO2ccFWz") == ["ADV001"]
    # a record without releases, about IKEv1: the Software Checker decides
    assert _codes(lines, "cisco-sa-20180328-ike-dos") == ["ADV003"]
    # a release the lists leave out, on the same hub: no ADV001 at all
    assert not [line for line in _lint(IKEV1_HUB, "15.9(3)M9") if "ADV001" in line]


def test_ikev2_corpus_spoke() -> None:
    lines = _lint(IKEV2_SPOKE, "15.5(3)M4")
    assert _codes(lines, "cisco-sa-20160323-ios-ikev2") == ["ADV002"]  # IKEv2 configured
    assert _codes(lines, "cisco-sa-ikev1-NO2ccFWz") == ["ADV003"]  # listed; no ISAKMP here
    note = next(line for line in lines if "cisco-sa-ikev1-NO2ccFWz" in line)
    assert "needs IKEv1 (ISAKMP): not configured here" in note
    # CVE-2026-20012's IOS trains: 15.6 to 15.9 (and 15.1 to 15.4), not 15.5
    assert _codes(lines, "cisco-sa-asa-ftd-ios-dos-kPEpQGGK") == []
    later = _lint(IKEV2_SPOKE, "15.6(3)M2")
    assert _codes(later, "cisco-sa-asa-ftd-ios-dos-kPEpQGGK") == ["ADV002"]


def test_version_line_of_the_corpus_config() -> None:
    out = runner.invoke(app, ["lint", str(IKEV1_HUB), "--select", "ADV", "--fail-on", "info"])
    lines = [line for line in out.output.splitlines() if "ADV00" in line]
    assert _codes(lines, "cisco-sa-20160916-ikev1") == ["ADV002"]  # version 15.6: train only
    assert not any("ADV001" in line for line in lines)


def test_show_output_is_not_configuration() -> None:
    """'show crypto map' pasted below a config names a crypto map without configuring one."""
    pasted = ["crypto map tag: Tunnel0-head-0, local addr 202.100.15.1"]
    assert configured_features(pasted) == {}
    assert set(configured_features(["crypto map CM local-address Gi1"])) == {"ikev1", "ipsec"}


def test_findings_quote_command_words_never_secrets() -> None:
    """The hub's 'crypto isakmp key strongkey address 0.0.0.0' makes IKEv1 apply; the finding
    names the command, not the key."""
    hub = IKEV1_HUB.read_text(encoding="utf-8-sig")
    key_first = "crypto isakmp key strongkey address 0.0.0.0\n" + hub
    out = runner.invoke(
        app, ["lint", "-", "--select", "ADV", "--ios-version", "15.6(3)M2"], input=key_first
    ).output
    assert "crypto isakmp" in out and "strongkey" not in out
    psk = ["crypto keyring KR", " pre-shared-key address 0.0.0.0 0.0.0.0 key s3cret"]
    assert configured_features(psk) == {"ikev1": (1, "crypto keyring")}
