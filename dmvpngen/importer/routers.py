"""Hubs and spokes of an import: id, WANs, loopback, LANs, tunnel addresses."""

from __future__ import annotations

import re
from ipaddress import IPv4Interface, IPv6Address, IPv6Network
from typing import Any

from dmvpngen.check.discovery import source_interface
from dmvpngen.check.model import CloudReport, Member
from dmvpngen.importer.ipv6_only import id_from_ipv6, ipv6_lans, router_id_of
from dmvpngen.importer.peering import igp_active
from dmvpngen.importer.text import inventory_description
from dmvpngen.importer.underlay import wan_doc
from dmvpngen.parse.facts import Device, Interface
from dmvpngen.parse.tree import ip_or_none

__all__ = ["NAME", "hostname", "lan_description", "publics", "router_doc"]

NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def hostname(name: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-")
    if not clean or not clean[0].isalpha():
        clean = "r-" + clean
    return clean[:63]


def router_doc(
    dev: Device,
    clouds: list[tuple[CloudReport, Member]],
    notes: list[str],
    seen_lans: set[str],
    secrets: dict[str, str],
    publics: dict[tuple[str, str], str],
) -> dict[str, Any]:
    first_cloud, first = clouds[0]
    v6_only = first_cloud.subnet.version == 6
    if v6_only:  # an IPv6-only cloud: the id is the interface id's digits
        rid = id_from_ipv6(IPv6Network(first_cloud.subnet), IPv6Address(first.ip)) or 1
    else:
        rid = int(first.ip) - int(first_cloud.subnet.network_address)
    doc: dict[str, Any] = {"name": hostname(dev.hostname), "id": max(rid, 1)}
    if v6_only and (router_id := router_id_of(dev)) is not None:
        doc["router_id"] = router_id
    if hostname(dev.hostname) != dev.hostname:
        notes.append(f"{dev.file}: hostname '{dev.hostname}' renamed '{doc['name']}'")
    wans: list[dict[str, Any]] = []
    for _cloud, m in clouds:
        src = source_interface(dev, m.tunnel)
        if src is None:
            notes.append(f"{dev.hostname}: tunnel source of {m.tunnel.name} unknown; placeholder")
            src = Interface(name=m.tunnel.source or "GigabitEthernet1", line=m.tunnel.line)
        public = publics.get((dev.hostname, m.tunnel.name))
        doc_wan = wan_doc(dev, src, secrets, f"pppoe_{NAME.sub('_', dev.hostname)}", public, notes)
        if m.tunnel.tunnel_vrf:
            doc_wan["transport"] = m.tunnel.tunnel_vrf
        if not any(w["interface"] == doc_wan["interface"] for w in wans):
            wans.append(doc_wan)
    doc["wan"] = wans[0]
    if len(wans) > 1:
        doc["extra_wans"] = wans[1:]
    loop = dev.interfaces.get("Loopback0")
    if loop is not None and loop.address is not None and loop.address.network.prefixlen == 32:
        doc["loopback"] = str(loop.address.ip)
    doc["lan"] = []
    wan_names = {w["interface"] for w in wans} | {
        s.name for _, m in clouds if (s := source_interface(dev, m.tunnel)) is not None
    }
    for lan in _lans(dev, wan_names, notes):
        prefix = str(IPv4Interface(lan["address"]).network)
        if prefix in seen_lans and not igp_active(dev, lan["interface"]):
            notes.append(
                f"{dev.hostname} {lan['interface']}: LAN {prefix} shared with another router "
                "(the model wants distinct LANs)"
            )
            continue
        seen_lans.add(prefix)
        doc["lan"].append(lan)
    if v6_only:
        doc["lan"].extend(ipv6_lans(dev, wan_names, notes))
    tips = {
        c.name: str(m.ip)
        for c, m in clouds
        if c.subnet.version == 4 and int(m.ip) - int(c.subnet.network_address) != doc["id"]
    }
    if tips:
        doc["tunnel_ips"] = tips
    return doc


def publics(clouds: list[CloudReport]) -> dict[tuple[str, str], str]:
    """Post-NAT address of each hub tunnel, from the NBMA its spokes name (when that differs)."""
    out: dict[tuple[str, str], str] = {}
    for cloud in clouds:
        for hub in cloud.hubs:
            for s in cloud.spokes:
                for n in s.tunnel.nhs:
                    if (
                        n.address == hub.ip
                        and n.nbma
                        and ip_or_none(n.nbma) is not None
                        and hub.nbma
                        and n.nbma != str(hub.nbma)
                    ):
                        out.setdefault((hub.name, hub.tunnel.name), n.nbma)
    return out


def _lans(dev: Device, sources: set[str | None], notes: list[str]) -> list[dict[str, str]]:
    out = []
    for intf in sorted(dev.interfaces.values(), key=lambda i: i.name):
        if intf.name in sources or intf.name.startswith(("Loopback", "Tunnel", "Dialer")):
            continue
        if intf.shutdown or (intf.vrf and intf.address is None):
            continue
        if isinstance(intf.address, IPv4Interface) and intf.nat != "outside":
            lan = {"interface": intf.name, "address": str(intf.address)}
            lan_description(dev, intf, lan, notes)
            out.append(lan)
    return out


def lan_description(dev: Device, intf: Interface, lan: dict[str, Any], notes: list[str]) -> None:
    """Keep the interface's description on its LAN entry (the model's default is 'LAN')."""
    if intf.description and intf.description != "LAN":
        where = f"{dev.hostname} {intf.name}"
        lan["description"] = inventory_description(intf.description, where, notes)
