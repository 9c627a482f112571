"""Cisco type 9 (scrypt) password hashes, so configs never carry a login secret in clear.

IOS stores ``enable secret 9 $9$<salt>$<hash>`` where the hash is scrypt(N=16384, r=1, p=1,
32 bytes) in Cisco's base64 alphabet. The salt is derived from the secret and a purpose string
(which names the router) rather than drawn at random, so rendering stays byte-for-byte
deterministic and still no two routers share a salt: a hash copied from one config tells
nothing about another router's, and one precomputation never serves several routers.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

__all__ = ["type9_hash"]

_CISCO64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_STD64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TO_CISCO = str.maketrans(_STD64, _CISCO64)


def _salt(secret: str, purpose: str) -> str:
    digest = hashlib.sha256(f"dmvpngen-salt:{purpose}:{secret}".encode()).digest()
    return "".join(_CISCO64[b % 64] for b in digest[:14])


@lru_cache(maxsize=64)
def type9_hash(secret: str, purpose: str = "") -> str:
    """The ``$9$...`` form of ``secret`` (cached: scrypt is deliberately slow)."""
    salt = _salt(secret, purpose)
    raw = hashlib.scrypt(secret.encode(), salt=salt.encode(), n=16384, r=1, p=1, dklen=32)
    encoded = base64.b64encode(raw).decode().translate(_TO_CISCO).rstrip("=")
    return f"$9${salt}${encoded}"
