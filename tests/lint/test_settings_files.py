"""Hostile waiver and settings files: a located error and exit 2, never a traceback or a hang.

Before the fix, a waiver file with a date that does not exist (``2026-13-45``) or a non-UTF-8
byte, and a settings file with a non-UTF-8 byte or 10,000 nested arrays, ended in tracebacks; a
waiver file naming a FIFO hung.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import dmvpngen.inputfile
from tests.lint.conftest import FIXTURES, Run

CONFIG = str(FIXTURES / "CRY001.clean.cfg")

WAIVERS = {
    "impossible-date": (b"- device: x\n  code: CRY\n  reason: r\n  expires: 2026-13-45\n", ":4:"),
    "not-utf8": (b"- device: \xff\xfe\n", "not UTF-8"),
    "alias-cycle": (b"a: &a [*a, *a]\n", "alias"),
    "deep": (b"[" * 10000, "nesting depth"),
    "not-a-mapping": (b"waivers: [just-text]\n", ":1:"),
}


@pytest.mark.parametrize("name", sorted(WAIVERS))
def test_hostile_waiver_file(run: Run, tmp_path: Path, name: str) -> None:
    data, expected = WAIVERS[name]
    path = tmp_path / "waivers.yml"
    path.write_bytes(data)
    result = run("lint", CONFIG, "--waivers", str(path))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.output


SETTINGS = {
    "not-utf8": (b'[lint]\nselect = "\xff"\n', "not UTF-8"),
    "deep": (b"[lint]\nx = " + b"[" * 10000 + b"]" * 10000 + b"\n", "nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_hostile_settings_file(run: Run, tmp_path: Path, name: str) -> None:
    data, expected = SETTINGS[name]
    path = tmp_path / ".dmvpngen.toml"
    path.write_bytes(data)
    result = run("lint", CONFIG, "--config", str(path))
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_waiver_fifo_is_refused(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dmvpngen.inputfile, "PIPE_WAIT_SECONDS", 0.2)
    fifo = tmp_path / "waivers.yml"
    os.mkfifo(fifo)
    result = run("lint", CONFIG, "--waivers", str(fifo))
    assert result.exit_code == 2, result.output
    assert "pipe" in result.output
