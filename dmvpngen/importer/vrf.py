"""The inside VRF of imported configs: one VRF on every DMVPN tunnel becomes ``overlay_vrf``.

Mixed VRFs (some tunnels global, or two inside VRFs) cannot be expressed by the model and stay
as notes, like other things it cannot hold.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.check.model import CloudReport
from dmvpngen.parse.facts import Device

__all__ = ["overlay_vrf_doc"]


def overlay_vrf_doc(
    clouds: list[CloudReport], devices: list[Device], notes: list[str]
) -> dict[str, Any] | None:
    """``overlay_vrf`` when every imported tunnel is in one VRF (removing the per-tunnel
    'inside VRF' notes it replaces), else None and the notes stay."""
    vrfs = {m.tunnel.vrf for c in clouds for m in c.members}
    if len(vrfs) != 1 or None in vrfs:
        return None
    name = vrfs.pop()
    assert name is not None
    doc: dict[str, Any] = {"name": name}
    # rd and description from the first router that defines the VRF (they are local values)
    for dev in devices:
        block = next((b for b in dev.blocks if b.text == f"vrf definition {name}"), None)
        if block is None:
            continue
        for child in block.children:
            words = child.text.split(maxsplit=1)
            if len(words) == 2 and words[0] in ("rd", "description"):
                doc.setdefault(words[0], words[1])
        break
    notes[:] = [n for n in notes if f": inside VRF '{name}' (" not in n]
    if any(d.bgp is not None and d.bgp.vrf == name and d.bgp.listen_ranges for d in devices):
        # imported field by field all the same, so the inventory says what the network runs
        notes.append(
            f"BGP hubs accept spokes by 'bgp listen range' in the inside VRF '{name}': dmvpngen "
            "validate refuses that form (Cisco documents no IPv4 listen range in a VRF) and "
            "renders one neighbour per spoke instead: drop routing.spoke_neighbors to generate "
            "configs (docs/designs.md, 'BGP in an inside VRF')"
        )
    return doc
