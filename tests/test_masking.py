"""Secrets are masked by value and after secret-bearing keywords."""

from __future__ import annotations

from dmvpngen.masking import MASK, Masker


def test_values_and_keywords_are_masked() -> None:
    masker = Masker(["S3cretPSK", "ab"])
    text = "\n".join(
        [
            "  pre-shared-key S3cretPSK",
            " ip nhrp authentication nhAuth9",
            "crypto isakmp key K3y address 0.0.0.0 0.0.0.0",
            "username admin privilege 15 secret 9 $9$xyz",
            "enable password plain",
            " ip ospf authentication-key abc123",
            "description uses S3cretPSK inline",
            " authentication remote pre-share",
            " authentication local rsa-sig",
            " tunnel source GigabitEthernet1",
        ]
    )
    out = masker(text)
    for secret in ("S3cretPSK", "nhAuth9", "K3y", "$9$xyz", "plain", "abc123"):
        assert secret not in out
    assert out.count(MASK) == 7
    assert " authentication remote pre-share" in out  # a method, not a secret
    assert " authentication local rsa-sig" in out
    assert " tunnel source GigabitEthernet1" in out


def test_short_values_are_left_to_the_keyword_rule() -> None:
    # Masking every "ab" in every line would destroy the diff; 1-2 char secrets are rare and
    # still masked when they follow a keyword.
    assert Masker(["ab"])("crypto ikev2 keyring ab") == "crypto ikev2 keyring ab"
    assert Masker(["ab"])("ip nhrp authentication ab") == f"ip nhrp authentication {MASK}"


def test_with_values_extends() -> None:
    masker = Masker(["one-secret"]).with_values(["two-secret"])
    assert masker("one-secret two-secret") == f"{MASK} {MASK}"


def test_feature_switches_stay_readable() -> None:
    assert Masker()("password encryption aes") == "password encryption aes"
    assert Masker()("service password-encryption") == "service password-encryption"


def test_communities_and_snmp_keys_by_pattern() -> None:
    masker = Masker()
    out = masker(
        "snmp-server community Comm-Hand-Typed RO 10\n"
        "snmp-server host 10.1.0.40 version 2c Comm-Hand-Typed\n"
        "snmp-server host 10.1.0.41 vrf MGMT informs version 2c Comm-Hand-Typed udp-port 162\n"
        "snmp-server user noc NOC-RO v3 auth sha Auth-Key-Typed priv aes 128 Priv-Key-Typed\n"
        "tacacs-server key 7 0822455D0A16\n"
    )
    for secret in ("Comm-Hand-Typed", "Auth-Key-Typed", "Priv-Key-Typed", "0822455D0A16"):
        assert secret not in out, out
    assert "snmp-server host 10.1.0.40 version 2c <masked>" in out
    assert "snmp-server community <masked> RO 10" in out  # the rest stays readable
    assert (
        masker(" neighbor 10.0.0.1 send-community both") == " neighbor 10.0.0.1 send-community both"
    )


def test_lint_and_render_maskers_share_the_rules() -> None:
    from dmvpngen.lint.mask import mask_secrets
    from dmvpngen.secrets import mask

    assert mask_secrets("snmp-server community public RO") == "snmp-server community **** RO"
    assert mask("a Lab-Key-1 b", ["Lab-Key-1"]) == "a ****** b"


def test_every_secret_of_a_line_is_masked_by_pattern() -> None:
    """Lines that carry two secrets: both go, whatever the privacy cipher's key size."""
    masker = Masker()
    for line in (
        "snmp-server user noc G v3 auth sha Auth-1-Typed priv aes 128 Priv-1-Typed",
        "snmp-server user noc G v3 auth md5 Auth-2-Typed priv aes 256 Priv-2-Typed access 99",
        "snmp-server user noc G v3 auth sha Auth-3-Typed priv 3des Priv-3-Typed",
        "snmp-server user noc G v3 encrypted auth sha Auth-4-Typed priv des Priv-4-Typed",
    ):
        out = masker(line)
        assert "Typed" not in out, out
        assert out.startswith("snmp-server user noc G v3")
