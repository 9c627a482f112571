"""Local HTTP servers on 127.0.0.1 that answer like CML 2.x (``/api/v0``) and GNS3 2.2 (``/v2``).

They implement only the calls dmvpngen makes, with the request and answer shapes of the
published APIs (virl2-client's calls for CML, the GNS3 controller API for GNS3), and keep a log
of every request so tests can check the exchange.
"""

from __future__ import annotations

import base64
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import yaml


class _State:
    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []
        self.labs: dict[str, dict[str, Any]] = {}
        self.bodies: dict[str, bytes] = {}
        self.converge_after = 2
        self.counter = 0


class _Handler(BaseHTTPRequestHandler):
    state: _State
    server_version = "fake"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, code: int, body: Any = None) -> None:
        raw = b"" if body is None else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        self.state.log.append((method, url.path))
        body = self._body()
        try:
            code, answer = self.route(method, url.path, parse_qs(url.query), body)
        except KeyError:
            code, answer = 404, {"description": "not found"}
        self._send(code, answer)

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, Any]:
        raise NotImplementedError

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")


class CmlHandler(_Handler):
    """CML 2.x: token from POST authenticate, bearer token on every other call."""

    TOKEN = "tok-123"

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, Any]:
        st = self.state
        assert path.startswith("/api/v0/")
        rel = path[len("/api/v0/") :]
        if rel == "authenticate" and method == "POST":
            creds = json.loads(body)
            if creds == {"username": "admin", "password": "s3cret"}:
                return 200, self.TOKEN
            return 403, {"description": "Authentication failed!"}
        if self.headers.get("Authorization") != f"Bearer {self.TOKEN}":
            return 401, {"description": "No authentication token provided"}
        parts = rel.split("/")
        if rel == "labs" and method == "GET":
            return 200, sorted(st.labs)
        if rel == "import" and method == "POST":
            topo = yaml.safe_load(body)
            assert self.headers.get("Content-Type") == "application/x-yaml"
            if not {"lab", "nodes", "links"} <= set(topo):
                return 400, {"description": "bad topology"}
            st.counter += 1
            lab_id = f"lab{st.counter}"
            st.labs[lab_id] = {
                "title": query["title"][0],
                "topology": topo,
                "state": "DEFINED_ON_CORE",
                "polls": 0,
            }
            return 200, {"id": lab_id, "warnings": []}
        lab = st.labs[parts[1]]
        if len(parts) == 2 and method == "GET":
            return 200, {"id": parts[1], "lab_title": lab["title"], "state": lab["state"]}
        if len(parts) == 2 and method == "DELETE":
            del st.labs[parts[1]]
            return 204, None
        action = parts[2]
        if method == "PUT" and action in {"start", "stop", "wipe"}:
            lab["state"] = {"start": "STARTED", "stop": "STOPPED", "wipe": "DEFINED_ON_CORE"}[
                action
            ]
            return 204, None
        if method == "GET" and action == "check_if_converged":
            lab["polls"] += 1
            return 200, lab["state"] == "STARTED" and lab["polls"] >= st.converge_after
        if method == "GET" and action == "nodes":
            assert query.get("data") == ["true"]
            booted = lab["state"] == "STARTED" and lab["polls"] >= st.converge_after
            return 200, [
                {"id": n["id"], "label": n["label"], "state": "BOOTED" if booted else "STARTED"}
                for n in lab["topology"]["nodes"]
            ]
        return 404, {"description": "no such call"}


class Gns3Handler(_Handler):
    """GNS3 2.2 controller: optional basic auth, templates, portable project import."""

    USER = ("gns3", "pw")
    TEMPLATES: ClassVar[list[dict[str, Any]]] = [
        {
            "template_id": "t-iosv",
            "name": "Cisco IOSv",
            "template_type": "qemu",
            "hda_disk_image": "vios-adventerprisek9-m.spa.159-3.m6.qcow2",
            "hdb_disk_image": "IOSv_startup_config.img",
            "ram": 512,
            "adapters": 4,
            "adapter_type": "e1000",
            "port_name_format": "Gi0/{0}",
            "symbol": ":/symbols/router.svg",
        },
        {
            "template_id": "t-c8k",
            "name": "Cisco Catalyst 8000V",
            "template_type": "qemu",
            "hda_disk_image": "c8000v-universalk9_8G_serial.17.09.04a.qcow2",
            "ram": 4096,
            "adapters": 8,
            "adapter_type": "vmxnet3",
            "create_config_disk": False,
        },
        {
            "template_id": "t-sw",
            "name": "Ethernet switch",
            "template_type": "ethernet_switch",
            "builtin": True,
        },
    ]

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, Any]:
        st = self.state
        expected = "Basic " + base64.b64encode(":".join(self.USER).encode()).decode()
        if self.headers.get("Authorization") != expected:
            return 401, {"message": "401: Unauthorized"}
        assert path.startswith("/v2/")
        parts = path[len("/v2/") :].split("/")
        if parts == ["version"]:
            return 200, {"local": False, "version": "2.2.49"}
        if parts == ["templates"]:
            return 200, self.TEMPLATES
        if parts == ["projects"] and method == "GET":
            return 200, [
                {"project_id": pid, "name": p["name"], "status": p["status"]}
                for pid, p in sorted(st.labs.items())
            ]
        pid = parts[1]
        if parts[2:] == ["import"] and method == "POST":
            archive = zipfile.ZipFile(io.BytesIO(body))
            project = json.loads(archive.read("project.gns3"))
            st.bodies[pid] = body
            st.labs[pid] = {
                "name": query["name"][0],
                "status": "closed",
                "project": project,
                "files": sorted(archive.namelist()),
                "started": False,
            }
            return 201, {"project_id": pid, "name": query["name"][0], "status": "closed"}
        lab = st.labs[pid]
        if parts[2:] == [] and method == "DELETE":
            del st.labs[pid]
            return 204, None
        if parts[2:] == ["open"]:
            lab["status"] = "opened"
            return 201, {"project_id": pid, "status": "opened"}
        if parts[2:] == ["nodes", "start"]:
            assert lab["status"] == "opened"
            lab["started"] = True
            return 204, None
        if parts[2:] == ["nodes", "stop"]:
            lab["started"] = False
            return 204, None
        if parts[2:] == ["nodes"] and method == "GET":
            status = "started" if lab["started"] else "stopped"
            return 200, [
                {"name": n["name"], "node_id": n["node_id"], "status": status}
                for n in lab["project"]["topology"]["nodes"]
            ]
        return 404, {"message": "no such call"}


@contextmanager
def serve(handler: type[_Handler]) -> Iterator[tuple[str, _State]]:
    """Run ``handler`` on 127.0.0.1 (a free port) in a thread; yield its URL and state."""
    state = _State()
    cls = type("Bound", (handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), cls)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
