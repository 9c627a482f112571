"""One router's render context: every derived value is computed here, templates only format.

Built from the :class:`~dmvpngen.render.context.NetworkContext` of its inventory in time linear
in the router's own size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dmvpngen.model import Cloud, Hub, Inventory, Platform, Router
from dmvpngen.model.text import banner_delimiter
from dmvpngen.render.context import CryptoNames, NetworkContext, iface_mask, net_mask
from dmvpngen.render.passwords import HashJob
from dmvpngen.render.tunnels import TunnelContext, isolation_acl, tunnel_context
from dmvpngen.sshkey import label_for

__all__ = ["DeviceContext", "device_context", "hash_jobs"]

# The revert timer push relies on needs an archive; the boot file system differs by platform.
_ARCHIVE_DEFAULT = {Platform.IOS: "flash:archive-$h", Platform.IOSXE: "bootflash:archive-$h"}


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


def _router_id(inv: Inventory, router: Router, clouds: list[Cloud]) -> str:
    """EIGRP, OSPF and BGP router id: explicit, else Loopback0, else the first tunnel address.

    A router of an IPv6-only overlay has no IPv4 address of its own to take one from: IOS then
    refuses to start the process, so validation asks for ``router_id`` there."""
    if router.router_id is not None:
        return str(router.router_id)
    if router.loopback is not None:
        return str(router.loopback)
    first = next((ip for c in clouds if (ip := inv.tunnel_ip(c, router)) is not None), None)
    assert first is not None, f"{router.name}: no router id source (validation asks for one)"
    return str(first)


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
        ntp_servers=[str(s) if s.version == 4 else v6(s) for s in mgmt.ntp_servers],
        # IOS names an IPv6 syslog host with 'logging host ipv6 <address>'
        syslog_hosts=[str(s) if s.version == 4 else f"ipv6 {v6(s)}" for s in mgmt.syslog_hosts],
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
                "address": iface_mask(lan.address) if lan.address is not None else None,
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
        wan_acl_ntp=[str(s) for s in mgmt.ntp_servers if s.version == 4 and not net.is_internal(s)],
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
