"""Masking of secrets in anything dmvpngen shows or stores about a push (diffs, reports, logs)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MASK", "Masker"]

MASK = "<masked>"

# Everything after these keywords is a secret or may be one (PSKs, NHRP auth, user secrets,
# routing authentication keys). Over-masking a harmless word is cheaper than leaking a key.
_KEYWORD_RE = re.compile(
    r"(?P<kw>\b(?:[\w-]+-key|(?<!host )key|key-string|secret|password|authentication)\b)"
    r"(?P<rest>[ \t]+\S[^\r\n]*)",
    re.IGNORECASE,
)


# Authentication *methods* are keywords, not secrets: keep them readable in diffs.
_METHOD_RE = re.compile(
    r"^(?:(?:remote|local)\s+)?(?:pre-share|rsa-sig|ecdsa-sig|eap\b.*|rsa-encr)$"
)


def _mask_match(match: re.Match[str]) -> str:
    keyword, rest = match.group("kw").lower(), match.group("rest").strip()
    if keyword == "authentication" and _METHOD_RE.match(rest):
        return match.group(0)
    if keyword == "password" and rest == "encryption aes":  # a feature switch, no value
        return match.group(0)
    return f"{match.group('kw')} {MASK}"


class Masker:
    """Replaces resolved secret values and keyword-introduced secrets with :data:`MASK`."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        # Longest first so a secret that contains another one is masked whole; very short
        # values (1-2 chars) would mask ordinary text everywhere, the keyword rule covers them.
        self._values = sorted({v for v in values if v and len(v) >= 3}, key=len, reverse=True)

    def with_values(self, values: Iterable[str]) -> Masker:
        """A masker that also hides ``values``."""
        return Masker([*self._values, *values])

    def __call__(self, text: str) -> str:
        """Return ``text`` with every known secret and every keyword-introduced value masked."""
        for value in self._values:
            text = text.replace(value, MASK)
        return _KEYWORD_RE.sub(_mask_match, text)
