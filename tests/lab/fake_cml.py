"""A CML 2.x controller double on 127.0.0.1 answering the calls virl2-client makes.

The calls and answer shapes follow virl2-client's own source (``ClientLibrary.__init__``,
``find_labs_by_title``, ``import_lab``, ``Lab.sync``/``sync_states``/``start``/``stop``/``wipe``/
``remove``, ``Node.console_logs``): ``GET system_information``, ``POST authenticate`` (a JSON
string token), ``GET authok``, ``GET populate_lab_tiles``, ``GET labs/{id}/topology`` (nodes with
their interfaces, links by ``interface_a``/``interface_b``), ``POST import?title=``,
``PUT labs/{id}/start|stop|wipe``, ``GET labs/{id}/check_if_converged``,
``GET labs/{id}/lab_element_state``, ``GET labs/{id}/nodes/{node}/consoles/0/log``,
``DELETE labs/{id}``. A real CML keeps its own UUIDs; this one keeps the file's ids.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from tests.lab.fake_controllers import _Handler

_NODE_KEYS = ("ram", "cpus", "cpu_limit", "data_volume", "boot_disk_size", "image_definition")


def _api_topology(lab_id: str, title: str, topo: dict[str, Any]) -> dict[str, Any]:
    """The import file as ``GET labs/{id}/topology`` answers it."""
    nodes = []
    for node in topo["nodes"]:
        entry = {key: node.get(key) for key in _NODE_KEYS}
        entry.update(
            id=node["id"],
            label=node["label"],
            node_definition=node["node_definition"],
            configuration=node.get("configuration"),
            x=node["x"],
            y=node["y"],
            tags=node.get("tags", []),
            hide_links=False,
            interfaces=[
                {**i, "id": f"{node['id']}-{i['id']}", "node": node["id"]}
                for i in node["interfaces"]
            ],
        )
        nodes.append(entry)
    links = [
        {
            "id": link["id"],
            "interface_a": f"{link['n1']}-{link['i1']}",
            "interface_b": f"{link['n2']}-{link['i2']}",
            "label": link.get("label"),
        }
        for link in topo["links"]
    ]
    lab = {**topo["lab"], "title": title, "owner": "00000000-0000-4000-a000-000000000000"}
    return {"lab": lab, "lab_id": lab_id, "nodes": nodes, "links": links}


class CmlHandler(_Handler):
    """CML 2.x: token from POST authenticate, bearer token on every other call."""

    TOKEN = "tok-123"

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, Any]:
        st = self.state
        assert path.startswith("/api/v0/")
        rel = path[len("/api/v0/") :]
        if rel == "system_information":
            return 200, {"version": st.cml_version, "ready": True}
        if rel == "authenticate" and method == "POST":
            creds = json.loads(body)
            if creds == {"username": "admin", "password": "s3cret"}:
                return 200, self.TOKEN
            return 403, {"description": "Authentication failed!", "code": 403}
        if self.headers.get("Authorization") != f"Bearer {self.TOKEN}":
            return 401, {"description": "No authentication token provided", "code": 401}
        parts = rel.split("/")
        if rel == "authok":
            return 200, None
        if rel == "populate_lab_tiles":
            tiles = {
                i: {"lab_title": lab["title"], "state": lab["state"]} for i, lab in st.labs.items()
            }
            return 200, {"lab_tiles": tiles}
        if rel == "import" and method == "POST":
            topo = yaml.safe_load(body)
            if not {"lab", "nodes", "links"} <= set(topo):
                return 400, {"description": "bad topology", "code": 400}
            st.counter += 1
            lab_id = f"lab{st.counter}"
            title = query["title"][0]
            st.labs[lab_id] = {"title": title, "topology": topo, "state": "DEFINED_ON_CORE"}
            st.labs[lab_id]["polls"] = 0
            return 200, {"id": lab_id, "warnings": []}
        lab = st.labs.get(parts[1])
        if lab is None:
            return 404, {"description": f"Lab not found: {parts[1]}", "code": 404}
        if len(parts) == 2 and method == "DELETE":
            assert lab["state"] == "DEFINED_ON_CORE", "CML removes only wiped labs"
            del st.labs[parts[1]]
            return 204, None
        action = parts[2]
        if action == "topology":
            return 200, _api_topology(parts[1], lab["title"], lab["topology"])
        if method == "PUT" and action in {"start", "stop", "wipe"}:
            if action == "wipe":
                assert lab["state"] == "STOPPED", "CML wipes only stopped labs"
            lab["state"] = {"start": "STARTED", "stop": "STOPPED", "wipe": "DEFINED_ON_CORE"}[
                action
            ]
            return 204, None
        booted = lab["state"] == "STARTED" and lab["polls"] >= st.converge_after
        if method == "GET" and action == "check_if_converged":
            lab["polls"] += lab["state"] == "STARTED"
            return 200, lab["state"] != "STARTED" or lab["polls"] >= st.converge_after
        if method == "GET" and action == "lab_element_state":
            state = "BOOTED" if booted else lab["state"]
            nodes = lab["topology"]["nodes"]
            return 200, {
                "nodes": {n["id"]: state for n in nodes},
                "interfaces": {
                    f"{n['id']}-{i['id']}": "STARTED" for n in nodes for i in n["interfaces"]
                },
                "links": {link["id"]: "STARTED" for link in lab["topology"]["links"]},
            }
        if method == "GET" and action == "nodes" and parts[4:7] == ["consoles", "0", "log"]:
            return 200, st.console
        return 404, {"description": "no such call", "code": 404}
