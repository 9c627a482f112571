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
    """Read and validate a waiver file; problems carry the file and line."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
    except OSError as exc:
        raise InputError(
            [Problem(str(path), None, f"cannot read waiver file: {exc.strerror}")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError([Problem(str(path), line, f"not valid YAML: {exc}")]) from None
    if root is None:
        return []
    items: Any = root
    if isinstance(root, yaml.MappingNode):
        items = next((v for k, v in root.value if k.value == "waivers"), None)
    if not isinstance(items, yaml.SequenceNode):
        raise InputError(
            [Problem(str(path), 1, "expected a list under 'waivers:'", hint="see docs/lint.md")]
        )
    out: list[Waiver] = []
    problems: list[Problem] = []
    for node in items.value:
        line = node.start_mark.line + 1
        data = yaml.safe_load(yaml.serialize(node))
        try:
            if not isinstance(data, dict):
                raise ValueError("each waiver is a mapping with device, code, reason, expires")
            out.append(Waiver.model_validate({**data, "file": str(path), "line": line}))
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                problems.append(Problem(str(path), line, f"waiver {field}: {err['msg']}"))
        except ValueError as exc:
            problems.append(Problem(str(path), line, str(exc)))
    if problems:
        raise InputError(problems)
    return out
