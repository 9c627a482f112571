"""Network render context: what every router of one inventory shares, computed once.

``NetworkContext`` computes what all routers share once (hub addresses per cloud, crypto names,
management ACL); :func:`dmvpngen.render.device.device_context` then builds one router's context
from it in linear time, so rendering a 2,000-spoke network stays proportional to its size.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Network

from dmvpngen.model import (
    Cloud,
    CryptoProfile,
    Inventory,
    Wan,
)
from dmvpngen.render.passwords import type9_hash
from dmvpngen.secrets import SecretValues

__all__ = ["CryptoNames", "HubPeer", "NetworkContext", "iface_mask", "net_mask", "net_wildcard"]

PathT = tuple[str | int, ...]

_IKE_V1_ENCRYPTION = {"aes-cbc-256": "aes 256", "aes-cbc-192": "aes 192", "aes-cbc-128": "aes"}
_IKE_V1_HASH = {"sha512": "sha512", "sha384": "sha384", "sha256": "sha256", "sha1": "sha"}
_IKE_V2_INTEGRITY = {"sha512": "sha512", "sha384": "sha384", "sha256": "sha256", "sha1": "sha1"}


def net_mask(net: IPv4Network) -> tuple[str, str]:
    """``(address, mask)`` of a network."""
    return str(net.network_address), str(net.netmask)


def net_wildcard(net: IPv4Network) -> tuple[str, str]:
    """``(address, wildcard)`` of a network."""
    return str(net.network_address), str(net.hostmask)


def iface_mask(addr: IPv4Interface) -> tuple[str, str]:
    """``(address, mask)`` of an interface address."""
    return str(addr.ip), str(addr.netmask)


@dataclass(frozen=True)
class CryptoNames:
    """IOS object names of one crypto profile, and its formatted algorithms."""

    key: str
    profile: CryptoProfile
    psk: str | None
    proposal: str
    policy: str
    keyring: str
    ikev2_profile: str
    transform_set: str
    ipsec_profile: str
    isakmp_encryption: str
    isakmp_hash: str
    ikev2_integrity: str
    dh_groups: str


@dataclass(frozen=True)
class HubPeer:
    """What a spoke (or another hub) needs to know of a hub in one cloud."""

    name: str
    tunnel_ip: str | None  # None in an IPv6-only cloud (see HubPeerV6)
    nbma: str


class NetworkContext:
    """Values shared by every router of one inventory."""

    def __init__(
        self,
        inv: Inventory,
        secrets: SecretValues,
        type9: Callable[[str, str], str] = type9_hash,
    ) -> None:
        self.inv = inv
        self.secrets = secrets
        # (secret, purpose) -> $9$ form: computed, looked up in a precomputed table, or deferred
        self.type9 = type9
        mgmt = inv.management
        self.enable_secret = secrets.get(("management", "enable_secret"))
        self.config_key = secrets.get(("management", "config_key"))
        self.user_secrets = [
            (u.name, u.privilege, secrets.get(("management", "users", i, "secret")) or "")
            for i, u in enumerate(mgmt.users)
        ]
        self.crypto = {
            name: self._crypto_names(name, prof) for name, prof in inv.crypto_profiles.items()
        }
        self.hub_peers: dict[str, list[HubPeer]] = {
            c.name: [
                HubPeer(h.name, _str_or_none(inv.tunnel_ip(c, h)), _nbma(inv.wan_for(h, c), c))
                for h in inv.cloud_hubs(c)
            ]
            for c in inv.clouds
        }
        from dmvpngen.render.ipv6 import hub_peers_v6

        self.hub_peers_v6 = hub_peers_v6(
            inv, {c: {p.name: p.nbma for p in peers} for c, peers in self.hub_peers.items()}
        )
        self.router_paths: dict[str, PathT] = {
            r.name: (kind, i)
            for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes))
            for i, r in enumerate(routers)
        }
        self.preference = any(c.backup for c in inv.clouds)
        # what a spoke site is to the isolation ACLs: its LANs and its router (Loopback0)
        self.spoke_sites = [
            (s.name, lan.prefix) for s in inv.spokes for lan in s.lan if lan.prefix is not None
        ] + [(s.name, IPv4Network(f"{s.loopback}/32")) for s in inv.spokes if s.loopback]
        self.spoke_counts = {c.name: len(inv.cloud_spokes(c)) for c in inv.clouds}
        self._internal = [c.subnet for c in inv.clouds if c.subnet is not None] + [
            lan.prefix for r in (*inv.hubs, *inv.spokes) for lan in r.lan if lan.prefix is not None
        ]
        self.ssh_acl = [net_wildcard(n) for n in self._ssh_allowed()]
        self.ssh_acl_deny = self._ssh_denied()
        self.isolation_cache: dict[str, list[tuple[str, str]]] = {}
        self.cloud_secrets = {
            c.name: secrets.get(("clouds", i, "nhrp_auth")) for i, c in enumerate(inv.clouds)
        }
        from dmvpngen.render.services import NetworkServices

        self.services = NetworkServices(inv, secrets)

    @functools.cached_property
    def overlay_pins_v6(self) -> list[IPv6Network]:
        """The IPv6 overlay prefixes routers with an IPv6 default route pin to Null0."""
        from dmvpngen.render.ipv6_transport import overlay_pins_v6

        return overlay_pins_v6(self.inv)

    @functools.cached_property
    def overlay_pins(self) -> list[IPv4Network]:
        """The overlay prefixes routers pin to Null0 (:func:`~dmvpngen.render.underlay.
        overlay_pins`): the same for every router, so computed once per network."""
        from dmvpngen.render.underlay import overlay_pins

        return overlay_pins(self.inv)

    def is_internal(self, address: IPv4Address) -> bool:
        """True when ``address`` lies in the overlay or a site (reached through the tunnels)."""
        return any(address in n for n in self._internal)

    def _ssh_allowed(self) -> list[IPv4Network]:
        # Only the declared management prefixes: validation refuses an inventory without any.
        return sorted(set(self.inv.management.ssh_allowed))

    def _ssh_denied(self) -> list[tuple[str, str]]:
        # A hub-only spoke (partner, kiosk, contractor) whose tunnel address, LAN or loopback is in
        # a management prefix is denied first (a standard ACL stops at the first entry that
        # matches), so it cannot open a vty session on any router.
        allowed = self.inv.management.ssh_allowed
        nets: set[IPv4Network] = set()
        for spoke in self.inv.spokes:
            if not spoke.hub_only:
                continue
            for cloud in self.inv.router_clouds(spoke):
                if (ip := self.inv.tunnel_ip(cloud, spoke)) is not None:
                    nets.add(IPv4Network(ip))
            nets.update(lan.prefix for lan in spoke.lan if lan.prefix is not None)
            if spoke.loopback is not None:
                nets.add(IPv4Network(spoke.loopback))
        # overlaps, not subnet_of: a declared /25 inside a hub-only /24 LAN still admits half of it
        inside = [n for n in nets if any(n.overlaps(a) for a in allowed)]
        return [net_wildcard(n) for n in sorted(inside)]

    def _crypto_names(self, key: str, prof: CryptoProfile) -> CryptoNames:
        tag = key.upper()
        return CryptoNames(
            key=key,
            profile=prof,
            psk=self.secrets.get(("crypto_profiles", key, "psk")),
            proposal=f"IKEV2-PROP-{tag}",
            policy=f"IKEV2-POL-{tag}",
            keyring=f"IKEV2-KR-{tag}",
            ikev2_profile=f"IKEV2-PROF-{tag}",
            transform_set=f"TS-{tag}",
            ipsec_profile=f"IPSEC-{tag}",
            isakmp_encryption=_IKE_V1_ENCRYPTION.get(prof.encryption, prof.encryption),
            isakmp_hash=_IKE_V1_HASH.get(prof.integrity or "sha256", "sha256"),
            ikev2_integrity=_IKE_V2_INTEGRITY.get(prof.integrity or "", ""),
            dh_groups=" ".join(str(g) for g in prof.dh_groups),
        )


def _str_or_none(value: object | None) -> str | None:
    return str(value) if value is not None else None


def _nbma(wan: Wan, cloud: Cloud) -> str:
    from dmvpngen.render.roles import nbma_of

    nbma = nbma_of(wan, cloud)
    # hubs are validated to have static (or static-NAT) addresses, IPv6 ones in IPv6 transports
    assert nbma is not None
    return nbma
