"""How strong is a stored password or secret: IOS hash types and the accepted set.

Types: 0 clear text, 4 (withdrawn SHA-256), 5 MD5-crypt, 7 reversible, 8 PBKDF2-SHA-256,
9 scrypt. ``algorithm-type scrypt|sha256|md5`` makes IOS hash a clear value on entry.
"""

from __future__ import annotations

from dmvpngen.lint.registry import Severity
from dmvpngen.lint.rules._index import Entry
from dmvpngen.lint.view import ConfigView

__all__ = [
    "DEFAULT_SECRET_TYPES",
    "accepted_secret_types",
    "grade",
    "secret_type",
    "type_text",
    "user_problem",
]

#: Password/secret hash types accepted as strong (NSA: 8; CIS: 8 or 9). An engine may override it
#: per run by setting ``accepted_secret_types`` on the ConfigView.
DEFAULT_SECRET_TYPES: frozenset[int] = frozenset({8, 9})

_ALGO_TYPE = {"scrypt": 9, "sha256": 8, "md5": 5}
_USER_OPTS_WITH_VALUE = frozenset(
    {"privilege", "view", "common-criteria-policy", "user-maxlinks", "access-class"}
)


def secret_type(words: list[str], algo: str | None = None) -> int:
    """Hash type of the words following ``secret``: 0 when the value is written in clear.

    ``algorithm-type scrypt|sha256|md5`` makes IOS hash the clear value on entry (types 9/8/5).
    """
    rest = list(words)
    if len(rest) >= 2 and rest[0] == "level":
        rest = rest[2:]
    if algo is not None:
        return _ALGO_TYPE.get(algo, 0)
    if len(rest) >= 2 and rest[0].isdigit():
        return int(rest[0])
    return 0


def grade(kind: int, strong: frozenset[int]) -> Severity | None:
    """None when the type is accepted; MEDIUM for type 5 (MD5-crypt); HIGH otherwise."""
    if kind in strong:
        return None
    return Severity.MEDIUM if kind == 5 else Severity.HIGH


def type_text(kind: int) -> str:
    """``clear text`` for type 0, else ``type N``."""
    return "clear text" if kind == 0 else f"type {kind}"


def user_problem(e: Entry, strong: frozenset[int]) -> tuple[str, Severity] | None:
    """What is wrong with one ``username`` line, if anything."""
    w = e.words
    algo = None
    i = 2
    while i < len(w):
        tok = w[i]
        if tok in _USER_OPTS_WITH_VALUE:
            i += 2
        elif tok == "algorithm-type" and i + 1 < len(w):
            algo, i = w[i + 1], i + 2
        elif tok == "nopassword":
            return "has no password", Severity.HIGH
        elif tok == "password":
            kind = int(w[i + 1]) if len(w) > i + 2 and w[i + 1].isdigit() else 0
            return f"uses a reversible `password` ({type_text(kind)})", Severity.HIGH
        elif tok == "secret":
            kind = secret_type(w[i + 1 :], algo)
            sev = grade(kind, strong)
            return (f"secret is {type_text(kind)}", sev) if sev else None
        elif tok == "autocommand":
            return None
        else:
            i += 1
    return None


def accepted_secret_types(cfg: ConfigView) -> frozenset[int]:
    """Hash types that count as strong for this run (``cfg.accepted_secret_types`` overrides)."""
    value = getattr(cfg, "accepted_secret_types", None)
    return frozenset(value) if value else DEFAULT_SECRET_TYPES
