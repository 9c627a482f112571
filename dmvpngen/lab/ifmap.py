"""Interface-name mapping: inventory names to the lab node's NIC names, applied to config text."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MappingRow", "remap_config"]


@dataclass(frozen=True)
class MappingRow:
    """One interface of one lab router: what the inventory calls it and what the lab node has."""

    router: str
    purpose: str  # management, wan, lan
    inventory_name: str
    lab_name: str
    slot: int


def remap_config(text: str, mapping: dict[str, str]) -> str:
    """Rename interfaces in IOS config ``text`` (``{inventory_name: lab_name}``), in one pass.

    One regex pass over all names at once, so a permutation (Gi1 -> Gi2 and Gi2 -> Gi1) cannot
    rename a name twice. A name matches only as a whole token: ``GigabitEthernet1`` does not match
    inside ``GigabitEthernet10`` or ``GigabitEthernet1/0``, but does match before a ``.100``
    sub-interface suffix, which then stays attached to the new name.
    """
    changed = {old: new for old, new in mapping.items() if old != new}
    if not changed:
        return text
    # Longest first so that a prefix never wins over a longer name in the alternation.
    names = sorted(changed, key=lambda n: (-len(n), n))
    pattern = re.compile(
        r"(?<![\w/.-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w/])",
        re.IGNORECASE,
    )
    lowered = {k.lower(): v for k, v in changed.items()}
    return pattern.sub(lambda m: lowered[m.group(1).lower()], text)
