"""Build an inventory from parsed configs.

The check engine finds clouds and roles; this module maps them onto the inventory model.
Whatever the model cannot hold (front-door VRFs, per-tunnel QoS, hub-to-hub NHS, routers
disagreeing on a cloud-wide value, ...) becomes a YAML comment naming the file and line:
nothing is dropped silently. Secrets are never written into the inventory: they go to a
separate secrets file referenced as ``secret:NAME``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from dmvpngen.check.engine import check_devices
from dmvpngen.check.model import CloudReport, Member
from dmvpngen.check.routing import eigrp_on
from dmvpngen.importer.clouds import cloud_doc, rename
from dmvpngen.importer.features import (
    backup_clouds,
    bfd_doc,
    hub_only,
    qos_doc,
    routing_doc,
    summary_of,
)
from dmvpngen.importer.guard import check_import, comment_line
from dmvpngen.importer.ipv6 import (
    ipv6_cloud_docs,
    ipv6_refusal,
    ipv6_router_doc,
    ssh_allowed_v6,
)
from dmvpngen.importer.management import management_doc, monitoring_doc, proposed_ssh_allowed
from dmvpngen.importer.multicast import multicast_doc
from dmvpngen.importer.peering import mark_peering_lans
from dmvpngen.importer.routers import NAME, hostname, publics, router_doc
from dmvpngen.importer.vrf import overlay_vrf_doc
from dmvpngen.parse.facts import Device

__all__ = ["ImportResult", "import_devices"]


@dataclass
class ImportResult:
    """The inventory text, the secrets it references, and the notes written as comments."""

    text: str
    secrets: dict[str, str]
    notes: list[str] = field(default_factory=list)
    clouds: int = 0
    hubs: int = 0
    spokes: int = 0


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
    uplinks: dict[str, list[tuple[CloudReport, Member]]] = {}
    hubless = [c for c in clouds if not c.hubs]
    for c in hubless:
        notes.append(
            f"cloud {c.subnet} ({', '.join(m.name for m in c.members)}): no hub in the set; not "
            "imported"
        )
    clouds = [c for c in clouds if c.hubs]
    rename(clouds)
    order = {d.hostname: i for i, d in enumerate(devices)}
    for cloud in clouds:
        for m in cloud.members:
            if m.role == "hub":
                roles[m.name] = "hub"
    for cloud in clouds:
        for m in cloud.members:
            if roles.setdefault(m.name, m.role) != m.role:
                # a hub that registers with another cloud's hubs: a regional hub (hierarchy)
                uplinks.setdefault(m.name, []).append((cloud, m))
                continue
            member_of.setdefault(m.name, []).append((cloud, m))
    for cloud in clouds:
        cloud_docs.append(cloud_doc(cloud, profiles, secrets, notes, order))
    routing = routing_doc(clouds, secrets, notes)
    backups = backup_clouds(clouds)
    for cloud, cdoc in zip(clouds, cloud_docs, strict=True):
        bfd = bfd_doc(cloud)
        if bfd is not None:
            cdoc["bfd"] = bfd
        if cloud.name in backups:
            cdoc["backup"] = True
        summary = summary_of(cloud)
        if summary:
            cdoc["summary"] = summary
    v6_refused = ipv6_refusal(routing)
    v6_prefixes = ipv6_cloud_docs(clouds, cloud_docs, notes) if v6_refused is None else {}
    if v6_refused is not None and any(m.tunnel.ipv6 for c in clouds for m in c.members):
        notes.append(f"IPv6 on the tunnels not imported: {v6_refused}")
    ipv6_only = bool(clouds) and all(c.subnet.version == 6 for c in clouds)
    management = management_doc(devices, secrets, notes, ipv6_only) if devices else {}
    if v6_prefixes and (v6_ssh := ssh_allowed_v6(devices)):
        management["ssh_allowed_v6"] = v6_ssh
    monitoring = monitoring_doc(devices, secrets) if devices else {}
    _state_missing_keys(routing, management, monitoring, notes)
    pubs = publics(clouds)
    hubs: list[dict[str, Any]] = []
    spokes: list[dict[str, Any]] = []
    seen_lans: set[str] = set()
    for dev in devices:
        if dev.hostname not in member_of:
            notes.append(f"{dev.file}: {dev.hostname} has no DMVPN tunnel; not imported")
            continue
        ups = uplinks.get(dev.hostname, [])
        doc = router_doc(dev, member_of[dev.hostname] + ups, notes, seen_lans, secrets, pubs)
        ipv6_router_doc(dev, doc, member_of[dev.hostname] + ups, v6_prefixes)
        if ups:
            doc["uplinks"] = [c.name for c, _ in ups]
            summ = [str(n) for _, m in ups for p, st in eigrp_on(m) for n, _l in st.summaries]
            if summ:
                doc["uplink_summary"] = summ
        if roles[dev.hostname] == "hub":
            mark_peering_lans(dev, doc)
        (hubs if roles[dev.hostname] == "hub" else spokes).append(doc)
        if roles[dev.hostname] == "spoke":
            joined = [c.name for c, _ in member_of[dev.hostname]]
            if len(joined) < len(clouds):
                doc["clouds"] = joined
            if any(hub_only(c, m) for c, m in member_of[dev.hostname]):
                doc["hub_only"] = True
            group = next((m.tunnel.nhrp_group for _, m in member_of[dev.hostname]), None)
            if group:
                doc["nhrp_group"] = group
    clouds_of = {h: [c.name for c, _ in member_of.get(h, []) + uplinks.get(h, [])] for h in roles}
    _assume_interconnect(hubs, clouds_of, notes)
    if devices and not management.get("ssh_allowed") and not ipv6_only:
        management["ssh_allowed"] = proposed_ssh_allowed(hubs, cloud_docs, notes)
    platform = _platform(devices)
    # by name: the docs list hubs first, the devices come in the order they were read
    by_name = {hostname(d.hostname): d for d in devices if d.hostname in member_of}
    for doc in hubs + spokes:
        dev = by_name[doc["name"]]
        if _platform([dev]) != platform:
            doc["platform"] = _platform([dev])
    all_hubs = [h["name"] for h in hubs]
    for cloud, doc in zip(clouds, cloud_docs, strict=True):
        served = [hostname(m.name) for m in cloud.hubs]
        if sorted(served) != sorted(all_hubs):
            doc["hubs"] = served
    if any(p.get("ike_version") == 1 for p in profiles.values()):
        # the model carries FVRF only with IKEv2 ('match fvrf'): keep the WANs global
        for doc in hubs + spokes:
            for w in [doc["wan"], *doc.get("extra_wans", [])]:
                w.pop("vrf", None)
                w.pop("transport", None)
        for cdoc in cloud_docs:
            cdoc.pop("transport", None)
    if not any("extra_wans" in doc for doc in hubs + spokes):
        # one WAN per router carries every cloud: a transport name (taken from the front-door
        # VRF) would select nothing, so leave it out as the inventory author would
        for doc in hubs + spokes:
            doc["wan"].pop("transport", None)
        for cdoc in cloud_docs:
            cdoc.pop("transport", None)
    if not profiles:
        secrets["psk"] = "CHANGE-ME-before-push"
        notes.append(
            "no tunnel protection found: the model protects every tunnel; "
            "crypto profile 'default' uses placeholder PSK 'psk' (change it)"
        )
    inventory: dict[str, Any] = {
        "name": NAME.sub("-", name)[:60] or "imported",
        "secrets_file": secrets_file,
        "platform": platform,
        "management": management,
        "crypto_profiles": profiles or {"default": {"psk": "secret:psk"}},
        "routing": routing,
        "clouds": cloud_docs,
        "hubs": hubs,
        "spokes": spokes,
    }
    if monitoring:
        inventory["monitoring"] = monitoring
    ivrf = overlay_vrf_doc(clouds, devices, notes)
    if ivrf is not None:
        inventory["overlay_vrf"] = ivrf
    qos = qos_doc(devices)
    if qos is not None and all(g["shape_kbps"] for g in qos["groups"]):
        inventory["qos"] = qos
        notes[:] = [n for n in notes if "per-tunnel QoS NHRP groups" not in n]
    else:
        for doc in spokes:
            doc.pop("nhrp_group", None)  # the groups stay a note: their shapers are not ours
    multicast = multicast_doc(clouds, devices, hubs + spokes, notes)
    if multicast is not None:
        inventory["multicast"] = multicast
    check_import(inventory, secrets, devices)
    body = yaml.safe_dump(inventory, sort_keys=False, default_flow_style=None, width=100)
    header = [
        "# Imported by 'dmvpngen import' from existing configurations.",
        "# Secrets are referenced as secret:NAME; their values are in the secrets file.",
        "#",
    ]
    if notes:
        header.append("# Not expressible in the inventory model (kept here so nothing is lost):")
        header.extend(comment_line(n) for n in notes)
    return ImportResult(
        "\n".join(header) + "\n" + body, secrets, notes, len(clouds), len(hubs), len(spokes)
    )


def _platform(devices: list[Device]) -> str:
    from dmvpngen.check.defaults import _looks_iosxe

    xe = sum(1 for d in devices if _looks_iosxe(d) or (d.version or "").startswith(("16", "17")))
    return "iosxe" if xe * 2 >= len(devices) else "ios"


# the configs ran without these keys: the inventory states it, as the model demands of any
# inventory without them (dmvpngen then marks the choice in the configs it renders)
_IMPORTED = "the imported configs run without it"


def _state_missing_keys(
    routing: dict[str, Any],
    management: dict[str, Any],
    monitoring: dict[str, Any],
    notes: list[str],
) -> None:
    if not {"authentication", "password"} & routing.keys():
        routing["no_authentication"] = _IMPORTED
        notes.append("routing runs without authentication: add a key (see docs/designs.md)")
    if management.get("ntp_servers") and "ntp_auth" not in monitoring:
        monitoring["no_ntp_authentication"] = _IMPORTED
        notes.append("NTP runs without authentication: add monitoring.ntp_auth")


def _assume_interconnect(
    hubs: list[dict[str, Any]], clouds_of: dict[str, list[str]], notes: list[str]
) -> None:
    """Hubs that share no cloud with another hub and peer on no LAN in the configs reach the
    others through a core the configs do not show: take their LANs as that interconnect."""
    if len(hubs) < 2:
        return
    for doc in hubs:
        mine = set(clouds_of.get(doc["name"], []))
        shared = any(mine & set(clouds_of.get(o["name"], [])) for o in hubs if o is not doc)
        peering = any(lan.get("hub_peering") for lan in doc.get("lan", []))
        if shared or peering or not doc.get("lan"):
            continue
        for lan in doc["lan"]:
            lan["hub_peering"] = True
        notes.append(
            f"{doc['name']}: shares no cloud with another hub; its LANs are taken as the hub "
            "interconnect (hub_peering): check how the hubs reach each other"
        )
