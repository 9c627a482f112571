"""A named pipe given as an input file must be refused, never waited on forever.

``open()`` on a FIFO blocks until a writer appears; before ``dmvpngen.inputfile`` the commands
below hung (validate, lint, a secrets file naming a FIFO).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dmvpngen.inputfile
from dmvpngen.cli.app import app
from tests.conftest import INVENTORIES

runner = CliRunner()

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.fixture
def fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(dmvpngen.inputfile, "PIPE_WAIT_SECONDS", 0.2)
    path = tmp_path / "pipe.yml"
    os.mkfifo(path)
    return path


def _run(args: list[str]) -> tuple[int, str, float]:
    start = time.monotonic()
    result = runner.invoke(app, args)
    return result.exit_code, result.output, time.monotonic() - start


@pytest.mark.parametrize("command", [["validate"], ["generate", "-o", "never-written"], ["lint"]])
def test_fifo_as_input_is_refused(fifo: Path, command: list[str]) -> None:
    args = [command[0], str(fifo), *command[1:]]
    code, output, took = _run(args)
    assert code == 2, output
    assert "pipe" in output and "nothing was written" in output
    assert took < 10


def test_fifo_as_secrets_file_is_refused(fifo: Path, tmp_path: Path) -> None:
    inventory = tmp_path / "inv.yml"
    source = (INVENTORIES / "phase3-single-hub-eigrp.yml").read_text()
    inventory.write_text(source.replace("demo.secrets.yaml", fifo.name))
    code, output, _ = _run(["validate", str(inventory)])
    assert code == 2, output
    assert "cannot read secrets file" in output and "pipe" in output


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_pipe_with_data_is_read() -> None:
    """A pipe that does deliver (process substitution, /dev/stdin) is still an input."""
    read_fd, write_fd = os.pipe()
    os.write(write_fd, b"name: x\n")
    os.close(write_fd)
    with dmvpngen.inputfile.open_input(Path(f"/proc/self/fd/{read_fd}")) as handle:
        assert handle.read() == b"name: x\n"
    os.close(read_fd)


@pytest.mark.parametrize("command", ["check", "import", "lint"])
def test_config_paths_that_are_not_files_say_what_they_are(
    fifo: Path, tmp_path: Path, command: str
) -> None:
    """A symlink loop, a device or a pipe was reported as 'no such file or directory'."""
    loop = tmp_path / "loop.cfg"
    loop.symlink_to(tmp_path / "loop2.cfg")
    (tmp_path / "loop2.cfg").symlink_to(loop)
    cases = {loop: "a loop of symbolic links", fifo: "pipe"}
    if Path("/dev/zero").exists():
        cases[Path("/dev/zero")] = "device" if command != "lint" else "8 MB limit"
    for path, expected in cases.items():
        args = [command, str(path)]
        if command == "import":
            args += ["-o", str(tmp_path / "never.yml")]
        code, output, _ = _run(args)
        assert code == 2, output
        assert expected in output, output
        assert "no such file" not in output
    assert not (tmp_path / "never.yml").exists()
