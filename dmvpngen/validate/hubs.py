"""How hubs reach each other: a hub interconnect wherever clouds alone do not connect them.

A hub that summarises installs a discard route for the summary; spokes never carry routes between
hubs (EIGRP stubs, iBGP clients that do not reflect). So every hub must reach every other hub
through clouds both take part in (as NHS, or a regional hub's uplink), or over peering LANs
(``hub_peering``): one segment they share, or links into the data-centre core that connects them
(dmvpn-reference §6, "Any dual-hub design").
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.loader import Locator

__all__ = ["check", "hub_groups"]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Peering LANs on hubs only, and hubs that can reach each other."""
    for kind in ("hubs", "spokes"):
        for i, router in enumerate(getattr(inv, kind)):
            for j, lan in enumerate(router.lan):
                if not lan.hub_peering:
                    continue
                where = (kind, i, "lan", j, "hub_peering")
                if kind == "spokes":
                    yield loc.problem(
                        where,
                        f"spoke '{router.name}' cannot peer as a hub",
                        "drop 'hub_peering' (it marks a hub interconnect)",
                    )

    groups = hub_groups(inv)
    if len(groups) > 1:
        first = sorted(groups[0])
        for group in groups[1:]:
            hub = sorted(group)[0]
            index = next(i for i, h in enumerate(inv.hubs) if h.name == hub)
            yield loc.problem(
                ("hubs", index, "name"),
                f"hub '{hub}' has no routing path to hub '{first[0]}': they share no cloud and "
                "no peering LAN, spokes do not carry routes between hubs, and a hub's summary "
                "discards what it does not learn specifically",
                "give both hubs an interface on a shared data-centre LAN or core link with "
                "'hub_peering: true' (see docs/designs.md, 'How a dual-hub network is wired')",
            )


def hub_groups(inv: Inventory) -> list[set[str]]:
    """Hubs grouped by who can exchange routes with whom (shared clouds, peering LANs)."""
    parent = {h.name: h.name for h in inv.hubs}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for cloud in inv.clouds:
        members = [h.name for h in inv.cloud_hubs(cloud)]
        members += [h.name for h in inv.cloud_uplink_hubs(cloud)]
        for name in members[1:]:
            join(members[0], name)
    # hubs with a peering LAN reach each other: on one shared segment, or through the data-centre
    # core their peering links lead to (a core router the inventory does not describe)
    peering = [h.name for h in inv.hubs if any(lan.hub_peering for lan in h.lan)]
    for name in peering[1:]:
        join(peering[0], name)
    groups: dict[str, set[str]] = {}
    for hub in inv.hubs:
        groups.setdefault(find(hub.name), set()).add(hub.name)
    order = [h.name for h in inv.hubs]
    return sorted(groups.values(), key=lambda g: min(order.index(n) for n in g))
