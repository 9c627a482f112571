"""Faithful or explicit: what of a design the FRR lab cannot run, per router and feature.

A *blocking* gap changes what the proof would show (another routing protocol, a missing policy),
so the lab refuses rather than substitute; a non-blocking one leaves the proof meaningful and is
reported beside it (NHRP authentication, QoS shapers, monitoring). Facts about the packaged
FRR 8.4 nhrpd and strongSwan 5.9 are in docs/lab.md.
"""

from __future__ import annotations

from pydantic import BaseModel

from dmvpngen.model import BgpRouting, Hub, Inventory

__all__ = ["Gap", "find_gaps"]


class Gap(BaseModel):
    """One feature of one router the lab does not emulate."""

    router: str
    feature: str
    reason: str
    blocking: bool


def _all(inv: Inventory) -> list[str]:
    return [r.name for r in (*inv.hubs, *inv.spokes)]


def find_gaps(inv: Inventory) -> list[Gap]:
    """Every feature of the design the FRR lab leaves out, in inventory order."""
    gaps: list[Gap] = []

    def add(routers: list[str], feature: str, reason: str, blocking: bool) -> None:
        gaps.extend(
            Gap(router=r, feature=feature, reason=reason, blocking=blocking) for r in routers
        )

    everyone = _all(inv)
    if not isinstance(inv.routing, BgpRouting):
        proto = inv.routing.protocol
        why = {
            "eigrp": "FRR's eigrpd lacks stub, summary and named-mode features this design uses, "
            "and EIGRP over nhrpd is undocumented; another protocol is never substituted",
            "ospf": "OSPF over nhrpd needs multicast over mGRE through NFLOG rules (FRR PR 8153); "
            "this lab runs BGP designs only",
        }[proto]
        add(everyone, f"routing {proto}", why, True)
    for cloud in inv.clouds:
        members = [r.name for r in (*inv.cloud_hubs(cloud), *inv.cloud_spokes(cloud))]
        if cloud.phase == 1:
            add(
                members,
                f"cloud {cloud.name} phase 1",
                "point-to-point GRE spokes are not built",
                True,
            )
        if cloud.ipv6_subnet is not None:
            add(
                members,
                f"cloud {cloud.name} IPv6 overlay",
                "the lab builds the IPv4 overlay only: IPv6 addresses, NHRP for IPv6 and the "
                "IPv6 routing are not emulated (the IPv4 proof stands)",
                False,
            )
        if cloud.nhrp_auth:
            add(
                members,
                f"cloud {cloud.name} NHRP authentication",
                "FRR 8.4 nhrpd has no 'ip nhrp authentication'; NHRP runs unauthenticated",
                False,
            )
    for hub in inv.hubs:
        for lan in hub.lan:
            if lan.hub_peering:
                add(
                    [hub.name],
                    f"hub peering link {lan.interface}",
                    "the core link between hubs (and its BGP sessions) is not built",
                    True,
                )
        if hub.uplinks:
            add([hub.name], "hierarchical uplink", "regional hubs are not built", True)
    for router in (*inv.hubs, *inv.spokes):
        for wan in router.wans:
            if wan.nat:
                add([router.name], f"NAT ({wan.nat}) on {wan.interface}", "NAT is not built", True)
            if wan.pppoe or wan.dhcp:
                add(
                    [router.name],
                    f"{'PPPoE' if wan.pppoe else 'DHCP'} on {wan.interface}",
                    "the lab ISP assigns a fixed address from 100.64.0.0/16 instead",
                    False,
                )
    for spoke in inv.spokes:
        if spoke.hub_only:
            add([spoke.name], "hub-only isolation ACL", "tunnel access lists are not built", True)
    for key, prof in sorted(inv.crypto_profiles.items()):
        if prof.authentication != "pre-share":
            add(everyone, f"crypto profile {key} certificates", "PKI is not built", True)
        elif prof.peer_keys:
            add(
                everyone,
                f"crypto profile {key} per-peer keys",
                "emulated: charon signs with the local key; it accepts a peer's AUTH made with "
                "the remote key or, unlike IOS, with the local key too (docs/lab.md)",
                False,
            )
    if inv.qos is not None:
        add([h.name for h in inv.hubs], "per-tunnel QoS", "NHRP-group shapers are not built", False)
    if inv.multicast is not None:
        add(
            everyone,
            "multicast (PIM sparse mode)",
            "pimd over nhrpd is not built: the lab proves unicast only, no stream is sent",
            False,
        )
    if inv.overlay_vrf is not None:
        add(everyone, f"inside VRF {inv.overlay_vrf.name}", "the overlay VRF is not built", True)
    monitored = inv.monitoring.model_dump(exclude_defaults=True)
    if monitored:
        add(everyone, "monitoring", f"{', '.join(sorted(monitored))} not emulated", False)
    add(
        [h.name for h in inv.hubs if isinstance(h, Hub)],
        "NHRP multicast",
        "multicast over mGRE is not emulated (BGP needs none)",
        False,
    )
    return gaps
