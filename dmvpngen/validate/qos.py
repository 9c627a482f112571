"""Per-tunnel QoS: every NHRP group a spoke announces is mapped to a shaper on each of its hubs."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.loader import Locator

__all__ = ["check"]


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """QoS definition and NHRP group problems."""
    qos = inv.qos
    if qos is None:
        for i, spoke in enumerate(inv.spokes):
            if spoke.nhrp_group is not None:
                yield loc.problem(
                    ("spokes", i, "nhrp_group"),
                    f"spoke '{spoke.name}' announces NHRP group '{spoke.nhrp_group}' but the "
                    "inventory defines no 'qos'",
                    "add 'qos: {groups: [{name: ..., shape_kbps: ...}]}' or drop 'nhrp_group'",
                )
        return
    hub_names = {h.name for h in inv.hubs}
    groups: dict[str, int] = {}
    for j, group in enumerate(qos.groups):
        if group.name in groups:
            yield loc.problem(("qos", "groups", j, "name"), f"duplicate group '{group.name}'")
        groups.setdefault(group.name, j)
        for k, hub in enumerate(group.hubs or []):
            if hub not in hub_names:
                yield loc.problem(("qos", "groups", j, "hubs", k), f"unknown hub '{hub}'")
    yield from _check_classes(inv, loc)
    for i, spoke in enumerate(inv.spokes):
        if spoke.nhrp_group is None:
            continue
        where = ("spokes", i, "nhrp_group")
        if spoke.nhrp_group not in groups:
            yield loc.problem(
                where,
                f"unknown NHRP group '{spoke.nhrp_group}'",
                f"use one of: {', '.join(sorted(groups))}",
            )
            continue
        group = qos.groups[groups[spoke.nhrp_group]]
        for cloud in inv.router_clouds(spoke):
            for cloud_hub in inv.cloud_hubs(cloud):
                if group.hubs is not None and cloud_hub.name not in group.hubs:
                    yield loc.problem(
                        where,
                        f"hub '{cloud_hub.name}' of cloud '{cloud.name}' has no map for group "
                        f"'{group.name}': traffic to '{spoke.name}' would not be shaped",
                        f"add '{cloud_hub.name}' to qos.groups[{groups[group.name]}].hubs",
                    )


def _check_classes(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    assert inv.qos is not None
    names: set[str] = set()
    total = 0
    for j, cls in enumerate(inv.qos.classes):
        where = ("qos", "classes", j)
        if cls.name in names:
            yield loc.problem((*where, "name"), f"duplicate class '{cls.name}'")
        names.add(cls.name)
        if (cls.priority_percent is None) == (cls.bandwidth_percent is None):
            yield loc.problem(
                where,
                f"class '{cls.name}' needs exactly one of priority_percent or bandwidth_percent",
                "priority for voice (low latency), bandwidth for guaranteed data classes",
            )
        total += (cls.priority_percent or 0) + (cls.bandwidth_percent or 0)
    if total > 100:
        yield loc.problem(
            ("qos", "classes"),
            f"the classes reserve {total}% of the shaped rate",
            "keep the sum of priority and bandwidth percentages at 100 or less",
        )
