"""Lint fixture convention and reader.

Fixtures live in ``tests/lint/fixtures/<CODE>.cfg`` (must produce exactly the marked hits of CODE)
and ``<CODE>.clean.cfg`` (must produce no hit of CODE). Marks are IOS comment lines:

- ``! expect: CODE`` : the next non-comment line must be reported by CODE (at that line);
- ``! expect-global: CODE`` : CODE reports a whole-file finding (line 0) once.

Several codes may be listed, comma separated. Only the fixture's own code is compared, so a
fixture may contain other findings freely.

A fixture that needs lint settings (e.g. ``overlay-tunnels`` for DMV013) carries them as JSON in
one comment line: ``! lint-settings: {"overlay-tunnels": ["Tunnel0"]}`` (see
:func:`fixture_settings`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
_MARK = re.compile(r"^\s*!\s*expect(-global)?:\s*(.+?)\s*$")
_SETTINGS = re.compile(r"^!\s*lint-settings:\s*(\{.*\})\s*$", re.MULTILINE)


def fixture_settings(text: str) -> dict[str, Any]:
    """The settings a fixture asks for (``! lint-settings: {...}``), else an empty dict."""
    match = _SETTINGS.search(text)
    return dict(json.loads(match.group(1))) if match else {}


def expected_hits(text: str, code: str) -> list[int]:
    """Sorted 1-based lines (0 for global) at which ``code`` is expected."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    pending: list[str] = []
    out: list[int] = []
    for number, raw in enumerate(lines, start=1):
        match = _MARK.match(raw)
        if match:
            codes = [c.strip() for c in match.group(2).split(",")]
            if match.group(1):
                out.extend(0 for c in codes if c == code)
            else:
                pending.extend(codes)
            continue
        if raw.strip() in {"", "!"} or raw.lstrip().startswith("!"):
            continue
        out.extend(number for c in pending if c == code)
        pending = []
    return sorted(out)


def fixture_codes() -> list[str]:
    """Codes that have a positive fixture."""
    return sorted(p.stem for p in FIXTURES.glob("*.cfg") if not p.stem.endswith(".clean"))
