"""GNS3 2.2 project: a ``.gns3`` JSON file plus each node's day-0 file under ``project-files/``.

Format (GNS3 "The GNS3 files" doc, file revision 9 = GNS3 2.2): ``{name, project_id, revision,
version, type: "topology", topology: {nodes, links, computes, drawings}}``; a node has
``node_id, node_type, name, compute_id, x, y, properties`` and a link ``nodes: [{node_id,
adapter_number, port_number}]``. Day-0 configs: qemu nodes (IOSv, CSR1000v, Catalyst 8000V) get
``config.zip`` holding the file the image reads at first boot, packed by GNS3 onto the node's
config disk (``create_config_disk``); IOL nodes get ``startup-config.cfg``; VPCS ``startup.vpc``.
Images are not named here: ``lab up --gns3`` copies them from the server's templates, named in
:data:`dmvpngen.lab.nodes.NODE_TYPES` (``gns3_template``), and a user opening the directory by
hand picks them when GNS3 asks.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

from dmvpngen.lab.export.guard import check_export
from dmvpngen.lab.model import LabNode, LabTopology
from dmvpngen.lab.nodes import node_type

__all__ = ["gns3_files", "gns3_project", "write_gns3"]

_NS = uuid.UUID("5b0c8a52-3c0e-4d7e-9a53-6b1f3c0d2e11")  # fixed: same inventory, same ids
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entry time, fixed so the archive bytes are stable

# Per node kind: properties a GNS3 template of that kind needs; the driver replaces them with the
# server template's own values.
_QEMU_DEFAULTS: dict[str, dict[str, Any]] = {
    "iosv": {"ram": 512, "adapter_type": "e1000"},
    "csr1000v": {"ram": 4096, "adapter_type": "vmxnet3"},
    "cat8000v": {"ram": 4096, "adapter_type": "vmxnet3"},
}
_SYMBOLS = {
    "qemu": ":/symbols/router.svg",
    "iou": ":/symbols/router.svg",
    "ethernet_switch": ":/symbols/ethernet_switch.svg",
    "cloud": ":/symbols/cloud.svg",
    "vpcs": ":/symbols/computer.svg",
}


def _uid(title: str, *parts: str) -> str:
    return str(uuid.uuid5(_NS, "/".join((title, *parts))))


def _properties(node: LabNode, slots: int) -> dict[str, Any]:
    ntype = node_type(node.kind)
    kind = ntype.gns3_node_type
    if kind == "qemu":
        return {
            **_QEMU_DEFAULTS[node.kind],
            "adapters": slots,
            "create_config_disk": True,
            "console_type": "telnet",
            "platform": "x86_64",
            "hda_disk_image": "",
        }
    if kind == "iou":
        return {
            "ethernet_adapters": -(-slots // 4),
            "serial_adapters": 0,
            "path": "",
            "use_default_iou_values": True,
        }
    if kind == "ethernet_switch":
        return {
            "ports_mapping": [
                {"name": f"Ethernet{i}", "port_number": i, "type": "access", "vlan": 1}
                for i in range(slots)
            ]
        }
    if kind == "cloud":
        return {
            "ports_mapping": [
                {
                    "interface": node.config,
                    "name": node.config,
                    "port_number": 0,
                    "type": "ethernet",
                }
            ]
        }
    return {}


def gns3_project(topo: LabTopology) -> dict[str, Any]:
    """The ``.gns3`` file content."""
    ids = {node.name: _uid(topo.title, "node", node.name) for node in topo.nodes}
    nodes = []
    for node in topo.nodes:
        ntype = node_type(node.kind)
        entry: dict[str, Any] = {"compute_id": "local"}
        if ntype.gns3_node_type not in {"ethernet_switch", "cloud"}:  # those have no console
            entry["console_type"] = "telnet"
        nodes.append(
            {
                **entry,
                "name": node.name,
                "node_id": ids[node.name],
                "node_type": ntype.gns3_node_type,
                "properties": _properties(node, node.slot_count()),
                "symbol": _SYMBOLS[ntype.gns3_node_type],
                "x": node.x,
                "y": node.y,
                "z": 1,
            }
        )
    links = []
    for index, link in enumerate(topo.links):
        ends = []
        for name, label in ((link.a_node, link.a_intf), (link.b_node, link.b_intf)):
            node = topo.node(name)
            adapter, port = node_type(node.kind).gns3_port(node.slot_of(label))
            ends.append({"adapter_number": adapter, "node_id": ids[name], "port_number": port})
        links.append(
            {
                "filters": {},
                "link_id": _uid(topo.title, "link", str(index)),
                "nodes": ends,
                "suspend": False,
            }
        )
    project = {
        "auto_close": True,
        "auto_open": False,
        "auto_start": False,
        "name": topo.title,
        "project_id": _uid(topo.title, "project"),
        "revision": 9,
        "topology": {"computes": [], "drawings": [], "links": links, "nodes": nodes},
        "type": "topology",
        "version": "2.2.0",
    }
    check_export(project, "GNS3 project export")
    return project


def _zip_one(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, text)
    return buffer.getvalue()


def _vpcs(node: LabNode) -> str:
    return f"set pcname {node.name}\nip {node.host_address} {node.host_gateway}\n"


def gns3_files(topo: LabTopology) -> dict[str, bytes]:
    """Every file of the project directory: relative path -> bytes."""
    project = gns3_project(topo)
    check_export(
        {"nodes": [{"name": n.name, "config": n.config} for n in topo.nodes]},
        "GNS3 project export",
    )
    files = {f"{topo.title}.gns3": (json.dumps(project, indent=4, sort_keys=True) + "\n").encode()}
    for gnode in project["topology"]["nodes"]:
        node = topo.node(gnode["name"])
        ntype = node_type(node.kind)
        base = f"project-files/{ntype.gns3_node_type}/{gnode['node_id']}"
        if ntype.gns3_node_type == "qemu":
            files[f"{base}/config.zip"] = _zip_one(ntype.gns3_day0, node.config)
        elif ntype.gns3_node_type == "iou":
            files[f"{base}/{ntype.gns3_day0}"] = node.config.encode()
        elif ntype.gns3_node_type == "vpcs":
            files[f"{base}/{ntype.gns3_day0}"] = _vpcs(node).encode()
        if node.role in {"hub", "spoke", "isp", "nat"}:
            files[f"configs/{node.name}.cfg"] = node.config.encode()  # for reading, not loading
    return files


def write_gns3(topo: LabTopology, directory: Path) -> list[Path]:
    """Write the project into ``directory``; only files whose bytes changed are rewritten."""
    written = []
    for rel, data in sorted(gns3_files(topo).items()):
        path = directory / rel
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
