"""The config view: indexed ``find`` agrees with ciscoconfparse2, quirks are normalised, and
secrets are masked."""

from __future__ import annotations

from pathlib import Path

import pytest
from ciscoconfparse2 import CiscoConfParse

from dmvpngen.lint.mask import mask_secrets
from dmvpngen.lint.view import ConfigView, prepare, version_tuple

CORPUS = Path(__file__).parent / "corpus"
PATTERNS = [
    r"^interface\s+\S+",
    r"^interface",
    r"^interfaces?",
    r"^crypto isakmp policy\s+\d+",
    r"^crypto (map|dynamic-map)\s+\S+\s+\d+",
    r"^crypto",
    r"^cry",
    r"^router eigrp\s+\S+",
    r"^(router|interface)",
    r"^ip\s",
    r"^ip nhrp",
    r"ip nhrp",
    r"^ hash",
    r"^hostname$",
    r"^no ip http server",
    r"^version\s+\d",
]


@pytest.mark.parametrize("name", ["hq-r1-hub.cfg", "ikev2-spoke-1.cfg"])
@pytest.mark.parametrize("pattern", PATTERNS)
def test_find_matches_ciscoconfparse(name: str, pattern: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8-sig")
    view = ConfigView(text, name)
    plain = CiscoConfParse(text.split("\n"), syntax="ios", ignore_blank_lines=False)
    want = [o.linenum + 1 for o in plain.find_objects(pattern)]
    assert [line.number for line in view.find(pattern)] == want


@pytest.mark.parametrize("name", ["hq-r1-hub.cfg", "ikev2-spoke-1.cfg"])
def test_linked_children_match_ciscoconfparse(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8-sig")
    view = ConfigView(text, name)
    plain = CiscoConfParse(prepare(text)[1], syntax="ios", ignore_blank_lines=False)
    for line, obj in zip(view.iter_lines(), plain.objs, strict=True):
        assert [c.number for c in line.children] == [c.linenum + 1 for c in obj.children]


def test_lines_are_one_based_and_quirks_normalised() -> None:
    text = (
        "\ufeffconf t\r\nhostname r1\r\nint Gi1\r\n ip address 10.0.0.1 255.255.255.0\r\n"
        "banner motd ^C\r\nip http server\r\n^C\r\nend\r\n"
    )
    view = ConfigView(text, "x.cfg")
    assert view.hostname == "r1"
    assert [i.number for i in view.interfaces] == [3]
    assert view.interfaces[0].text == "interface GigabitEthernet1"  # paste abbreviation expanded
    assert view.raw_lines[2] == "int Gi1"  # the user's own line is kept for messages
    assert not view.has(r"^ip http server")  # banner text is not config
    assert not view.has(r"^end")


def test_unterminated_banner_does_not_swallow_the_config() -> None:
    view = ConfigView("banner motd ^C\nhello\ninterface Gi1\n ip address 10.0.0.1 255.0.0.0\n")
    assert [i.number for i in view.interfaces] == [3]


def test_role_and_externals() -> None:
    text = (
        "interface Gi1\n ip address 192.0.2.1 255.255.255.0\n"
        "interface Tunnel0\n ip nhrp nhs 10.0.0.1\n tunnel source Gi1\n"
    )
    view = ConfigView(text)
    assert view.role == "spoke"
    assert [i.text for i in view.external_interfaces] == ["interface Gi1"]
    assert view.hostname == "-"


def test_version() -> None:
    assert version_tuple("17.11.1a") == (17, 11, 1)
    assert version_tuple(None) is None
    view = ConfigView("version 15.6\nhostname r\n")
    assert view.version_at_least(17, 11) is False
    assert ConfigView("hostname r\n").version_at_least(17, 11) is None
    assert ConfigView("version 15.6\n", ios_version="17.12").version_at_least(17, 11)


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("enable secret 5 $1$abc$def", "$1$abc$def"),
        ("enable secret level 15 M1cr0s0ft123", "M1cr0s0ft123"),
        ("username admin privilege 15 secret 9 $9$xyz", "$9$xyz"),
        ("username rb privilege 15 password 0 Plain1", "Plain1"),
        ("crypto isakmp key strongkey address 0.0.0.0", "strongkey"),
        ("crypto isakmp key 6 ENCRYPTED address 0.0.0.0 0.0.0.0", "ENCRYPTED"),
        ("  pre-shared-key c1sco123", "c1sco123"),
        ("  pre-shared-key local 6 Abc", "Abc"),
        (" pre-shared-key address 0.0.0.0 0.0.0.0 key Sekr1t", "Sekr1t"),
        (" ip nhrp authentication dmvpn1", "dmvpn1"),
        ("  key-string 7 0822455D0A16", "0822455D0A16"),
        (" ip ospf message-digest-key 1 md5 Clear2", "Clear2"),
        (" ip ospf authentication-key 7 0822", "0822"),
        (" neighbor 192.0.2.1 password 7 0822455D0A16", "0822455D0A16"),
        ("snmp-server community public RO 10", "public"),
        (" standby 1 authentication md5 key-string Clear3", "Clear3"),
        (" vrrp 5 authentication text Clear1", "Clear1"),
        ("tacacs-server key 7 0822", "0822"),
        (" key 7 0822455D", "0822455D"),
        (" password 7 0822455D", "0822455D"),
        ("   authentication mode hmac-sha-256 Gen-Key-2", "Gen-Key-2"),
        ("key config-key password-encrypt Lab-Only-Master-Key", "Lab-Only-Master-Key"),
    ],
)
def test_mask_secrets(line: str, secret: str) -> None:
    masked = mask_secrets(line)
    assert secret not in masked
    assert "****" in masked


@pytest.mark.parametrize(
    "line", ["password encryption aes", " key 1", "key chain K", "interface Tunnel0"]
)
def test_mask_leaves_plain_lines(line: str) -> None:
    assert mask_secrets(line) == line
