"""The one secret masker: every report, diff, session log and backup goes through it.

Two rules, applied line by line:

- **by value**: every secret the run knows (resolved inventory secrets, the login password)
  is replaced wherever it appears, whatever the surrounding text;
- **by pattern**: values that follow secret-bearing IOS syntax (passwords, keys, key-strings,
  SNMP communities and user keys, TACACS/RADIUS keys, NTP keys...) are replaced even when the
  run does not know them (a community someone typed by hand on the router).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["MASK", "Masker", "mask_line", "mask_values"]

MASK = "<masked>"

# Each pattern's last group is the secret; earlier groups are kept as they are.
_LINE_PATTERNS = [
    re.compile(p)
    for p in (
        r"^(\s*(?:enable|username\s+\S+)(?:\s+\S+)*?\s+(?:secret|password)(?:\s+level\s+\d+)?(?:\s+\d)?\s+)(\S+)",
        r"^(\s*crypto isakmp key\s+(?:[06]\s+)?)(\S+)",
        r"^(\s*pre-shared-key\s+(?:address\s+\S+(?:\s+\d+\.\d+\.\d+\.\d+)?\s+key\s+|hostname\s+\S+\s+key\s+)?(?:(?:local|remote)\s+)?(?:[06]\s+)?)(\S+)",
        r"^(\s*ip nhrp authentication\s+)(\S+)",
        r"^(\s*key-string\s+(?:\d\s+)?)(\S+)",
        r"^(\s*ip ospf authentication-key\s+(?:\d\s+)?)(\S+)",
        r"^(\s*ip ospf message-digest-key\s+\d+\s+md5\s+(?:\d\s+)?)(\S+)",
        r"^(\s*neighbor\s+\S+\s+password\s+(?:\d\s+)?)(\S+)",
        r"^(\s*snmp-server community\s+)(\S+)",
        # v1/v2c trap hosts carry the community in clear: 'snmp-server host H [vrf V]
        # [traps|informs] [version 1|2c] COMMUNITY [udp-port N] [types...]'
        r"^(\s*snmp-server host\s+\S+(?:\s+vrf\s+\S+)?(?:\s+(?:traps|informs))?"
        r"(?:\s+version\s+(?:1|2c))?\s+)(?!version\b)(\S+)",
        r"^(\s*snmp-server user\s+.*?\bauth\s+\S+\s+)(\S+)",
        r"^(\s*snmp-server user\s+.*?\bpriv\s+\S+(?:\s+\d+)?\s+)(\S+)",
        r"^(\s*(?:tacacs-server|radius-server)\s+key\s+(?:\d\s+)?)(\S+)",
        r"^(\s*key\s+(?:\d\s+)?)(?!\d+$)(\S+)$",
        r"^(\s*(?:standby|vrrp)\s+(?:\d+\s+)?authentication\s+(?:md5\s+key-string\s+(?:\d\s+)?|text\s+)?)(\S+)",
        r"^(\s*key config-key password-encrypt\s+)(\S+)",
        r"^(\s*authentication mode hmac-sha-256\s+(?:\d\s+)?)(\S+)",
        r"^(\s*ntp authentication-key\s+\d+\s+\S+\s+)(\S+)",
        r"^(\s*password\s+(?!encryption\b)(?:\d\s+)?)(\S+)",
    )
]
# Every line pattern needs one of these words: lines without them are returned untouched.
_QUICK = re.compile(r"secret|password|key|community|authentication|auth|priv|snmp-server host")

# Anything after these keywords is a secret or may be one (PSKs, NHRP auth, user secrets,
# routing keys), wherever it sits in a line. Over-masking a harmless word is cheaper than
# leaking a key.
_KEYWORD_RE = re.compile(
    r"(?P<kw>\b(?:[\w-]+-key|(?<!host )key|key-string|secret|password|authentication)\b)"
    r"(?P<rest>[ \t]+\S[^\r\n]*)",
    re.IGNORECASE,
)
# Authentication *methods* are keywords, not secrets: keep them readable in diffs.
_METHOD_RE = re.compile(
    r"^(?:(?:remote|local)\s+)?(?:pre-share|rsa-sig|ecdsa-sig|eap\b.*|rsa-encr)$"
)


def mask_line(line: str, token: str = MASK) -> str:
    """``line`` with the secret of a secret-bearing IOS command replaced by ``token``."""
    if not _QUICK.search(line):
        return line
    # Every pattern, not just the first that matches: one line can carry two secrets
    # ('snmp-server user ... auth sha A priv aes 128 P' leaked P when only 'auth' was masked).
    for rx in _LINE_PATTERNS:
        match = rx.match(line)
        if match:
            start, end = match.span(match.lastindex or 0)
            line = line[:start] + token + line[end:]
    return line


def mask_values(text: str, values: Iterable[str], token: str = MASK) -> str:
    """``text`` with every occurrence of each value replaced by ``token`` (longest first, so a
    secret that contains another one is masked whole)."""
    for value in sorted({v for v in values if v}, key=lambda v: (-len(v), v)):
        text = text.replace(value, token)
    return text


def _mask_keyword(match: re.Match[str]) -> str:
    keyword, rest = match.group("kw").lower(), match.group("rest").strip()
    if keyword == "authentication" and _METHOD_RE.match(rest):
        return match.group(0)
    if keyword == "password" and rest == "encryption aes":  # a feature switch, no value
        return match.group(0)
    if rest.startswith(MASK):  # already masked by a line pattern, which kept what follows
        return match.group(0)
    return f"{match.group('kw')} {MASK}"


class Masker:
    """Masks known secret values and pattern-recognised secrets with :data:`MASK`."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        # Very short values (1-2 chars) would mask ordinary text everywhere; the patterns
        # still catch them after a keyword.
        self._values = sorted({v for v in values if v and len(v) >= 3}, key=len, reverse=True)

    @property
    def values(self) -> tuple[str, ...]:
        """The secret values masked wherever they appear."""
        return tuple(self._values)

    def with_values(self, values: Iterable[str]) -> Masker:
        """A masker that also hides ``values``."""
        return Masker([*self._values, *values])

    def __call__(self, text: str) -> str:
        """``text`` with every known secret and every pattern-recognised secret masked."""
        text = mask_values(text, self._values)
        lines = text.split("\n")
        return "\n".join(_KEYWORD_RE.sub(_mask_keyword, mask_line(line)) for line in lines)
