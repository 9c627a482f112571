"""Clouds of an import: tunnel, NHRP, phase, transport, crypto profile, and cloud-wide notes."""

from __future__ import annotations

import re
from typing import Any

from dmvpngen.check.ike import context_for
from dmvpngen.check.model import CloudReport, Member
from dmvpngen.importer.crypto import crypto_profile, peer_keys_doc
from dmvpngen.importer.routers import NAME
from dmvpngen.parse.facts import Psk

__all__ = ["cloud_doc", "rename"]


_GENERATED = re.compile(r"^DMVPN ([A-Za-z0-9][A-Za-z0-9_.-]{0,63}) phase [123] ")


def rename(clouds: list[CloudReport]) -> None:
    """dmvpngen's own tunnel descriptions ('DMVPN <cloud> phase N hub') give the cloud name."""
    names = []
    for c in clouds:
        match = _GENERATED.match((c.hubs[0].tunnel.description or "") + " ")
        names.append(match.group(1) if match else c.name)
    if len(set(names)) == len(names):
        for c, n in zip(clouds, names, strict=True):
            c.name = n


def cloud_doc(
    cloud: CloudReport,
    profiles: dict[str, dict[str, Any]],
    secrets: dict[str, str],
    notes: list[str],
    order: dict[str, int],
) -> dict[str, Any]:
    ref = (cloud.hubs or cloud.members)[0]
    t = ref.tunnel
    doc: dict[str, Any] = {
        "name": cloud.name,
        "tunnel": t.number,
        # an IPv6-only cloud (found by its IPv6 prefix) has no IPv4 subnet
        ("subnet" if cloud.subnet.version == 4 else "ipv6_subnet"): str(cloud.subnet),
        "network_id": cloud.network_id or 1,
    }
    if cloud.tunnel_key is not None:
        doc["tunnel_key"] = cloud.tunnel_key
    if t.auth:
        ref_name = f"nhrp_auth_{NAME.sub('_', cloud.name)}"
        secrets[ref_name] = t.auth
        doc["nhrp_auth"] = f"secret:{ref_name}"
    if t.holdtime:
        doc["holdtime"] = t.holdtime
    explicit = any(h.tunnel.redirect for h in cloud.hubs) or any(
        x.tunnel.shortcut for x in cloud.spokes
    )
    doc["phase"] = 2 if cloud.phase == 3 and not explicit else cloud.phase
    if t.transport_v6:  # 'tunnel mode gre multipoint ipv6': the NBMA addresses are IPv6
        doc["transport_family"] = "ipv6"
    hub_vrfs = {h.tunnel.tunnel_vrf for h in cloud.hubs}
    member_vrfs = {m.tunnel.tunnel_vrf for m in cloud.spokes} - {None}
    if len(hub_vrfs) == 1 and None not in hub_vrfs:
        doc["transport"] = hub_vrfs.pop()
    elif hub_vrfs == {None} and len(member_vrfs) == 1:
        # hubs with one global WAN; members (regional hubs) select their WAN for this cloud
        doc["transport"] = member_vrfs.pop()
    ctx = context_for(ref.device, t)
    if ctx.protected:
        prof_name, prof = crypto_profile(ref.device, t, notes)
        ordered = sorted(cloud.hubs + cloud.spokes, key=lambda m: order.get(m.name, 0))
        peer_keys = peer_keys_doc(ordered, secrets, _keyring)
        if peer_keys and prof.get("ike_version") == 2:
            prof.pop("psk", None)
            prof["peer_keys"] = peer_keys
        elif prof.get("psk", "").startswith("secret:") and ctx.keys:
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
        if (mt.tunnel_vrf and not ctx.protected) or (ctx.version == 1 and mt.tunnel_vrf):
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


def _keyring(m: Member) -> list[Psk]:
    """The IKEv2 keyring entries the member's tunnel protection uses."""
    c = m.device.crypto
    ipsec = c.ipsec_profiles.get(m.tunnel.protection or "")
    prof = c.ikev2_profiles.get(ipsec.ikev2_profile or "") if ipsec else None
    return list(c.ikev2_keyrings.get(prof.keyring or "", [])) if prof else []
