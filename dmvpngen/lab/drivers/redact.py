"""Controller answers made safe to print: secrets masked, length bounded, shape checked.

A controller's error body may echo the request (FastAPI's 422 answers carry the request body;
a proxy may answer with its own HTML page), so everything a driver shows of an answer goes
through :func:`redact`: the values the request carried (password, token, basic credentials) are
masked by value with :func:`dmvpngen.secrets.mask`, config lines by pattern with
:func:`dmvpngen.lint.mask.mask_secrets`, ``password=...``-style pairs by key, and the result is
cut to :data:`DETAIL_LIMIT` characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from dmvpngen.lint.mask import mask_secrets
from dmvpngen.secrets import MASK, mask

__all__ = ["DETAIL_LIMIT", "ControllerError", "describe", "expect_list", "expect_object", "redact"]

DETAIL_LIMIT = 300  # characters of a controller answer shown in an error

# "password": "x", 'token': 'x', password=x ... in JSON, Python reprs and query strings.
_PAIR = re.compile(
    r"""(?P<key>["']?[\w-]*(?:pass(?:word|wd)?|secret|token|key|authorization)[\w-]*["']?"""
    r"""\s*[:=]\s*(?:bearer\s+|basic\s+)?["']?)(?P<value>[^"',\s}&]+)""",
    re.IGNORECASE,
)


class ControllerError(Exception):
    """The controller refused a call, could not be reached or answered nonsense.

    The message names the call and is safe to print: see :func:`redact`. ``status`` is the HTTP
    status of a refusal (None when there was no HTTP answer or the answer made no sense).
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def redact(text: str, secrets: Iterable[str] = (), limit: int = DETAIL_LIMIT) -> str:
    """``text`` with secrets masked and cut to ``limit`` characters (masking comes first)."""
    text = mask(text, secrets)
    text = "\n".join(mask_secrets(line) for line in text.splitlines())
    text = _PAIR.sub(lambda m: m.group("key") + MASK, text)
    text = " ".join(text.split())  # one line: HTML pages and JSON dumps fold into a sentence
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(answer: Any, secrets: Iterable[str] = ()) -> str:
    """What an answer is, for an error saying it was not what the call should return."""
    kind = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "nothing",
    }.get(type(answer), type(answer).__name__)
    if answer is None:
        return kind
    shown = answer if isinstance(answer, str) else json.dumps(answer, default=str)
    return f"{kind} ({redact(shown, secrets, limit=80)})"


def expect_object(
    answer: Any, where: str, *keys: str, secrets: Iterable[str] = ()
) -> dict[str, Any]:
    """``answer`` as a JSON object holding ``keys``, else a :class:`ControllerError` naming
    the call."""
    if not isinstance(answer, dict):
        raise ControllerError(
            f"{where}: expected a JSON object, the controller answered {describe(answer, secrets)}"
        )
    missing = [key for key in keys if answer.get(key) in (None, "")]
    if missing:
        raise ControllerError(
            f"{where}: the answer has no {', '.join(missing)}: {describe(answer, secrets)}"
        )
    return answer


def expect_list(answer: Any, where: str, *keys: str, secrets: Iterable[str] = ()) -> list[Any]:
    """``answer`` as a JSON list (of objects holding ``keys`` when keys are given)."""
    if not isinstance(answer, list):
        raise ControllerError(
            f"{where}: expected a JSON list, the controller answered {describe(answer, secrets)}"
        )
    if keys:
        return [expect_object(item, where, *keys, secrets=secrets) for item in answer]
    return answer
