"""A running-config indented less than MAX_DEPTH columns is passed on as it is, without tracking
its open parents; deeper ones are flattened afterwards: the same lines as the walk that tracks
the parents of every line, at every depth."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.parse.normalise import (
    _BLANK,
    _LEFTOVER,
    MAX_DEPTH,
    _command,
    _show_run,
    _show_run_line,
)


def _show_run_bounded(lines: list[str], banners: set[int]) -> list[str]:
    """The walk that tracks every line's open parents (as it was written first)."""
    out: list[str] = []
    indents: list[int] = []
    for index, raw in enumerate(lines):
        if index in banners:
            out.append("!")
            continue
        indent = _show_run_line(raw)
        if indent < 0:
            out.append("!" if indent == _LEFTOVER else "" if indent == _BLANK else raw)
            continue
        while indents and indents[-1] >= indent:
            indents.pop()
        if len(indents) >= MAX_DEPTH:
            out.append(" " * (indents[-1] + 1) + _command(raw))
            continue
        indents.append(indent)
        out.append(raw)
    return out


LINES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=MAX_DEPTH + 4),
        st.sampled_from(["interface Gi1", "ip address 10.0.0.1 255.0.0.0", "!", "", "end", "x"]),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(LINES, st.sets(st.integers(min_value=0, max_value=60), max_size=5))
def test_same_lines_as_the_bounded_walk(rows: list[tuple[int, str]], banners: set[int]) -> None:
    lines = [" " * indent + text for indent, text in rows]
    assert _show_run(lines, banners) == _show_run_bounded(lines, banners)


def test_a_staircase_deeper_than_the_bound_is_flattened() -> None:
    stairs = [" " * depth + f"level {depth}" for depth in range(MAX_DEPTH)]
    for last in (MAX_DEPTH, MAX_DEPTH + 4):
        lines = [*stairs, " " * last + "deepest"]
        out = _show_run(lines, set())
        assert out == _show_run_bounded(lines, set())
        assert out[:MAX_DEPTH] == stairs
        # a child of the deepest parent kept: one column deeper than it
        assert out[MAX_DEPTH] == " " * MAX_DEPTH + "deepest"
