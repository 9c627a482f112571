"""Lines the linter cannot read (PAR001): a finding, never an exception."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Severity, rule
from dmvpngen.lint.view import ConfigView

# \x03 (^C) is the usual banner delimiter and tab is expanded before parsing: both are fine.
_CONTROL = re.compile(r"[\x00-\x02\x04-\x08\x0b-\x1f\x7f\ufffd]")
_IOS_ERROR = re.compile(
    r"^\s*%\s*(Invalid input|Incomplete command|Ambiguous command|Unknown command)"
)


@rule("PAR001", "unreadable-line", Severity.LOW)
def unreadable(cfg: ConfigView) -> Iterator[Hit]:
    """A line that is not config: binary garbage, undecodable bytes or pasted IOS errors."""
    whole = "\n".join(cfg.raw_lines)
    if "%" not in whole and not _CONTROL.search(whole):
        return
    for number, raw in enumerate(cfg.raw_lines, start=1):
        if _CONTROL.search(raw):
            yield Hit(number, "line holds control characters or undecodable bytes; not checked")
        elif _IOS_ERROR.match(raw):
            yield Hit(number, "pasted IOS error output: the command above it was rejected")
