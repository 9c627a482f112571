"""Error goldens: each bad inventory under tests/errors/ gives exactly the report in its .log.

The report is what ``dmvpngen validate`` prints (one located problem per entry, with its hint);
``pytest tests/test_errors.py --update-goldens`` rewrites the .log files after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.errors import InputError
from dmvpngen.pipeline import load_and_validate
from tests.conftest import REPO
from tests.golden_util import compare_golden

ERRORS = Path(__file__).parent / "errors"
CASES = sorted(ERRORS.glob("*.yml"))

# exit status the CLI must give for each case: 2 unreadable input, 1 invalid network
UNREADABLE = {
    "malformed-yaml",
    "duplicate-key",
    "not-a-mapping",
    "secrets-file-missing",
    "yaml-alias-bomb",
    "yaml-alias-cycle",
    "yaml-bad-date",
    "yaml-deep",
    "yaml-huge-integer",
    "yaml-merge-cycle",
}


def report(path: Path) -> tuple[int, str]:
    try:
        load_and_validate(path)
    except InputError as exc:
        return exc.exit_code, "\n".join(p.render() for p in exc.problems) + "\n"
    raise AssertionError(f"{path} validated without error")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_error_report(case: Path, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("DMVPNGEN_TEST_UNSET_VARIABLE", raising=False)
    code, text = report(case.relative_to(REPO))
    assert code == (2 if case.stem in UNREADABLE else 1)
    compare_golden(case.with_suffix(".log"), text, update_goldens)


def test_every_problem_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    for case in CASES:
        _code, text = report(case.relative_to(REPO))
        for line in text.splitlines():
            if line.startswith("tests/errors/") and case.stem != "secrets-file-missing":
                assert line.split(":")[1].strip().isdigit(), f"{case.stem}: unlocated: {line}"
