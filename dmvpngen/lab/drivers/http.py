"""A small JSON-over-HTTP client on urllib: no dependency, clear errors, no secrets in them."""

from __future__ import annotations

import base64
import json
import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

__all__ = ["ControllerError", "HttpClient"]


class ControllerError(Exception):
    """The controller refused a call or could not be reached; the message says which call."""


class HttpClient:
    """Calls under one base URL, with optional bearer token or basic authentication."""

    def __init__(self, base_url: str, *, verify_tls: bool = True, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.headers: dict[str, str] = {"Accept": "application/json"}
        self._context: ssl.SSLContext | None = None
        if base_url.startswith("https") and not verify_tls:
            # Lab controllers usually run with a self-signed certificate; the user opts in.
            self._context = ssl.create_default_context()
            self._context.check_hostname = False
            self._context.verify_mode = ssl.CERT_NONE

    def bearer(self, token: str) -> None:
        """Send ``token`` as a bearer token from now on."""
        self.headers["Authorization"] = f"Bearer {token}"

    def basic(self, username: str, password: str) -> None:
        """Use HTTP basic authentication from now on."""
        raw = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.headers["Authorization"] = f"Basic {raw}"

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        content_type: str = "",
        params: dict[str, str] | None = None,
    ) -> Any:
        """One request; the decoded JSON answer (or ``None`` for an empty body)."""
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
        where = f"{method} {urllib.parse.urlsplit(url).path}"
        try:
            with urllib.request.urlopen(
                request, timeout=self.timeout, context=self._context
            ) as rsp:
                raw = rsp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:300].strip()
            raise ControllerError(f"{where}: HTTP {exc.code} {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ControllerError(f"{where}: cannot reach the controller ({reason})") from None
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode(errors="replace")
