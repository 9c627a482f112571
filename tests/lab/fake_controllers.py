"""Local HTTP servers on 127.0.0.1 that answer like CML 2.x (``/api/v0``) and GNS3 2.2 (``/v2``).

They implement only the calls dmvpngen makes (for CML, the calls virl2-client itself makes, read
from its source), with the request and answer shapes of the published APIs, and keep a log of
every request so tests can check the exchange. Real GNS3 controllers are driven in
test_gns3_real.py; this GNS3 double stays for what they cannot show here: nodes that start.
``state.overrides`` replaces the answer to one call, for answers of the wrong shape.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit


class _State:
    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []
        self.labs: dict[str, dict[str, Any]] = {}
        self.converge_after = 2
        self.counter = 0
        self.overrides: dict[tuple[str, str], tuple[int, Any]] = {}
        self.cml_version = "2.7.2"
        self.console = "%SYS-5-RESTART: System restarted\nRouter>"


class _Handler(BaseHTTPRequestHandler):
    state: _State
    server_version = "fake"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, code: int, body: Any = None) -> None:
        kind = "text/html" if isinstance(body, bytes) else "application/json"
        raw = (
            body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        )
        self.send_response(code)
        self.send_header("Content-Type", kind)
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
            if (method, url.path) in self.state.overrides:
                code, answer = self.state.overrides[(method, url.path)]
            else:
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


class Gns3Handler(_Handler):
    """GNS3 2.2 controller: optional basic auth, templates, a project built call by call."""

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
        if path == "/v3/version":
            return 404, {"message": "404: Not Found"}
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
        if parts == ["projects"] and method == "POST":
            made = json.loads(body)
            pid = made["project_id"]
            st.labs[pid] = {"name": made["name"], "status": "opened", "nodes": {}, "links": []}
            st.labs[pid]["files"] = {}
            return 201, {**made, "status": "opened"}
        pid = parts[1]
        lab = st.labs[pid]
        rest = parts[2:]
        if rest == [] and method == "DELETE":
            del st.labs[pid]
            return 204, None
        if rest == ["open"]:
            lab["status"] = "opened"
            return 201, {"project_id": pid, "status": "opened"}
        if rest == ["nodes"] and method == "POST":
            node = json.loads(body)
            lab["nodes"][node["node_id"]] = {**node, "status": "stopped"}
            return 201, lab["nodes"][node["node_id"]]
        if rest == ["links"] and method == "POST":
            link = json.loads(body)
            assert all(end["node_id"] in lab["nodes"] for end in link["nodes"])
            lab["links"].append(link)
            return 201, {**link, "link_id": f"l{len(lab['links'])}"}
        if rest[:1] == ["nodes"] and rest[2:3] == ["files"]:
            key = (rest[1], "/".join(rest[3:]))
            if method == "POST":
                lab["files"][key] = body
                return 201, None
            return 200, lab["files"][key]
        if rest in (["nodes", "start"], ["nodes", "stop"]):
            assert lab["status"] == "opened"
            for node in lab["nodes"].values():
                node["status"] = "started" if rest[1] == "start" else "stopped"
            return 204, None
        if rest == ["nodes"] and method == "GET":
            return 200, sorted(lab["nodes"].values(), key=lambda n: str(n["name"]))
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
