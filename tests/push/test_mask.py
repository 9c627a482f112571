"""Secrets are masked by value and after secret-bearing keywords."""

from __future__ import annotations

from dmvpngen.push.mask import MASK, Masker


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
