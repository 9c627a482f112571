"""Per-device render context: every derived value is computed here, templates only format.

``NetworkContext`` computes what all routers share once (hub addresses per cloud, crypto names,
management ACL); ``device_context`` then builds one router's context from it in linear time, so
rendering a 2,000-spoke network stays proportional to its size.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Network
from typing import Any

from dmvpngen.model import (
    Cloud,
    CryptoProfile,
    Hub,
    Inventory,
    Platform,
    Router,
    Wan,
)
from dmvpngen.model.text import banner_delimiter
from dmvpngen.render.passwords import HashJob, type9_hash
from dmvpngen.render.tunnels import TunnelContext, isolation_acl, tunnel_context
from dmvpngen.secrets import SecretValues
from dmvpngen.sshkey import label_for

# The revert timer push relies on needs an archive; the boot file system differs by platform.
_ARCHIVE_DEFAULT = {Platform.IOS: "flash:archive-$h", Platform.IOSXE: "bootflash:archive-$h"}

__all__ = ["DeviceContext", "NetworkContext", "device_context", "hash_jobs"]

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
    tunnel_ip: str
    nbma: str


@dataclass
class DeviceContext:
    """Everything one router's templates need."""

    hostname: str
    platform: str
    role: str
    domain_name: str
    enable_secret_hash: str | None
    config_key: str | None
    users: list[tuple[str, int, str]]
    ntp_servers: list[str]
    syslog_hosts: list[str]
    ssh_acl: list[tuple[str, str]]
    ssh_key_label: str
    ssh_acl_deny: list[tuple[str, str]]
    banner_lines: list[str]
    banner_delimiter: str
    archive_path: str
    loopback: str | None
    wan: dict[str, Any]
    lans: list[dict[str, Any]]
    tunnels: list[TunnelContext]
    crypto: list[CryptoNames]
    routing: dict[str, Any]
    wans: list[dict[str, Any]] = field(default_factory=list)
    vrfs: list[str] = field(default_factory=list)
    # inside VRF of the tunnels, LANs, Loopback0 and management plane: {name, rd, description}
    ivrf: dict[str, Any] | None = None
    static_routes: list[tuple[str | None, str]] = field(default_factory=list)
    # summaries pinned to Null0 at distance 254 (dmvpngen.render.underlay.overlay_discards)
    discards: list[tuple[str, str]] = field(default_factory=list)
    # the router terminates IKE/ESP over IPv4 (a cloud with an IPv4 transport): WAN-IN admits
    # them; a router whose clouds all run over IPv6 keeps IPv4 IKE closed
    wan_acl_ike: bool = True
    wan_acl_dhcp: bool = False
    wan_acl_ntp: list[str] = field(default_factory=list)
    # CAs reached over the WAN: (address, port) whose HTTP replies the WAN access list admits
    wan_acl_ca: list[tuple[str, int]] = field(default_factory=list)
    crypto_fvrf: dict[str, str] = field(default_factory=dict)
    isolation_acl: list[tuple[str, str]] = field(default_factory=list)
    bgp_backup: dict[str, Any] | None = None
    sec: Any = None  # dmvpngen.render.services.ServicesContext
    # whole-file lint suppressions for choices the inventory stated: (codes, reason)
    lint_ignores: list[tuple[str, str]] = field(default_factory=list)
    # control-plane policing classes and rates (dmvpngen.render.copp)
    copp: dict[str, Any] = field(default_factory=dict)
    # ISR G2 (IOS 15) has an AUX port that starts an exec session by default
    aux_line: bool = False
    # PIM sparse mode over the overlay (dmvpngen.render.multicast.MulticastContext)
    multicast: Any = None
    # dual-stack overlay: loopback, vty ACL and IPv6 routing (dmvpngen.render.ipv6.Ipv6Context)
    ipv6: Any = None
    # IPv6 WAN addresses and transport (dmvpngen.render.ipv6_transport.V6WanContext)
    v6wan: Any = None


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
                HubPeer(h.name, str(inv.tunnel_ip(c, h)), _nbma(inv.wan_for(h, c), c))
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
        self.spoke_sites = [(s.name, lan.prefix) for s in inv.spokes for lan in s.lan] + [
            (s.name, IPv4Network(f"{s.loopback}/32")) for s in inv.spokes if s.loopback
        ]
        self.spoke_counts = {c.name: len(inv.cloud_spokes(c)) for c in inv.clouds}
        self._internal = [c.subnet for c in inv.clouds] + [
            lan.prefix for r in (*inv.hubs, *inv.spokes) for lan in r.lan
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
                nets.add(IPv4Network(self.inv.tunnel_ip(cloud, spoke)))
            nets.update(lan.prefix for lan in spoke.lan)
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


def _nbma(wan: Wan, cloud: Cloud) -> str:
    from dmvpngen.render.roles import nbma_of

    nbma = nbma_of(wan, cloud)
    # hubs are validated to have static (or static-NAT) addresses, IPv6 ones in IPv6 transports
    assert nbma is not None
    return nbma


def _router_id(inv: Inventory, router: Router, clouds: list[Cloud]) -> str:
    if router.loopback is not None:
        return str(router.loopback)
    return str(inv.tunnel_ip(clouds[0], router))


def _ivrf(inv: Inventory) -> dict[str, Any] | None:
    vrf = inv.overlay_vrf
    if vrf is None:
        return None
    return {"name": vrf.name, "rd": vrf.rd, "description": vrf.description}


def device_context(net: NetworkContext, router: Router) -> DeviceContext:
    """The render context of one router."""
    from dmvpngen.render.copp import copp_context
    from dmvpngen.render.ipv6 import device_ipv6, v6
    from dmvpngen.render.ipv6_transport import device_v6wan
    from dmvpngen.render.multicast import device_multicast, lan_takes_part
    from dmvpngen.render.routing import router_routing
    from dmvpngen.render.services import device_services
    from dmvpngen.render.suppressions import file_suppressions
    from dmvpngen.render.underlay import (
        bgp_backup,
        crypto_fvrf,
        is_ethernet,
        overlay_discards,
        static_routes,
        wan_contexts,
    )

    inv = net.inv
    is_hub = isinstance(router, Hub)
    clouds = inv.router_clouds(router)
    router_id = _router_id(inv, router, clouds)
    # Several tunnels on one source need 'shared' protection (dmvpn-reference §4).
    per_source: dict[tuple[str | None, str], int] = {}
    for cloud in clouds:
        wan = inv.wan_for(router, cloud)
        key = (wan.vrf, wan.source_interface)
        per_source[key] = per_source.get(key, 0) + 1
    failover = sum(1 for c in clouds if not inv.serves(router, c)) > 1
    tunnels = []
    for cloud in clouds:
        wan = inv.wan_for(router, cloud)
        shared = per_source[(wan.vrf, wan.source_interface)] > 1
        tunnels.append(tunnel_context(net, router, cloud, shared, failover))
    crypto_keys = sorted({c.crypto for c in clouds})
    mgmt = inv.management
    wans = wan_contexts(net, router)
    enable, users = _login_jobs(net, router)
    return DeviceContext(
        hostname=router.name,
        platform=inv.platform_of(router).value,
        role="hub" if is_hub else "spoke",
        domain_name=mgmt.domain_name,
        enable_secret_hash=net.type9(*enable) if enable is not None else None,
        config_key=net.config_key,
        users=[
            (name, privilege, net.type9(*job))
            for (name, privilege, _), job in zip(net.user_secrets, users, strict=True)
        ],
        ntp_servers=[str(s) for s in mgmt.ntp_servers],
        syslog_hosts=[str(s) for s in mgmt.syslog_hosts],
        ssh_acl=net.ssh_acl,
        ssh_key_label=label_for(router.name),
        ssh_acl_deny=net.ssh_acl_deny,
        banner_lines=mgmt.banner.split("\n"),
        banner_delimiter=banner_delimiter(mgmt.banner) or "#",
        archive_path=mgmt.archive_path or _ARCHIVE_DEFAULT[inv.platform_of(router)],
        loopback=str(router.loopback) if router.loopback is not None else None,
        wan=wans[0],
        lans=[
            {
                "interface": lan.interface,
                "description": lan.description,
                "address": iface_mask(lan.address),
                "hub_peering": lan.hub_peering,
                "ethernet": is_ethernet(lan.interface),
                "pim": lan_takes_part(inv, router, lan),
                "ipv6": v6(lan.ipv6_address) if lan.ipv6_address is not None else None,
            }
            for lan in router.lan
        ],
        tunnels=tunnels,
        crypto=[net.crypto[k] for k in crypto_keys],
        routing=router_routing(net, router, clouds, router_id),
        wans=wans,
        vrfs=sorted({w.vrf for w in router.wans if w.vrf is not None}),
        ivrf=_ivrf(inv),
        static_routes=static_routes(router),
        discards=[net_mask(n) for n in overlay_discards(inv, router, net.overlay_pins)],
        wan_acl_ike=any(c.transport_family == "ipv4" for c in clouds),
        wan_acl_dhcp=any(w.dhcp for w in router.wans),
        wan_acl_ntp=[str(s) for s in mgmt.ntp_servers if not net.is_internal(s)],
        wan_acl_ca=_underlay_cas(net, crypto_keys),
        crypto_fvrf=crypto_fvrf(inv, router, clouds),
        isolation_acl=isolation_acl(net, router),
        bgp_backup=bgp_backup(net, router, clouds),
        sec=device_services(net.services, router, crypto_keys),
        lint_ignores=file_suppressions(inv),
        copp=copp_context(inv, router, net.spoke_counts),
        aux_line=inv.platform_of(router) is Platform.IOS,
        multicast=device_multicast(inv, router),
        ipv6=device_ipv6(net, router, router_id),
        v6wan=device_v6wan(net, router),
    )


def _login_jobs(net: NetworkContext, router: Router) -> tuple[HashJob | None, list[HashJob]]:
    # type 9 salts name the router: deterministic, and distinct on every router
    enable = (net.enable_secret, f"enable@{router.name}") if net.enable_secret else None
    return enable, [(secret, f"{name}@{router.name}") for name, _, secret in net.user_secrets]


def hash_jobs(net: NetworkContext, routers: Iterable[Router]) -> list[HashJob]:
    """Every ``(secret, purpose)`` the configs of ``routers`` hash, as ``device_context`` asks."""
    jobs: list[HashJob] = []
    for router in routers:
        enable, users = _login_jobs(net, router)
        jobs.extend([enable, *users] if enable is not None else users)
    return jobs


def _underlay_cas(net: NetworkContext, crypto_keys: list[str]) -> list[tuple[str, int]]:
    """CAs of the router's certificate profiles that it reaches over the WAN."""
    from dmvpngen.validate.bootstrap import ca_address

    out = set()
    for key in crypto_keys:
        pki = net.inv.crypto_profiles[key].pki
        ca = ca_address(pki.url) if pki is not None and pki.enrollment == "url" else None
        if ca is not None and not net.is_internal(ca[0]):
            out.add((str(ca[0]), ca[1]))
    return sorted(out)
