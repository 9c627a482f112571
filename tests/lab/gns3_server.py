"""Real GNS3 controllers (the PyPI package ``gns3-server``) on 127.0.0.1 for the lab tests.

gns3-server pins its own web stack, so each version lives in its own virtual environment under
``~/.cache/dmvpngen-tests`` (``DMVPNGEN_TEST_CACHE`` overrides), built once and reused while its
``.ok`` marker is there. A server runs with a temporary HOME (its config, projects and images
go there) on a free port, and is stopped by its PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# The two API lines the driver speaks; the newest release of each at the time of writing.
GNS3_VERSIONS = ("3.0.6", "2.2.61")
CACHE = Path(os.environ.get("DMVPNGEN_TEST_CACHE", Path.home() / ".cache" / "dmvpngen-tests"))
# Emulator binaries for the controller (.ci/run puts Debian's dynamips here): with Dynamips,
# GNS3 can create its built-in Ethernet switches.
TOOLS = CACHE / "bin"
ADMIN = ("admin", "admin")  # a new GNS3 3.x controller's user; 2.2 gets it for basic auth
# GNS3 2.2 runs without authentication unless its server config turns HTTP basic auth on; the
# tests turn it on, as a shared 2.2 server would have it.
_V2_CONFIG = f"[Server]\nauth = True\nuser = {ADMIN[0]}\npassword = {ADMIN[1]}\n"


def has_dynamips() -> bool:
    """Whether the controllers will find Dynamips (and so can make Ethernet switches)."""
    return (TOOLS / "dynamips").exists() or shutil.which("dynamips") is not None


class Gns3Unavailable(Exception):
    """gns3-server could not be installed or started here; the message says why."""


@dataclass(frozen=True)
class Gns3Server:
    """A running controller."""

    version: str
    url: str
    home: Path
    pid: int

    @property
    def api(self) -> str:
        """The API prefix this controller line serves."""
        return "v3" if self.version.startswith("3.") else "v2"

    @property
    def projects_dir(self) -> Path:
        """Where the controller keeps project directories."""
        return self.home / "GNS3" / "projects"


def _venv(version: str) -> Path:
    """The virtual environment holding gns3-server ``version`` (built on first use)."""
    tag = f"py{sys.version_info.major}.{sys.version_info.minor}"
    env = CACHE / f"gns3-server-{version}-{tag}"
    if (env / ".ok").exists():
        return env
    shutil.rmtree(env, ignore_errors=True)
    env.parent.mkdir(parents=True, exist_ok=True)
    steps = (
        [sys.executable, "-m", "venv", str(env)],
        [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", f"gns3-server=={version}"],
    )
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise Gns3Unavailable(f"gns3-server {version}: {' / '.join(tail)}")
    (env / ".ok").write_text(version + "\n")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Gns3Unavailable(f"gns3server exited: {log.read_text()[-400:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (2.2 with authentication on says 401)
        except OSError:
            time.sleep(0.3)
    raise Gns3Unavailable(f"gns3server did not answer {url} in {timeout:.0f} s")


@contextmanager
def running(version: str, home: Path) -> Iterator[Gns3Server]:
    """Start gns3-server ``version`` on 127.0.0.1 with ``home`` as HOME; stop it by PID."""
    env_dir = _venv(version)
    port = _free_port()
    home.mkdir(parents=True, exist_ok=True)
    if not version.startswith("3."):  # read from the working directory, which is home
        (home / "gns3_server.conf").write_text(_V2_CONFIG)
    log = home / "gns3server.log"
    path = f"{TOOLS}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    env = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8"}
    cmd = [str(env_dir / "bin" / "gns3server"), "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*cmd, "--local"], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=home
        )
    server = Gns3Server(version, f"http://127.0.0.1:{port}", home, proc.pid)
    try:
        _wait_up(f"{server.url}/{server.api}/version", proc, log)
        yield server
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


# An ELF header, which is all GNS3 checks of an IOU image before it tries to run it; a QEMU disk
# image that is not one. No router image ships with the tests, so starting nodes must fail.
IOU_IMAGE = ("i86bi-linux-l3-test.bin", b"\x7fELF\x02\x01\x01" + bytes(57))
QEMU_IMAGE = ("c8000v-test.qcow2", b"not a disk image\n" * 64)


def add_templates(api: object) -> None:
    """Upload the placeholder images and add the templates the lab's node kinds look up."""
    from dmvpngen.lab.drivers.gns3_api import Gns3Api

    assert isinstance(api, Gns3Api)
    v3 = api.prefix == "v3"
    for kind, (name, data) in (("iou", IOU_IMAGE), ("qemu", QEMU_IMAGE)):
        path = f"images/upload/{name}" if v3 else f"computes/local/{kind}/images/{name}"
        api.call("POST", path, data=data)
    local = {} if v3 else {"compute_id": "local"}
    api.post_object(
        "templates",
        {"name": "Cisco IOU L3", "template_type": "iou", "path": IOU_IMAGE[0], **local},
        "template_id",
    )
    api.post_object(
        "templates",
        {
            "name": "Cisco Catalyst 8000V",
            "template_type": "qemu",
            "hda_disk_image": QEMU_IMAGE[0],
            "ram": 4096,
            "adapters": 8,
            "adapter_type": "vmxnet3",
            "platform": "x86_64",
            "port_name_format": "Gi{port1}",
            **local,
        },
        "template_id",
    )
