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
            pending = _pending(req)
            if not pending:
                time.sleep(0.1)
                continue
            for path in pending:
                try:
                    request = json.loads(path.read_text())
                    cmds = [str(c) for c in request["cmds"]]
                    timeout = float(request.get("timeout", 60))
                except (OSError, ValueError, KeyError, TypeError):
                    continue  # gone, or not a request: the host only renames whole ones in
                results = list(pool.map(_run, cmds, [timeout] * len(cmds)))
                tmp = res / f".{path.name}.part"
                tmp.write_text(json.dumps(results))
                tmp.rename(res / path.name)
                path.unlink(missing_ok=True)


def _pending(req: Path) -> list[Path]:
    """Whole requests, oldest first; the host's half-written ``.*.part`` files are not."""
    try:
        return sorted(p for p in req.glob("*.json") if not p.name.startswith("."))
    except OSError:
        return []


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
