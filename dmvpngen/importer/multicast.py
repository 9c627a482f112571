"""The ``multicast`` section of an import: PIM sparse mode on the tunnels, the RP, the LANs.

Each router's lines are read in the table its tunnels run PIM in (``ip pim vrf V ...`` for an
overlay in an inside VRF). The RP is the static address most routers name (check reports the
others, NET072), else the hubs that announce themselves as BSR or Auto-RP candidates; LANs are
listed only when some imported LAN runs no PIM (the model's default is every site LAN).
"""

from __future__ import annotations

from collections import Counter
from ipaddress import IPv4Interface
from typing import Any

from dmvpngen.check.model import CloudReport
from dmvpngen.model.multicast import Multicast, register_messages
from dmvpngen.parse.facts import Device
from dmvpngen.parse.pim import Pim

__all__ = ["multicast_doc"]

# what the model renders when the inventory says nothing
DEFAULT_REGISTER_RATE = Multicast.model_fields["register_rate_limit"].default


def multicast_doc(
    clouds: list[CloudReport],
    devices: list[Device],
    routers: list[dict[str, Any]],
    notes: list[str],
) -> dict[str, Any] | None:
    """``multicast`` when the imported tunnels run PIM sparse mode, else None."""
    members = [m for c in clouds for m in c.members]
    pim = [m for m in members if m.tunnel.pim is not None and m.tunnel.pim.sparse]
    if not pim:
        return None
    vrfs = {m.tunnel.vrf for m in pim}
    if len(vrfs) > 1:
        shown = ", ".join(sorted(v or "the global table" for v in vrfs))
        notes.append(
            f"PIM runs on tunnels in more than one routing table ({shown}): the model renders "
            "multicast in one (the inside VRF's, or the global one); not imported"
        )
        return None
    # every router's lines of the table its tunnels run PIM in ('ip pim vrf V ...' in a VRF)
    vrf = vrfs.pop()
    tables = {d.hostname: d.pim.table(vrf) for d in devices}
    by_name = {d.hostname: d for d in devices}
    rp = _rp(clouds, devices, tables)
    if rp is None:
        notes.append("PIM runs on the tunnels but no RP is configured (SSM?): not imported")
        return None
    doc: dict[str, Any] = {"rp": rp}
    # IOS-XE states the rate in its own unit: the inventory holds messages per second (the
    # table's 'ip multicast-routing [vrf V] distributed' says the platform)
    rates = Counter(
        register_messages(t.register_rate_limit[0], iosxe=t.distributed)
        for t in tables.values()
        if t.register_rate_limit
    )
    if rates:
        rate = sorted(rates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if rate != DEFAULT_REGISTER_RATE:
            doc["register_rate_limit"] = rate
    else:
        notes.append(
            "the configs run PIM without 'ip pim register-rate-limit': the inventory renders "
            f"{DEFAULT_REGISTER_RATE} register messages per second per (S,G) on every router"
        )
    lans = _lans(by_name, routers)
    if lans is not None:
        doc["lans"] = lans
    return doc


def _rp(
    clouds: list[CloudReport], devices: list[Device], tables: dict[str, Pim]
) -> dict[str, Any] | None:
    static = Counter(str(a) for t in tables.values() for a, _ in t.rp_addresses)
    if static:
        # the most common address; ties go to the lowest for a deterministic import
        best = sorted(static.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return {"mode": "static", "address": best}
    hubs = {m.name for c in clouds for m in c.hubs}
    for mode, wanted in (("bsr", "bsr_candidate"), ("auto-rp", "announce")):
        # in the order of the configs, as the hubs themselves are imported
        names = [
            d.hostname
            for d in devices
            if d.hostname in hubs and getattr(tables[d.hostname], wanted)
        ]
        if names:
            return {"mode": mode, "candidates": list(dict.fromkeys(names))}
    return None


def _lans(by_name: dict[str, Device], routers: list[dict[str, Any]]) -> list[str] | None:
    taking, every = [], []
    for doc in routers:
        device = by_name.get(doc["name"])
        for lan in doc.get("lan", []):
            every.append(lan["address"])
            intf = device.interface(lan["interface"]) if device is not None else None
            if intf is not None and intf.pim is not None and intf.pim.sparse:
                taking.append(lan["address"])
    if len(taking) == len(every):
        return None
    return [str(IPv4Interface(a).network) for a in taking]
