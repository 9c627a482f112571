"""Crypto profiles: complete, consistent and strong enough (dmvpn-reference §4)."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.loader import Locator
from dmvpngen.secrets import is_reference, iter_secret_fields

__all__ = ["WEAK_DH_GROUPS", "check"]

WEAK_DH_GROUPS = frozenset({1, 2, 5, 24})
KNOWN_DH_GROUPS = frozenset({1, 2, 5, 14, 15, 16, 19, 20, 21, 24})
_WEAK_IKE = {"des": "DES", "3des": "3DES"}
_WEAK_HASH = {"md5": "MD5"}
_WEAK_ESP = {"esp-des": "DES", "esp-3des": "3DES", "esp-md5-hmac": "HMAC-MD5"}
_STRONG_HINT = (
    "use AES-GCM-256 / SHA-384 / DH 19-21 (Cisco NGE) or at least AES-256, SHA-256, DH 14"
)


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Crypto profile problems, plus warnings for secrets written in clear."""
    from dmvpngen.validate.crypto_auth import check_authentication

    yield from check_authentication(inv, loc)
    for name, prof in sorted(inv.crypto_profiles.items()):
        where = ("crypto_profiles", name)
        gcm = prof.encryption.startswith("aes-gcm")
        if prof.ike_version == 2 and gcm and prof.integrity is not None:
            yield loc.problem(
                (*where, "integrity"),
                "an IKEv2 proposal with AES-GCM takes no integrity algorithm",
                "drop 'integrity' (GCM authenticates) and keep 'prf'",
            )
        if not gcm and prof.integrity is None:
            yield loc.problem(
                (*where, "integrity"),
                f"'{prof.encryption}' needs an integrity algorithm",
                "add 'integrity: sha256' (or sha384/sha512)",
            )
        if prof.ike_version == 1 and gcm:
            yield loc.problem(
                (*where, "encryption"),
                "IKEv1 (ISAKMP) policies cannot use AES-GCM",
                "use 'aes-cbc-256' with 'integrity: sha256', or IKEv2",
            )
        if prof.encryption in _WEAK_IKE:
            yield loc.problem(
                (*where, "encryption"),
                f"{_WEAK_IKE[prof.encryption]} is broken for IKE",
                _STRONG_HINT,
            )
        for field in ("integrity", "prf"):
            value = getattr(prof, field)
            if value in _WEAK_HASH:
                yield loc.problem((*where, field), f"{_WEAK_HASH[value]} is broken", _STRONG_HINT)
            elif value == "sha1":
                yield loc.problem(
                    (*where, field), "SHA-1 is legacy for IKE", _STRONG_HINT, severity="warning"
                )
        for j, group in enumerate(prof.dh_groups):
            if group not in KNOWN_DH_GROUPS:
                yield loc.problem(
                    (*where, "dh_groups", j),
                    f"unknown DH group {group}",
                    "use 14, 15, 16, 19, 20 or 21",
                )
            elif group in WEAK_DH_GROUPS:
                yield loc.problem(
                    (*where, "dh_groups", j), f"DH group {group} is too weak", _STRONG_HINT
                )
        if prof.pfs is not None:
            if prof.pfs not in KNOWN_DH_GROUPS:
                yield loc.problem((*where, "pfs"), f"unknown PFS group {prof.pfs}")
            elif prof.pfs in WEAK_DH_GROUPS:
                yield loc.problem(
                    (*where, "pfs"), f"PFS group {prof.pfs} is too weak", _STRONG_HINT
                )
        if prof.esp_encryption in _WEAK_ESP:
            yield loc.problem(
                (*where, "esp_encryption"), f"{_WEAK_ESP[prof.esp_encryption]} ESP is broken"
            )
        if prof.esp_integrity in _WEAK_ESP:
            yield loc.problem(
                (*where, "esp_integrity"), f"{_WEAK_ESP[prof.esp_integrity]} ESP is broken"
            )
        elif prof.esp_integrity == "esp-sha-hmac":
            yield loc.problem(
                (*where, "esp_integrity"),
                "HMAC-SHA-1 ESP integrity is legacy",
                "use esp-sha256-hmac or better, or esp-gcm 256 (no separate integrity)",
                severity="warning",
            )
        esp_gcm = prof.esp_encryption.startswith("esp-gcm")
        if esp_gcm and prof.esp_integrity is not None:
            yield loc.problem(
                (*where, "esp_integrity"),
                "ESP-GCM takes no separate integrity transform",
                "drop 'esp_integrity'",
            )
        if not esp_gcm and prof.esp_integrity is None:
            yield loc.problem(
                (*where, "esp_integrity"),
                f"'{prof.esp_encryption}' needs an integrity transform",
                "add 'esp_integrity: esp-sha256-hmac'",
            )
    for path, value in iter_secret_fields(inv):
        if not is_reference(value):
            yield loc.problem(
                path,
                "secret written in clear in the inventory",
                "use 'secret:NAME' (secrets file kept out of git) or 'env:VAR'",
                severity="warning",
            )
