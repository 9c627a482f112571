"""One config line as the lint rules see it: number, stripped text and children."""

from __future__ import annotations

from collections.abc import Sequence

from dmvpngen.lint.patterns import MATCHERS, matcher

__all__ = ["LEAF", "Line"]

# Children of a line that has none: shared, never appended to (a first child replaces it).
LEAF: tuple[Line, ...] = ()


class Line:
    """One config line: its 1-based number, its text (stripped) and its children.

    Read-only by convention. A plain class with ``__slots__`` rather than a frozen dataclass:
    one is built per config line, and a frozen dataclass costs three times as much to create.
    Equality and hashing use (number, text), as the dataclass did.
    """

    __slots__ = ("kids", "number", "text")

    def __init__(self, number: int, text: str, kids: Sequence[Line] = LEAF) -> None:
        self.number = number
        self.text = text
        # Filled by ConfigView from the config's hierarchy, so children are linked once per
        # config.
        self.kids = kids

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Line)
        return (self.number, self.text) == (other.number, other.text)

    def __hash__(self) -> int:
        return hash((self.number, self.text))

    def __repr__(self) -> str:
        return f"Line(number={self.number!r}, text={self.text!r})"

    @property
    def children(self) -> Sequence[Line]:
        """Direct children."""
        return self.kids

    def child(self, pattern: str) -> Line | None:
        """First direct child whose text matches ``pattern`` (re.search), else None."""
        prefix, search = MATCHERS.get(pattern) or matcher(pattern)
        for c in self.kids:
            text = c.text
            if text.startswith(prefix) and search(text):
                return c
        return None

    def has_child(self, pattern: str) -> bool:
        """True when a direct child matches ``pattern``."""
        return self.child(pattern) is not None

    def children_matching(self, pattern: str) -> list[Line]:
        """Direct children matching ``pattern``."""
        prefix, search = MATCHERS.get(pattern) or matcher(pattern)
        kids = self.kids
        if not kids:
            return []
        return [c for c in kids if c.text.startswith(prefix) and search(c.text)]

    @property
    def words(self) -> list[str]:
        """The line split on whitespace."""
        return self.text.split()
