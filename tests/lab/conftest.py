"""Lab tests honour the project's ``--update-goldens`` switch and DMVPNGEN_UPDATE_GOLDENS=1, and
get real GNS3 controllers from :mod:`tests.lab.gns3_server`."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.lab import helpers
from tests.lab.gns3_server import (
    GNS3_VERSIONS,
    Gns3Server,
    Gns3Unavailable,
    has_dynamips,
    running,
)


@pytest.fixture(autouse=True)
def _golden_switch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.config.getoption("--update-goldens", default=False):
        monkeypatch.setattr(helpers, "UPDATE", True)


@pytest.fixture(scope="session", params=GNS3_VERSIONS, ids=[f"gns3-{v}" for v in GNS3_VERSIONS])
def gns3_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Gns3Server]:
    """A real GNS3 controller of each API line, started once per test session."""
    version = str(request.param)
    if os.environ.get("CI") and not has_dynamips():
        pytest.fail("CI runs .ci/dynamips.sh first: the GNS3 tests need Dynamips for switches")
    try:
        with running(version, tmp_path_factory.mktemp(f"gns3-{version}-home")) as server:
            yield server
    except Gns3Unavailable as exc:
        if os.environ.get("CI"):  # CI has PyPI: a controller that does not come up is a failure
            pytest.fail(str(exc))
        pytest.skip(str(exc))
