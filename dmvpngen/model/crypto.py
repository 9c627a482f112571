"""IKE / IPsec crypto profiles: algorithms, pre-shared keys (wildcard or per peer) and PKI."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel
from dmvpngen.model.text import Hostname, PrintableText, SecretText

__all__ = [
    "ESP_ENCRYPTION",
    "ESP_INTEGRITY",
    "CryptoProfile",
    "IkeEncryption",
    "IkeHash",
    "PeerKey",
    "Pki",
]

IkeEncryption = Literal[
    "aes-gcm-256", "aes-gcm-128", "aes-cbc-256", "aes-cbc-192", "aes-cbc-128", "3des", "des"
]
IkeHash = Literal["sha512", "sha384", "sha256", "sha1", "md5"]
EspEncryption = Literal[
    "esp-gcm 256", "esp-gcm 128", "esp-aes 256", "esp-aes 128", "esp-3des", "esp-des"
]
EspIntegrity = Literal[
    "esp-sha512-hmac", "esp-sha384-hmac", "esp-sha256-hmac", "esp-sha-hmac", "esp-md5-hmac"
]

ESP_ENCRYPTION: tuple[str, ...] = EspEncryption.__args__  # type: ignore[attr-defined]
ESP_INTEGRITY: tuple[str, ...] = EspIntegrity.__args__  # type: ignore[attr-defined]

_IOS_NAME = r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$"


class PeerKey(StrictModel):
    """A pre-shared key of one router, or of every router whose WAN address is in a prefix.

    IKEv2 asymmetric keys: a router signs with its own key and checks each peer with the peer's
    key. Every keyring holds ``pre-shared-key local <own>`` / ``remote <peer's>`` per peer (per
    prefix for prefix entries), so revoking one router means changing one key only.
    """

    router: Hostname | None = Field(None, description="Router name (hub or spoke).")
    prefix: IPv4Network | None = Field(
        None, description="WAN prefix: routers without their own entry whose address is in it."
    )
    name: str | None = Field(
        None, pattern=_IOS_NAME, description="Keyring peer name of a prefix entry."
    )
    psk: SecretText = Field(description="The key, or a reference 'env:VAR' / 'secret:NAME'.")


class Pki(StrictModel):
    """Certificate authentication: a trustpoint enrolled with the CA and a certificate map."""

    trustpoint: str = Field("DMVPN-CA", pattern=_IOS_NAME)
    enrollment: Literal["url", "terminal"] = Field(
        "url", description="'url' enrolls over SCEP; 'terminal' means pasting certificates."
    )
    url: PrintableText | None = Field(
        None, description="SCEP enrollment URL of the CA, http://host[:port][/path]."
    )
    auto_enroll: int | None = Field(
        70,
        ge=10,
        le=99,
        description="With enrollment by URL: renew (with a new key) at this percentage of the "
        "certificate's lifetime, through the tunnel the current certificate keeps up.",
    )
    issuer: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$",
        description="Common name of the issuing CA; only its certificates are accepted.",
    )
    revocation_check: Literal["crl", "crl-none", "ocsp", "none"] = Field(
        "crl",
        description="'crl-none' accepts a peer when the CRL cannot be fetched (the CRL "
        "server sits behind the tunnel); 'none' never checks.",
    )
    rsa_key_size: Literal[2048, 3072, 4096] = 2048
    identity: Literal["dn", "fqdn"] = Field(
        "dn", description="IKE identity sent: the certificate's DN, or <hostname>.<domain>."
    )


class CryptoProfile(StrictModel):
    """How the tunnels of a cloud are protected (IKEv2 + ESP by default, Cisco NGE suite)."""

    ike_version: Literal[1, 2] = 2
    authentication: Literal["pre-share", "rsa-sig"] = "pre-share"
    psk: SecretText | None = Field(
        None,
        description="Wildcard pre-shared key (every router shares it), or a reference "
        "'env:VAR' / 'secret:NAME'.",
    )
    peer_keys: list[PeerKey] = Field(
        default_factory=list,
        description="Per-peer keys instead of one wildcard key: one entry per router (IKEv2).",
    )
    pki: Pki | None = Field(None, description="Trustpoint for 'authentication: rsa-sig'.")
    encryption: IkeEncryption = "aes-gcm-256"
    integrity: IkeHash | None = Field(
        None, description="IKE integrity; required with AES-CBC, not allowed with AES-GCM."
    )
    prf: IkeHash = "sha384"
    dh_groups: list[int] = Field(default_factory=lambda: [19, 20], min_length=1)
    esp_encryption: EspEncryption = "esp-gcm 256"
    esp_integrity: EspIntegrity | None = None
    mode: Literal["transport", "tunnel"] = "transport"
    pfs: int | None = Field(19, description="PFS DH group for IPsec rekeys; null disables PFS.")
    dpd_interval: int = Field(10, ge=10, le=3600)
    dpd_retry: int = Field(5, ge=2, le=60)
    ike_lifetime: int = Field(86400, ge=120, le=86400)
    ipsec_lifetime: int = Field(3600, ge=120, le=86400)
