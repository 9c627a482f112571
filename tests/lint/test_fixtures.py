"""Every CRY/DMV/RTA/PAR/IPV rule reports exactly the lines marked in its fixture, and nothing on
its clean twin. (MGT/CTL/DAT/LOG fixtures are exercised by test_rules_mgmt.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from tests.lint.harness import FIXTURES, expected_hits, fixture_codes, fixture_settings

MINE = ("CRY", "DMV", "RTA", "PAR", "IPV")
CODES = [c for c in fixture_codes() if c.startswith(MINE)]


def _lint(path: Path, code: str) -> tuple[str, list[int]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    settings = LintSettings.from_mapping(fixture_settings(text))
    result = lint_text(text, path.name, settings)
    return text, sorted(f.line for f in result.findings if f.code == code)


def test_every_area_has_fixtures() -> None:
    for prefix, count in (("CRY", 19), ("DMV", 14), ("RTA", 10)):
        assert len([c for c in CODES if c.startswith(prefix)]) == count


@pytest.mark.parametrize("code", CODES)
def test_positive_fixture(code: str) -> None:
    text, got = _lint(FIXTURES / f"{code}.cfg", code)
    want = expected_hits(text, code)
    assert want, f"{code}.cfg marks no expected hit"
    assert got == want


@pytest.mark.parametrize("code", CODES)
def test_clean_fixture(code: str) -> None:
    _, got = _lint(FIXTURES / f"{code}.clean.cfg", code)
    assert got == []
