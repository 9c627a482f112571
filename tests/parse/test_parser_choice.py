"""Lint and check report the same with the hierarchy from ciscoconfparse2 as with the in-house
walk (``DMVPNGEN_PARSER=ciscoconfparse2``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import check_paths
from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from dmvpngen.parse.parsed import PARSER_VARIABLE

TESTS = Path(__file__).resolve().parent.parent
LINT = sorted((TESTS / "lint" / "corpus").glob("*.cfg")) + sorted(
    (TESTS / "lint" / "fixtures").glob("DMV*.cfg")
)
NETWORK = TESTS / "check" / "corpus" / "NGMunia-2026-dualhub-dualcloud"


def _lint(path: Path) -> list[tuple[int, str, str]]:
    result = lint_text(path.read_text(encoding="utf-8"), path.name, LintSettings())
    return [(f.line, f.code, f.message) for f in result.findings]


def _check() -> list[object]:
    result = check_paths([str(NETWORK)])
    counts: list[object] = [c.counts() for c in result.clouds]
    return counts + [(f.file, f.line, f.code, f.message) for f in result.findings]


def test_the_inputs_exist() -> None:
    assert len(LINT) > 5
    assert len(list(NETWORK.glob("*.cfg"))) > 2


@pytest.mark.parametrize("path", LINT, ids=lambda p: p.name)
def test_lint_is_the_same_with_the_library(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _lint(path)
    monkeypatch.setenv(PARSER_VARIABLE, "ciscoconfparse2")
    assert _lint(path) == fast


def test_check_is_the_same_with_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _check()
    assert fast  # this network has findings: the comparison means something
    monkeypatch.setenv(PARSER_VARIABLE, "ciscoconfparse2")
    assert _check() == fast
