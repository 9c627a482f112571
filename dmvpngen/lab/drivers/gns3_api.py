"""The two GNS3 controller API lines, behind one small interface.

GNS3 2.2 serves ``/v2`` with optional HTTP basic authentication; GNS3 3.x serves ``/v3`` and
wants a JWT from ``POST /v3/access/users/authenticate`` (default user admin/admin) as a bearer
token on every call but ``GET /v3/version``. Both take the same project, node, link and node-file
calls under their prefix (GNS3 API docs, "Endpoints" of each line). :func:`connect` asks
``/v3/version`` first, then ``/v2/version``, and returns the adapter the controller speaks.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.lab.drivers.http import ControllerError, HttpClient
from dmvpngen.lab.drivers.redact import expect_list, expect_object

__all__ = ["Gns3Api", "Gns3V2", "Gns3V3", "connect"]


class Gns3Api:
    """Calls common to both lines; subclasses log in and fill in what differs."""

    prefix = ""

    def __init__(self, http: HttpClient, version: str) -> None:
        self.http = http
        self.version = version

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One call under the line's prefix."""
        return self.http.call(method, path, **kwargs)

    def where(self, method: str, path: str) -> str:
        """``METHOD /vN/path`` for messages."""
        return self.http.where(method, path)

    def obj(self, answer: Any, method: str, path: str, *keys: str) -> dict[str, Any]:
        """The answer as an object with ``keys``, else a :class:`ControllerError`."""
        return expect_object(answer, self.where(method, path), *keys, secrets=self.http.secrets)

    def objects(self, answer: Any, method: str, path: str, *keys: str) -> list[dict[str, Any]]:
        """The answer as a list of objects with ``keys``, else a :class:`ControllerError`."""
        return expect_list(answer, self.where(method, path), *keys, secrets=self.http.secrets)

    def get_list(self, path: str, *keys: str) -> list[dict[str, Any]]:
        """``GET path``, checked to be a list of objects holding ``keys``."""
        return self.objects(self.call("GET", path), "GET", path, *keys)

    def post_object(self, path: str, body: dict[str, Any], *keys: str) -> dict[str, Any]:
        """``POST path`` with a JSON body, the answer checked to hold ``keys``."""
        return self.obj(self.call("POST", path, json_body=body), "POST", path, *keys)

    def start_node(self, project_id: str, node_id: str) -> None:
        """Start one node."""
        self.call("POST", f"projects/{project_id}/nodes/{node_id}/start")


class Gns3V2(Gns3Api):
    """GNS3 2.2: ``/v2``, basic authentication when a user is given."""

    prefix = "v2"


class Gns3V3(Gns3Api):
    """GNS3 3.x: ``/v3``, JWT bearer token."""

    prefix = "v3"

    def login(self, username: str, password: str) -> None:
        """Get a JWT for the user and send it from now on."""
        self.http.secrets.add(password)
        path = "access/users/authenticate"
        answer = self.call("POST", path, json_body={"username": username, "password": password})
        token = self.obj(answer, "POST", path, "access_token")["access_token"]
        if not isinstance(token, str):
            raise ControllerError(f"{self.where('POST', path)}: the access token is not text")
        self.http.bearer(token)

    def start_node(self, project_id: str, node_id: str) -> None:
        """Start one node (3.x wants a JSON body, even an empty one)."""
        self.call("POST", f"projects/{project_id}/nodes/{node_id}/start", json_body={})


def _version(http: HttpClient, absent: tuple[int, ...] = (404,)) -> str | None:
    """The controller's version from ``GET version`` under ``http``; None when it has no such API
    (an HTTP status in ``absent``)."""
    try:
        answer = http.call("GET", "version")
    except ControllerError as exc:
        if exc.status in absent:
            return None
        raise
    data = expect_object(answer, http.where("GET", "version"), "version", secrets=http.secrets)
    return str(data["version"])


def connect(
    url: str,
    username: str = "",
    password: str = "",
    *,
    verify_tls: bool = True,
    timeout: float = 120.0,
) -> Gns3Api:
    """The adapter for the controller at ``url``: 3.x when ``/v3/version`` answers, else 2.2."""
    root = url.rstrip("/")
    for suffix in ("/v2", "/v3"):
        root = root.removesuffix(suffix)
    v3 = HttpClient(f"{root}/v3", verify_tls=verify_tls, timeout=timeout)
    v3.secrets.add(password)
    # 3.x answers /v3/version without authentication; 2.2 with basic auth on answers 401
    version = _version(v3, absent=(401, 404))
    if version is not None:
        api3 = Gns3V3(v3, version)
        if not username:
            raise ControllerError(
                f"GNS3 {version} at {root} needs a user: give --user/--password or set "
                "GNS3_USER/GNS3_PASSWORD (a new GNS3 3.x has admin/admin)"
            )
        api3.login(username, password)
        return api3
    v2 = HttpClient(f"{root}/v2", verify_tls=verify_tls, timeout=timeout)
    if username:
        v2.basic(username, password)
    v2.secrets.add(password)
    version = _version(v2)
    if version is None:
        raise ControllerError(
            f"GET {root}/v3/version and /v2/version: HTTP 404, not a GNS3 controller"
        )
    return Gns3V2(v2, version)
