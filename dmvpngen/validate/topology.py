"""Topology designs: hierarchical DMVPN, dual-cloud preference and spoke isolation (§6)."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import BgpRouting, EigrpRouting, Hub, Inventory
from dmvpngen.model.loader import Locator

__all__ = ["check"]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Design problems of hierarchies, cloud preference and isolated spokes."""
    yield from _hierarchy(inv, loc)
    yield from _bgp_central_summary(inv, loc)
    yield from _preference(inv, loc)
    yield from _isolation(inv, loc)


def _hierarchy(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    clouds = {c.name: c for c in inv.clouds}
    index = {c.name: j for j, c in enumerate(inv.clouds)}
    # cloud -> clouds one level up (through the regional hubs that serve it)
    up: dict[str, set[str]] = {}
    for i, hub in enumerate(inv.hubs):
        where = ("hubs", i)
        if hub.uplink_summary and not hub.uplinks:
            yield loc.problem(
                (*where, "uplink_summary"),
                f"hub '{hub.name}' has an uplink_summary but no uplinks",
                "uplink_summary is what a regional hub announces to the central cloud: "
                "add 'uplinks' or drop it",
            )
        if hub.uplink_summary and not isinstance(inv.routing, EigrpRouting):
            yield loc.problem(
                (*where, "uplink_summary"),
                f"uplink_summary is rendered for EIGRP only (routing is {inv.routing.protocol})",
                _UPLINK_SUMMARY_HINT.get(inv.routing.protocol, _UPLINK_SUMMARY_OTHER),
            )
        yield from _bgp_uplinks(inv, loc, i, hub)
        served = [c for c in inv.clouds if inv.serves(hub, c)]
        for j, name in enumerate(hub.uplinks):
            central = clouds.get(name)
            if central is None:
                continue  # references reports the unknown name
            if central.phase != 3:
                yield loc.problem(
                    ("hubs", i, "uplinks", j),
                    f"hierarchical DMVPN needs phase 3, but uplink cloud '{name}' is phase "
                    f"{central.phase}",
                    "set phase: 3 on every cloud of the hierarchy",
                )
            for cloud in served:
                up.setdefault(cloud.name, set()).add(name)
                if cloud.phase != 3:
                    yield loc.problem(
                        ("clouds", index[cloud.name], "phase"),
                        f"regional cloud '{cloud.name}' under '{name}' is phase {cloud.phase}",
                        "hierarchical DMVPN needs phase 3 on every level (redirect and shortcut)",
                    )
                if cloud.network_id != central.network_id:
                    yield loc.problem(
                        ("clouds", index[cloud.name], "network_id"),
                        f"regional cloud '{cloud.name}' has NHRP network-id {cloud.network_id} "
                        f"but its uplink cloud '{name}' has {central.network_id}",
                        "NHRP forwards resolution requests only between tunnels of one "
                        "network-id: use the same id on every level so regions reach each other "
                        "directly",
                    )
        if not served and hub.uplinks:
            yield loc.problem(
                (*where, "uplinks"),
                f"regional hub '{hub.name}' serves no cloud of its own",
                "list it in a regional cloud's 'hubs' (or make it a spoke)",
            )
    for start in sorted(up):
        seen: set[str] = set()
        todo = sorted(up[start])
        while todo:
            name = todo.pop()
            if name == start:
                yield loc.problem(
                    ("clouds", index[start]),
                    f"cloud '{start}' is its own uplink through the hub hierarchy",
                    "regional hubs join a cloud one level up; the chain must end at a "
                    "central cloud",
                )
                break
            if name not in seen:
                seen.add(name)
                todo.extend(sorted(up.get(name, ())))


_UPLINK_SUMMARY_OTHER = "summarise at the central hub's 'summary' instead, or use EIGRP"
_UPLINK_SUMMARY_HINT = {
    "bgp": "drop it: with BGP the regional hub sends every specific of its region up "
    "(unsuppress-map on the uplink) and the central hub reflects them; only EIGRP renders "
    "a summary towards the central hub",
}


def _bgp_uplinks(inv: Inventory, loc: Locator, i: int, hub: Hub) -> Iterator[Problem]:
    """What a BGP hierarchy cannot carry: eBGP spokes, and a summary from the central hub."""
    routing = inv.routing
    if not hub.uplinks or not isinstance(routing, BgpRouting):
        return
    if routing.spoke_asn is not None:
        # the regional hub runs the hubs' AS, but the central hub's spoke group expects a
        # spoke AS: the uplink session never forms, and no eBGP hierarchy is rendered
        yield loc.problem(
            ("hubs", i, "uplinks"),
            f"regional hub '{hub.name}' with eBGP spokes (routing.spoke_asn "
            f"{routing.spoke_asn}): hierarchical DMVPN is rendered with iBGP only",
            "drop routing.spoke_asn (iBGP: every hub reflects for its spokes, the central hub "
            "for the regional hubs), or drop 'uplinks'",
        )


def _bgp_central_summary(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """A BGP uplink cloud with a summary: its regional hubs would hear the summary alone, and
    their own down-summary (and its Null0 route) would shadow it, hiding the other regions and
    the central site (check: NET060 on the regional spokes' services)."""
    if not isinstance(inv.routing, BgpRouting):
        return
    for j, cloud in enumerate(inv.clouds):
        regional = [h.name for h in inv.cloud_uplink_hubs(cloud)]
        if cloud.summary and regional:
            yield loc.problem(
                ("clouds", j, "summary"),
                f"uplink cloud '{cloud.name}' has a summary, but with BGP its regional hubs "
                f"({', '.join(regional)}) must learn every specific of the other regions and "
                "of the central site",
                "drop 'summary' on the central cloud: the central hub reflects the specifics "
                "to the regional hubs, and each regional hub summarises for its own spokes",
            )


def _preference(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    backups = [j for j, c in enumerate(inv.clouds) if c.backup]
    if backups and len(backups) == len(inv.clouds):
        yield loc.problem(
            ("clouds", backups[-1], "backup"),
            "every cloud is marked backup: there is no primary cloud to prefer",
            "set backup: true only on the cloud that should carry traffic when the others fail",
        )
    if not backups or not isinstance(inv.routing, BgpRouting):
        return
    for i, hub in enumerate(inv.hubs):
        served = [c for c in inv.clouds if inv.serves(hub, c)]
        if len({c.backup for c in served}) > 1:
            yield loc.problem(
                ("hubs", i, "name"),
                f"hub '{hub.name}' serves primary and backup clouds with one BGP peer-group: "
                "only the spokes apply the backup local-preference",
                "give primary and backup clouds their own hubs for symmetric preference",
                severity="warning",
            )


def _isolation(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    for i, spoke in enumerate(inv.spokes):
        if spoke.hub_only and not spoke.lan:
            yield loc.problem(
                ("spokes", i, "hub_only"),
                f"hub-only spoke '{spoke.name}' has no LAN to isolate",
                "add its LAN interfaces, or drop hub_only",
            )
        if spoke.hub_only and all(c.phase == 1 for c in inv.router_clouds(spoke)):
            yield loc.problem(
                ("spokes", i, "hub_only"),
                f"spoke '{spoke.name}' is hub-only already: its clouds are phase 1",
                "drop hub_only (phase 1 spokes never build spoke-to-spoke tunnels)",
                severity="warning",
            )
