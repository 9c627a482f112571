"""The host-guest channel of the lab VM, with the real agent run as a local process (the guest
runs the same file under the same Python)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from dmvpngen.lab import agent
from dmvpngen.lab.vm import Vm, VmError


@pytest.fixture
def vm(tmp_path: Path):  # type: ignore[no-untyped-def]
    for sub in ("req", "res"):
        (tmp_path / sub).mkdir()
    proc = subprocess.Popen([sys.executable, agent.__file__, str(tmp_path)], start_new_session=True)
    (tmp_path / "vm.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + 30
    while not (tmp_path / "ready").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield Vm(tmp_path)
    proc.kill()
    proc.wait()


def test_commands_run_in_parallel_and_answer_in_order(vm: Vm) -> None:
    started = time.monotonic()
    results = vm.run(["sleep 1; echo one", "sleep 1; echo two >&2; exit 3"], timeout=10)
    assert time.monotonic() - started < 1.9  # both slept at once
    assert [(r.rc, r.out, r.err) for r in results] == [(0, "one\n", ""), (3, "", "two\n")]


def test_a_daemon_keeping_stdout_open_does_not_block_the_answer(vm: Vm) -> None:
    result = vm.sh("sleep 30 & echo started", timeout=10)
    assert result.out == "started\n"


def test_timeout_is_reported_as_124(vm: Vm) -> None:
    assert vm.sh("sleep 5", timeout=0.5).rc == 124


def test_stop_ends_the_agent(vm: Vm) -> None:
    vm.stop(timeout=10)
    assert not vm.running()
    with pytest.raises(VmError, match="not running"):
        vm.sh("true")


def test_a_half_written_request_is_left_to_the_host(vm: Vm) -> None:
    # The host writes ".<id>.part" and renames it to "<id>.json"; a dot-file that happens to end
    # in .json, as the temporary name once did, must not be run (the agent would then fail to
    # remove it after the rename and the guest would stop answering).
    stray = vm.state / "req" / ".123-abc.json"
    stray.write_text('{"cmds": ["echo stray"], "timeout": 5}')
    time.sleep(0.5)
    assert stray.exists() and not list((vm.state / "res").iterdir())
    assert vm.sh("echo still here", timeout=5).out == "still here\n"


def test_a_garbled_request_does_not_end_the_agent(vm: Vm) -> None:
    (vm.state / "req" / "999-garbled.json").write_text('{"timeout": 5}')
    assert vm.sh("echo alive", timeout=5).out == "alive\n"


def test_a_timeout_ends_everything_the_command_started(vm: Vm) -> None:
    marker = f"sleep 4{time.time_ns() % 1000:03d}"  # a command line no other process has
    assert vm.sh(f"{marker} & {marker}; echo never", timeout=0.5).rc == 124
    time.sleep(0.3)
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout
    assert left == ""


def test_the_agent_beats_while_it_serves(vm: Vm) -> None:
    first = (vm.state / "alive").read_text()
    time.sleep(agent.HEARTBEAT + 1)
    assert (vm.state / "alive").read_text() != first


def test_a_stopped_agent_is_reported_by_its_silent_heartbeat(
    vm: Vm, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    from dmvpngen.lab import vm as vm_module

    monkeypatch.setattr(vm_module, "_SILENT", 3.0)
    pid = int(vm.pid_file.read_text())
    os.kill(pid, signal.SIGSTOP)  # a hung guest: the process is there, nothing answers
    try:
        started = time.monotonic()
        with pytest.raises(VmError, match="last heartbeat"):
            vm.sh("true", timeout=60)
        assert time.monotonic() - started < 10  # not the command's 60 s plus slack
    finally:
        os.kill(pid, signal.SIGCONT)
