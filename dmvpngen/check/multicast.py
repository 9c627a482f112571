"""Multicast over the clouds: PIM on both ends of each hub-spoke tunnel, NBMA mode on hubs,
multicast routing switched on, one RP for the whole network, spokes on the shared tree.

Each finding names the router and line that shows it and, where two routers disagree, the
other router and its line (docs/check.md, NET070-NET074).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dmvpngen.check.model import CloudReport, Finding, Member
from dmvpngen.parse.facts import Device

__all__ = ["MulticastReport", "multicast_findings", "multicast_report"]


def _pim_line(m: Member) -> int | None:
    pim = m.tunnel.pim
    return pim.line if pim is not None and pim.sparse else None


def multicast_findings(clouds: list[CloudReport], devices: list[Device]) -> list[Finding]:
    """Every multicast fault of the clouds (none when no tunnel runs PIM)."""
    out: list[Finding] = []
    pim_routers: dict[str, tuple[Device, int]] = {}
    unrouted: dict[tuple[str, str | None], tuple[Device, int]] = {}
    for cloud in clouds:
        for m in cloud.members:
            line = _pim_line(m)
            if line is None:
                continue
            if m.tunnel.vrf is None:
                # the RP lines are read for the global table only
                pim_routers.setdefault(m.device.hostname, (m.device, line))
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
    out.extend(_rp_agreement(sorted(pim_routers.values(), key=lambda x: x[0].hostname)))
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
    pim_global = m.device.pim
    if (
        m.role == "spoke"
        and cloud.phase in (2, 3)
        and pim_global.spt_infinity is None
        and pim_global.ssm is None
    ):
        return [
            Finding.make(
                "NET074",
                m.device,
                line,
                f"phase {cloud.phase} spoke without 'ip pim spt-threshold infinity': its join "
                "towards a source behind another spoke follows the spoke-to-spoke route to a "
                "router that is not its PIM neighbour, and the stream stops",
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


def _rp_agreement(routers: list[tuple[Device, int]]) -> list[Finding]:
    """Every PIM router knows the same RP as the first one with a static RP (or listens to
    Auto-RP when the first one announces it)."""
    static = [(d, line) for d, line in routers if d.pim.rp_addresses]
    autorp = [(d, line) for d, line in routers if d.pim.rp_mode == "auto-rp"]
    out = []
    if static:
        ref, _ = static[0]
        want = sorted(a for a, _ in ref.pim.rp_addresses)
        ref_line = ref.pim.rp_addresses[0][1]
        for device, line in routers:
            have = sorted(a for a, _ in device.pim.rp_addresses)
            if have == want or device is ref or device.pim.rp_mode == "bsr":
                continue
            at = device.pim.rp_addresses[0][1] if have else line
            shown = ", ".join(str(a) for a in have) or "none"
            out.append(
                Finding.make(
                    "NET072",
                    device,
                    at,
                    f"static RP {shown} differs from {', '.join(str(a) for a in want)}: "
                    "joins and registers go to different RPs and streams do not meet",
                    ref,
                    ref_line,
                )
            )
    elif autorp:
        ref, ref_line = autorp[0]
        for device, line in routers:
            if device.pim.autorp_listener is None and device.pim.rp_mode != "bsr":
                out.append(
                    Finding.make(
                        "NET072",
                        device,
                        line,
                        "no 'ip pim autorp listener': Auto-RP announcements (dense groups "
                        "224.0.1.39/40) never reach it over sparse-mode interfaces, so it "
                        "learns no RP",
                        ref,
                        ref.pim.autorp_listener or ref_line,
                    )
                )
    return out


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
    by_name = {d.hostname: d for d in devices}
    # SSM joins the source tree by design: such spokes are not counted (as for NET074)
    phase23 = {
        m.name
        for c in clouds
        if c.phase in (2, 3)
        for m in c.spokes
        if m in pim and by_name[m.name].pim.ssm is None
    }
    shared = {n for n in phase23 if by_name[n].pim.spt_infinity is not None}
    return MulticastReport(
        routers=sorted({m.name for m in pim}),
        rp=_rp_text(devices),
        hubs=(sum(hubs.values()), len(hubs)),
        spokes=(len(shared), len(phase23)),
    )


def _rp_text(devices: list[Device]) -> str:
    static = sorted({a for d in devices for a, _ in d.pim.rp_addresses})
    if static:
        owners = [
            d.hostname
            for d in devices
            for i in d.interfaces.values()
            if i.address is not None and i.address.ip in static
        ]
        where = f" ({', '.join(sorted(set(owners)))})" if owners else " (on no checked router)"
        return f"static {', '.join(str(a) for a in static)}{where}"
    for mode, attr in (("bsr", "rp_candidate"), ("auto-rp", "announce")):
        names = sorted(d.hostname for d in devices if getattr(d.pim, attr) is not None)
        if names:
            return f"{mode}, candidates {', '.join(names)}"
    if any(d.pim.ssm is not None for d in devices):
        return "none (SSM: source trees only)"
    return "none configured"
