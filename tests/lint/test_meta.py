"""Every rule the linter can report has a doc page; every registered rule has a positive fixture
with at least one marked hit and a clean twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.lint.engine import ENGINE_RULES, all_rules
from dmvpngen.lint.registry import REGISTRY
from tests.lint.harness import FIXTURES, expected_hits

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
SECTIONS = (
    "## What it does",
    "## Why it matters",
    "## Bad example",
    "## Fixed example",
    "## References",
)
CODES = sorted(all_rules())


@pytest.mark.parametrize("code", CODES)
def test_rule_has_doc_page(code: str) -> None:
    page = DOCS / f"{code}.md"
    assert page.is_file(), f"docs/rules/{code}.md is missing"
    if not code.startswith(("CRY", "DMV", "RTA", "PAR", "LNT", "ADV", "MCS", "IPV")):
        return  # other areas keep their own page layout; the page must exist
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# {code}"), f"{code}.md must start with '# {code}'"
    for section in SECTIONS:
        assert section in text, f"{code}.md lacks '{section}'"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_has_fixtures(code: str) -> None:
    positive = FIXTURES / f"{code}.cfg"
    assert positive.is_file(), f"tests/lint/fixtures/{code}.cfg is missing"
    assert (FIXTURES / f"{code}.clean.cfg").is_file(), f"{code}.clean.cfg is missing"
    text = positive.read_bytes().decode("utf-8", errors="replace")
    assert expected_hits(text, code), f"{code}.cfg marks no '! expect: {code}'"


def test_codes_are_well_formed() -> None:
    for code, rule in all_rules().items():
        assert len(code) == 6 and code[:3].isalpha() and code[3:].isdigit()
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary
    assert not set(ENGINE_RULES) & set(REGISTRY)


def test_names_are_unique() -> None:
    names = [r.name for r in all_rules().values()]
    assert len(names) == len(set(names))
