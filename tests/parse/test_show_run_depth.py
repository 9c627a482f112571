"""A running-config indented less than MAX_DEPTH columns is passed on as it is, without tracking
its open parents: the same lines as the walk that bounds the nesting, at every depth."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.parse.normalise import MAX_DEPTH, _show_run, _show_run_bounded

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
