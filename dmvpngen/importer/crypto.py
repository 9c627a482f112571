"""A tunnel's crypto as an inventory crypto profile (values outside the model become notes)."""

from __future__ import annotations

import re
from typing import Any

from dmvpngen.model.crypto import ESP_ENCRYPTION, ESP_INTEGRITY
from dmvpngen.parse.facts import Device, Tunnel

__all__ = ["crypto_profile"]

_IKE_ENC = {
    "aes-gcm-256",
    "aes-gcm-128",
    "aes-cbc-256",
    "aes-cbc-192",
    "aes-cbc-128",
    "3des",
    "des",
}
_V1_ENC = {"aes-256": "aes-cbc-256", "aes-192": "aes-cbc-192", "aes-128": "aes-cbc-128"}
_WEAK_DH = {1, 2, 5, 24}
_HASH = {
    "sha": "sha1",
    "sha1": "sha1",
    "sha256": "sha256",
    "sha384": "sha384",
    "sha512": "sha512",
    "md5": "md5",
}


def _esp(transforms: tuple[str, ...]) -> tuple[str | None, str | None]:
    enc = integ = None
    words = list(transforms)
    for i, w in enumerate(words):
        if w in {"esp-aes", "esp-gcm"}:
            bits = words[i + 1] if i + 1 < len(words) and words[i + 1].isdigit() else "128"
            enc = f"{w} {bits}"
        elif w in {"esp-3des", "esp-des"}:
            enc = w
        elif w.endswith("-hmac"):
            integ = w
    return enc, integ


def crypto_profile(device: Device, tun: Tunnel, notes: list[str]) -> tuple[str, dict[str, Any]]:
    """(profile name, profile dict) for the tunnel's ``tunnel protection`` profile."""
    c = device.crypto
    ipsec = c.ipsec_profiles[tun.protection or ""] if tun.protection in c.ipsec_profiles else None
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", tun.protection or "default").strip("-") or "default"
    prof: dict[str, Any] = {"psk": f"secret:psk_{name.replace('-', '_')}"}
    where = f"{device.file}:{tun.protection_line}"
    if ipsec is None:
        notes.append(
            f"{device.hostname}: ipsec profile {tun.protection} not defined ({where}); defaults "
            "used"
        )
        return name, prof
    if ipsec.ikev2_profile:
        prof["ike_version"] = 2
        v2 = c.ikev2_profiles.get(ipsec.ikev2_profile)
        if v2 and "rsa-sig" in v2.auth_local + v2.auth_remote:
            prof["authentication"] = "rsa-sig"
            prof.pop("psk")
            notes.append(
                f"{device.hostname}: certificate trustpoint {v2.trustpoint} is not modelled "
                f"({where})"
            )
        proposals = [
            c.ikev2_proposals[p]
            for pol in c.ikev2_policies
            for p in pol.proposals
            if p in c.ikev2_proposals
        ]
        if not proposals:
            notes.append(
                f"{device.hostname}: no 'crypto ikev2 policy' (default IKEv2 proposal in use); "
                "model defaults used"
            )
        else:
            prop = proposals[0]
            if prop.encryption and prop.encryption[0] in _IKE_ENC:
                prof["encryption"] = prop.encryption[0]
            if prop.integrity and not prof.get("encryption", "").startswith("aes-gcm"):
                prof["integrity"] = _HASH.get(prop.integrity[0], "sha256")
            if prop.prf:
                prof["prf"] = _HASH.get(prop.prf[0], "sha384")
            elif prop.integrity:
                prof["prf"] = _HASH.get(prop.integrity[0], "sha384")
            if prop.groups:
                prof["dh_groups"] = prop.groups
    else:
        prof["ike_version"] = 1
        pols = sorted(c.isakmp_policies, key=lambda p: p.priority)
        if pols:
            pol = pols[0]
            enc = _V1_ENC.get(pol.encryption, pol.encryption)
            if enc in _IKE_ENC:
                prof["encryption"] = enc
            prof["integrity"] = _HASH.get(pol.hash, "sha1")
            prof["prf"] = prof["integrity"]
            prof["dh_groups"] = [pol.group]
            if pol.authentication == "rsa-sig":
                prof["authentication"] = "rsa-sig"
            prof["ike_lifetime"] = max(120, pol.lifetime)
        if ipsec.isakmp_profile:
            notes.append(
                f"{device.hostname}: isakmp profile {ipsec.isakmp_profile} (keyring / VRF "
                f"matching) is not modelled ({where})"
            )
    weak = [g for g in prof.get("dh_groups", []) if g in _WEAK_DH]
    if weak:
        notes.append(
            f"{device.hostname}: DH group(s) {weak} are refused by the model as too weak; group "
            f"14 written ({where})"
        )
        prof["dh_groups"] = [g for g in prof["dh_groups"] if g not in _WEAK_DH] or [14]
    sets = [c.transform_sets[n] for n in ipsec.transform_sets if n in c.transform_sets]
    if sets:
        found, integ = _esp(sets[0].transforms)
        enc = found or ""
        if enc not in ESP_ENCRYPTION:
            notes.append(
                f"{device.hostname}: ESP '{' '.join(sets[0].transforms)}' is not in the model; "
                f"esp-aes 256 written ({where})"
            )
            enc = "esp-aes 256"
        prof["esp_encryption"] = enc
        if integ in ESP_INTEGRITY and not enc.startswith("esp-gcm"):
            prof["esp_integrity"] = integ
        elif not enc.startswith("esp-gcm"):
            prof["esp_integrity"] = "esp-sha256-hmac"
        prof["mode"] = sets[0].mode if sets[0].mode in {"transport", "tunnel"} else "transport"
    match = re.match(r"group(\d+)", ipsec.pfs or "")
    prof["pfs"] = int(match.group(1)) if match else None
    return name, prof
