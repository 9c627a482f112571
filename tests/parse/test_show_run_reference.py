"""The running-config pass reads each line's verdict from its memo in one sweep: the lines it
gives the parser are those the line-by-line pass it replaced gave, on every config the tests
hold, every shipped inventory's routers and random deep or odd lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.parse import normalise
from dmvpngen.parse.banners import skipped_lines
from tests.parse.reference_corpus import every_config


def _old_show_run(lines: list[str], banners: set[int]) -> list[str]:
    """normalise._show_run as it was."""
    out: list[str] = []
    deepest = 0
    for index, raw in enumerate(lines):
        if index in banners:
            out.append("!")
            continue
        indent = normalise._show_run_indent(raw)
        if indent < 0:
            out.append(
                "!" if indent == normalise._LEFTOVER else "" if indent == normalise._BLANK else raw
            )
            continue
        deepest = max(deepest, indent)
        out.append(raw)
    if deepest >= normalise.MAX_DEPTH:
        normalise._flatten(lines, banners, out)
    return out


def test_same_lines_as_before_on_every_config() -> None:
    changed = 0
    for name, text in every_config():
        lines = text.replace("\r", "").replace("\t", " ").split("\n")
        for banners in (skipped_lines(lines), set()):
            new = normalise._show_run(lines, banners)
            assert new == _old_show_run(lines, banners), name
            changed += sum(a != b for a, b in zip(new, lines, strict=True))
    assert changed > 1000  # blank lines, banners and leftovers were rewritten: the pass did work


LINE = st.tuples(
    st.integers(min_value=0, max_value=40),
    st.sampled_from(["interface Gi1", "end", "R1#show run", "", "! note", "ip mtu 1400", "x"]),
).map(lambda t: " " * t[0] + t[1])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=60), st.sets(st.integers(min_value=-2, max_value=62)))
def test_same_lines_as_before_on_random_lines(lines: list[str], banners: set[int]) -> None:
    assert normalise._show_run(lines, banners) == _old_show_run(lines, banners)
