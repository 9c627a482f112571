"""Shared helpers for the lint tests: a CLI runner that starts in a clean directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).parent / "corpus"


class Run:
    """Invoke ``dmvpngen`` in-process; returns the click Result."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, stdin: bytes | str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args), input=stdin, env={"NO_COLOR": "1"})


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """A runner whose working directory is an empty temporary folder (no config file above)."""
    monkeypatch.chdir(tmp_path)
    yield Run()
