"""The hierarchy taken from ciscoconfparse2 itself, in the shape of :class:`Hierarchy`.

The reference the in-house walk is tested against, and what every command uses when
``DMVPNGEN_PARSER=ciscoconfparse2`` is set (to cross-check a surprising result; it costs the
library's import, ~0.7 s, and ~60 µs per line).
"""

from __future__ import annotations

from dmvpngen.parse.hierarchy import NO_PARENT, Hierarchy

__all__ = ["library_hierarchy"]


def library_hierarchy(lines: list[str]) -> Hierarchy:
    """The hierarchy ``CiscoConfParse(lines, syntax="ios", ignore_blank_lines=False)`` builds."""
    from ciscoconfparse2 import CiscoConfParse  # heavy: only when asked for

    objs = CiscoConfParse(lines, syntax="ios", ignore_blank_lines=False).objs
    return Hierarchy(
        [o.parent.linenum if o.parent is not o else NO_PARENT for o in objs],
        {o.linenum: [c.linenum for c in o.children] for o in objs if o.children},
        [o.indent for o in objs],
    )
