"""``dmvpngen check`` with a plain command line is run without Typer reading it: held to what
Typer passes the command, and to Typer's output."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dmvpngen.cli.check as check_cli
from dmvpngen.cli.app import build_app
from dmvpngen.cli.check_argv import parse_check_argv

HERE = Path(__file__).parent
REPO = HERE.parents[1]
NETWORK = str(HERE / "corpus" / "NGMunia-2023-dualhub-dualcloud")

PLAIN = [
    [NETWORK],
    ["-f", "json", NETWORK],
    ["--format=sarif", "--fail-on", "low", NETWORK, NETWORK],
    ["--ios-version", "17.9", "--fail-on=critical", "a.cfg"],
    ["--ios-version=", "x.yml"],
]
UNUSUAL = [
    [],
    ["--help"],
    ["--", NETWORK],
    ["-fjson", NETWORK],
    ["-f", "yaml", NETWORK],
    ["--fail-on", "HIGH", NETWORK],
    ["-f", "json", "--format", "text", NETWORK],
    ["--select", "X", NETWORK],
    [NETWORK, "--ios-version"],
]


def _typer_reading(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: list[dict[str, Any]] = []

    @functools.wraps(check_cli.check)
    def capture(**kwargs: Any) -> None:
        seen.append(kwargs)

    monkeypatch.setattr(check_cli, "check", capture)
    result = CliRunner().invoke(build_app("check"), ["check", *argv])
    assert result.exit_code == 0, result.output
    return seen[0]


@pytest.mark.parametrize("argv", PLAIN, ids=lambda a: " ".join(a)[-50:])
def test_plain_command_lines_read_as_typer_reads_them(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = parse_check_argv(argv)
    assert ours is not None
    typer_kwargs = _typer_reading(argv, monkeypatch)
    assert ours == typer_kwargs
    assert [type(v) for v in ours.values()] == [type(v) for v in typer_kwargs.values()]


@pytest.mark.parametrize("argv", UNUSUAL, ids=lambda a: " ".join(a)[-50:] or "empty")
def test_other_command_lines_are_left_to_typer(argv: list[str]) -> None:
    assert parse_check_argv(argv) is None


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="120")
    return subprocess.run(
        [sys.executable, "-m", "dmvpngen", "check", *args], capture_output=True, env=env
    )


@pytest.mark.parametrize(
    "argv",
    [[NETWORK], ["-f", "json", "--fail-on", "info", NETWORK], [str(HERE / "missing")]],
    ids=["text", "json", "missing"],
)
def test_run_without_typer_prints_what_typer_prints(argv: list[str]) -> None:
    fast = _cli(*argv)
    # with '--' before the path the command line is no plain one: Typer reads it
    typer_run = _cli(*argv[:-1], "--", argv[-1])
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer_run.returncode,
        typer_run.stdout,
        typer_run.stderr,
    )
    assert fast.stdout or fast.stderr
