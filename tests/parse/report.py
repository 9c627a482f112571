"""A check report with its locations taken out, to compare two spellings of one network."""

from __future__ import annotations

import json
import re
from typing import Any

from dmvpngen.check.model import CheckResult

_LINE_REF = re.compile(r"\b(line|lines?) \d+(?:[-,] ?\d+)*")


def without_locations(result: CheckResult) -> Any:
    """``result.as_dict()`` with file names and line numbers removed (messages included)."""

    def scrub(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: scrub(v)
                for k, v in value.items()
                if k not in ("line", "file", "lines", "location", "locations")
            }
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, str):
            value = re.sub(r"[\w./-]*/([\w.-]+\.cfg)", r"\1", value)  # folder names differ
            return re.sub(r":\d+\b", ":L", _LINE_REF.sub("line L", value))
        return value

    return json.loads(json.dumps(scrub(result.as_dict()), sort_keys=True, default=str))
