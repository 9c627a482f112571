"""Mask secrets in config lines before they reach a report, a log or a diff."""

from __future__ import annotations

import re

__all__ = ["MASK", "mask_secrets"]

MASK = "****"

# Each pattern's last group is the secret; earlier groups are kept as they are.
_PATTERNS = [
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


# Every pattern above needs one of these words: lines without them are returned untouched.
_QUICK = re.compile(r"secret|password|key|community|authentication|auth|priv")


def mask_secrets(line: str) -> str:
    """The line with any password, key or community replaced by ``****``."""
    if not _QUICK.search(line):
        return line
    for rx in _PATTERNS:
        match = rx.match(line)
        if match:
            start, end = match.span(match.lastindex or 0)
            return line[:start] + MASK + line[end:]
    return line
