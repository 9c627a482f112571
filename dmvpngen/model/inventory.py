"""The inventory: clouds, hubs, spokes, management, crypto and routing of one DMVPN network.

Routers (hubs, spokes, their LANs and access) are defined in :mod:`dmvpngen.model.router` and
re-exported here.
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel
from dmvpngen.model.cloud import Cloud
from dmvpngen.model.crypto import CryptoProfile
from dmvpngen.model.ipv6 import link_local_for, tunnel_ipv6_for
from dmvpngen.model.monitoring import Monitoring
from dmvpngen.model.multicast import Multicast
from dmvpngen.model.qos import Qos
from dmvpngen.model.router import (
    MAX_ROUTER_ID,
    Access,
    Hub,
    LanInterface,
    Platform,
    Router,
    Spoke,
)
from dmvpngen.model.routing import Routing
from dmvpngen.model.text import (
    HOSTNAME_PATTERN,
    INTERFACE_PATTERN,
    Banner,
    DomainName,
    PrintableText,
    ProfileName,
    SecretText,
)
from dmvpngen.model.vrf import OverlayVrf
from dmvpngen.model.wan import Pppoe, Wan

__all__ = [
    "HOSTNAME_PATTERN",
    "INTERFACE_PATTERN",
    "MAX_ROUTER_ID",
    "Access",
    "Cloud",
    "Hub",
    "Inventory",
    "LanInterface",
    "Management",
    "OverlayVrf",
    "Platform",
    "Pppoe",
    "Router",
    "Spoke",
    "User",
    "Wan",
]


class User(StrictModel):
    """A local administrator account."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9._-]{0,63}$")
    secret: SecretText = Field(description="Password, or a reference 'env:VAR' / 'secret:NAME'.")
    privilege: int = Field(15, ge=0, le=15)


class Management(StrictModel):
    """The hardened management-plane baseline every router gets."""

    domain_name: DomainName = "dmvpn.example"
    enable_secret: SecretText | None = Field(
        None, description="Enable secret, or a reference; rendered as a type 9 (scrypt) hash."
    )
    config_key: SecretText | None = Field(
        None,
        description="Master key for 'password encryption aes' (type 6 storage of VPN keys).",
    )
    users: list[User] = Field(default_factory=list)
    ntp_servers: list[IPv4Address | IPv6Address] = Field(
        default_factory=list,
        description="NTP servers; IPv6 addresses in an IPv6-only overlay (inside its IPv6 "
        "prefixes), IPv4 ones elsewhere.",
    )
    syslog_hosts: list[IPv4Address | IPv6Address] = Field(
        default_factory=list,
        description="Syslog hosts; IPv6 addresses in an IPv6-only overlay (inside its IPv6 "
        "prefixes, rendered 'logging host ipv6'), IPv4 ones elsewhere.",
    )
    ssh_allowed: list[IPv4Network] = Field(
        default_factory=list,
        description=(
            "Management prefixes (NOC, jump hosts): the only sources the vty lines admit "
            "(ACL SSH-ACCESS, also 'login quiet-mode access-class'). Required: there is no "
            "default. Hub-only spokes' tunnel addresses and LANs inside them are denied first."
        ),
    )
    ssh_allowed_v6: list[IPv6Network] = Field(
        default_factory=list,
        description="IPv6 management prefixes the vty lines admit in a dual-stack network "
        "(ACL SSH-ACCESS-V6); default: none, every IPv6 vty session is refused.",
    )
    ssh_key_bits: Literal[2048, 3072, 4096] = Field(
        2048,
        description="Modulus of each router's own SSH key pair (label SSH-<hostname>, named by "
        "'ip ssh rsa keypair-name'); push generates it where missing, lab exports at day 0.",
    )
    banner: Banner = "Authorized access only. All activity is logged."
    archive_path: str | None = Field(
        None,
        pattern=r"^[a-z0-9]+:[A-Za-z0-9_$./-]*$",
        description="Config archive location, needed by 'configure terminal revert timer' "
        "(push rolls back with it). Default: flash:archive-$h (IOS), bootflash:archive-$h "
        "(IOS-XE); $h is the hostname.",
    )


class Inventory(StrictModel):
    """A whole DMVPN network."""

    name: str = Field("dmvpn", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    secrets_file: PrintableText | None = Field(
        None, description="YAML file of secrets for 'secret:NAME' references (keep it out of git)."
    )
    platform: Platform = Field(Platform.IOSXE, description="Default platform of every router.")
    management: Management = Field(default_factory=Management)
    crypto_profiles: dict[ProfileName, CryptoProfile] = Field(
        default_factory=lambda: {"default": CryptoProfile()}
    )
    routing: Routing
    clouds: list[Cloud] = Field(min_length=1)
    hubs: list[Hub] = Field(min_length=1)
    spokes: list[Spoke] = Field(default_factory=list)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    qos: Qos | None = Field(None, description="Per-tunnel QoS: hub shapers per NHRP group.")
    overlay_vrf: OverlayVrf | None = Field(
        None,
        description="Inside VRF for the tunnels, site LANs and loopbacks (default: the global "
        "routing table).",
    )
    multicast: Multicast | None = Field(
        None,
        description="PIM sparse mode over the overlay: RP and the LANs that take part "
        "(default: no multicast routing).",
    )

    @property
    def ipv6_only(self) -> bool:
        """True when every cloud is IPv6-only: the overlay carries no IPv4 at all."""
        return all(c.ipv6_only for c in self.clouds)

    def platform_of(self, router: Router) -> Platform:
        """The router's platform, falling back to the inventory default."""
        return router.platform or self.platform

    def cloud_hubs(self, cloud: Cloud) -> list[Hub]:
        """Hubs that serve ``cloud`` (its NHSs), in inventory order."""
        if cloud.hubs is None:
            # default: every hub, except regional hubs that join this cloud as spokes
            return [h for h in self.hubs if cloud.name not in h.uplinks]
        wanted = set(cloud.hubs)
        return [h for h in self.hubs if h.name in wanted]

    def cloud_spokes(self, cloud: Cloud) -> list[Spoke]:
        """Spokes that join ``cloud``, in inventory order."""
        return [s for s in self.spokes if s.clouds is None or cloud.name in s.clouds]

    def cloud_uplink_hubs(self, cloud: Cloud) -> list[Hub]:
        """Regional hubs that join ``cloud`` as spokes (hierarchical DMVPN)."""
        return [h for h in self.hubs if cloud.name in h.uplinks]

    def serves(self, router: Router, cloud: Cloud) -> bool:
        """True when ``router`` is an NHS of ``cloud`` (not a spoke or regional hub in it)."""
        if not isinstance(router, Hub) or cloud.name in router.uplinks:
            return False
        return cloud.hubs is None or router.name in cloud.hubs

    def router_clouds(self, router: Router) -> list[Cloud]:
        """Clouds ``router`` takes part in (as NHS or as spoke), in inventory order."""
        if isinstance(router, Hub):
            return [
                c
                for c in self.clouds
                if c.name in router.uplinks or c.hubs is None or router.name in c.hubs
            ]
        assert isinstance(router, Spoke)
        return [c for c in self.clouds if router.clouds is None or c.name in router.clouds]

    @staticmethod
    def wan_for(router: Router, cloud: Cloud) -> Wan:
        """The WAN ``router``'s tunnel in ``cloud`` is sourced from: the one with the cloud's
        transport, else the primary WAN (a router with one unlabelled WAN uses it everywhere)."""
        if cloud.transport is not None:
            for wan in router.wans:
                if wan.transport == cloud.transport:
                    return wan
        return router.wan

    @staticmethod
    def tunnel_ip(cloud: Cloud, router: Router) -> IPv4Address | None:
        """The router's tunnel address in ``cloud``: explicit, else the subnet's host ``id``
        (None in an IPv6-only cloud).

        Addresses follow the router id, so adding or removing a spoke never moves another one.
        """
        if cloud.subnet is None:
            return None
        explicit = router.tunnel_ips.get(cloud.name)
        if explicit is not None:
            return explicit
        # modulo: an id past the top of the address space is reported by validation (addressing);
        # until then every other check must still get an address instead of an exception
        return ipaddress.IPv4Address((int(cloud.subnet.network_address) + router.id) % 2**32)

    @staticmethod
    def tunnel_ipv6(cloud: Cloud, router: Router) -> IPv6Address | None:
        """The router's IPv6 tunnel address in ``cloud`` (None in an IPv4-only cloud)."""
        if cloud.ipv6_subnet is None:
            return None
        explicit = router.tunnel_ipv6s.get(cloud.name)
        if explicit is not None:
            return explicit
        return tunnel_ipv6_for(cloud.ipv6_subnet, router.id)

    @staticmethod
    def link_local(router: Router) -> IPv6Address:
        """The router's tunnel link-local address: explicit, else FE80::<id digits>."""
        return router.ipv6_link_local or link_local_for(router.id)
