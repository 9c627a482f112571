"""CML 2.x lab topology YAML (the format of CML's "Import lab" and ``POST /api/v0/import``).

Shape: ``lab: {title, description, notes, version}``, ``nodes: [{id, label, node_definition, x, y,
configuration, tags, interfaces: [{id, label, slot, type}]}]``, ``links: [{id, n1, i1, n2, i2,
label}]``. Ids are positional (``n0``, ``i0``, ``l0``) so the same inventory gives the same file.
"""

from __future__ import annotations

from typing import Any

import yaml

from dmvpngen.lab.export.guard import check_export
from dmvpngen.lab.model import LabTopology
from dmvpngen.lab.nodes import node_type

__all__ = ["CML_SCHEMA_VERSION", "cml_topology", "cml_yaml"]

# Topology schema version written; CML 2.5 and later import it (newer controllers upgrade it).
CML_SCHEMA_VERSION = "0.2.2"


def cml_topology(topo: LabTopology) -> dict[str, Any]:
    """The topology as the plain data CML imports."""
    node_ids = {node.name: f"n{index}" for index, node in enumerate(topo.nodes)}
    nodes: list[dict[str, Any]] = []
    for node in topo.nodes:
        ntype = node_type(node.kind)
        interfaces = [
            {"id": f"i{slot}", "label": ntype.interfaces[slot], "slot": slot, "type": "physical"}
            for slot in range(node.slot_count())
        ]
        entry: dict[str, Any] = {
            "id": node_ids[node.name],
            "label": node.name,
            "node_definition": ntype.cml,
            "x": node.x,
            "y": node.y,
        }
        if node.config:
            entry["configuration"] = node.config
        entry["tags"] = [node.role]
        entry["interfaces"] = interfaces
        nodes.append(entry)
    links = []
    for index, link in enumerate(topo.links):
        a, b = topo.node(link.a_node), topo.node(link.b_node)
        links.append(
            {
                "id": f"l{index}",
                "n1": node_ids[a.name],
                "i1": f"i{a.slot_of(link.a_intf)}",
                "n2": node_ids[b.name],
                "i2": f"i{b.slot_of(link.b_intf)}",
                "label": f"{a.name}-{link.a_intf}<->{b.name}-{link.b_intf}",
            }
        )
    notes = "\n".join(f"- {note}" for note in topo.notes)
    return {
        "lab": {
            "title": topo.title,
            "description": topo.description,
            "notes": notes,
            "version": CML_SCHEMA_VERSION,
        },
        "nodes": nodes,
        "links": links,
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the day-0 configs) as literal blocks, readable in a diff."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def cml_yaml(topo: LabTopology) -> str:
    """The topology as CML lab YAML text."""
    data = cml_topology(topo)
    check_export(data, "CML lab export")
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=1000)
