"""Multicast values of one router: global PIM lines, and PIM per tunnel, LAN and loopback.

Why each line (docs/designs.md, "Multicast"):

- ``ip multicast-routing`` on IOS 15; IOS-XE forwards multicast in the MFIB and takes
  ``ip multicast-routing distributed``.
- ``ip pim nbma-mode`` on a hub's tunnel: an mGRE tunnel is one interface towards every spoke;
  NBMA mode keeps joins and prunes per neighbour, so one spoke's prune does not cut the others
  off and the hub may send a stream back out of the tunnel it came in on (spoke source).
- ``ip pim spt-threshold infinity`` on routers that are spokes of a phase 2 or 3 cloud: a
  spoke's route to another spoke's LAN points straight at that spoke (phase 2 routes, phase 3
  NHRP shortcuts), which is not a PIM neighbour (spokes map multicast only to their hubs), so a
  join towards a source behind a spoke would be lost; on the shared tree the stream comes from
  the RP at the hub. Cisco's DMVPN guide asks for exactly this when a source sits behind a
  spoke; spoke-to-spoke multicast therefore always flows through the hub.
- ``ip pim register-rate-limit`` everywhere: a DR encapsulates a new source's packets in
  register messages to the RP until the RP joins the source; the limit keeps a burst of new
  sources (after a failover) off both CPUs (DISA STIG CISC-RT-000850). IOS 15 takes it in
  messages per second, IOS-XE in its own range (8000 and up): ``iosxe_register_rate``.
- ``ip pim dr-priority 0`` on spoke tunnels: the hub stays the designated router of the NBMA
  segment instead of whichever spoke has the highest address.
- with an inside VRF every global line takes its VRF form (``ip multicast-routing vrf V
  [distributed]``, ``ip pim vrf V ...``): the tunnels, LANs and Loopback0 forward in the VRF,
  so PIM, the RP and the multicast routing table live there; the global table runs no PIM.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dmvpngen.model import Cloud, Hub, Inventory, LanInterface, Platform, Router
from dmvpngen.model.multicast import RpMode, iosxe_register_rate

__all__ = ["MulticastContext", "device_multicast", "lan_takes_part", "tunnel_pim"]

# Auto-RP announcements and discovery cross the hub and one tunnel hop: 16 is ample and stays
# inside the overlay.
AUTO_RP_SCOPE = 16


@dataclass(frozen=True)
class MulticastContext:
    """Global multicast lines of one router."""

    distributed: bool
    vrf: str | None  # the inside VRF: every global line in its 'vrf V' form
    rp_address: str | None
    bsr_candidate: bool
    autorp_candidate: bool
    autorp_listener: bool
    spt_infinity: bool
    loopback_pim: bool
    register_rate_limit: int
    autorp_scope: int = AUTO_RP_SCOPE


def device_multicast(inv: Inventory, router: Router) -> MulticastContext | None:
    """The router's global multicast lines, or None without a ``multicast`` section."""
    mc = inv.multicast
    if mc is None:
        return None
    rp = mc.rp
    candidate = isinstance(router, Hub) and router.name in rp.candidates
    spoke_somewhere = any(
        not inv.serves(router, c) and c.phase in (2, 3) for c in inv.router_clouds(router)
    )
    rp_on_loopback = rp.address is not None and rp.address == router.loopback
    iosxe = inv.platform_of(router) is Platform.IOSXE
    rate = mc.register_rate_limit
    return MulticastContext(
        distributed=iosxe,
        vrf=inv.overlay_vrf.name if inv.overlay_vrf is not None else None,
        rp_address=str(rp.address) if rp.mode is RpMode.STATIC and rp.address else None,
        bsr_candidate=candidate and rp.mode is RpMode.BSR,
        autorp_candidate=candidate and rp.mode is RpMode.AUTO_RP,
        autorp_listener=rp.mode is RpMode.AUTO_RP,
        spt_infinity=spoke_somewhere,
        loopback_pim=router.loopback is not None and (candidate or rp_on_loopback),
        register_rate_limit=iosxe_register_rate(rate) if iosxe else rate,
    )


def tunnel_pim(inv: Inventory, router: Router, cloud: Cloud) -> dict[str, Any] | None:
    """PIM on one tunnel: NBMA mode where the router serves the cloud, DR priority 0 where it
    is a spoke (a regional hub's uplink included)."""
    if inv.multicast is None:
        return None
    serving = inv.serves(router, cloud)
    return {"nbma_mode": serving, "dr_priority_zero": not serving}


def lan_takes_part(inv: Inventory, router: Router, lan: LanInterface) -> bool:
    """True when ``lan`` of ``router`` runs PIM sparse mode.

    By default every site LAN does, except those of hub-only spokes: their streams would reach
    the other spokes through the hub, past the isolation (validation refuses listing them).
    """
    mc = inv.multicast
    if mc is None:
        return False
    if mc.lans is None:
        return not getattr(router, "hub_only", False)
    return lan.prefix in mc.lans
