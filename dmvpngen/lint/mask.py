"""Mask secrets in config lines before they reach a lint report (the shared masker's pattern
rule, with the lint reports' own marker)."""

from __future__ import annotations

from dmvpngen.masking import mask_line

__all__ = ["MASK", "mask_secrets"]

MASK = "****"


def mask_secrets(line: str) -> str:
    """The line with any password, key or community replaced by ``****``."""
    return mask_line(line, MASK)
