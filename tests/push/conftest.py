"""Fixtures: a fresh simulated network per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dmvpngen.push import Credentials
from tests.fakeios import FakeLab
from tests.push.netgen import PASSWORD


@pytest.fixture
def lab() -> Iterator[FakeLab]:
    """Simulated routers; every server is stopped at the end."""
    with FakeLab(password=PASSWORD) as fake:
        yield fake


@pytest.fixture
def creds() -> Credentials:
    """The lab login."""
    return Credentials("netops", PASSWORD)
