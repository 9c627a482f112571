"""Free text taken from a config and written into the inventory.

IOS accepts interface descriptions of up to 240 characters in any encoding, while the inventory
takes printable ASCII of at most ``DESCRIPTION_MAX`` characters (see docs/limits.md). An imported
inventory must validate, so longer or non-ASCII text is folded and shortened here, with a note
that says so, instead of being written as it is and refused later by ``validate``. Control
characters are not folded: the import guard refuses those at their config line.
"""

from __future__ import annotations

import re

from dmvpngen.model.text import DESCRIPTION_MAX, UNSAFE_CHARS

__all__ = ["inventory_description"]

_NOT_PRINTABLE = re.compile(r"[^\x20-\x7e]")


def inventory_description(text: str, where: str, notes: list[str]) -> str:
    """``text`` as the inventory accepts it; a note in ``notes`` names ``where`` if it changed.

    Control and line-breaking characters are left in place: they are not a matter of width but
    of safety, and the import guard refuses them at their config line.
    """
    if UNSAFE_CHARS.search(text):
        return text
    folded = _NOT_PRINTABLE.sub("?", text).strip()[:DESCRIPTION_MAX].rstrip()
    if folded != text:
        notes.append(
            f"{where}: description shortened to printable ASCII of at most "
            f"{DESCRIPTION_MAX} characters"
        )
    return folded
