"""Cisco type 9 (scrypt) password hashes, so configs never carry a login secret in clear.

IOS stores ``enable secret 9 $9$<salt>$<hash>`` where the hash is scrypt(N=16384, r=1, p=1,
32 bytes) in Cisco's base64 alphabet. The salt is derived from the secret and a purpose string
(which names the router) rather than drawn at random, so rendering stays byte-for-byte
deterministic and still no two routers share a salt: a hash copied from one config tells
nothing about another router's, and one precomputation never serves several routers.

scrypt is deliberately slow (~6-12 ms a hash), so:

- a render that only reasons about routing (``validate``, ``check`` of an inventory) takes the
  *deferred* form, a fixed token that is not a hash at all; ``RenderedConfig`` (what is written
  and pushed) refuses any text that holds it;
- a render of many routers computes its hashes first, on a thread pool: CPython runs
  ``EVP_PBE_scrypt`` between ``Py_BEGIN_ALLOW_THREADS`` and ``Py_END_ALLOW_THREADS``
  (Modules/_hashopenssl.c), so threads hash in parallel without the start-up and pickling of
  worker processes (bench/bench_hash.py measures serial, threads and processes).
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

__all__ = ["DEFERRED_MARK", "HashJob", "deferred_hash", "hash_all", "type9_hash"]

_CISCO64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_STD64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TO_CISCO = str.maketrans(_STD64, _CISCO64)

# '-' is outside Cisco's base64 alphabet: the deferred token can never pass for a real hash.
DEFERRED_MARK = "-hash-deferred-"
_DEFERRED = f"$9${DEFERRED_MARK}$-not-computed-"

# Below this many hashes a pool costs more than it saves (threads start in ~0.1 ms each, but
# a handful of hashes is already fast enough).
POOL_THRESHOLD = 8

HashJob = tuple[str, str]  # (secret, purpose)


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


def deferred_hash(secret: str, purpose: str = "") -> str:
    """The token a render for analysis writes where the hash would be (one word, like it)."""
    del secret, purpose  # nothing of the secret reaches the token
    return _DEFERRED


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def hash_all(jobs: Iterable[HashJob], workers: int | None = None) -> dict[HashJob, str]:
    """Every distinct job's hash; on a thread pool when there are enough of them.

    The result does not depend on ``workers`` (each hash is a pure function of its job), so
    the configs are byte-identical whichever path computed them.
    """
    distinct = sorted(set(jobs))
    count = default_workers() if workers is None else workers
    if count <= 1 or len(distinct) < POOL_THRESHOLD:
        return {job: type9_hash(*job) for job in distinct}
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="type9") as pool:
        hashes = list(pool.map(_hash_job, distinct))
    return dict(zip(distinct, hashes, strict=True))


def _hash_job(job: HashJob) -> str:
    # past the lru_cache: the pool's jobs are distinct, a cache would only hold them
    return type9_hash.__wrapped__(*job)
