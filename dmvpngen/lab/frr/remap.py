"""Static NHRP mappings configured again after a link flap, until nhrpd's cache holds them.

FRR 8.4's nhrpd empties a tunnel's NHRP cache, static entries included, when its NBMA interface
loses carrier, and puts nothing back when the carrier returns, although the running config
still shows the mapping (FRR issues 4895, 7490). IOS keeps static mappings across an interface
flap, so the lab configures them again once the link is back, and checks that they took.
"""

from __future__ import annotations

import time

from dmvpngen.lab.frr.converge import pause
from dmvpngen.lab.frr.observe import documents
from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.frr.render import static_map_lines
from dmvpngen.lab.vm import Vm

__all__ = ["remap_commands", "restore_static"]


def _remapped(router: LabRouter, isp_ifs: set[str]) -> list[str]:
    """vtysh lines configuring again the router's static mappings a flap of ``isp_ifs`` lost."""
    flapped = {w.ifname for w in router.wans if w.isp_if in isp_ifs}
    if not flapped and not router.dual_stack:
        return []
    # a dual-stack router's mappings are configured again whichever link flapped: its IPv6
    # entry for a hub that was away is otherwise never installed again (docs/lab.md)
    return static_map_lines(router, None if router.dual_stack else flapped)


def _command(router: LabRouter, lines: list[str]) -> str:
    args = " ".join(f"-c '{line}'" for line in ["configure terminal", *lines])
    return f"vtysh -N {router.ns} {args}"


def remap_commands(plan: LabPlan, isp_ifs: set[str]) -> list[str]:
    """One vtysh per router configuring again the static NHRP mappings (``ip nhrp map``, and
    ``ipv6 nhrp map`` on a dual-stack router) a flap of the ISP ports ``isp_ifs`` lost."""
    return [_command(r, lines) for r in plan.routers if (lines := _remapped(r, isp_ifs))]


def _wanted(router: LabRouter) -> set[tuple[str, str]]:
    """(protocol address, NBMA) of every static mapping of the router, both families."""
    found = {(str(ip), nbma) for t in router.tunnels for ip, nbma in (*t.maps, *t.spoke_maps)}
    if router.dual_stack:
        found |= {(str(ip), nbma) for t in router.tunnels if t.ipv6 for ip, nbma in t.ipv6.maps}
    return found


def _cached(text: str) -> set[tuple[str, str]]:
    """(protocol address, NBMA) of every entry of ``show ip|ipv6 nhrp cache json`` output."""
    return {
        (str(row.get("protocol")), str(row.get("nbma")))
        for doc in documents(text)
        if isinstance(doc, dict)
        for row in doc.get("table", [])
        if isinstance(row, dict)
    }


def restore_static(vm: Vm, plan: LabPlan, isp_ifs: set[str], timeout: float = 60) -> list[str]:
    """Configure the mappings a flap of ``isp_ifs`` lost again, then poll each router's NHRP
    cache and configure again any router whose cache still lacks one of its mappings (measured
    once in a CI set run: configured right after the carrier returned, the hubs' IPv4 session
    stayed down for the whole restore wait while their IPv6 one came back, and came back only
    when the next case configured the mappings again). Returns the routers still lacking a
    mapping after ``timeout``."""
    routers = [r for r in plan.routers if _remapped(r, isp_ifs)]
    pending = routers
    started = time.monotonic()
    while pending:
        vm.run([_command(r, _remapped(r, isp_ifs)) for r in pending])
        asked = time.monotonic()
        shown = vm.run(
            [
                f"vtysh -N {r.ns} -c 'show ip nhrp cache json'"
                + (" -c 'show ipv6 nhrp cache json'" if r.dual_stack else "")
                for r in pending
            ]
        )
        pending = [
            r for r, res in zip(pending, shown, strict=True) if _wanted(r) - _cached(res.out)
        ]
        if not pending or time.monotonic() - started > timeout:
            break
        pause(asked)
    return [r.name for r in pending]
