"""Hypothesis over config text for lint, check and import: whatever the bytes, the command ends
with exit 0, 1 or 2, without a traceback, within a bound, writing nothing but its ``-o`` file."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dmvpngen.cli.app import app

CORPUS = Path(__file__).parents[1] / "check" / "corpus"
SEED_LINES = sorted(
    {
        line
        for f in sorted(CORPUS.glob("*/*.cfg"))[:12]
        for line in f.read_text(encoding="utf-8", errors="replace").split("\n")
    }
)
PASTE = ["conf t", "exit", "end", "do show run", "R1(config-if)#ip nhrp sh", "int tun 0", "wr"]
runner = CliRunner()

_line = st.one_of(
    st.sampled_from(SEED_LINES + PASTE),
    st.text(max_size=40),  # any unicode, control characters included
    st.builds(lambda n, s: " " * n + s, st.integers(0, 60), st.sampled_from(SEED_LINES)),
)
_config = st.one_of(
    st.lists(_line, max_size=60).map(lambda lines: "\n".join(lines).encode("utf-8", "replace")),
    st.binary(max_size=300),
    st.lists(_line, max_size=30).map(lambda lines: "\n".join(lines).encode("utf-16")),
)


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_config, st.sampled_from(["lint", "check", "import"]))
def test_any_config_text_ends_cleanly(data: bytes, command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        (root / "in" / "r1.cfg").write_bytes(data)
        before = _files(root)
        args = [command, str(root / "in" / "r1.cfg")]
        if command == "import":
            args += ["-o", str(root / "out" / "net.yml")]
        cwd = Path.cwd()
        os.chdir(root)  # anything written to the working directory would show up here
        try:
            started = time.monotonic()
            result = runner.invoke(app, args)
            elapsed = time.monotonic() - started
        finally:
            os.chdir(cwd)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert elapsed < 60
        written = _files(root) - before
        allowed = {"out", "out/net.yml", "out/net.secrets.yml"} if command == "import" else set()
        assert written <= allowed, written
