"""The lab VM runner, apart from any engine: boots a Debian kernel under QEMU with the host's
root filesystem (virtme-ng over 9p), runs the guest agent in it, and carries shell commands to
the guest through a shared state directory.

One VM per lab, always under QEMU's TCG: on the machines this runs on ``/dev/kvm`` can exist
and still hang the guest at early boot, and a hung boot costs more than TCG's slower start.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GuestResult", "Vm", "VmError", "find_kernel", "find_vng"]

_AGENT = Path(__file__).with_name("agent.py")


class VmError(RuntimeError):
    """The VM could not be started or stopped answering."""


@dataclass(frozen=True)
class GuestResult:
    """One command's outcome in the guest."""

    rc: int
    out: str
    err: str


def find_kernel() -> Path | None:
    """The newest /boot/vmlinuz-* whose modules include ip_gre (Debian linux-image-*-amd64)."""
    found = []
    for path in Path("/boot").glob("vmlinuz-*"):
        version = path.name.removeprefix("vmlinuz-")
        if any(Path(f"/lib/modules/{version}/kernel/net/ipv4").glob("ip_gre.ko*")):
            found.append(path)
    return max(found, key=lambda p: p.name) if found else None


def find_vng() -> Path | None:
    """virtme-ng's ``vng``: on PATH or beside this Python (a virtual environment)."""
    here = Path(sys.executable).parent / "vng"
    if here.exists():
        return here
    which = shutil.which("vng")
    return Path(which) if which else None


# seconds without a heartbeat after which the guest agent counts as stopped: it beats every 2 s,
# but on a loaded 2-core host a TCG guest has been seen to miss beats for over a minute and
# then carry on
_SILENT = 120.0


class _Beat:
    """The guest agent's heartbeat file as the host sees it: when it last changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = ""
        self.request = ""
        self.changed = time.monotonic()

    def silent(self) -> float:
        """Seconds since the heartbeat last changed (since this wait began, at first)."""
        try:
            text = self.path.read_text()
        except OSError:
            text = self.text
        if text != self.text:
            self.text, self.changed = text, time.monotonic()
            try:
                self.request = str(json.loads(text).get("request", ""))
            except (ValueError, AttributeError):
                self.request = ""
        return time.monotonic() - self.changed

    def describe(self, rid: str) -> str:
        """What the heartbeat says, for an error message."""
        age = time.monotonic() - self.changed
        if not self.text:
            return "the guest agent has not beaten during the wait"
        doing = "this request" if self.request == rid else self.request or "nothing"
        return f"the guest agent's last heartbeat {age:.0f} s ago, working on {doing}"


def _brief(cmds: list[str]) -> str:
    """The first command of a request, shortened for an error message."""
    first = cmds[0] if cmds else ""
    more = f" (+{len(cmds) - 1} more)" if len(cmds) > 1 else ""
    return (first if len(first) <= 120 else first[:117] + "...") + more


class Vm:
    """A running (or startable) lab VM bound to ``state``, the directory the guest shares."""

    def __init__(self, state: Path) -> None:
        self.state = state

    @property
    def pid_file(self) -> Path:
        """Where the QEMU launcher's process id is kept between commands."""
        return self.state / "vm.pid"

    def running(self) -> bool:
        """True while the VM process recorded in the state directory is alive."""
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return False
        return True

    def start(
        self, kernel: Path, vng: Path, *, memory: str = "1536M", timeout: float = 300
    ) -> float:
        """Boot the VM and wait until the agent answers; returns the boot time in seconds."""
        for name in ("ready", "stop", "alive", "kernel.log"):
            (self.state / name).unlink(missing_ok=True)
        for sub in ("req", "res"):
            shutil.rmtree(self.state / sub, ignore_errors=True)
            (self.state / sub).mkdir(parents=True)
        cmd = [
            str(vng),
            "--disable-kvm",
            "--force-9p",
            # the guest console in vm.log: kernel messages (oopses, RCU stalls, hung tasks)
            # reach it even when the guest's user space no longer runs
            "--verbose",
            "--run",
            str(kernel),
            "--memory",
            memory,
            "--cpus",
            str(min(2, os.cpu_count() or 1)),
            "--rwdir",
            str(self.state),
            "--exec",
            f"{sys.executable} {_AGENT} {self.state} --guest",
        ]
        env = {**os.environ, "PATH": f"{vng.parent}:{os.environ.get('PATH', '')}"}
        log = (self.state / "vm.log").open("wb")
        started = time.monotonic()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
            cwd=self.state,
        )
        self.pid_file.write_text(str(proc.pid))
        while not (self.state / "ready").exists():
            if proc.poll() is not None:
                raise VmError(f"the VM exited during boot (see {self.state / 'vm.log'})")
            if time.monotonic() - started > timeout:
                self.kill()
                raise VmError(f"the VM did not boot within {timeout:.0f} s")
            time.sleep(0.2)
        return time.monotonic() - started

    def run(self, cmds: list[str], timeout: float = 60) -> list[GuestResult]:
        """Run ``cmds`` in the guest in parallel; their results in order.

        The guest ends each command at ``timeout`` (rc 124). The host waits that long plus a
        slack for a guest slowed by emulation on a busy machine, and longer (up to twice that)
        only while the agent's heartbeat shows it still at work on this request: a guest that
        has stopped is reported as soon as its heartbeat is ``_SILENT`` seconds old."""
        rid = f"{time.time_ns()}-{uuid.uuid4().hex[:6]}.json"
        # the half-written request must not match the agent's "*.json": it would run it and
        # then fail to remove it once renamed under its real name
        tmp = self.state / "req" / f".{rid}.part"
        tmp.write_text(json.dumps({"cmds": cmds, "timeout": timeout}))
        tmp.rename(self.state / "req" / rid)
        answer = self.state / "res" / rid
        started = time.monotonic()
        soft = timeout + max(60.0, timeout)
        beat = _Beat(self.state / "alive")
        while not answer.exists():
            if not self.running():
                raise VmError(f"the lab VM is not running (it stopped during: {_brief(cmds)})")
            waited = time.monotonic() - started
            silent = beat.silent()
            if silent > _SILENT or waited > 2 * soft or (waited > soft and beat.request != rid):
                raise VmError(
                    f"the guest did not answer within {waited:.0f} s to: {_brief(cmds)}"
                    f" ({beat.describe(rid)}; see {self.state / 'kernel.log'})"
                )
            time.sleep(0.05)
        data = json.loads(answer.read_text())
        answer.unlink()
        return [GuestResult(d["rc"], d["out"], d["err"]) for d in data]

    def sh(self, cmd: str, timeout: float = 60) -> GuestResult:
        """Run one shell command in the guest."""
        return self.run([cmd], timeout)[0]

    def stop(self, timeout: float = 30) -> None:
        """Ask the guest to power off; kill the VM if it does not."""
        if not self.running():
            return
        (self.state / "stop").write_text("")
        deadline = time.monotonic() + timeout
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.kill()

    def kill(self) -> None:
        """End the VM's process group (the launcher and its QEMU)."""
        try:
            pid = int(self.pid_file.read_text())
            os.killpg(pid, signal.SIGTERM)
        except (OSError, ValueError):
            pass
        self.pid_file.unlink(missing_ok=True)
