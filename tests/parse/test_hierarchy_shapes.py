"""Hierarchies are walked once per layout (``shape_of``): two configs of one shape have equal
hierarchies, on every config the tests hold and on random ones; a shape is refused where the
walk reads more of a line than its layout (macros, banners whose body runs on)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.lint.view import prepare
from dmvpngen.parse.hierarchy import build_hierarchy, shape_of
from dmvpngen.parse.parsed import clear_cache, parse_lines
from tests.parse.test_hierarchy import LINE_TEXTS

TESTS = Path(__file__).resolve().parent.parent
CONFIGS = sorted(TESTS.glob("**/*.cfg"))


def _same_layout(lines: list[str]) -> list[str]:
    """``lines`` with every character after each line's first non-blank one replaced: the
    same indentation and first characters, none of the words."""
    out = []
    for line in lines:
        body = line.lstrip()
        out.append(line[: len(line) - len(body)] + body[:1] + "x" * max(len(body) - 1, 0))
    return out


def _shape(lines: list[str]) -> object:
    return shape_of(lines, "\n".join(lines))


def _holds(lines: list[str]) -> bool:
    """True when ``lines`` have a shape; then a config of that shape has their hierarchy."""
    shape = _shape(lines)
    if shape is None:
        return False
    other = _same_layout(lines)
    assert _shape(other) == shape
    assert build_hierarchy(other) == build_hierarchy(lines)
    return True


def test_every_config_the_tests_hold() -> None:
    shaped = 0
    for path in CONFIGS:
        raw, normalised = prepare(path.read_text(encoding="utf-8", errors="replace"))
        shaped += _holds(normalised) + _holds(raw)
    assert shaped > 300  # most configs have a shape: the test checks something


WORDS = st.sampled_from([*LINE_TEXTS, "banner login #closed#", "mpls ip", "! banner motd ^C"])
LINES = st.lists(st.tuples(st.sampled_from([0, 0, 0, 1, 2, 3, 4, 6]), WORDS), max_size=40)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_random_configs(rows: list[tuple[int, str]]) -> None:
    _holds([" " * indent + text for indent, text in rows])


@pytest.mark.parametrize(
    "lines",
    [
        ["banner motd ^C", "  hello", "^C", "hostname r1"],
        ["macro name M", " switchport", "@"],
        ["interface Gi1", " macro name M"],  # refused even where the walk would not look
    ],
)
def test_no_shape_where_the_walk_reads_words(lines: list[str]) -> None:
    assert _shape(lines) is None


def test_a_banner_closed_on_its_line_keeps_the_shape() -> None:
    assert _shape(["hostname r1", "banner login #Authorized access only#", "end"]) is not None
    # the library finds no delimiter after 'fail-message' (its pattern wants 'banner'): no body
    assert _holds(["aaa authentication fail-message ^C", " no", "^C"])


def test_two_configs_of_one_layout_share_one_walk() -> None:
    clear_cache()
    a = ["hostname r1", "interface Gi1", " ip address 10.0.0.1 255.255.255.0", "!"]
    b = ["hostname r2", "interface Gi2", " ip address 10.0.0.2 255.255.255.0", "!"]
    assert parse_lines(a) is parse_lines(b)
    assert parse_lines(["hostname r3", " description indented"]) is not parse_lines(a)
