"""Semantic validation: everything pydantic cannot see from one field alone.

Each check module exposes ``check(inv, loc) -> Iterable[Problem]``; all problems are collected and
reported together, sorted by line.
"""

from __future__ import annotations

from dmvpngen.errors import Problem
from dmvpngen.model.loader import LoadedInventory
from dmvpngen.validate import (
    addressing,
    bootstrap,
    crypto,
    design,
    hubs,
    ipv6_addressing,
    ipv6_design,
    ipv6_only,
    ipv6_transport,
    management,
    monitoring,
    multicast,
    qos,
    references,
    routing,
    shortcuts,
    topology,
    underlay,
    vrf,
)

__all__ = ["validate_inventory"]

_CHECKS = (
    references.check,
    addressing.check,
    design.check,
    crypto.check,
    bootstrap.check,
    underlay.check,
    topology.check,
    hubs.check,
    shortcuts.check,
    routing.check,
    qos.check,
    management.check,
    monitoring.check,
    vrf.check,
    multicast.check,
    ipv6_addressing.check,
    ipv6_design.check,
    ipv6_transport.check,
    ipv6_only.check,
)


def validate_inventory(loaded: LoadedInventory) -> list[Problem]:
    """Every semantic problem (errors and warnings) of ``loaded``, sorted by line."""
    problems: list[Problem] = []
    for check in _CHECKS:
        problems.extend(check(loaded.inventory, loaded.locator))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.message))
