"""A tunnel's crypto as an inventory crypto profile (values outside the model become notes)."""

from __future__ import annotations

import re
from ipaddress import IPv4Network
from typing import Any

from dmvpngen.model.crypto import ESP_ENCRYPTION, ESP_INTEGRITY
from dmvpngen.parse.facts import Device, Tunnel

__all__ = ["crypto_profile", "peer_keys_doc", "pki_doc"]


def pki_doc(
    device: Device, trustpoint: str | None, identity: str | None, notes: list[str]
) -> dict[str, Any]:
    """The ``pki`` mapping from ``crypto pki trustpoint`` and its certificate map."""
    tp_name = trustpoint or next(
        (b.text.split()[3] for b in device.blocks if b.text.startswith("crypto pki trustpoint")),
        "DMVPN-CA",
    )
    doc: dict[str, Any] = {"trustpoint": tp_name}
    block = next((b for b in device.blocks if b.text == f"crypto pki trustpoint {tp_name}"), None)
    issuer = None
    for b in device.blocks:
        if b.text.startswith("crypto pki certificate map"):
            for ch in b.children:
                w = ch.text.split(None, 2)
                if w[0] == "issuer-name" and len(w) > 2:
                    issuer = w[2] if w[1] in {"co", "eq"} else " ".join(w[1:])
    if block is None:
        notes.append(f"{device.hostname}: trustpoint {tp_name} not in the config; defaults used")
    for ch in block.children if block is not None else []:
        w = ch.text.split()
        if w[:2] == ["enrollment", "url"] and len(w) > 2:
            doc["enrollment"], doc["url"] = "url", w[2]
        elif w[:2] == ["enrollment", "terminal"]:
            doc["enrollment"] = "terminal"
        elif w[0] == "auto-enroll" and len(w) > 1 and w[1].isdigit():
            doc["auto_enroll"] = int(w[1])
        elif w[0] == "revocation-check" and len(w) > 1:
            doc["revocation_check"] = "-".join(w[1:3])
        elif w[0] == "rsakeypair" and len(w) > 2 and w[-1].isdigit():
            doc["rsa_key_size"] = int(w[-1])
    if doc.get("enrollment") == "url" and "auto_enroll" not in doc:
        doc["auto_enroll"] = None
    doc["issuer"] = issuer or "CHANGE-ME CA"
    if issuer is None:
        notes.append(f"{device.hostname}: no certificate map issuer-name; placeholder CA name")
    if identity in {"dn", "fqdn"}:
        doc["identity"] = identity
    return doc


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
    if name.startswith("IPSEC-") and len(name) > 6:
        name = name[6:].lower()  # dmvpngen names profile 'x' IPSEC-X
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
            prof["pki"] = pki_doc(device, v2.trustpoint, v2.identity, notes)
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
            prof["integrity"] = _HASH.get(pol.hash, "sha1")  # IKEv1 has no separate PRF
            prof["dh_groups"] = [pol.group]
            if pol.authentication == "rsa-sig":
                prof["authentication"] = "rsa-sig"
                prof.pop("psk", None)
                isa = c.isakmp_profiles.get(ipsec.isakmp_profile or "")
                ident = (
                    "dn"
                    if any(b.text.lower() == "crypto isakmp identity dn" for b in device.blocks)
                    else "fqdn"
                )
                prof["pki"] = pki_doc(device, isa.trustpoint if isa else None, ident, notes)
            prof["ike_lifetime"] = max(120, pol.lifetime)
        if ipsec.isakmp_profile and prof.get("authentication") != "rsa-sig":
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


def peer_keys_doc(
    members: list[Any], secrets: dict[str, str], keyring_of: Any
) -> list[dict[str, Any]] | None:
    """``peer_keys`` from per-peer IKEv2 keyrings: each router's own ('local') key, and prefix
    entries (a named peer with a WAN prefix) that routers without an own entry use.

    ``keyring_of(member)`` gives the member's keyring entries (parse ``Psk`` objects).
    """
    entries = [(m, keyring_of(m)) for m in members]
    if all(
        all(p.network is not None and p.network.prefixlen == 0 for p in ps) for _, ps in entries
    ):
        return None
    prefixes: dict[str, dict[str, Any]] = {}
    for _m, ps in entries:
        for p in ps:
            # WAN prefix entries are IPv4 (an IPv6 peer is keyed by its router: /128 entries)
            net = p.network
            if net is not None and net.version == 4 and 0 < net.prefixlen < 32 and p.peer:
                prefixes.setdefault(
                    str(p.network), {"prefix": str(p.network), "name": p.peer, "psk": p.key}
                )
    out: list[dict[str, Any]] = []
    for m, ps in entries:
        own = next((p.own for p in ps), None)
        if own is None:
            continue
        covered = any(
            e["psk"] == own and m.nbma is not None and m.nbma in IPv4Network(e["prefix"])
            for e in prefixes.values()
        )
        if covered or any(d.get("router") == m.name for d in out):
            continue
        ref = f"psk_{re.sub(r'[^A-Za-z0-9]+', '_', m.name)}"
        secrets[ref] = own
        out.append({"router": m.name, "psk": f"secret:{ref}"})
    for e in prefixes.values():
        ref = f"psk_{re.sub(r'[^A-Za-z0-9]+', '_', e['name'])}"
        secrets[ref] = e["psk"]
        out.append({**e, "psk": f"secret:{ref}"})
    return out
