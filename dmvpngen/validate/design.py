"""Phase and routing mixes that cannot give the designed forwarding (dmvpn-reference §3, §5)."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import BgpRouting, Inventory, OspfRouting
from dmvpngen.model.loader import Locator

__all__ = ["check"]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Design problems per cloud."""
    routing = inv.routing
    if not inv.management.users:
        yield loc.problem(
            ("management",),
            "no local user: 'aaa new-model' with local login would lock everyone out",
            "add management.users: [{name: netadmin, secret: 'secret:admin_secret'}]",
        )
    for i, cloud in enumerate(inv.clouds):
        where = ("clouds", i)
        hubs = inv.cloud_hubs(cloud)
        if cloud.phase == 1 and len(hubs) > 1:
            yield loc.problem(
                (*where, "phase"),
                f"phase 1 cloud '{cloud.name}' has {len(hubs)} hubs",
                "phase 1 spokes use point-to-point GRE to one hub: use one cloud per hub",
            )
        if cloud.phase == 2 and cloud.summary:
            yield loc.problem(
                (*where, "summary"),
                f"phase 2 cloud '{cloud.name}' summarises on the hub",
                "phase 2 needs the far spoke as next hop: drop 'summary' or use phase 3",
            )
        if isinstance(routing, BgpRouting) and cloud.phase == 2 and routing.next_hop_self:
            yield loc.problem(
                ("routing", "next_hop_self"),
                f"next-hop-self on the hubs breaks spoke-to-spoke tunnels in phase 2 cloud "
                f"'{cloud.name}'",
                "remove next_hop_self (the route reflector must keep the spoke as next hop)",
            )
        p2mp = isinstance(routing, OspfRouting) and routing.network_type == "point-to-multipoint"
        if p2mp and cloud.phase == 2:
            yield loc.problem(
                ("routing", "network_type"),
                f"OSPF point-to-multipoint rewrites the next hop to the hub in phase 2 cloud "
                f"'{cloud.name}'",
                "use network_type: broadcast (or auto) so the far spoke stays next hop",
            )
        if isinstance(routing, OspfRouting) and cloud.summary:
            yield loc.problem(
                (*where, "summary"),
                "OSPF cannot summarise inside an area on the hub tunnel",
                "summarise at an area border router instead and drop 'summary'",
            )
        if cloud.mss + 40 > cloud.mtu:
            yield loc.problem(
                (*where, "mss"),
                f"TCP MSS {cloud.mss} does not fit the tunnel MTU {cloud.mtu}",
                "keep mss at most mtu - 40 (1400/1360 is the usual pair)",
            )
