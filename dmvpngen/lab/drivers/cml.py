"""Cisco Modeling Labs 2.x through Cisco's own client library, ``virl2-client``.

virl2-client tracks the controller's REST API (``/api/v0``) across CML releases; the calls it
makes for us (after dmvpngen's own shape-checked ``GET system_information``):
``GET system_information`` (version check), ``POST authenticate``, ``GET authok``,
``GET populate_lab_tiles`` and ``GET labs/{id}/topology`` (find a lab by title),
``POST import?title=`` then ``GET labs/{id}/topology`` (import), ``PUT labs/{id}/start``,
``GET labs/{id}/check_if_converged``, ``GET labs/{id}/lab_element_state`` (node states),
``GET labs/{id}/nodes/{node}/consoles/0/log?lines=N`` (console), ``PUT labs/{id}/stop``,
``PUT labs/{id}/wipe`` (each followed by convergence checks), ``DELETE labs/{id}``.

virl2-client is imported when a driver is made, never at start-up. Whatever goes wrong inside
it (a refusal, an unreachable host, an answer of the wrong shape) becomes a
:class:`ControllerError` naming the call, with the request's secrets masked.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from dmvpngen.lab.drivers.http import HttpClient, error_detail
from dmvpngen.lab.drivers.redact import ControllerError, describe, expect_object, redact

__all__ = ["CmlDriver", "NodeState"]

NodeState = tuple[str, str]  # (label, state)

# virl2-client warns on its logger about plain-HTTP URLs and ports; the CLI reports for itself.
logging.getLogger("virl2_client").addHandler(logging.NullHandler())


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
        wait_time: float = 5.0,
        wait_iterations: int = 120,
    ) -> None:
        try:
            from virl2_client import ClientLibrary
        except ImportError:  # pragma: no cover - virl2-client comes with the lab extra
            raise ControllerError(
                "driving CML needs virl2-client: pip install 'dmvpngen[lab]'"
            ) from None
        self.secrets = {password}
        self._last = "connecting (GET system_information, POST authenticate, GET authok)"
        self._answer: Any = None  # the last response, once hooks are in place
        base = url.rstrip("/").removesuffix("/api/v0")
        self.version = self._probe(base, verify_tls, timeout)
        with self._calls():
            self.client = ClientLibrary(
                base,
                username,
                password,
                ssl_verify=verify_tls,
                raise_for_auth_failure=True,
                allow_http=base.startswith("http:"),
                convergence_wait_max_iter=wait_iterations,
                convergence_wait_time=wait_time,
            )
        token = getattr(self.client._session.auth, "_token", None)
        if not isinstance(token, str) or not token:
            raise ControllerError(
                f"POST {base}/api/v0/authenticate: expected a token, the controller answered "
                f"{describe(token, self.secrets)}"
            )
        self.secrets.add(token)
        self.client.auto_sync = False  # every sync below is asked for, so calls are predictable
        self.client._session.timeout = timeout
        self.client._session.event_hooks["request"].append(self._note)
        self.client._session.event_hooks["response"].append(self._keep)
        self._labs: dict[str, Any] = {}

    def _probe(self, base: str, verify_tls: bool, timeout: float) -> str:
        """The controller's version, asked first and shape-checked here: virl2-client reads it
        with ``.get`` and would fail on anything but an object without saying which call."""
        http = HttpClient(f"{base}/api/v0", verify_tls=verify_tls, timeout=timeout)
        http.secrets.update(self.secrets)
        where = http.where("GET", "system_information")
        info = expect_object(http.call("GET", "system_information"), where, "version")
        return str(info["version"])

    def _note(self, request: Any) -> None:
        self._last = f"{request.method} {request.url.path}"
        self._answer = None

    def _keep(self, response: Any) -> None:
        response.read()
        self._answer = response

    @contextmanager
    def _calls(self) -> Iterator[None]:
        """Turn virl2-client's and httpx's exceptions into :class:`ControllerError`."""
        import httpx
        from virl2_client.exceptions import VirlException

        try:
            yield
        except ControllerError:
            raise
        except httpx.HTTPStatusError as exc:
            where = f"{exc.request.method} {exc.request.url.path}"
            body = error_detail(exc.response.text)
            raise ControllerError(
                f"{where}: HTTP {exc.response.status_code} {redact(body, self.secrets)}".rstrip(),
                exc.response.status_code,
            ) from None
        except httpx.HTTPError as exc:
            reason = redact(str(exc) or type(exc).__name__, self.secrets)
            raise ControllerError(f"{self._last}: cannot reach the controller ({reason})") from None
        except RuntimeError as exc:  # virl2-client gave up waiting for convergence
            raise ControllerError(f"{self._last}: {redact(str(exc), self.secrets)}") from None
        except VirlException as exc:
            raise ControllerError(f"{self._last}: {redact(str(exc), self.secrets)}") from None
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            # virl2-client indexes answers as the API documents them; anything else lands here
            raise ControllerError(self._unexpected(exc), _status(_response_of(exc))) from None

    def _unexpected(self, exc: BaseException) -> str:
        """Which call answered what, for an answer virl2-client could not use."""
        response = _response_of(exc) or self._answer
        if response is None:
            kind = type(exc).__name__
            return f"{self._last}: the answer is not what a CML controller sends ({kind})"
        where = f"{response.request.method} {response.request.url.path}"
        text = response.text
        if response.status_code >= 400:
            detail = redact(error_detail(text), self.secrets)
            return f"{where}: HTTP {response.status_code} {detail}".rstrip()
        try:
            answer: Any = json.loads(text)
        except ValueError:
            answer = text
        return (
            f"{where}: the answer is not what a CML controller sends: "
            f"{describe(answer, self.secrets)}"
        )

    def _lab(self, lab_id: str) -> Any:
        if lab_id not in self._labs:
            with self._calls():
                self._labs[lab_id] = self.client.join_existing_lab(lab_id, sync_lab=False)
        return self._labs[lab_id]

    def find(self, title: str) -> list[str]:
        """Ids of the labs called ``title`` (sorted)."""
        with self._calls():
            labs = self.client.find_labs_by_title(title)
        for lab in labs:
            self._labs[str(lab.id)] = lab
        return sorted(str(lab.id) for lab in labs)

    def import_lab(self, topology_yaml: str, title: str) -> str:
        """Create the lab from its topology YAML; its id."""
        with self._calls():
            lab = self.client.import_lab(topology_yaml, title)
        self._labs[str(lab.id)] = lab
        return str(lab.id)

    def start(self, lab_id: str) -> None:
        """Start every node and link (without waiting: :meth:`wait_booted` does)."""
        with self._calls():
            self._lab(lab_id).start(wait=False)

    def converged(self, lab_id: str) -> bool:
        """True once every node has booted."""
        with self._calls():
            answer = self._lab(lab_id).has_converged()
        if not isinstance(answer, bool):
            raise ControllerError(
                f"{self._last}: expected true or false, the controller answered "
                f"{describe(answer, self.secrets)}"
            )
        return answer

    def nodes(self, lab_id: str) -> list[NodeState]:
        """(label, state) of every node, sorted by label."""
        lab = self._lab(lab_id)
        with self._calls():
            if not lab.nodes():  # a lab joined by id knows no nodes yet
                lab.sync(topology_only=True, exclude_configurations=True)
            lab.sync_states()
            return sorted((str(n.label), str(n.state)) for n in lab.nodes())

    def console(self, lab_id: str, label: str, lines: int = 20) -> str:
        """The last ``lines`` lines of a node's first console, secrets masked."""
        lab = self._lab(lab_id)
        with self._calls():
            node = lab.get_node_by_label(label)
            log = node.console_logs(0, lines=lines)
        if not isinstance(log, str):
            raise ControllerError(
                f"{self._last}: expected console text, the controller answered "
                f"{describe(log, self.secrets)}"
            )
        kept = log.splitlines()[-lines:]
        return "\n".join(redact(line, self.secrets, limit=200) for line in kept)

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
        """Stop, wipe and delete a lab (each step waits until the controller has done it)."""
        lab = self._lab(lab_id)
        with self._calls():
            lab.stop(wait=True)
            lab.wipe(wait=True)
            # through the client, which forgets the lab too: virl2-client 2.7 answers an import
            # whose title matches a lab it still remembers with that lab
            self.client.remove_lab(lab)
        self._labs.pop(lab_id, None)


def _response_of(exc: BaseException) -> Any:
    """The innermost httpx response among the frames ``exc`` went through, if any.

    Calls made while virl2-client connects happen before hooks can be set; their frames
    (``TokenAuth.token``, ``response_raise``) still hold the response that could not be used.
    """
    import httpx

    found = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            if isinstance(value, httpx.Response):
                found = value
        tb = tb.tb_next
    return found


def _status(response: Any) -> int | None:
    code = getattr(response, "status_code", None)
    return code if isinstance(code, int) and code >= 400 else None
