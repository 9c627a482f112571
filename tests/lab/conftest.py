"""Lab tests honour the project's ``--update-goldens`` switch and DMVPNGEN_UPDATE_GOLDENS=1."""

from __future__ import annotations

import pytest

from tests.lab import helpers


@pytest.fixture(autouse=True)
def _golden_switch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.config.getoption("--update-goldens", default=False):
        monkeypatch.setattr(helpers, "UPDATE", True)
