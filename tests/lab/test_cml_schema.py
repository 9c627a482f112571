"""Exported CML topology YAML against the CML 2.x lab topology schema (tests/data/cml; how it
was derived is in its ``$comment``), plus what a schema cannot say: ids unique, links between
existing interfaces, each interface used once."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import jsonschema
import pytest
import yaml

from dmvpngen.lab.build import build_lab
from dmvpngen.lab.export.cml import cml_yaml
from dmvpngen.lab.model import LabOptions
from dmvpngen.lab.nodes import RouterNode
from dmvpngen.lab.source import render_inventory
from tests.lab.helpers import REPO, load, stand_in_configs

SCHEMA = json.loads((REPO / "tests" / "data" / "cml" / "topology-schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
OPTIONS = [
    LabOptions(),
    LabOptions(xe_node=RouterNode.IOL_XE, lan_hosts=True, nat=frozenset({"branch3"})),
]


def _problems(topo: dict[str, Any]) -> list[str]:
    found = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(topo)]
    nodes = {n["id"]: n for n in topo.get("nodes", [])}
    if len(nodes) != len(topo["nodes"]):
        found.append("node ids repeat")
    labels = Counter(n["label"] for n in topo["nodes"])
    found += [f"label {label} repeats" for label, count in labels.items() if count > 1]
    ends: Counter[tuple[str, str]] = Counter()
    for link in topo["links"]:
        for n, i in (("n1", "i1"), ("n2", "i2")):
            node = nodes.get(link[n])
            if node is None or link[i] not in {x["id"] for x in node["interfaces"]}:
                found.append(f"link {link['id']}: no interface {link[i]} on {link[n]}")
            ends[(link[n], link[i])] += 1
    found += [f"{end} is cabled {count} times" for end, count in ends.items() if count > 1]
    return found


@pytest.mark.parametrize("options", OPTIONS, ids=["default", "iol-hosts-nat"])
def test_lab_mix_export_matches_the_schema(options: LabOptions) -> None:
    inv = load("lab-mix.yml")
    text = cml_yaml(build_lab(inv, stand_in_configs(inv), options))
    assert _problems(yaml.safe_load(text)) == []


EXAMPLES = ["phase3-single-hub-eigrp.yml", "dual-isp-fvrf-ibgp.yml", "dynamic-wan-nat-ospf.yml"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_rendered_inventories_export_matches_the_schema(name: str) -> None:
    network = render_inventory(REPO / "inventories" / name)
    topo = build_lab(network.inventory, network.configs, LabOptions(mgmt=None))
    assert _problems(yaml.safe_load(cml_yaml(topo))) == []


def test_the_schema_refuses_what_cml_would() -> None:
    inv = load("lab-mix.yml")
    good = yaml.safe_load(cml_yaml(build_lab(inv, stand_in_configs(inv), LabOptions())))
    bad = json.loads(json.dumps(good))
    del bad["nodes"][0]["node_definition"]
    bad["nodes"][1]["interfaces"][0]["type"] = "ethernet"
    bad["links"][0]["i2"] = "i99"
    bad["lab"]["version"] = "9.9"
    said = " ".join(_problems(bad))
    for word in ("node_definition", "'ethernet'", "i99", "9.9"):
        assert word in said, said
