"""Management access: vty (SSH) sessions only from the prefixes the inventory declares.

A router's vty lines are its most exposed door. dmvpngen does not guess who may knock: the
inventory names the management prefixes (the NOC, the jump hosts) in ``management.ssh_allowed``,
and ``SSH-ACCESS`` (vty ``access-class``, ``login quiet-mode access-class``) permits those only.
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import Inventory
from dmvpngen.model.loader import Locator

__all__ = ["check"]

_EXAMPLE = "management: {ssh_allowed: [10.1.0.0/24]}"


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """An inventory without management prefixes, or with one that admits everybody."""
    allowed = inv.management.ssh_allowed
    if not allowed and not inv.ipv6_only:  # IPv6-only: ipv6_only asks for ssh_allowed_v6
        yield loc.problem(
            ("management", "ssh_allowed"),
            "no management prefixes: management.ssh_allowed is empty, so no vty (SSH) session "
            "could be admitted; dmvpngen does not open the lines to the sites by default",
            "declare the prefixes operators log in from (the NOC or jump-host subnet, usually "
            f"on a hub LAN), e.g. {_EXAMPLE}",
        )
    for i, prefix in enumerate(allowed):
        if prefix.prefixlen == 0:
            yield loc.problem(
                ("management", "ssh_allowed", i),
                f"management prefix {prefix} admits every address: the vty lines would take "
                "SSH sessions from the internet side too",
                "name the NOC or jump-host subnets instead",
            )
