"""Clouds that share an NHRP network-id must be able to carry the shortcuts NHRP resolves.

One network-id across clouds (hierarchical DMVPN) lets a spoke of one cloud resolve a spoke of
another; the direct tunnel then only forms if both tunnels accept each other's GRE packets (the
same tunnel key, or none: a GRE packet is accepted only by a tunnel with its key), negotiate
IPsec with each other (one crypto profile), and run the same phase. NHRP authentication
strings are secrets: ``check`` compares them on the rendered configs.
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import Cloud, Inventory
from dmvpngen.model.loader import Locator

__all__ = ["check"]

# (field, what must agree, why)
_AGREE: tuple[tuple[str, str, str], ...] = (
    (
        "tunnel_key",
        "GRE tunnel key",
        "a GRE packet is accepted only by a tunnel with the same key (or both without one)",
    ),
    ("crypto", "crypto profile", "the two spokes must negotiate IPsec with each other"),
    ("phase", "phase", "shortcuts across clouds need phase 3 (redirect and shortcut) on all"),
)


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Clouds of one network-id agree on tunnel key, protection and phase."""
    first: dict[int, tuple[int, Cloud]] = {}
    for i, cloud in enumerate(inv.clouds):
        if cloud.network_id not in first:
            first[cloud.network_id] = (i, cloud)
            continue
        _j, ref = first[cloud.network_id]
        for field, what, why in _AGREE:
            mine, theirs = getattr(cloud, field), getattr(ref, field)
            if mine != theirs:
                shown = "none" if mine is None else mine
                other = "none" if theirs is None else theirs
                yield loc.problem(
                    ("clouds", i, field),
                    f"cloud '{cloud.name}' shares NHRP network-id {cloud.network_id} with "
                    f"'{ref.name}' but its {what} differs ({shown} vs {other}): shortcuts "
                    "between their spokes never carry traffic",
                    f"use the same {field} on every cloud of network-id {cloud.network_id} ({why})",
                )
