"""``dmvpngen lint`` without Typer, rich or pydantic on its way: each shortcut is held to the
path it stands in for (the Typer command, rich's printing, the pydantic settings model)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import build_app
from dmvpngen.cli.lint_argv import parse_lint_argv
from dmvpngen.cli.lint_run import LintArgs
from dmvpngen.cli.output import SafeConsole
from dmvpngen.lint.config import LintSettings, _plain_settings
from dmvpngen.lint.engine import lint_sources, sources_from_paths
from dmvpngen.lint.registry import Severity
from dmvpngen.lint.report.text import plain_is_exact, render_text, write_plain
from dmvpngen.lint.settings_model import validate_settings

HERE = Path(__file__).parent
REPO = HERE.parents[1]
CONFIG = str(HERE / "corpus" / "hq-r1-hub.cfg")

PLAIN_LINES = [
    [CONFIG],
    [CONFIG, "-"],
    ["-f", "json", CONFIG],
    ["--format=sarif", CONFIG, "--select", "CRY", "--select=DMV,RTA"],
    ["--ignore", "CRY004", "--fail-on", "low", "--ios-version", "15.4", CONFIG],
    ["--ios-version=", "--select", "", CONFIG],
    ["--config", "a.toml", "--waivers", "w.yml", "-o", "out.txt", CONFIG],
    ["--external-interface", "Gi1", "--external-interface=Gi2", "-j", "2", CONFIG, CONFIG],
    ["--jobs=007", "--output=r.json", "-f", "junit", "a.cfg", "b.cfg"],
]
UNUSUAL_LINES = [
    [],
    ["--help"],
    ["--", CONFIG],
    ["-fjson", CONFIG],
    ["-f=json", CONFIG],
    ["-f", "JSON", CONFIG],
    ["-f", "json", "-f", "text", CONFIG],
    ["--fail-on", "severe", CONFIG],
    ["--jobs", "two", CONFIG],
    ["--jobs", "-1", CONFIG],
    ["--select", "--ignore", CONFIG],
    ["--config", "", CONFIG],
    ["--unknown", CONFIG],
    ["--form", "json", CONFIG],
    [CONFIG, "--select"],
]


def _typer_reading(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> LintArgs:
    seen: list[LintArgs] = []

    def capture(args: LintArgs) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr("dmvpngen.cli.lint.run_lint", capture)
    result = CliRunner().invoke(build_app("lint"), ["lint", *argv])
    assert result.exit_code == 0, result.output
    return seen[0]


@pytest.mark.parametrize("argv", PLAIN_LINES, ids=lambda a: " ".join(a)[-60:] or "empty")
def test_plain_command_lines_read_as_typer_reads_them(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert parse_lint_argv(argv) == _typer_reading(argv, monkeypatch)


@pytest.mark.parametrize("argv", UNUSUAL_LINES, ids=lambda a: " ".join(a)[-60:] or "empty")
def test_other_command_lines_are_left_to_typer(argv: list[str]) -> None:
    assert parse_lint_argv(argv) is None


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    environ.update(PYTHONPATH=str(REPO), **env)
    return subprocess.run(
        [sys.executable, "-m", "dmvpngen", "lint", *args], capture_output=True, env=environ
    )


@pytest.mark.parametrize(
    "argv",
    [
        [CONFIG],
        ["-f", "json", CONFIG],
        ["--select", "XYZ", CONFIG],  # a usage error, reported through rich
        ["-f", "json", "--select", "XYZ", CONFIG],
        [str(HERE / "missing.cfg")],
    ],
    ids=["text", "json", "usage-error", "usage-error-json", "missing-file"],
)
def test_started_without_typer_prints_what_typer_prints(argv: list[str]) -> None:
    fast = _cli(*argv)
    # '-j1' (one word) is no plain command line: Typer reads it; one file never takes workers
    typer_run = _cli("-j1", *argv)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer_run.returncode,
        typer_run.stdout,
        typer_run.stderr,
    )
    assert fast.stdout or fast.stderr


def _reports() -> list[Any]:
    paths = [str(HERE / "fixtures"), str(HERE / "corpus"), str(REPO / "tests" / "golden")]
    sources = sources_from_paths(paths, None)
    binary = sources_from_paths(["-"], b"\x00\x01 not a config \x1b[31m")
    return [
        lint_sources(sources, LintSettings(), jobs=1),
        lint_sources(binary, LintSettings()),
        lint_sources(sources[:20], LintSettings(fail_on=Severity.CRITICAL)),
    ]


def test_plain_text_report_is_what_rich_prints_on_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    for report in _reports():
        assert report.files
        rich_out, plain_out = io.StringIO(), io.StringIO()
        render_text(report, SafeConsole(file=rich_out, highlight=False, soft_wrap=True))
        write_plain(report, plain_out)
        assert plain_out.getvalue() == rich_out.getvalue()
        assert "\x1b" not in plain_out.getvalue()


def test_plain_text_only_where_rich_would_not_style(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert plain_is_exact(io.StringIO())

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert not plain_is_exact(Terminal())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not plain_is_exact(io.StringIO())
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    assert not plain_is_exact(io.StringIO())


SETTINGS = [
    {},
    {"select": "cry, dmv001", "ignore": ["mgt", " rta "], "fail-on": "low"},
    {"select": ("CRY",), "fail_on": "critical", "ios-version": "17.9", "waivers": "w.yml"},
    {"external-interfaces": ["Gi1"], "password-types": ["9"], "overlay-tunnels": ["Tunnel0"]},
    {"external_interfaces": ("Gi1",), "overlay_tunnels": None, "ios_version": None},
    {"severity": {"CRY004": "critical", "MGT001": "info"}, "source": "x.toml"},
    {"fail-on": "severe"},
    {"fail-on": "HIGH"},
    {"select": [1, "a"]},
    {"password-types": [8, 9]},
    {"password-types": "8"},
    {"severity": {"CRY004": "bad"}},
    {"severity": ["CRY004"]},
    {"unknown": 1},
    {"fail-on": "low", "fail_on": "high"},
    {"ios-version": 17},
    {"waivers": None},
    {"source": None},
    {"select": None},
]


@pytest.mark.parametrize("data", SETTINGS, ids=lambda d: repr(d)[:50])
def test_plain_settings_are_what_the_model_makes_of_them(data: dict[str, Any]) -> None:
    from pydantic import ValidationError

    plain = _plain_settings(data)
    try:
        reference: LintSettings | None = validate_settings(data)
    except ValidationError:
        reference = None
    if plain is not None:  # read without the model: exactly what the model reads
        assert plain == reference
    elif reference is not None:  # left to the model, which accepts it
        assert LintSettings.from_mapping(data) == reference


def test_the_usual_settings_need_no_model() -> None:
    assert all(_plain_settings(data) is not None for data in SETTINGS[:6])
