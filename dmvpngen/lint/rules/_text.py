"""Text helpers of the shared rule index: normalised lines, interface names, banner ends."""

from __future__ import annotations

import functools
import re

__all__ = ["canon_ifname", "is_loopback", "norm"]

# (pattern on the normalised text, replacement): folds abbreviations and alternative spellings.
_FOLD = (
    (re.compile(r"^(no )?int(e|er|erf|erfa|erfac)? "), r"\1interface "),
    (re.compile(r"^(no )?ip domain-lookup\b"), r"\1ip domain lookup"),
    (re.compile(r"^(no )?ip domain-name\b"), r"\1ip domain name"),
    (re.compile(r"^(no )?ip name-server\b"), r"\1ip name-server"),
)
_FOLD_STARTS = ("int", "no ", "ip domain", "ip name")
# Interface name prefixes, most common first: an abbreviation maps to the first full name it starts.
# fmt: off
_IF_PREFIXES = (
    "gigabitethernet", "fastethernet", "tengigabitethernet", "twentyfivegige",
    "fortygigabitethernet", "hundredgige", "ethernet", "loopback", "tunnel", "serial",
    "port-channel", "vlan", "dialer", "virtual-template", "virtual-ppp", "bdi", "null",
    "cellular", "multilink",
)
# fmt: on
_IF_NAME = re.compile(r"^([a-z-]+)\s*([\d/.:]*)$")


def norm(text: str) -> str:
    """Lower-case, single-spaced text with abbreviations folded (see module doc)."""
    out = " ".join(text.lower().split())
    return _fold(out) if out.startswith(_FOLD_STARTS) else out


def _fold(out: str) -> str:
    """Fold abbreviations and alternative spellings of already lower-cased, single-spaced text.

    Same result as applying every ``_FOLD`` pattern in turn, but a regex runs only where one can
    match (``ip name-server`` folds to itself, so it never needs one)."""
    body = out[3:] if out.startswith("no ") else out
    if body.startswith("int"):
        return out if body.startswith("interface ") else _FOLD[0][0].sub(_FOLD[0][1], out, count=1)
    if body.startswith("ip domain-"):
        for rx, repl in _FOLD[1:3]:
            out = rx.sub(repl, out, count=1)
    return out


@functools.lru_cache(maxsize=2048)  # a fleet uses few interface names: most are hits
def canon_ifname(name: str) -> str:
    """Canonical interface name: ``Gi0/1``, ``gig 0/1`` and ``GigabitEthernet0/1`` are equal."""
    low = name.strip().lower()
    match = _IF_NAME.match(low)
    if not match:
        return low.replace(" ", "")
    prefix, number = match.groups()
    for full in _IF_PREFIXES:
        if full.startswith(prefix):
            return full + number
    return prefix + number


def is_loopback(name: str) -> bool:
    """True for Loopback interface names in any abbreviation."""
    return canon_ifname(name).startswith("loopback")


_BANNER_TYPES = frozenset({"motd", "login", "exec", "incoming", "slip-ppp", "prompt-timeout"})


def _banner_end(text: str) -> str | None:
    """Delimiter that ends a banner starting on ``text``; None when it ends on the same line."""
    parts = text.split(None, 2)
    body = (
        " ".join(parts[2:])
        if len(parts) > 1 and parts[1].lower() in _BANNER_TYPES
        else " ".join(parts[1:])
    )
    body = body.lstrip()
    if not body:
        return None
    delim = body[:2] if body.startswith("^") and len(body) > 1 else body[0]
    return None if delim in body[len(delim) :] else delim
