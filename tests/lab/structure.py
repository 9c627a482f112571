"""Structural checks on exported lab files, read back from the files themselves."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from dmvpngen.lab.ifmap import MappingRow, remap_config
from dmvpngen.lab.nodes import NODE_TYPES
from dmvpngen.model import Inventory

_BY_CML = {t.cml: t for t in NODE_TYPES.values()}


def cml_problems(
    data: dict[str, Any], inventory: Inventory, configs: dict[str, str], mapping: list[MappingRow]
) -> list[str]:
    """Everything wrong with a CML topology: dangling links, unknown labels, wrong day-0 configs."""
    problems: list[str] = []
    nodes = {n["id"]: n for n in data["nodes"]}
    if len(nodes) != len(data["nodes"]):
        problems.append("duplicate node ids")
    labels = [n["label"] for n in data["nodes"]]
    if len(set(labels)) != len(labels):
        problems.append("duplicate node labels")
    used: set[tuple[str, str]] = set()
    for node in data["nodes"]:
        ntype = _BY_CML.get(node["node_definition"])
        if ntype is None:
            problems.append(f"{node['label']}: unknown node definition {node['node_definition']}")
            continue
        for intf in node["interfaces"]:
            if (
                intf["slot"] >= len(ntype.interfaces)
                or ntype.interfaces[intf["slot"]] != intf["label"]
            ):
                problems.append(
                    f"{node['label']}: {intf['label']} is not slot {intf['slot']} of {ntype.cml}"
                )
    for link in data["links"]:
        for n, i in ((link["n1"], link["i1"]), (link["n2"], link["i2"])):
            node = nodes.get(n)
            if node is None:
                problems.append(f"{link['id']}: no node {n}")
                continue
            if i not in {x["id"] for x in node["interfaces"]}:
                problems.append(f"{link['id']}: node {node['label']} has no interface {i}")
            if (n, i) in used:
                problems.append(f"{link['id']}: {node['label']} {i} cabled twice")
            used.add((n, i))
    by_label = {n["label"]: n for n in data["nodes"]}
    for router in [*inventory.hubs, *inventory.spokes]:
        node = by_label.get(router.name)
        if node is None:
            problems.append(f"{router.name}: no lab node")
            continue
        names = {
            r.inventory_name: r.lab_name
            for r in mapping
            if r.router == router.name and r.purpose != "management"
        }
        mgmt = [r for r in mapping if r.router == router.name and r.purpose == "management"]
        block = ""
        permit: tuple[str, str] | None = None
        if mgmt:
            address = _mgmt_address(node.get("configuration", ""), mgmt[0].lab_name)
            block = (
                f"interface {mgmt[0].lab_name}\n description lab management\n"
                f" ip address {address}\n no shutdown\n!\n"
            )
            acl = re.search(r"^ access-class (\S+) in", configs[router.name], re.MULTILINE)
            if acl:
                net = ipaddress.IPv4Interface(address.replace(" ", "/")).network
                permit = (acl.group(1), f" 5 permit {net.network_address} {net.hostmask}\n")
        if not day0_matches(
            node.get("configuration", ""), configs[router.name], names, block, permit
        ):
            problems.append(f"{router.name}: day-0 config is not the rendered config after mapping")
        for row in mapping:
            if row.router == router.name and row.lab_name not in {
                i["label"] for i in node["interfaces"]
            }:
                problems.append(f"{router.name}: mapped {row.lab_name} is not on the node")
    return problems


def _mgmt_address(day0: str, label: str) -> str:
    """The 'ip address A M' of the management stanza at the end of a day-0 config."""
    tail = day0.rsplit(f"interface {label}\n description lab management\n", 1)[-1]
    return tail.split("\n")[0].removeprefix(" ip address ")


def day0_matches(
    day0: str,
    rendered: str,
    mapping: dict[str, str],
    mgmt_block: str = "",
    permit: tuple[str, str] | None = None,
    bits: int = 2048,
) -> bool:
    """Day-0 is the rendered config after name mapping (plus the management stanza, if any, and
    ``permit`` = (ACL name, line) as the first entry of that vty ACL), with the router's SSH key
    pair generated just before the line that names it (2,048 bits unless the inventory says)."""
    expected = remap_config(rendered, mapping)
    named = re.search(r"^ip ssh rsa keypair-name (\S+)\n", expected, re.MULTILINE)
    if named is not None:
        generate = f"crypto key generate rsa general-keys label {named[1]} modulus {bits}\n"
        expected = expected.replace(named[0], generate + named[0], 1)
    if permit is not None:
        head = f"ip access-list standard {permit[0]}\n"
        assert head in expected
        expected = expected.replace(head, head + permit[1], 1)
    if mgmt_block:
        assert expected.endswith("end\n")
        expected = expected[: -len("end\n")] + mgmt_block + "end\n"
    return day0 == expected


def links_connect(data: dict[str, Any], a: str, b: str) -> bool:
    """True when nodes labelled ``a`` and ``b`` share a link or a switch."""
    ids = {n["label"]: n["id"] for n in data["nodes"]}
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    neighbours: dict[str, set[str]] = {}
    for link in data["links"]:
        neighbours.setdefault(link["n1"], set()).add(link["n2"])
        neighbours.setdefault(link["n2"], set()).add(link["n1"])
    direct = neighbours.get(ids[a], set())
    if ids[b] in direct:
        return True
    return any(labels[s].startswith("sw-") and ids[b] in neighbours.get(s, set()) for s in direct)
