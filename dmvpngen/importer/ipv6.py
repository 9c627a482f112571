"""The IPv6 side of an import: each cloud's IPv6 prefix and summaries, each router's IPv6
tunnel, link-local, LAN and loopback addresses, and the IPv6 vty access list.

Addresses that follow from the router id (``<prefix>::<id digits>``, ``FE80::<id digits>``)
stay implicit, as an author would write them; any other becomes ``tunnel_ipv6s`` /
``ipv6_link_local``. A cloud whose hubs carry no IPv6 address stays IPv4-only; a spoke with
IPv6 on a tunnel of such a cloud is a note.
"""

from __future__ import annotations

import contextlib
from ipaddress import IPv6Interface, IPv6Network
from typing import Any

from dmvpngen.check.model import CloudReport, Member
from dmvpngen.importer.management import vty_access_lists
from dmvpngen.model.ipv6 import link_local_for, tunnel_ipv6_for
from dmvpngen.parse.facts import Device, Interface

__all__ = ["ipv6_cloud_docs", "ipv6_refusal", "ipv6_router_doc", "ssh_allowed_v6"]


def _address(intf: Interface | None) -> IPv6Interface | None:
    return intf.ipv6.address if intf is not None and intf.ipv6 is not None else None


def ipv6_refusal(routing: dict[str, Any]) -> str | None:
    """Why the imported routing cannot carry IPv6 in the model, or None when it can."""
    protocol = routing.get("protocol")
    if protocol == "eigrp" and routing.get("mode") != "named":
        return "EIGRP for IPv6 is modelled in named mode only"
    if protocol == "ospf" and routing.get("authentication", {}).get("algorithm") == "md5":
        return "OSPFv3 has no MD5 key: the model authenticates it with an HMAC-SHA key chain"
    return None


def ipv6_cloud_docs(
    clouds: list[CloudReport], cloud_docs: list[dict[str, Any]], notes: list[str]
) -> dict[str, IPv6Network]:
    """Set ``ipv6_subnet`` / ``ipv6_summary`` on the cloud docs; returns cloud name -> prefix."""
    prefixes: dict[str, IPv6Network] = {}
    for cloud, doc in zip(clouds, cloud_docs, strict=True):
        found = [(m, a) for m in cloud.members if (a := _address(m.tunnel)) is not None]
        hub = next((a for m, a in found if m.role == "hub"), None)
        if hub is None:
            for m, a in found:
                notes.append(
                    f"{m.name} {m.tunnel.name}: IPv6 address {a} in a cloud whose hubs run no "
                    "IPv6; not imported"
                )
            continue
        prefixes[cloud.name] = hub.network
        for m in cloud.members:
            if _address(m.tunnel) is None:
                notes.append(
                    f"{m.name} {m.tunnel.name}: no IPv6 address in dual-stack cloud "
                    f"{hub.network}; the inventory gives it one (its id in the prefix)"
                )
        doc["ipv6_subnet"] = str(hub.network)
        summaries = sorted(
            {
                str(n)
                for m in cloud.hubs
                for proc in m.device.eigrp_v6
                for name, st in proc.interfaces.items()
                if name == m.tunnel.name
                for n, _ in st.summaries_v6
            }
        )
        summaries = sorted(
            set(summaries) | {str(n) for m in cloud.hubs for n in _bgp_v6_aggregates(m.device)}
        )
        if summaries:
            doc["ipv6_summary"] = summaries
    return prefixes


def ipv6_router_doc(
    dev: Device,
    doc: dict[str, Any],
    clouds: list[tuple[CloudReport, Member]],
    prefixes: dict[str, IPv6Network],
) -> None:
    """Add the router's IPv6 fields to its inventory ``doc`` (built by ``router_doc``)."""
    if not any(c.name in prefixes for c, _ in clouds):
        return  # no dual-stack cloud: its IPv6 prefixes would reach no other site
    explicit: dict[str, str] = {}
    link_local = None
    for cloud, m in clouds:
        prefix = prefixes.get(cloud.name)
        address = _address(m.tunnel)
        if prefix is None or address is None:
            continue
        if address.ip != tunnel_ipv6_for(prefix, doc["id"]):
            explicit[cloud.name] = str(address.ip)
        ipv6 = m.tunnel.ipv6
        if link_local is None and ipv6 is not None and ipv6.link_local is not None:
            link_local = ipv6.link_local[0]
    if explicit:
        doc["tunnel_ipv6s"] = explicit
    if link_local is not None and link_local != link_local_for(doc["id"]):
        doc["ipv6_link_local"] = str(link_local)
    loopback = _address(dev.interfaces.get("Loopback0"))
    if loopback is not None and loopback.network.prefixlen == 128:
        doc["loopback_ipv6"] = str(loopback.ip)
    for lan in doc.get("lan", []):
        address = _address(dev.interfaces.get(lan["interface"]))
        if address is not None:
            lan["ipv6_address"] = str(address)


def ssh_allowed_v6(devices: list[Device]) -> list[str]:
    """The prefixes the vty lines' ``ipv6 access-class`` list permits, on any router."""
    out: set[IPv6Network] = set()
    for dev in devices:
        for name in vty_access_lists(dev, "ipv6 access-class"):
            out.update(dev.ipv6.acls.get(name, []))
    return [str(n) for n in sorted(out)]


def _bgp_v6_aggregates(dev: Device) -> list[IPv6Network]:
    """``aggregate-address <IPv6 prefix> summary-only`` of the hub's ``address-family ipv6``."""
    out: list[IPv6Network] = []
    for block in dev.blocks:
        if not block.text.startswith("router bgp "):
            continue
        for family in block.children:
            if family.text.split()[:2] != ["address-family", "ipv6"]:
                continue
            for line in family.children:
                w = line.text.split()
                if w[:1] == ["aggregate-address"] and "summary-only" in w and len(w) > 1:
                    with contextlib.suppress(ValueError):
                        out.append(IPv6Network(w[1], strict=False))
    return out
