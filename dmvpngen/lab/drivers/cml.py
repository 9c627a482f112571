"""Cisco Modeling Labs 2.x through its REST API (``/api/v0``), the calls virl2-client makes.

``POST authenticate`` (JSON username/password -> token), ``GET labs`` and ``GET labs/{id}`` (find
the lab by title), ``POST import?title=`` (topology YAML body -> ``{"id": ...}``),
``PUT labs/{id}/start``, ``GET labs/{id}/check_if_converged`` (true once every node booted),
``GET labs/{id}/nodes?data=true`` (node states), ``PUT labs/{id}/stop``, ``PUT labs/{id}/wipe``,
``DELETE labs/{id}``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from dmvpngen.lab.drivers.http import ControllerError, HttpClient

__all__ = ["CmlDriver", "NodeState"]

NodeState = tuple[str, str]  # (label, state)


class CmlDriver:
    """One authenticated connection to a CML controller."""

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        verify_tls: bool = True,
        timeout: float = 60.0,
    ) -> None:
        base = url.rstrip("/")
        if not base.endswith("/api/v0"):
            base += "/api/v0"
        self.http = HttpClient(base, verify_tls=verify_tls, timeout=timeout)
        token = self.http.call(
            "POST", "authenticate", json_body={"username": username, "password": password}
        )
        if not isinstance(token, str) or not token:
            raise ControllerError("POST /api/v0/authenticate: no token in the answer")
        self.http.bearer(token)

    def find(self, title: str) -> list[str]:
        """Ids of the labs called ``title`` (sorted)."""
        found = []
        for lab_id in self.http.call("GET", "labs") or []:
            lab = self.http.call("GET", f"labs/{lab_id}") or {}
            if lab.get("lab_title") == title or lab.get("title") == title:
                found.append(str(lab_id))
        return sorted(found)

    def import_lab(self, topology_yaml: str, title: str) -> str:
        """Create the lab from its topology YAML; its id."""
        answer = self.http.call(
            "POST",
            "import",
            data=topology_yaml.encode(),
            content_type="application/x-yaml",
            params={"title": title},
        )
        lab_id = answer.get("id") if isinstance(answer, dict) else None
        if not lab_id:
            raise ControllerError("POST /api/v0/import: no lab id in the answer")
        return str(lab_id)

    def start(self, lab_id: str) -> None:
        """Start every node and link."""
        self.http.call("PUT", f"labs/{lab_id}/start")

    def converged(self, lab_id: str) -> bool:
        """True once every node has booted."""
        return bool(self.http.call("GET", f"labs/{lab_id}/check_if_converged"))

    def nodes(self, lab_id: str) -> list[NodeState]:
        """(label, state) of every node, sorted by label."""
        data = self.http.call("GET", f"labs/{lab_id}/nodes", params={"data": "true"}) or []
        # Controllers before 2.4 ignore data=true and answer with bare node ids.
        return sorted(
            (str(n.get("label", n.get("id"))), str(n.get("state", "?")))
            if isinstance(n, dict)
            else (str(n), "?")
            for n in data
        )

    def wait_booted(
        self,
        lab_id: str,
        timeout: float,
        *,
        interval: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> bool:
        """Poll until converged or ``timeout`` seconds pass; whether it converged."""
        deadline = clock() + timeout
        while not self.converged(lab_id):
            if clock() >= deadline:
                return False
            sleep(interval)
        return True

    def remove(self, lab_id: str) -> None:
        """Stop, wipe and delete a lab."""
        self.http.call("PUT", f"labs/{lab_id}/stop")
        self.http.call("PUT", f"labs/{lab_id}/wipe")
        self.http.call("DELETE", f"labs/{lab_id}")
