"""Rules whose verdict depends on context: role, release, settings."""

from __future__ import annotations

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from dmvpngen.lint.registry import Severity

WILDCARD = "hostname r\ncrypto isakmp key 6 X address 0.0.0.0 0.0.0.0\n"
HUB_TUNNEL = "interface Tunnel0\n ip nhrp map multicast dynamic\n tunnel mode gre multipoint\n"
HIDDEN_HUB = "interface Tunnel0\n ip nhrp network-id 1\n tunnel mode gre multipoint\n"


def _findings(text: str, code: str, **settings: object) -> list:  # type: ignore[type-arg]
    result = lint_text(text, "t.cfg", LintSettings.from_mapping(settings))
    return [f for f in result.findings if f.code == code]


def test_wildcard_psk_has_one_severity_everywhere() -> None:
    assert _findings(WILDCARD, "CRY016")[0].severity is Severity.HIGH
    assert _findings(WILDCARD + HUB_TUNNEL, "CRY016")[0].severity is Severity.HIGH
    spoke = WILDCARD + "interface Tunnel0\n ip nhrp nhs 10.0.0.1\n"
    assert _findings(spoke, "CRY016")[0].severity is Severity.HIGH


def test_hub_without_printed_multicast_default_is_a_hub() -> None:
    assert "certificates" in _findings(WILDCARD + HIDDEN_HUB, "CRY016")[0].message
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


def test_ntp_without_authenticate_is_one_finding_and_keyless_servers_count_after() -> None:
    servers = "ntp server 192.0.2.20\nntp server 192.0.2.21 key 1\n"
    found = _findings("hostname r\n" + servers, "CTL001")
    assert [f.line for f in found] == [0] and "1 server(s) without `key`" in found[0].message
    keyed = "hostname r\nntp authenticate\nntp trusted-key 1\n" + servers
    assert [f.line for f in _findings(keyed, "CTL001")] == [4]


def test_tunnel_routing_auth_is_reported_once_by_dmv011() -> None:
    text = (
        "hostname h\n" + HUB_TUNNEL + " ip address 10.0.0.1 255.255.255.0\n"
        "router bgp 65000\n neighbor SPOKES peer-group\n neighbor SPOKES remote-as 65000\n"
        " bgp listen range 10.0.0.0/24 peer-group SPOKES\n neighbor 192.0.2.9 remote-as 65001\n"
        "router eigrp 1\n network 10.0.0.0 0.0.0.255\n"
    )
    dmv = _findings(text, "DMV011")
    assert len(dmv) == 2  # EIGRP on Tunnel0 and the listen range (its peer group is the same fact)
    assert _findings(text, "RTA001") == []
    assert [f.message for f in _findings(text, "RTA006")] == [
        "BGP neighbor 192.0.2.9 has no password"
    ]
    other = "hostname r\ninterface Tunnel0\n ip address 10.0.0.1 255.255.255.0\n"
    assert _findings(other + "router eigrp 1\n network 10.0.0.0 0.0.0.255\n", "RTA001")


def test_dat009_leaves_an_acl_shared_with_a_dhcp_wan_alone() -> None:
    acl = "ip access-list extended WAN-IN\n permit esp any any\n"
    static = "interface Gi1\n ip address 198.51.100.2 255.255.255.252\n ip access-group WAN-IN in\n"
    dhcp = "interface Gi2\n ip address dhcp\n ip access-group WAN-IN in\n"
    tunnels = (
        "interface Tunnel1\n tunnel source Gi1\n tunnel mode gre multipoint\n"
        "interface Tunnel2\n tunnel source Gi2\n tunnel mode gre multipoint\n"
    )
    assert _findings("hostname r\n" + acl + static + tunnels, "DAT009")
    assert _findings("hostname r\n" + acl + static + dhcp + tunnels, "DAT009") == []
