"""GNS3 2.2 through its controller REST API (``/v2``).

Calls: ``GET /v2/version``, ``GET /v2/templates`` (images come from the server's templates),
``GET /v2/projects`` (find by name), ``POST /v2/projects/{id}/import?name=`` (a portable project
zip: ``project.gns3`` plus ``project-files/``), ``POST /v2/projects/{id}/open``,
``POST /v2/projects/{id}/nodes/start``, ``GET /v2/projects/{id}/nodes`` (``status``),
``POST /v2/projects/{id}/nodes/stop``, ``DELETE /v2/projects/{id}``.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from dmvpngen.lab.drivers.http import ControllerError, HttpClient

__all__ = ["Gns3Driver", "apply_templates", "portable_zip"]

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
    by_name = {t.get("name"): t for t in templates}
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
            if key in _TEMPLATE_ONLY or key in _LAB_KEYS:
                continue
            if key in _MAX_KEYS and isinstance(value, int):
                props[key] = max(value, int(props.get(key, 0)))
            else:
                props[key] = value
        node["template_id"] = template.get("template_id")
        for key in ("first_port_name", "port_name_format", "port_segment_size"):
            if key in template:
                node[key] = template[key]
    return out


def portable_zip(files: Mapping[str, bytes], project: dict[str, Any]) -> bytes:
    """A portable project archive: ``project.gns3`` plus the ``project-files/`` tree."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.gns3", json.dumps(project, indent=4, sort_keys=True))
        for rel in sorted(files):
            if rel.startswith("project-files/"):
                archive.writestr(rel, files[rel])
    return buffer.getvalue()


class Gns3Driver:
    """One connection to a GNS3 controller."""

    def __init__(
        self,
        url: str,
        username: str = "",
        password: str = "",
        *,
        verify_tls: bool = True,
        timeout: float = 120.0,
    ) -> None:
        base = url.rstrip("/")
        if not base.endswith("/v2"):
            base += "/v2"
        self.http = HttpClient(base, verify_tls=verify_tls, timeout=timeout)
        if username:
            self.http.basic(username, password)
        version = self.http.call("GET", "version")
        if not isinstance(version, dict) or "version" not in version:
            raise ControllerError("GET /v2/version: not a GNS3 controller answer")
        self.version = str(version["version"])

    def templates(self) -> list[dict[str, Any]]:
        """Every template on the server."""
        return list(self.http.call("GET", "templates") or [])

    def find(self, name: str) -> list[str]:
        """Ids of projects called ``name`` (sorted)."""
        return sorted(
            str(p["project_id"])
            for p in self.http.call("GET", "projects") or []
            if p.get("name") == name
        )

    def import_project(self, project_id: str, name: str, archive: bytes) -> str:
        """Import a portable project archive under ``project_id``; the id GNS3 answers with."""
        answer = self.http.call(
            "POST",
            f"projects/{project_id}/import",
            data=archive,
            content_type="application/gns3project",
            params={"name": name},
        )
        if not isinstance(answer, dict) or "project_id" not in answer:
            raise ControllerError(f"POST /v2/projects/{project_id}/import: no project in answer")
        return str(answer["project_id"])

    def start(self, project_id: str) -> None:
        """Open the project and start every node."""
        self.http.call("POST", f"projects/{project_id}/open")
        self.http.call("POST", f"projects/{project_id}/nodes/start")

    def nodes(self, project_id: str) -> list[tuple[str, str]]:
        """(name, status) of every node, sorted by name."""
        data = self.http.call("GET", f"projects/{project_id}/nodes") or []
        return sorted((str(n.get("name")), str(n.get("status", "?"))) for n in data)

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
        """Stop every node and delete the project."""
        self.http.call("POST", f"projects/{project_id}/nodes/stop")
        self.http.call("DELETE", f"projects/{project_id}")
