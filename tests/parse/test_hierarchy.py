"""The in-house hierarchy is ciscoconfparse2's, line for line: every config the tests hold (real
corpus configs, every lint fixture, the rendered goldens) and random configs full of the cases
the library treats specially (comments under deeper lines, banners, macros, odd indents)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.lint.view import prepare
from dmvpngen.parse.hierarchy import NO_PARENT, build_hierarchy
from dmvpngen.parse.library import library_hierarchy
from dmvpngen.parse.parsed import PARSER_VARIABLE, clear_cache, parse_lines

TESTS = Path(__file__).resolve().parent.parent
CONFIGS = sorted(TESTS.glob("**/*.cfg"))


def test_the_tests_hold_configs_of_every_kind() -> None:
    assert len(CONFIGS) > 300  # corpus, fixtures and goldens: a glob that found nothing fails


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: str(p.relative_to(TESTS)))
def test_same_hierarchy_as_ciscoconfparse2(path: Path) -> None:
    raw, normalised = prepare(path.read_text(encoding="utf-8", errors="replace"))
    assert build_hierarchy(normalised) == library_hierarchy(normalised)
    assert build_hierarchy(raw) == library_hierarchy(raw)  # paste lines and banner bodies left in


# lines of every kind the library treats specially (read by test_hierarchy_shapes.py too)
LINE_TEXTS = (
    ["interface Gi1", "ip address 10.0.0.1 255.255.255.0", "router eigrp 1", "!", "! note",
     "exit-address-family", "address-family ipv4", "network 10.0.0.0", "", "@", "^C", "end",
     "banner motd ^C", "banner login #", "banner exec ^C hi ^C", "set banner motd %",
     "aaa authentication fail-message ^C", "macro name TEST", "text # more", "hello"]
)  # fmt: skip
WORDS = st.sampled_from(LINE_TEXTS)
LINES = st.lists(st.tuples(st.sampled_from([0, 0, 0, 1, 2, 3, 4, 6]), WORDS), max_size=40)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_random_configs_same_hierarchy(rows: list[tuple[int, str]]) -> None:
    lines = [" " * indent + text for indent, text in rows]
    macro = [i for i, line in enumerate(lines) if line.startswith("macro name ")]
    if macro and not any(line.rstrip() == "@" for line in lines[macro[-1] + 1 :]):
        lines.append("@")  # the library fails on a macro never closed
    assert build_hierarchy(lines) == library_hierarchy(lines)


def test_an_unclosed_macro_ends_at_the_end_of_the_file() -> None:
    # ciscoconfparse2 raises IndexError here; the hierarchy keeps the body under the macro
    tree = build_hierarchy(["macro name X", " switchport", "hostname r1"])
    assert tree.parents == [NO_PARENT, 0, 0]


def test_one_parse_per_text_within_a_run() -> None:
    clear_cache()
    lines = ["hostname r1", "interface Gi1", " ip address 10.0.0.1 255.255.255.0", ""]
    first = parse_lines(lines)
    assert parse_lines(list(lines)) is first  # equal lines, not the same list
    assert first.parents == [NO_PARENT, NO_PARENT, 1, NO_PARENT]
    clear_cache()
    assert parse_lines(lines) is not first


def test_the_library_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["banner motd ^C", "  hello", "^C", "macro name M", " switchport", "@", ""]
    fast = parse_lines(lines)
    monkeypatch.setenv(PARSER_VARIABLE, "ciscoconfparse2")
    slow = parse_lines(lines)
    assert slow is not fast  # not served from the other parser's cache
    assert slow == fast
