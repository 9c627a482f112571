"""Names that point at other objects must exist and be unique."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.loader import Locator

__all__ = ["check", "hierarchy_links"]


def hierarchy_links(inv: Inventory) -> set[frozenset[str]]:
    """Pairs of cloud names joined by a regional hub (its own cloud and its uplink cloud).

    Such clouds share one NHRP network-id on purpose: NHRP forwards resolution requests only
    between tunnels of the same network-id, so cross-region shortcuts need it.
    """
    pairs: set[frozenset[str]] = set()
    for hub in inv.hubs:
        for cloud in inv.clouds:
            if inv.serves(hub, cloud):
                pairs.update(frozenset((cloud.name, up)) for up in hub.uplinks)
    return pairs


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Unique names and valid cross references."""
    seen: dict[str, tuple[str | int, ...]] = {}
    routers = [("hubs", i, r) for i, r in enumerate(inv.hubs)] + [
        ("spokes", i, r) for i, r in enumerate(inv.spokes)
    ]
    for kind, i, router in routers:
        key = router.name.lower()
        if key in seen:
            first = seen[key]
            yield loc.problem(
                (kind, i, "name"),
                f"duplicate router name '{router.name}' (first at line {loc.line_of(first)})",
                "hostnames must be unique (case-insensitive): each router writes <name>.cfg",
            )
        else:
            seen[key] = (kind, i, "name")
    serials: dict[str, tuple[str | int, ...]] = {}
    for kind, i, router in routers:
        if router.serial is None:
            continue
        if router.serial.upper() in serials:
            first = serials[router.serial.upper()]
            yield loc.problem(
                (kind, i, "serial"),
                f"serial {router.serial} of '{router.name}' is also given at line "
                f"{loc.line_of(first)}",
                "one chassis is one router: push and verify check the serial 'show version' "
                "reports, so a copied serial refuses one of them",
            )
        else:
            serials[router.serial.upper()] = (kind, i, "serial")

    cloud_names: dict[str, int] = {}
    tunnels: dict[int, int] = {}
    net_ids: dict[int, int] = {}
    linked = hierarchy_links(inv)
    for i, cloud in enumerate(inv.clouds):
        if cloud.name in cloud_names:
            yield loc.problem(("clouds", i, "name"), f"duplicate cloud name '{cloud.name}'")
        cloud_names.setdefault(cloud.name, i)
        if cloud.tunnel in tunnels:
            other = inv.clouds[tunnels[cloud.tunnel]].name
            yield loc.problem(
                ("clouds", i, "tunnel"),
                f"Tunnel{cloud.tunnel} is already used by cloud '{other}'",
                "give each cloud its own tunnel interface number",
            )
        tunnels.setdefault(cloud.tunnel, i)
        if cloud.network_id in net_ids and (
            frozenset((inv.clouds[net_ids[cloud.network_id]].name, cloud.name)) not in linked
        ):
            other = inv.clouds[net_ids[cloud.network_id]].name
            yield loc.problem(
                ("clouds", i, "network_id"),
                f"NHRP network-id {cloud.network_id} is already used by cloud '{other}'",
                "keep one network-id per cloud so NHRP caches never mix",
            )
        net_ids.setdefault(cloud.network_id, i)
        if cloud.crypto not in inv.crypto_profiles:
            names = ", ".join(sorted(inv.crypto_profiles)) or "none defined"
            yield loc.problem(
                ("clouds", i, "crypto"),
                f"unknown crypto profile '{cloud.crypto}'",
                f"use one of: {names}",
            )
        hub_names = {h.name for h in inv.hubs}
        for j, name in enumerate(cloud.hubs or []):
            if name not in hub_names:
                yield loc.problem(
                    ("clouds", i, "hubs", j), f"unknown hub '{name}'", "list names from 'hubs:'"
                )
        if not inv.cloud_hubs(cloud):
            yield loc.problem(("clouds", i), f"cloud '{cloud.name}' has no hub")

    for i, spoke in enumerate(inv.spokes):
        for j, name in enumerate(spoke.clouds or []):
            if name not in cloud_names:
                yield loc.problem(
                    ("spokes", i, "clouds", j),
                    f"unknown cloud '{name}'",
                    f"use one of: {', '.join(sorted(cloud_names))}",
                )
        if spoke.clouds is not None and not spoke.clouds:
            yield loc.problem(("spokes", i, "clouds"), f"spoke '{spoke.name}' joins no cloud")
    for kind, i, router in routers:
        for name in router.tunnel_ips:
            if name not in cloud_names:
                yield loc.problem(
                    (kind, i, "tunnel_ips", name), f"tunnel_ips names unknown cloud '{name}'"
                )
    for i, hub in enumerate(inv.hubs):
        for j, name in enumerate(hub.uplinks):
            if name not in cloud_names:
                yield loc.problem(
                    ("hubs", i, "uplinks", j),
                    f"unknown cloud '{name}'",
                    f"use one of: {', '.join(sorted(cloud_names))}",
                )
            elif hub.name in (inv.clouds[cloud_names[name]].hubs or []):
                yield loc.problem(
                    ("hubs", i, "uplinks", j),
                    f"hub '{hub.name}' both serves and joins cloud '{name}' as a spoke",
                    "a regional hub is a spoke of the central cloud: drop it from that cloud's "
                    "'hubs'",
                )
        if not inv.router_clouds(hub):
            yield loc.problem(
                ("hubs", i, "name"), f"hub '{hub.name}' serves no cloud", severity="warning"
            )
