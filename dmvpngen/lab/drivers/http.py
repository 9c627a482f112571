"""A small JSON-over-HTTP client on urllib: no dependency, clear errors, no secrets in them."""

from __future__ import annotations

import base64
import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from dmvpngen.lab.drivers.redact import ControllerError, redact

__all__ = ["MAX_ANSWER", "ControllerError", "HttpClient", "error_detail"]

# Largest answer read: controllers answer with JSON and small node files, so anything larger is
# refused rather than held in memory.
MAX_ANSWER = 16 * 1024 * 1024


def error_detail(body: str) -> str:
    """The human part of an error body: ``message``/``detail``/``description`` when JSON."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict):
        for key in ("message", "detail", "description"):
            if isinstance(data.get(key), str):
                return str(data[key])
    return body


class HttpClient:
    """Calls under one base URL, with optional bearer token or basic authentication.

    ``secrets`` holds every credential the client has sent (password, token, basic header):
    no error message it raises contains one of them.
    """

    def __init__(self, base_url: str, *, verify_tls: bool = True, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.headers: dict[str, str] = {"Accept": "application/json"}
        self.secrets: set[str] = set()
        self._context: ssl.SSLContext | None = None
        if base_url.startswith("https") and not verify_tls:
            # Lab controllers usually run with a self-signed certificate; the user opts in.
            self._context = ssl.create_default_context()
            self._context.check_hostname = False
            self._context.verify_mode = ssl.CERT_NONE

    def bearer(self, token: str) -> None:
        """Send ``token`` as a bearer token from now on."""
        self.secrets.add(token)
        self.headers["Authorization"] = f"Bearer {token}"

    def basic(self, username: str, password: str) -> None:
        """Use HTTP basic authentication from now on."""
        raw = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.secrets.update({password, raw})
        self.headers["Authorization"] = f"Basic {raw}"

    def where(self, method: str, path: str) -> str:
        """``METHOD /path`` of a call, as errors name it."""
        return f"{method} {urllib.parse.urlsplit(self.base_url + path.lstrip('/')).path}"

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        content_type: str = "",
        params: dict[str, str] | None = None,
        raw: bool = False,
    ) -> Any:
        """One request; the decoded JSON answer (``None`` for an empty body, bytes if ``raw``)."""
        url = self.base_url + path.lstrip("/")
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        headers = dict(self.headers)
        body = data
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            headers["Content-Type"] = content_type or "application/octet-stream"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        where = self.where(method, path)
        try:
            with urllib.request.urlopen(
                request, timeout=self.timeout, context=self._context
            ) as rsp:
                answer = rsp.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as exc:
            detail = error_detail(exc.read(64 * 1024).decode(errors="replace"))
            raise ControllerError(
                f"{where}: HTTP {exc.code} {redact(detail, self.secrets)}".rstrip(), exc.code
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = redact(str(getattr(exc, "reason", exc)), self.secrets)
            raise ControllerError(f"{where}: cannot reach the controller ({reason})") from None
        if len(answer) > MAX_ANSWER:
            raise ControllerError(f"{where}: the answer is larger than {MAX_ANSWER} bytes")
        if raw:
            return answer
        if not answer:
            return None
        try:
            return json.loads(answer)
        except ValueError:
            return answer.decode(errors="replace")
