"""The guest side of the lab VM: runs the host's command requests and writes their results.

Started by the VM runner as the guest's init command with the lab state directory (shared with
the host read-write): the host writes ``req/<id>.json`` ({"cmds": [shell commands], "timeout":
seconds}), this agent runs the commands of one request in parallel and writes
``res/<id>.json`` ([{"rc", "out", "err"}, ...]) atomically. ``stop`` ends it (and the VM).
Standard library only: it runs under the host's Python inside the guest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def _run(cmd: str, timeout: float) -> dict[str, Any]:
    # output goes to files, not pipes: a daemon the command starts may keep a pipe open forever
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            rc = subprocess.run(
                ["/bin/sh", "-c", cmd], stdout=out, stderr=err, timeout=timeout, check=False
            ).returncode
        except subprocess.TimeoutExpired:
            rc = 124
        out.seek(0)
        err.seek(0)
        return {
            "rc": rc,
            "out": out.read().decode(errors="replace"),
            "err": err.read().decode(errors="replace"),
        }


def serve(state: Path) -> None:
    """Answer requests until ``state/stop`` appears."""
    req, res = state / "req", state / "res"
    res.mkdir(exist_ok=True)
    (state / "ready").write_text(str(os.getpid()))
    with ThreadPoolExecutor(max_workers=16) as pool:
        while not (state / "stop").exists():
            pending = sorted(req.glob("*.json")) if req.exists() else []
            if not pending:
                time.sleep(0.1)
                continue
            for path in pending:
                try:
                    request = json.loads(path.read_text())
                except ValueError:  # the host is still writing it
                    continue
                timeout = float(request.get("timeout", 60))
                results = list(pool.map(_run, request["cmds"], [timeout] * len(request["cmds"])))
                tmp = res / f".{path.name}"
                tmp.write_text(json.dumps(results))
                tmp.rename(res / path.name)
                path.unlink()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
