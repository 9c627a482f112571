"""GNS3 2.2 and 3.x controllers, one driver above the two API lines of :mod:`gns3_api`.

``lab up`` builds the project call by call, the same on both lines (``{v}`` = ``v2`` or ``v3``):
``GET /{v}/templates`` (images come from the server's templates), ``GET /{v}/projects`` (find by
name), ``POST /{v}/projects``, ``POST /{v}/projects/{id}/nodes`` per node,
``POST /{v}/projects/{id}/links`` per link, ``POST``/``GET
/{v}/projects/{id}/nodes/{node}/files/{name}`` per day-0 file (read back and compared byte for
byte), ``POST /{v}/projects/{id}/nodes/start`` (on a refusal, each node's own ``start`` to say
which node refused what), ``GET /{v}/projects/{id}/nodes`` (``status``),
``POST /{v}/projects/{id}/open``, ``.../nodes/stop``, ``DELETE /{v}/projects/{id}``. A build that
fails part-way deletes the project it made, so nothing is left behind.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from dmvpngen.lab.drivers.gns3_api import Gns3Api, connect
from dmvpngen.lab.drivers.redact import ControllerError

__all__ = ["Gns3Driver", "apply_templates"]

# Template keys that describe the template itself rather than a node made from it.
_TEMPLATE_ONLY = {
    "template_id",
    "name",
    "template_type",
    "category",
    "builtin",
    "default_name_format",
    "symbol",
    "compute_id",
    "usage",
    "console_auto_start",
    "first_port_name",
    "port_name_format",
    "port_segment_size",
    "custom_adapters",
    "created_at",  # 3.x template bookkeeping
    "updated_at",
    "version",
}
_MAX_KEYS = {"adapters", "ethernet_adapters"}  # keep the lab's count when it needs more NICs
_LAB_KEYS = {"create_config_disk"}  # the lab's day-0 config travels on the config disk


def apply_templates(
    project: dict[str, Any],
    kinds: Mapping[str, str],
    templates: list[dict[str, Any]],
    names: Mapping[str, str],
) -> dict[str, Any]:
    """Fill image settings of qemu/IOU nodes from the server's templates.

    ``kinds`` maps node name -> lab node kind; ``names`` maps kind -> template name. A missing
    template is an error listing what the server has.
    """
    by_name = {t.get("name"): t for t in templates if isinstance(t, dict)}
    out: dict[str, Any] = json.loads(json.dumps(project))  # a deep copy
    for node in out["topology"]["nodes"]:
        if node["node_type"] not in {"qemu", "iou"}:
            continue
        wanted = names[kinds[node["name"]]]
        template = by_name.get(wanted)
        if template is None:
            have = (
                ", ".join(
                    sorted(
                        str(t.get("name"))
                        for t in templates
                        if t.get("template_type") == node["node_type"]
                    )
                )
                or "none"
            )
            raise ControllerError(
                f"no GNS3 template named '{wanted}' for node {node['name']} "
                f"(the server has {node['node_type']} templates: {have}); "
                f"name yours with --gns3-template {kinds[node['name']]}=NAME"
            )
        props = node["properties"]
        for key, value in template.items():
            if key in _TEMPLATE_ONLY or key in _LAB_KEYS or value in (None, ""):
                continue  # an unset template value (3.x sends mac_address "") keeps the default
            if key in _MAX_KEYS and isinstance(value, int):
                props[key] = max(value, int(props.get(key, 0)))
            else:
                props[key] = value
        node["template_id"] = template.get("template_id")
        for key in ("first_port_name", "port_name_format", "port_segment_size"):
            if key in template:
                node[key] = template[key]
    return out


class Gns3Driver:
    """One connection to a GNS3 controller, whichever API line it speaks."""

    def __init__(self, url: str, username: str = "", password: str = "", **options: Any) -> None:
        """Connect as :func:`connect` does (``verify_tls``, ``timeout``)."""
        self.api: Gns3Api = connect(url, username, password, **options)
        self.version = self.api.version

    def templates(self) -> list[dict[str, Any]]:
        """Every template on the server."""
        return self.api.get_list("templates", "name")

    def find(self, name: str) -> list[str]:
        """Ids of projects called ``name`` (sorted)."""
        projects = self.api.get_list("projects", "project_id", "name")
        return sorted(str(p["project_id"]) for p in projects if p["name"] == name)

    def create(self, project: dict[str, Any], files: Mapping[str, bytes]) -> str:
        """Build ``project`` (a ``.gns3`` dict) node by node with its day-0 ``files``; its id.

        ``files`` maps ``project-files/<type>/<node id>/<name>`` to bytes, as
        :func:`dmvpngen.lab.export.gns3.gns3_files` writes them; each is uploaded into its
        node and read back. On any refusal the half-built project is deleted.
        """
        made = self.api.post_object(
            "projects",
            {"name": project["name"], "project_id": project["project_id"]},
            "project_id",
        )
        project_id = str(made["project_id"])
        try:
            self._fill(project_id, project, files)
        except ControllerError:
            self._delete_quietly(project_id)
            raise
        return project_id

    def _fill(self, project_id: str, project: dict[str, Any], files: Mapping[str, bytes]) -> None:
        base = f"projects/{project_id}"
        topology = project["topology"]
        node_ids: dict[str, str] = {}
        for node in topology["nodes"]:
            try:  # the exporter's fixed node ids are kept, which keeps 'lab up' repeatable
                made = self.api.post_object(f"{base}/nodes", node, "node_id")
            except ControllerError as exc:
                raise ControllerError(f"node {node['name']}: {exc}", exc.status) from None
            node_ids[node["node_id"]] = str(made["node_id"])
        names = {node["node_id"]: node["name"] for node in topology["nodes"]}
        for link in topology["links"]:
            ends = [{**end, "node_id": node_ids[end["node_id"]]} for end in link["nodes"]]
            try:
                self.api.post_object(f"{base}/links", {"nodes": ends}, "link_id")
            except ControllerError as exc:
                pair = " <-> ".join(names[end["node_id"]] for end in link["nodes"])
                raise ControllerError(f"link {pair}: {exc}", exc.status) from None
        for rel in sorted(files):
            parts = rel.split("/")
            if parts[0] != "project-files" or len(parts) != 4 or parts[2] not in node_ids:
                continue
            self._upload(base, node_ids[parts[2]], names[parts[2]], parts[3], files[rel])

    def _upload(self, base: str, node_id: str, node: str, name: str, data: bytes) -> None:
        path = f"{base}/nodes/{node_id}/files/{name}"
        self.api.call("POST", path, data=data)
        stored = self.api.call("GET", path, raw=True)
        if stored != data:
            raise ControllerError(
                f"{self.api.where('GET', path)}: node {node}: the controller stored "
                f"{len(stored)} bytes of {name}, not the {len(data)} bytes sent"
            )

    def read_file(self, project_id: str, node_id: str, name: str) -> bytes:
        """A file of a node's directory, as the controller has it."""
        answer = self.api.call(
            "GET", f"projects/{project_id}/nodes/{node_id}/files/{name}", raw=True
        )
        return bytes(answer)

    def import_project(self, project_id: str, name: str, archive: bytes) -> str:
        """Import a portable project archive under ``project_id``; the id GNS3 answers with."""
        path = f"projects/{project_id}/import"
        answer = self.api.call(
            "POST",
            path,
            data=archive,
            content_type="application/gns3project",
            params={"name": name},
        )
        return str(self.api.obj(answer, "POST", path, "project_id")["project_id"])

    def start(self, project_id: str) -> None:
        """Start every node; a refusal names each node that refused and why."""
        try:
            self.api.call("POST", f"projects/{project_id}/nodes/start")
            return
        except ControllerError as exc:
            if exc.status is None:
                raise
        refused = []
        nodes = self.api.get_list(f"projects/{project_id}/nodes", "node_id", "name")
        for node in sorted(nodes, key=lambda n: str(n["name"])):
            try:
                self.api.start_node(project_id, str(node["node_id"]))
            except ControllerError as exc:
                reason = str(exc).split(": HTTP ", 1)[-1]
                refused.append(f"{node['name']}: {reason}")
        if refused:
            raise ControllerError(
                f"GNS3 {self.version} refused to start {len(refused)} of {len(nodes)} nodes: "
                + "; ".join(refused)
            )

    def nodes(self, project_id: str) -> list[tuple[str, str]]:
        """(name, status) of every node, sorted by name."""
        nodes = self.api.get_list(f"projects/{project_id}/nodes", "name")
        return sorted((str(n["name"]), str(n.get("status", "?"))) for n in nodes)

    def wait_started(
        self,
        project_id: str,
        timeout: float,
        *,
        interval: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> bool:
        """Poll until every node reports ``started`` or ``timeout`` seconds pass."""
        deadline = clock() + timeout
        while not all(status == "started" for _, status in self.nodes(project_id)):
            if clock() >= deadline:
                return False
            sleep(interval)
        return True

    def remove(self, project_id: str) -> None:
        """Stop every node and delete the project (opened first: a closed one has no nodes)."""
        self.api.call("POST", f"projects/{project_id}/open")
        self.api.call("POST", f"projects/{project_id}/nodes/stop")
        self.api.call("DELETE", f"projects/{project_id}")

    def _delete_quietly(self, project_id: str) -> None:
        with contextlib.suppress(ControllerError):  # the build's own error is the one to report
            self.api.call("DELETE", f"projects/{project_id}")
