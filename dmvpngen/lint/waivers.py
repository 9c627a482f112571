"""Waiver file: accepted findings for configs taken from routers (IOS drops comments).

```yaml
waivers:
  - device: hub-*          # hostname, shell pattern
    code: CRY016           # code or prefix
    reason: PSK until the PKI is live
    expires: 2026-12-31    # required; an expired waiver stops applying and becomes a finding
```
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dmvpngen.errors import InputError, Problem

__all__ = ["Waiver", "load_waivers"]


class Waiver(BaseModel):
    """One accepted finding: which device, which code, why, and until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    device: str = Field(min_length=1)
    code: str = Field(min_length=2)
    reason: str = Field(min_length=1)
    expires: dt.date
    file: str = ""
    line: int = 0

    def expired(self, today: dt.date) -> bool:
        """True once the expiry date has passed (the waiver holds through that day)."""
        return self.expires < today

    def covers(self, device: str, code: str) -> bool:
        """True when this waiver matches a finding of ``code`` on ``device``."""
        return code.startswith(self.code.upper()) and fnmatch.fnmatchcase(
            device.lower(), self.device.lower()
        )


def load_waivers(path: Path) -> list[Waiver]:
    """Read and validate a waiver file; problems carry the file and line.

    The file goes through the inventory's bounded YAML reader, so a FIFO, an alias bomb, a
    non-UTF-8 byte or a date that does not exist is a located error, not a hang or traceback.
    """
    from dmvpngen.model.yamlread import parse_yaml, read_bounded

    try:
        text = read_bounded(path).decode("utf-8-sig")
    except OSError as exc:
        raise InputError(
            [Problem(str(path), None, f"cannot read waiver file: {exc.strerror}")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    str(path), None, f"not UTF-8 text (byte {exc.start})", hint="save it as UTF-8"
                )
            ]
        ) from None
    data, loc = parse_yaml(text, str(path))
    if data is None:
        return []
    items: Any = data
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict):
        items, prefix = data.get("waivers"), ("waivers",)
    if not isinstance(items, list):
        raise InputError(
            [Problem(str(path), 1, "expected a list under 'waivers:'", hint="see docs/lint.md")]
        )
    out: list[Waiver] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        line = loc.line_of((*prefix, index)) or 1
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    str(path), line, "each waiver is a mapping with device, code, reason, expires"
                )
            )
            continue
        try:
            out.append(Waiver.model_validate({**item, "file": str(path), "line": line}))
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                problems.append(Problem(str(path), line, f"waiver {field}: {err['msg']}"))
    if problems:
        raise InputError(problems)
    return out
