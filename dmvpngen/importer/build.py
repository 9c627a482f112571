"""Build an inventory from parsed configs.

The check engine finds clouds and roles; this module maps them onto the inventory model.
Whatever the model cannot hold (front-door VRFs, per-tunnel QoS, hub-to-hub NHS, routers
disagreeing on a cloud-wide value, ...) becomes a YAML comment naming the file and line:
nothing is dropped silently. Secrets are never written into the inventory: they go to a
separate secrets file referenced as ``secret:NAME``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Interface
from typing import Any

import yaml

from dmvpngen.check.engine import check_devices
from dmvpngen.check.ike import context_for
from dmvpngen.check.model import CloudReport, Member
from dmvpngen.check.routing import eigrp_on, ospf_on
from dmvpngen.importer.crypto import crypto_profile
from dmvpngen.parse.facts import Device

__all__ = ["ImportResult", "import_devices"]

_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class ImportResult:
    """The inventory text, the secrets it references, and the notes written as comments."""

    text: str
    secrets: dict[str, str]
    notes: list[str] = field(default_factory=list)
    clouds: int = 0
    hubs: int = 0
    spokes: int = 0


def _hostname(name: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-")
    if not clean or not clean[0].isalpha():
        clean = "r-" + clean
    return clean[:63]


def import_devices(
    devices: list[Device], name: str = "imported", secrets_file: str = "imported.secrets.yml"
) -> ImportResult:
    """Map ``devices`` onto an inventory; returns YAML text with comments."""
    result = check_devices(devices)
    notes: list[str] = []
    secrets: dict[str, str] = {}
    clouds = result.clouds
    if not clouds:
        notes.append("no DMVPN tunnel found: nothing to import")
    profiles: dict[str, dict[str, Any]] = {}
    cloud_docs: list[dict[str, Any]] = []
    roles: dict[str, str] = {}
    member_of: dict[str, list[tuple[CloudReport, Member]]] = {}
    hubless = [c for c in clouds if not c.hubs]
    for c in hubless:
        notes.append(
            f"cloud {c.subnet} ({', '.join(m.name for m in c.members)}): no hub in the set; not "
            "imported"
        )
    clouds = [c for c in clouds if c.hubs]
    for cloud in clouds:
        for m in cloud.members:
            if m.role == "hub":
                roles[m.name] = "hub"
    for cloud in clouds:
        for m in cloud.members:
            if roles.setdefault(m.name, m.role) != m.role:
                notes.append(
                    f"{m.name} is a hub elsewhere and a spoke of {cloud.name}: the model has no "
                    "hub-as-spoke; "
                    f"its {m.tunnel.name} ({m.device.file}:{m.tunnel.line}) is not imported"
                )
                continue
            member_of.setdefault(m.name, []).append((cloud, m))
    for cloud in clouds:
        cloud_docs.append(_cloud(cloud, profiles, secrets, notes))
    routing = _routing(clouds, notes)
    secrets["admin_secret"] = "CHANGE-ME-before-push"
    notes.append(
        "local users, AAA, NTP, syslog and SSH settings are not imported: "
        "management.users holds a placeholder account (secret admin_secret: change it)"
    )
    hubs: list[dict[str, Any]] = []
    spokes: list[dict[str, Any]] = []
    seen_lans: set[str] = set()
    for dev in devices:
        if dev.hostname not in member_of:
            notes.append(f"{dev.file}: {dev.hostname} has no DMVPN tunnel; not imported")
            continue
        doc = _router(dev, member_of[dev.hostname], notes, seen_lans)
        (hubs if roles[dev.hostname] == "hub" else spokes).append(doc)
        if roles[dev.hostname] == "spoke":
            doc["clouds"] = [c.name for c, _ in member_of[dev.hostname]]
    for cloud, doc in zip(clouds, cloud_docs, strict=True):
        doc["hubs"] = [_hostname(m.name) for m in cloud.hubs]
    if not profiles:
        secrets["psk"] = "CHANGE-ME-before-push"
        notes.append(
            "no tunnel protection found: the model protects every tunnel; "
            "crypto profile 'default' uses placeholder PSK 'psk' (change it)"
        )
    inventory: dict[str, Any] = {
        "name": _NAME.sub("-", name)[:60] or "imported",
        "secrets_file": secrets_file,
        "platform": _platform(devices),
        "management": {"users": [{"name": "netadmin", "secret": "secret:admin_secret"}]},
        "crypto_profiles": profiles or {"default": {"psk": "secret:psk"}},
        "routing": routing,
        "clouds": cloud_docs,
        "hubs": hubs,
        "spokes": spokes,
    }
    body = yaml.safe_dump(inventory, sort_keys=False, default_flow_style=None, width=100)
    header = [
        "# Imported by 'dmvpngen import' from existing configurations.",
        "# Secrets are referenced as secret:NAME; their values are in the secrets file.",
        "#",
    ]
    if notes:
        header.append("# Not expressible in the inventory model (kept here so nothing is lost):")
        header.extend(f"#  - {n}" for n in notes)
    return ImportResult(
        "\n".join(header) + "\n" + body, secrets, notes, len(clouds), len(hubs), len(spokes)
    )


def _platform(devices: list[Device]) -> str:
    from dmvpngen.check.defaults import _looks_iosxe

    xe = sum(1 for d in devices if _looks_iosxe(d) or (d.version or "").startswith(("16", "17")))
    return "iosxe" if xe * 2 >= len(devices) else "ios"


def _cloud(
    cloud: CloudReport,
    profiles: dict[str, dict[str, Any]],
    secrets: dict[str, str],
    notes: list[str],
) -> dict[str, Any]:
    ref = (cloud.hubs or cloud.members)[0]
    t = ref.tunnel
    doc: dict[str, Any] = {
        "name": cloud.name,
        "tunnel": t.number,
        "subnet": str(cloud.subnet),
        "network_id": cloud.network_id or 1,
    }
    if cloud.tunnel_key is not None:
        doc["tunnel_key"] = cloud.tunnel_key
    if t.auth:
        ref_name = f"nhrp_auth_{_NAME.sub('_', cloud.name)}"
        secrets[ref_name] = t.auth
        doc["nhrp_auth"] = f"secret:{ref_name}"
    if t.holdtime:
        doc["holdtime"] = t.holdtime
    doc["phase"] = cloud.phase
    ctx = context_for(ref.device, t)
    if ctx.protected:
        prof_name, prof = crypto_profile(ref.device, t, notes)
        if prof.get("psk", "").startswith("secret:") and ctx.keys:
            secrets[prof["psk"].split(":", 1)[1]] = ctx.keys[0][1]
        profiles.setdefault(prof_name, prof)
        doc["crypto"] = prof_name
    else:
        doc["crypto"] = "default"
        notes.append(
            f"cloud {cloud.name}: no tunnel protection in the configs; the model always "
            "protects tunnels"
        )
    for m in cloud.members:
        mt = m.tunnel
        where = f"{m.device.file}:{mt.line}"
        if mt.tunnel_vrf:
            notes.append(
                f"{m.name} {mt.name}: front-door VRF 'tunnel vrf {mt.tunnel_vrf}' ({where})"
            )
        if mt.vrf:
            notes.append(f"{m.name} {mt.name}: inside VRF '{mt.vrf}' ({where})")
        if mt.nhrp_group or mt.nhrp_map_groups:
            notes.append(f"{m.name} {mt.name}: per-tunnel QoS NHRP groups ({where})")
        if m.role == "hub" and mt.nhs:
            notes.append(
                f"{m.name} {mt.name}: hub-to-hub NHS "
                f"{', '.join(str(n.address) for n in mt.nhs)} ({where})"
            )
        if mt.key != cloud.tunnel_key or mt.auth != t.auth:
            notes.append(
                f"{m.name} {mt.name}: tunnel key / NHRP auth differ from the cloud's ({where}); "
                "the cloud value was kept"
            )
        if mt.number != t.number:
            notes.append(
                f"{m.name}: cloud {cloud.name} uses Tunnel{mt.number}, the model uses one "
                f"number per cloud (Tunnel{t.number})"
            )
        for n in mt.nhs:
            if n.nbma and not n.nbma[0].isdigit():
                notes.append(
                    f"{m.name} {mt.name}: NHS NBMA given as DNS name {n.nbma} "
                    f"({m.device.file}:{n.line})"
                )
    return doc


def _routing(clouds: list[CloudReport], notes: list[str]) -> dict[str, Any]:
    for cloud in clouds:
        for m in cloud.hubs + cloud.spokes:
            eigrp = eigrp_on(m)
            if eigrp:
                proc = eigrp[0][0]
                if proc.named:
                    notes.append(
                        f"EIGRP named mode '{proc.named}' on {m.name} imported as classic AS "
                        f"{proc.asn}"
                    )
                return {"protocol": "eigrp", "as": proc.asn}
            ospf = ospf_on(m)
            if ospf:
                area = int(ospf[1]) if ospf[1].isdigit() else 0
                return {"protocol": "ospf", "process_id": ospf[0], "area": area}
            if m.device.bgp is not None:
                return {"protocol": "bgp", "asn": m.device.bgp.asn}
    notes.append("no routing protocol over the tunnels found: EIGRP AS 100 assumed")
    return {"protocol": "eigrp", "as": 100}


def _router(
    dev: Device, clouds: list[tuple[CloudReport, Member]], notes: list[str], seen_lans: set[str]
) -> dict[str, Any]:
    first_cloud, first = clouds[0]
    rid = int(first.ip) - int(first_cloud.subnet.network_address)
    doc: dict[str, Any] = {"name": _hostname(dev.hostname), "id": max(rid, 1)}
    if _hostname(dev.hostname) != dev.hostname:
        notes.append(f"{dev.file}: hostname '{dev.hostname}' renamed '{doc['name']}'")
    src = dev.interface(first.tunnel.source)
    wan: dict[str, Any] = {
        "interface": src.name if src else (first.tunnel.source or "GigabitEthernet1")
    }
    if src is not None and src.dhcp is not None:
        wan["dhcp"] = True
    elif src is not None and src.address is not None:
        wan["address"] = str(src.address)
        gw = dev.default_routes.get(src.vrf or "")
        if gw:
            wan["gateway"] = gw
    else:
        notes.append(f"{dev.hostname}: WAN address of {wan['interface']} unknown; placeholder used")
        wan["address"] = "192.0.2.1/32"
    doc["wan"] = wan
    loop = dev.interfaces.get("Loopback0")
    if loop is not None and loop.address is not None and loop.address.network.prefixlen == 32:
        doc["loopback"] = str(loop.address.ip)
    doc["lan"] = []
    for lan in _lans(dev, {m.tunnel.source for _, m in clouds}):
        prefix = str(IPv4Interface(lan["address"]).network)
        if prefix in seen_lans:
            notes.append(
                f"{dev.hostname} {lan['interface']}: LAN {prefix} shared with another router "
                "(the model wants distinct LANs)"
            )
            continue
        seen_lans.add(prefix)
        doc["lan"].append(lan)
    tips = {
        c.name: str(m.ip)
        for c, m in clouds
        if int(m.ip) - int(c.subnet.network_address) != doc["id"]
    }
    if tips:
        doc["tunnel_ips"] = tips
    return doc


def _lans(dev: Device, sources: set[str | None]) -> list[dict[str, str]]:
    out = []
    for intf in sorted(dev.interfaces.values(), key=lambda i: i.name):
        if intf.name in sources or intf.name.startswith(("Loopback", "Tunnel")) or intf.shutdown:
            continue
        if isinstance(intf.address, IPv4Interface) and intf.nat != "outside":
            out.append({"interface": intf.name, "address": str(intf.address)})
    return out
