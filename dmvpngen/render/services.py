"""Security and monitoring values per router: crypto extras, key chains, per-tunnel QoS, BFD,
SNMPv3, Flexible NetFlow, NTP authentication and logging.

``NetworkServices`` computes what every router shares once; ``device_services`` builds one
router's ``ServicesContext`` (the ``d.sec`` of the templates) from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv6Address
from typing import Any

from dmvpngen.model import Hub, Inventory, Router, Spoke
from dmvpngen.render.crypto import CryptoExtra, KeySet, crypto_extra
from dmvpngen.render.ipv6 import v6 as v6_text
from dmvpngen.render.roles import serves
from dmvpngen.render.routing import routing_auth
from dmvpngen.secrets import SecretValues

__all__ = ["NetworkServices", "ServicesContext", "TunnelServices", "device_services"]

FLOW_RECORD = "FR-DMVPN"
FLOW_MONITOR = "FM-DMVPN"
QOS_CHILD = "QOS-DMVPN-CLASSES"
SNMP_ACL = "SNMP-MANAGERS"
SNMP_ACL_V6 = "SNMP-MANAGERS-V6"
_PRIV = {"aes-128": "aes 128", "aes-192": "aes 192", "aes-256": "aes 256"}


@dataclass(frozen=True)
class TunnelServices:
    """Per-tunnel extras: BFD timers, NHRP QoS group or group maps, NetFlow monitor."""

    bfd: tuple[int, int, int] | None
    nhrp_group: str | None
    map_groups: list[tuple[str, str]]
    flow_monitor: str | None

    @property
    def used(self) -> bool:
        """True when the tunnel gets any of these lines (skips the partial otherwise)."""
        return bool(self.bfd or self.nhrp_group or self.map_groups or self.flow_monitor)


@dataclass
class ServicesContext:
    """Everything ``d.sec`` offers the templates."""

    crypto: dict[str, CryptoExtra]
    routing_auth: dict[str, Any] | None
    tunnels: dict[int, TunnelServices]
    qos: dict[str, Any] | None
    snmp: dict[str, Any] | None
    netflow: dict[str, Any] | None
    ntp_auth: dict[str, Any] | None
    source_interface: str | None
    syslog_level: str
    crypto_logging: bool
    key_chains: list[dict[str, Any]] = field(default_factory=list)


class NetworkServices:
    """Values shared by every router of one inventory."""

    def __init__(self, inv: Inventory, secrets: SecretValues) -> None:
        self.inv = inv
        self.secrets = secrets
        self.peer_keys: dict[str, KeySet] = {}
        self.routing_auth = routing_auth(inv, secrets)
        mon = inv.monitoring
        self.ntp_auth = None
        if mon.ntp_auth is not None:
            self.ntp_auth = {
                "key_id": mon.ntp_auth.key_id,
                "algorithm": mon.ntp_auth.algorithm,
                "key": secrets.get(("monitoring", "ntp_auth", "auth_key")) or "",
            }
        self.snmp = self._snmp()
        self.netflow = None
        if mon.netflow is not None:
            nf = mon.netflow
            self.netflow = {
                "record": FLOW_RECORD,
                "monitor": FLOW_MONITOR,
                "exporters": [(f"FE-{i + 1}", str(addr)) for i, addr in enumerate(nf.collectors)],
                "port": nf.port,
                "export_protocol": nf.export_protocol,
                "active_timeout": nf.active_timeout,
                "inactive_timeout": nf.inactive_timeout,
            }
        self.qos_groups = {g.name: g for g in inv.qos.groups} if inv.qos else {}

    def _snmp(self) -> dict[str, Any] | None:
        snmp = self.inv.monitoring.snmp
        if snmp is None:
            return None
        where = ("monitoring", "snmp", "users")
        users = [
            {
                "name": u.name,
                "auth": u.auth,
                "auth_key": self.secrets.get((*where, i, "auth_key")) or "",
                "privacy": _PRIV.get(u.privacy, u.privacy),
                "priv_key": self.secrets.get((*where, i, "priv_key")) or "",
            }
            for i, u in enumerate(snmp.users)
        ]
        managers = snmp.managers or snmp.trap_hosts
        v4 = sorted({m for m in managers if isinstance(m, IPv4Address)})
        v6 = sorted({m for m in managers if isinstance(m, IPv6Address)})
        return {
            "group": snmp.group,
            "view": snmp.view,
            # IPv6 managers (an IPv6-only overlay) are admitted by an IPv6 ACL; the IPv4 one
            # then denies every IPv4 poll, as SSH-ACCESS does for the vty lines there
            "acl": SNMP_ACL if managers else None,
            "acl6": SNMP_ACL_V6 if v6 else None,
            "managers": [str(m) for m in v4],
            "managers6": [v6_text(m) for m in v6],
            "users": users,
            "trap_user": users[0]["name"],
            "trap_hosts": [
                str(h) if isinstance(h, IPv4Address) else v6_text(h) for h in snmp.trap_hosts
            ],
            "traps": list(snmp.traps) if snmp.trap_hosts else [],
            "location": snmp.location,
            "contact": snmp.contact,
        }

    def qos_for_hub(self, hub: Hub) -> dict[str, Any] | None:
        """Class maps, the child policy and one shaper per NHRP group this hub maps."""
        qos = self.inv.qos
        if qos is None:
            return None
        groups = [g for g in qos.groups if g.hubs is None or hub.name in g.hubs]
        if not groups:
            return None
        classes = [
            {
                "class_map": f"QOS-{c.name}",
                "dscp": " ".join(c.dscp),
                "action": f"priority percent {c.priority_percent}"
                if c.priority_percent is not None
                else f"bandwidth percent {c.bandwidth_percent}",
            }
            for c in qos.classes
        ]
        return {
            "classes": classes,
            "child": QOS_CHILD,
            "shapers": [(shaper_name(g.name), g.shape_kbps * 1000) for g in groups],
        }


def shaper_name(group: str) -> str:
    """Policy-map name of the hierarchical shaper of one NHRP group."""
    return f"QOS-SHAPE-{group}"


def device_services(ns: NetworkServices, router: Router, crypto_keys: list[str]) -> ServicesContext:
    """The ``d.sec`` context of one router."""
    inv = ns.inv
    tunnels: dict[int, TunnelServices] = {}
    qos = ns.qos_for_hub(router) if isinstance(router, Hub) else None
    mapped = []
    if qos is not None:
        shapers = {name for name, _bps in qos["shapers"]}
        mapped = [(g, shaper_name(g)) for g in ns.qos_groups if shaper_name(g) in shapers]
    for cloud in inv.router_clouds(router):
        bfd = cloud.bfd
        serving = serves(inv, router, cloud)
        tunnels[cloud.tunnel] = TunnelServices(
            bfd=(bfd.interval, bfd.min_rx, bfd.multiplier) if bfd is not None else None,
            nhrp_group=router.nhrp_group if isinstance(router, Spoke) else None,
            # shapers apply where this router is the hub; a regional hub's uplink is a spoke
            map_groups=mapped if serving else [],
            flow_monitor=FLOW_MONITOR if ns.netflow is not None else None,
        )
    mon = inv.monitoring
    # an IPv6-only overlay's Loopback0 has its IPv6 address only: the source of IPv6 services
    loopback = router.loopback is not None or (inv.ipv6_only and router.loopback_ipv6 is not None)
    source = mon.source_interface or ("Loopback0" if loopback else None)
    chains = []
    auth = ns.routing_auth
    if auth is not None and auth["uses_chain"]:
        chains.append(auth)
    return ServicesContext(
        crypto={k: crypto_extra(inv, router, k, ns.secrets, ns.peer_keys) for k in crypto_keys},
        routing_auth=auth,
        tunnels=tunnels,
        qos=qos,
        snmp=ns.snmp,
        netflow=ns.netflow,
        ntp_auth=ns.ntp_auth,
        source_interface=source,
        syslog_level=mon.syslog_level,
        crypto_logging=mon.crypto_logging,
        key_chains=chains,
    )
