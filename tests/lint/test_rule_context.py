"""Rules whose verdict depends on context: role, release, settings."""

from __future__ import annotations

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from dmvpngen.lint.registry import Severity

WILDCARD = "hostname r\ncrypto isakmp key 6 X address 0.0.0.0 0.0.0.0\n"
HUB_TUNNEL = "interface Tunnel0\n ip nhrp map multicast dynamic\n tunnel mode gre multipoint\n"
HIDDEN_HUB = "interface Tunnel0\n ip nhrp network-id 1\n tunnel mode gre multipoint\n"


def _findings(text: str, code: str, **settings: object) -> list:  # type: ignore[type-arg]
    result = lint_text(text, "t.cfg", LintSettings.model_validate(settings))
    return [f for f in result.findings if f.code == code]


def test_wildcard_psk_is_high_off_dmvpn_and_medium_on_it() -> None:
    assert _findings(WILDCARD, "CRY016")[0].severity is Severity.HIGH
    assert _findings(WILDCARD + HUB_TUNNEL, "CRY016")[0].severity is Severity.MEDIUM
    spoke = WILDCARD + "interface Tunnel0\n ip nhrp nhs 10.0.0.1\n"
    assert _findings(spoke, "CRY016")[0].severity is Severity.MEDIUM


def test_hub_without_printed_multicast_default_is_a_hub() -> None:
    assert _findings(WILDCARD + HIDDEN_HUB, "CRY016")[0].severity is Severity.MEDIUM
    assert _findings("hostname h\n" + HIDDEN_HUB, "DMV001")


def test_bare_set_pfs_depends_on_release() -> None:
    text = "hostname r\ncrypto ipsec profile P\n set pfs\n"
    old = _findings(text, "CRY013")
    assert old and old[0].assumed_default and "default" in old[0].message
    assert _findings(text, "CRY013", **{"ios-version": "17.11.1"}) == []
    assert _findings("version 17.12\n" + text, "CRY013") == []  # the config's own version line


def test_role_specific_rules_skip_other_routers() -> None:
    text = "hostname r\ncrypto isakmp policy 1\n encr aes\n group 14\n authentication pre-share\n"
    assert _findings(text, "CRY019") == []  # hub only
    assert _findings(text + HUB_TUNNEL, "CRY019")


def test_severity_override_beats_context() -> None:
    found = _findings(WILDCARD + HUB_TUNNEL, "CRY016", severity={"CRY016": "low"})
    assert found[0].severity is Severity.LOW


def test_fix_lines_only_where_safe() -> None:
    text = "hostname h\n" + HUB_TUNNEL + "crypto isakmp policy 1\n encr des\n group 2\n"
    result = lint_text(text, "t.cfg", LintSettings())
    fixes = {f.code: f.fix for f in result.findings}
    assert fixes["DMV010"] == ("interface Tunnel0", " no ip redirects")
    assert fixes["CRY014"] == ("crypto isakmp aggressive-mode disable",)
    assert fixes["CRY001"] == () and fixes["CRY004"] == ()
