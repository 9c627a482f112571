"""The guest side of the lab VM: runs the host's command requests and writes their results.

Started by the VM runner as the guest's init command with the lab state directory (shared with
the host read-write): the host writes ``req/<id>.json`` ({"cmds": [shell commands], "timeout":
seconds}), this agent runs the commands of one request in parallel and writes
``res/<id>.json`` ([{"rc", "out", "err"}, ...]) atomically. ``stop`` ends it (and the VM).

So that a silent guest can be told from a slow one, the agent rewrites ``alive`` every
``HEARTBEAT`` seconds (the request it is working on) and copies the guest kernel's messages to
``kernel.log``. Standard library only: it runs under the host's Python inside the guest.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HEARTBEAT = 2.0


def _run(cmd: str, timeout: float) -> dict[str, Any]:
    # output goes to files, not pipes: a daemon the command starts may keep a pipe open forever
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # a session of its own, so a timeout ends the whole command (a hung vtysh or ping under
        # the shell), not just the shell, and nothing it left behind keeps eating the guest's CPU
        proc = subprocess.Popen(
            ["/bin/sh", "-c", cmd], stdout=out, stderr=err, start_new_session=True
        )
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rc = 124
        out.seek(0)
        err.seek(0)
        return {
            "rc": rc,
            "out": out.read().decode(errors="replace"),
            "err": err.read().decode(errors="replace"),
        }


class _Heartbeat(threading.Thread):
    """Rewrites ``state/alive`` with the time and the request in hand."""

    def __init__(self, state: Path) -> None:
        super().__init__(daemon=True)
        self.path = state / "alive"
        self.current = ""
        self.count = 0

    def beat(self) -> None:
        """Write one heartbeat (whole, by rename)."""
        self.count += 1
        try:
            tmp = self.path.with_name(".alive.part")
            tmp.write_text(
                json.dumps({"beat": self.count, "request": self.current, "clock": time.time()})
            )
            tmp.rename(self.path)
        except OSError:
            pass

    def run(self) -> None:
        while True:
            time.sleep(HEARTBEAT)
            self.beat()


def _follow_kernel_log(state: Path) -> None:
    """Copy the guest kernel's messages (OOM kills, hung tasks, oopses) to ``kernel.log``, and
    keep only warnings and worse on the console (``vm.log``) from now on."""
    try:
        subprocess.run(["dmesg", "--console-level", "warn"], check=False, capture_output=True)
        log = (state / "kernel.log").open("wb")
        subprocess.Popen(
            ["dmesg", "--follow", "--level", "emerg,alert,crit,err,warn"],
            stdout=log,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
    except OSError:
        pass  # no dmesg: the lab still runs, only without the kernel's account


def _answer(path: Path, res: Path, pool: ThreadPoolExecutor) -> None:
    """Run one request and write its results; a request that cannot run is answered too."""
    try:
        request = json.loads(path.read_text())
        cmds = [str(c) for c in request["cmds"]]
        timeout = float(request.get("timeout", 60))
    except (OSError, ValueError, KeyError, TypeError):
        return  # gone, or not a request: the host only renames whole ones in
    try:
        results = list(pool.map(_run, cmds, [timeout] * len(cmds)))
    except Exception:  # the host gets the reason instead of waiting for an answer
        results = [{"rc": 125, "out": "", "err": traceback.format_exc()} for _ in cmds]
    tmp = res / f".{path.name}.part"
    tmp.write_text(json.dumps(results))
    tmp.rename(res / path.name)


def serve(state: Path, *, guest: bool = False) -> None:
    """Answer requests until ``state/stop`` appears; ``guest``: also keep the kernel log (the
    VM's, which ends with it)."""
    req, res = state / "req", state / "res"
    res.mkdir(exist_ok=True)
    if guest:
        _follow_kernel_log(state)
    heartbeat = _Heartbeat(state)
    heartbeat.beat()  # before "ready": whoever waits for ready finds a heartbeat to compare with
    heartbeat.start()
    (state / "ready").write_text(str(os.getpid()))
    with ThreadPoolExecutor(max_workers=16) as pool:
        while not (state / "stop").exists():
            pending = _pending(req)
            if not pending:
                time.sleep(0.1)
                continue
            for path in pending:
                heartbeat.current = path.name
                try:
                    _answer(path, res, pool)
                except OSError as exc:  # the shared directory refused a write: say so, go on
                    print(f"agent: {path.name}: {exc}", file=sys.stderr, flush=True)
                heartbeat.current = ""
                path.unlink(missing_ok=True)


def _pending(req: Path) -> list[Path]:
    """Whole requests, oldest first; the host's half-written ``.*.part`` files are not."""
    try:
        return sorted(p for p in req.glob("*.json") if not p.name.startswith("."))
    except OSError:
        return []


if __name__ == "__main__":
    serve(Path(sys.argv[1]), guest="--guest" in sys.argv[2:])
