"""How crypto profiles authenticate peers: wildcard or per-peer pre-shared keys, certificates.

Also the router-wide limits of IKEv1 (its policies and keys are global, so one router can hold
only one IKEv1 profile) and the type 6 storage of keys (``password encryption aes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from ipaddress import IPv4Address

from dmvpngen.errors import Problem
from dmvpngen.model import Cloud, CryptoProfile, Inventory, Router
from dmvpngen.model.loader import Locator
from dmvpngen.render.roles import nbma_of, wan_of

__all__ = ["check_authentication"]

_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[\x21-\x7e]*)?$")


def check_authentication(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Authentication problems of every crypto profile, and IKEv1 limits per router."""
    routers = {r.name: r for r in (*inv.hubs, *inv.spokes)}
    for name, prof in sorted(inv.crypto_profiles.items()):
        where = ("crypto_profiles", name)
        used_by = [c for c in inv.clouds if c.crypto == name]
        if prof.authentication == "rsa-sig":
            yield from _check_pki(loc, where, prof)
            for field in ("psk", "peer_keys"):
                if getattr(prof, field):
                    yield loc.problem(
                        (*where, field),
                        "certificate authentication (rsa-sig) uses no pre-shared key",
                        f"drop '{field}', or use 'authentication: pre-share' without 'pki'",
                    )
            continue
        if prof.pki is not None:
            yield loc.problem(
                (*where, "pki"),
                "'pki' is set but the profile authenticates with pre-shared keys",
                "set 'authentication: rsa-sig' to use the trustpoint, or drop 'pki'",
            )
        if prof.psk and prof.peer_keys:
            yield loc.problem(
                (*where, "peer_keys"),
                "give either one wildcard 'psk' or 'peer_keys', not both",
                "per-peer keys replace the wildcard key entirely",
            )
        elif not prof.psk and not prof.peer_keys:
            yield loc.problem(
                where,
                f"crypto profile '{name}' uses pre-shared keys but has no 'psk'",
                "add 'psk: secret:<name>' (or env:VAR), or per-router 'peer_keys'",
            )
        if prof.peer_keys:
            yield from _check_peer_keys(inv, loc, name, routers, used_by)
    yield from _check_ikev1_per_router(inv, loc)
    uses_psk = any(
        p.authentication == "pre-share"
        for k, p in inv.crypto_profiles.items()
        if any(c.crypto == k for c in inv.clouds)
    )
    if uses_psk and not inv.management.config_key:
        yield loc.problem(
            ("management",),
            "pre-shared keys would be stored in clear (no 'password encryption aes')",
            "add management.config_key: secret:config_key so keys are stored as type 6",
            severity="warning",
        )


def _check_pki(
    loc: Locator, where: tuple[str | int, ...], prof: CryptoProfile
) -> Iterator[Problem]:
    pki = prof.pki
    if pki is None:
        yield loc.problem(
            (*where, "authentication"),
            "certificate authentication (rsa-sig) needs a PKI trustpoint",
            "add 'pki: {issuer: <CA common name>, url: http://<ca>/...}' to the profile",
        )
        return
    if pki.enrollment == "url" and pki.url is None:
        yield loc.problem(
            (*where, "pki", "enrollment"),
            "enrollment by URL needs the CA's 'url'",
            "add 'url: http://<ca address>:80' or use 'enrollment: terminal'",
        )
    if pki.url is not None and not _URL.match(pki.url):
        yield loc.problem(
            (*where, "pki", "url"),
            f"'{pki.url}' is not an enrollment URL IOS accepts",
            "write http://<host>[:port][/path] (SCEP), e.g. http://10.1.0.30:80",
        )
    if pki.enrollment == "terminal" and pki.url is not None:
        yield loc.problem(
            (*where, "pki", "url"),
            "'url' has no use with 'enrollment: terminal'",
            "drop 'url', or use 'enrollment: url'",
        )
    if pki.revocation_check == "none":
        yield loc.problem(
            (*where, "pki", "revocation_check"),
            "revocation is not checked: a stolen router's certificate keeps working",
            "use 'revocation_check: crl' (or ocsp) and publish the CRL where routers reach it",
            severity="warning",
        )


def _check_peer_keys(
    inv: Inventory,
    loc: Locator,
    name: str,
    routers: dict[str, Router],
    used_by: list[Cloud],
) -> Iterator[Problem]:
    prof = inv.crypto_profiles[name]
    where = ("crypto_profiles", name)
    if prof.ike_version == 1:
        yield loc.problem(
            (*where, "peer_keys"),
            "per-peer keys need IKEv2 (asymmetric local/remote keys)",
            "set 'ike_version: 2', or use one wildcard 'psk' with IKEv1",
        )
    seen: set[str] = set()
    nets: set[object] = set()
    for i, entry in enumerate(prof.peer_keys):
        at = (*where, "peer_keys", i)
        if (entry.router is None) == (entry.prefix is None):
            yield loc.problem(
                at,
                "a per-peer key names either one 'router' or one WAN 'prefix'",
                "e.g. {router: branch-01, psk: ...} or {prefix: 198.51.100.0/24, psk: ...}",
            )
            continue
        if entry.prefix is not None:
            if entry.prefix in nets:
                yield loc.problem((*at, "prefix"), f"second key for prefix {entry.prefix}")
            nets.add(entry.prefix)
            continue
        if entry.name is not None:
            yield loc.problem((*at, "name"), "'name' names prefix entries only", "drop it")
        if entry.router not in routers:
            yield loc.problem(
                (*at, "router"), f"unknown router '{entry.router}'", "list hub and spoke names"
            )
        elif entry.router in seen:
            yield loc.problem((*at, "router"), f"second key for router '{entry.router}'")
        seen.add(str(entry.router))
    members: dict[str, tuple[Router, Cloud]] = {}
    for cloud in used_by:
        for r in (*inv.cloud_hubs(cloud), *inv.cloud_spokes(cloud)):
            members.setdefault(r.name, (r, cloud))
    prefixes = [e.prefix for e in prof.peer_keys if e.prefix is not None and e.router is None]
    for rname in sorted(set(members) - seen):
        router, cloud = members[rname]
        address = nbma_of(wan_of(inv, router, cloud), cloud)
        v4 = address is not None and ":" not in address
        if v4 and any(IPv4Address(str(address)) in n for n in prefixes):
            continue
        why = (
            "has a dynamic address"
            if address is None
            else "is in no key's prefix"
            if v4
            else "has an IPv6 NBMA address, which only a router key covers"
        )
        yield loc.problem(
            (*where, "peer_keys"),
            f"router '{rname}' has no key in the per-peer keys (it {why})",
            f"add '- {{router: {rname}, psk: secret:psk_{rname.replace('-', '_')}}}'",
        )
    for cloud in used_by:
        if cloud.phase == 1:
            continue
        for spoke in inv.cloud_spokes(cloud):
            if nbma_of(wan_of(inv, spoke, cloud), cloud) is None:
                i = inv.spokes.index(spoke)
                yield loc.problem(
                    ("spokes", i, "wan"),
                    f"spoke '{spoke.name}' has a dynamic address: other spokes cannot look "
                    f"up its per-peer key when they open a spoke-to-spoke tunnel",
                    "use certificates (authentication: rsa-sig) or a wildcard 'psk' for "
                    "clouds with dynamic spokes",
                )


def _check_ikev1_per_router(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    kinds: list[tuple[str, int, Router]] = [("hubs", i, r) for i, r in enumerate(inv.hubs)]
    kinds += [("spokes", i, r) for i, r in enumerate(inv.spokes)]
    for kind, i, router in kinds:
        v1 = sorted(
            {
                c.crypto
                for c in inv.router_clouds(router)
                if c.crypto in inv.crypto_profiles
                and inv.crypto_profiles[c.crypto].ike_version == 1
            }
        )
        if len(v1) > 1:
            yield loc.problem(
                (kind, i, "name"),
                f"router '{router.name}' would need IKEv1 profiles {', '.join(v1)} at once",
                "ISAKMP policies and keys are global: use one IKEv1 profile per router, or IKEv2",
            )
