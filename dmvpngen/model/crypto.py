"""IKE / IPsec crypto profiles."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel

__all__ = [
    "ESP_ENCRYPTION",
    "ESP_INTEGRITY",
    "CryptoProfile",
    "IkeEncryption",
    "IkeHash",
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


class CryptoProfile(StrictModel):
    """How the tunnels of a cloud are protected (IKEv2 + ESP by default, Cisco NGE suite)."""

    ike_version: Literal[1, 2] = 2
    authentication: Literal["pre-share", "rsa-sig"] = "pre-share"
    psk: str | None = Field(
        None, description="Pre-shared key, or a reference: 'env:VAR' or 'secret:NAME'."
    )
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
