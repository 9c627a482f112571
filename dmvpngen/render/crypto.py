"""Per-router crypto values beyond the shared names: per-peer keyrings and PKI trustpoints.

Per-peer keys use IKEv2 asymmetric pre-shared keys: each router authenticates itself with its
own key and checks each peer against that peer's key, so every pair of routers agrees without
a key per pair. Peers with a static WAN address are matched by address; peers on a dynamic
address by their FQDN identity (``<hostname>.<domain>``), which they then send as their IKE ID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from dmvpngen.model import Cloud, CryptoProfile, Inventory, Router
from dmvpngen.render.roles import nbma_of, serves, wan_of
from dmvpngen.secrets import SecretValues

__all__ = [
    "CryptoExtra",
    "KeySet",
    "KeyringPeer",
    "crypto_extra",
    "key_set",
    "peers_of",
    "router_fqdn",
]


@dataclass(frozen=True)
class KeyringPeer:
    """One ``peer`` block of an IKEv2 keyring (per-peer keys)."""

    name: str
    address: str | None
    identity: str | None
    local_key: str
    remote_key: str


@dataclass
class CryptoExtra:
    """What one router's crypto partial needs besides the shared names of the profile."""

    per_peer: bool
    keyring_peers: list[KeyringPeer] = field(default_factory=list)
    local_fqdn: str | None = None
    match_fqdn_domain: str | None = None
    pki: dict[str, object] | None = None
    cert_map: str | None = None
    isakmp_profile: str | None = None


def router_fqdn(inv: Inventory, router: Router) -> str:
    """``<hostname>.<domain>``: the certificate subject and FQDN identity of a router."""
    return f"{router.name}.{inv.management.domain_name}".lower()


def peers_of(inv: Inventory, router: Router, profile_key: str) -> list[tuple[Router, Cloud]]:
    """``(peer, cloud)`` for every router ``router`` may build an IKE session with over clouds
    using ``profile_key``, first cloud per peer and address.

    Next hop servers talk to every router of their clouds; spokes to the servers, and to the
    other spokes when the cloud builds spoke-to-spoke tunnels (phase 2 and 3).
    """
    seen: dict[tuple[str, str | None], tuple[Router, Cloud]] = {}
    for cloud in inv.router_clouds(router):
        if cloud.crypto != profile_key:
            continue
        members: list[Router] = list(inv.cloud_hubs(cloud))
        if serves(inv, router, cloud) or cloud.phase != 1:
            members += inv.cloud_spokes(cloud)
        for peer in members:
            if peer.name != router.name:
                key = (peer.name, nbma_of(wan_of(inv, peer, cloud), cloud))
                seen.setdefault(key, (peer, cloud))
    order = {r.name: i for i, r in enumerate([*inv.hubs, *inv.spokes])}
    return sorted(seen.values(), key=lambda pc: order[pc[0].name])


@dataclass(frozen=True)
class KeySet:
    """The resolved per-peer keys of one profile: by router, and by WAN prefix."""

    by_router: dict[str, str]
    prefixes: list[tuple[IPv4Network, str, str]]  # longest prefix first: (net, name, key)

    def prefix_of(self, address: str | None) -> tuple[IPv4Network, str, str] | None:
        """The most specific prefix entry holding ``address`` (IKEv2 keyrings match so too)."""
        if address is None or ":" in address:
            return None  # WAN prefixes are IPv4: an IPv6 peer is keyed by its router name
        ip = IPv4Address(address)
        return next((p for p in self.prefixes if ip in p[0]), None)

    def own_key(self, router: Router, address: str | None) -> str | None:
        """The key ``router`` signs with when it speaks from ``address``."""
        if router.name in self.by_router:
            return self.by_router[router.name]
        entry = self.prefix_of(address)
        return entry[2] if entry is not None else None


def key_set(inv: Inventory, key: str, secrets: SecretValues) -> KeySet:
    """The per-peer keys of profile ``key`` (values from the resolved secrets)."""
    prof = inv.crypto_profiles[key]
    by_router: dict[str, str] = {}
    prefixes: list[tuple[IPv4Network, str, str]] = []
    for i, entry in enumerate(prof.peer_keys):
        value = secrets.get(("crypto_profiles", key, "peer_keys", i, "psk")) or ""
        if entry.router is not None:
            by_router.setdefault(entry.router, value)
        elif entry.prefix is not None:
            net = entry.prefix
            name = entry.name or f"NET-{net.network_address}-{net.prefixlen}"
            prefixes.append((net, name, value))
    prefixes.sort(key=lambda p: -p[0].prefixlen)  # stable: inventory order among equals
    return KeySet(by_router, prefixes)


def crypto_extra(
    inv: Inventory,
    router: Router,
    key: str,
    secrets: SecretValues,
    keys_cache: dict[str, KeySet],
) -> CryptoExtra:
    """The per-router crypto values of profile ``key`` (``keys_cache`` memoises peer keys)."""
    prof: CryptoProfile = inv.crypto_profiles[key]
    tag = key.upper()
    extra = CryptoExtra(per_peer=bool(prof.peer_keys))
    fqdn = router_fqdn(inv, router)
    if prof.ike_version == 1 and prof.authentication == "rsa-sig":
        extra.isakmp_profile = f"ISAKMP-PROF-{tag}"
    if prof.authentication == "rsa-sig" and prof.pki is not None:
        pki = prof.pki
        extra.cert_map = f"{pki.trustpoint}-MAP"
        extra.pki = {
            "trustpoint": pki.trustpoint,
            "enrollment": pki.enrollment,
            "url": pki.url,
            "auto_enroll": pki.auto_enroll if pki.enrollment == "url" else None,
            "fqdn": fqdn,
            "subject": f"CN={fqdn}",
            "revocation_check": pki.revocation_check.replace("-", " "),
            "rsa_key_size": pki.rsa_key_size,
            "issuer": pki.issuer,
        }
        if pki.identity == "fqdn":
            extra.local_fqdn = fqdn
        return extra
    if not extra.per_peer:
        return extra
    if key not in keys_cache:
        keys_cache[key] = key_set(inv, key, secrets)
    keys = keys_cache[key]
    dynamic_peer = False
    pairs = peers_of(inv, router, key)
    count: dict[str, int] = {}
    for peer, _cloud in pairs:
        count[peer.name] = count.get(peer.name, 0) + 1
    index: dict[str, int] = {}
    groups: set[str] = set()
    for peer, cloud in pairs:
        own = keys.own_key(router, nbma_of(wan_of(inv, router, cloud), cloud)) or ""
        address = nbma_of(wan_of(inv, peer, cloud), cloud)
        if peer.name not in keys.by_router:
            # a peer keyed by its WAN prefix: one keyring entry covers the whole prefix
            group = keys.prefix_of(address)
            if group is not None and group[1] not in groups:
                groups.add(group[1])
                net = group[0]
                extra.keyring_peers.append(
                    KeyringPeer(
                        group[1], f"{net.network_address} {net.netmask}", None, own, group[2]
                    )
                )
            continue
        dynamic_peer = dynamic_peer or address is None
        index[peer.name] = index.get(peer.name, 0) + 1
        # one keyring peer per address: a router on two ISPs appears twice
        name = peer.name if count[peer.name] == 1 else f"{peer.name}-{index[peer.name]}"
        extra.keyring_peers.append(
            KeyringPeer(
                name=name,
                # an IPv6 peer is a prefix in the keyring (Cisco-IOS-XE-crypto.yang: ipv6-prefix)
                address=f"{address}/128" if address is not None and ":" in address else address,
                identity=router_fqdn(inv, peer) if address is None else None,
                local_key=own,
                remote_key=keys.by_router[peer.name],
            )
        )
    clouds = [c for c in inv.router_clouds(router) if c.crypto == key]
    if any(nbma_of(wan_of(inv, router, c), c) is None for c in clouds):
        extra.local_fqdn = fqdn  # no fixed address: peers find this router's key by its FQDN
    if dynamic_peer:
        extra.match_fqdn_domain = inv.management.domain_name.lower()
    return extra
