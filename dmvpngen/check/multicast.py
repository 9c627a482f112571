"""Multicast over the clouds: PIM on both ends of each hub-spoke tunnel, NBMA mode on hubs,
multicast routing switched on, one RP for the whole network, spokes on the shared tree.

Each finding names the router and line that shows it and, where two routers disagree, the
other router and its line (docs/check.md, NET070-NET074). A tunnel in a VRF is judged by the
lines of that VRF's table (``ip multicast-routing vrf V``, ``ip pim vrf V ...``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.parse.facts import Device
from dmvpngen.parse.pim import Pim

__all__ = ["MulticastReport", "multicast_findings", "multicast_report"]


def _pim_line(m: Member) -> int | None:
    pim = m.tunnel.pim
    return pim.line if pim is not None and pim.sparse else None


def multicast_findings(clouds: list[CloudReport], devices: list[Device]) -> list[Finding]:
    """Every multicast fault of the clouds (none when no tunnel runs PIM)."""
    out: list[Finding] = []
    # per routing table (None: the global one), the routers whose tunnels run PIM in it
    tables: dict[str | None, dict[str, tuple[Device, int]]] = {}
    unrouted: dict[tuple[str, str | None], tuple[Device, int]] = {}
    for cloud in clouds:
        for m in cloud.members:
            line = _pim_line(m)
            if line is None:
                continue
            tables.setdefault(m.tunnel.vrf, {}).setdefault(m.device.hostname, (m.device, line))
            if m.device.pim.routing_in(m.tunnel.vrf) is None:
                unrouted.setdefault((m.device.hostname, m.tunnel.vrf), (m.device, line))
            out.extend(_member(cloud, m, line))
        out.extend(_one_end_only(cloud))
    for (_, vrf), (device, line) in sorted(unrouted.items(), key=lambda x: (x[0][0], str(x[0][1]))):
        command = f"ip multicast-routing vrf {vrf}" if vrf else "ip multicast-routing"
        out.append(
            Finding.make(
                "NET071",
                device,
                line,
                f"PIM runs on the tunnel but '{command}' is missing: the router forwards no "
                "multicast there",
            )
        )
    for vrf in sorted(tables, key=str):
        routers = sorted(tables[vrf].values(), key=lambda x: x[0].hostname)
        out.extend(_rp_agreement(vrf, routers))
    return out


def _member(cloud: CloudReport, m: Member, line: int) -> list[Finding]:
    pim = m.tunnel.pim
    assert pim is not None
    if m.role == "hub" and pim.nbma is None:
        return [
            Finding.make(
                "NET070",
                m.device,
                line,
                f"hub {m.tunnel.name} runs PIM without 'ip pim nbma-mode': one spoke's prune "
                "cuts every spoke off, and a stream from a spoke cannot go back out to the others",
            )
        ]
    # SSM joins the source tree by design (spt-threshold does not apply): not judged here
    table = m.device.pim.table(m.tunnel.vrf)
    if (
        m.role == "spoke"
        and cloud.phase in (2, 3)
        and table.spt_infinity is None
        and table.ssm is None
    ):
        return [
            Finding.make(
                "NET074",
                m.device,
                line,
                f"phase {cloud.phase} spoke without '{_pim_cmd(m.tunnel.vrf)} spt-threshold "
                "infinity': its join towards a source behind another spoke follows the "
                "spoke-to-spoke route to a router that is not its PIM neighbour, and the stream "
                "stops",
            )
        ]
    return []


def _one_end_only(cloud: CloudReport) -> list[Finding]:
    out = []
    for hub in cloud.hubs:
        hub_line = _pim_line(hub)
        for spoke in cloud.spokes:
            spoke_line = _pim_line(spoke)
            if (hub_line is None) == (spoke_line is None):
                continue
            lacking, other, other_line = (
                (hub, spoke, spoke_line) if hub_line is None else (spoke, hub, hub_line)
            )
            out.append(
                Finding.make(
                    "NET073",
                    lacking.device,
                    lacking.tunnel.line,
                    f"{lacking.tunnel.name} runs no PIM sparse mode but its "
                    f"{other.role} {other.name} does: no PIM neighbour, no multicast between "
                    "them",
                    other.device,
                    other_line,
                )
            )
    return out


def _pim_cmd(vrf: str | None) -> str:
    """'ip pim' in the form of a table: 'ip pim vrf V' for a VRF's."""
    return f"ip pim vrf {vrf}" if vrf else "ip pim"


def _rp_agreement(vrf: str | None, routers: list[tuple[Device, int]]) -> list[Finding]:
    """Every PIM router of one table knows the same RP as the first one with a static RP (or
    listens to Auto-RP when the first one announces it)."""
    tables = {d.hostname: d.pim.table(vrf) for d, _ in routers}
    static = [(d, line) for d, line in routers if tables[d.hostname].rp_addresses]
    autorp = [(d, line) for d, line in routers if tables[d.hostname].rp_mode == "auto-rp"]
    out = []
    if static:
        ref, _ = static[0]
        ref_pim = tables[ref.hostname]
        want = sorted(a for a, _ in ref_pim.rp_addresses)
        ref_line = ref_pim.rp_addresses[0][1]
        for device, line in routers:
            pim = tables[device.hostname]
            have = sorted(a for a, _ in pim.rp_addresses)
            if have == want or device is ref or pim.rp_mode == "bsr":
                continue
            at = pim.rp_addresses[0][1] if have else line
            shown = ", ".join(str(a) for a in have) or "none"
            out.append(
                Finding.make(
                    "NET072",
                    device,
                    at,
                    f"static RP {shown}{_in(vrf)} differs from "
                    f"{', '.join(str(a) for a in want)}: joins and registers go to different "
                    "RPs and streams do not meet",
                    ref,
                    ref_line,
                )
            )
    elif autorp:
        ref, ref_line = autorp[0]
        for device, line in routers:
            pim = tables[device.hostname]
            if pim.autorp_listener is None and pim.rp_mode != "bsr":
                out.append(
                    Finding.make(
                        "NET072",
                        device,
                        line,
                        f"no '{_pim_cmd(vrf)} autorp listener': Auto-RP announcements (dense "
                        "groups 224.0.1.39/40) never reach it over sparse-mode interfaces, so "
                        "it learns no RP",
                        ref,
                        tables[ref.hostname].autorp_listener or ref_line,
                    )
                )
    return out


def _in(vrf: str | None) -> str:
    return f" (VRF {vrf})" if vrf else ""


@dataclass
class MulticastReport:
    """The multicast line of ``check``: who runs PIM, the RP, NBMA hubs, spokes on the shared
    tree (phase 2/3 clouds)."""

    routers: list[str]
    rp: str
    hubs: tuple[int, int]  # (in NBMA mode, hubs running PIM)
    spokes: tuple[int, int]  # (on the shared tree, phase 2/3 spokes running PIM)

    def line(self) -> str:
        """One sentence for the text report."""
        return (
            f"multicast: PIM sparse mode on {len(self.routers)} router(s), RP {self.rp}; "
            f"hubs in NBMA mode {self.hubs[0]}/{self.hubs[1]}, phase 2/3 spokes on the shared "
            f"tree {self.spokes[0]}/{self.spokes[1]}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "routers": self.routers,
            "rp": self.rp,
            "hubs_nbma_mode": list(self.hubs),
            "spokes_shared_tree": list(self.spokes),
        }


def multicast_report(clouds: list[CloudReport], devices: list[Device]) -> MulticastReport | None:
    """The multicast summary, or None when no DMVPN tunnel runs PIM sparse mode."""
    pim = [m for c in clouds for m in c.members if _pim_line(m) is not None]
    if not pim:
        return None
    hubs = {m.name: m.tunnel.pim is not None and m.tunnel.pim.nbma is not None for m in pim
            if m.role == "hub"}  # fmt: skip
    # each PIM router's table: the one its tunnels' VRF names (the global one without)
    tables = {m.name: (m.device, m.tunnel.vrf) for m in pim}
    # SSM joins the source tree by design: such spokes are not counted (as for NET074)
    phase23 = {
        m.name
        for c in clouds
        if c.phase in (2, 3)
        for m in c.spokes
        if m in pim and m.device.pim.table(m.tunnel.vrf).ssm is None
    }
    shared = {n for n in phase23 if _table(tables[n]).spt_infinity is not None}
    return MulticastReport(
        routers=sorted({m.name for m in pim}),
        rp=_rp_text(list(tables.values()), devices),
        hubs=(sum(hubs.values()), len(hubs)),
        spokes=(len(shared), len(phase23)),
    )


def _table(at: tuple[Device, str | None]) -> Pim:
    return at[0].pim.table(at[1])


def _rp_text(routers: list[tuple[Device, str | None]], devices: list[Device]) -> str:
    vrfs = sorted({v for _, v in routers if v})
    where_vrf = f" in VRF {', '.join(vrfs)}" if vrfs else ""
    static = sorted({a for r in routers for a, _ in _table(r).rp_addresses})
    if static:
        owners = [
            d.hostname
            for d in devices
            for i in d.interfaces.values()
            if i.address is not None and i.address.ip in static
        ]
        where = f" ({', '.join(sorted(set(owners)))})" if owners else " (on no checked router)"
        return f"static {', '.join(str(a) for a in static)}{where}{where_vrf}"
    for mode, attr in (("bsr", "rp_candidate"), ("auto-rp", "announce")):
        names = sorted(d.hostname for d, v in routers if getattr(d.pim.table(v), attr) is not None)
        if names:
            return f"{mode}, candidates {', '.join(names)}{where_vrf}"
    if any(_table(r).ssm is not None for r in routers):
        return f"none (SSM: source trees only){where_vrf}"
    return f"none configured{where_vrf}"
