"""Routing error goldens: inventories that load and validate field by field but whose rendered
network drops traffic; ``dmvpngen validate`` refuses them with the report in the .log beside
each (``pytest tests/test_errors_routes.py --update-goldens`` rewrites it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.conftest import REPO
from tests.golden_util import compare_golden

CASES = sorted((Path(__file__).parent / "errors" / "routes").glob("*.yml"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_routing_error_report(
    case: Path, update_goldens: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, ["validate", str(case.relative_to(REPO))])
    assert result.exit_code == 1
    compare_golden(case.with_suffix(".log"), result.output, update_goldens)
