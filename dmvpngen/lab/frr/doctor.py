"""``dmvpngen lab doctor``: are the parts of the FRR lab installed, and how to install them."""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import BaseModel

from dmvpngen.lab.vm import find_kernel, find_vng

__all__ = ["APT_PACKAGES", "INSTALL", "PIP_PACKAGES", "Doctor", "Part", "doctor"]

# The Debian packages of the lab, exactly as .ci/run installs them.
APT_PACKAGES = (
    "linux-image-amd64",
    "qemu-system-x86",
    "busybox-static",
    "frr",
    "strongswan-charon",
    "strongswan-swanctl",
    "libstrongswan-standard-plugins",
    "iptables",
    "iproute2",
    "iputils-ping",
    "kmod",
)
PIP_PACKAGES = ("virtme-ng",)  # the "frr" extra of pyproject.toml
INSTALL = (
    "apt-get install -y --no-install-recommends " + " ".join(APT_PACKAGES),
    "pip install " + " ".join(PIP_PACKAGES),
)


class Part(BaseModel):
    """One part: found where, or which package provides it."""

    name: str
    ok: bool
    detail: str
    package: str


class Doctor(BaseModel):
    """Every part, and the commands that install the missing ones."""

    ok: bool
    parts: list[Part]
    install: list[str]


def _file(name: str, path: str, package: str) -> Part:
    found = Path(path).exists()
    return Part(name=name, ok=found, detail=path if found else "missing", package=package)


def _which(name: str, package: str) -> Part:
    found = shutil.which(name) or (
        f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
    )
    return Part(name=name, ok=bool(found), detail=found or "missing", package=package)


def doctor() -> Doctor:
    """Look for every part the FRR lab needs on this machine."""
    kernel = find_kernel()
    vng = find_vng()
    parts = [
        Part(
            name="kernel with ip_gre",
            ok=kernel is not None,
            detail=str(kernel) if kernel else "no /boot/vmlinuz-* with ip_gre modules",
            package="linux-image-amd64",
        ),
        Part(
            name="vng",
            ok=vng is not None,
            detail=str(vng) if vng else "missing",
            package="virtme-ng (pip)",
        ),
        _which("qemu-system-x86_64", "qemu-system-x86"),
        _file("busybox (static)", "/bin/busybox", "busybox-static"),
        _file("zebra", "/usr/lib/frr/zebra", "frr"),
        _file("nhrpd", "/usr/lib/frr/nhrpd", "frr"),
        _file("bgpd", "/usr/lib/frr/bgpd", "frr"),
        _which("vtysh", "frr"),
        _file("charon", "/usr/lib/ipsec/charon", "strongswan-charon"),
        _which("swanctl", "strongswan-swanctl"),
        _file(
            "strongSwan openssl plugin",
            "/usr/lib/ipsec/plugins/libstrongswan-openssl.so",
            "libstrongswan-standard-plugins",
        ),
        _which("iptables", "iptables"),
        _which("ip", "iproute2"),
        _which("ping", "iputils-ping"),
        _which("modprobe", "kmod"),
    ]
    ok = all(p.ok for p in parts)
    return Doctor(ok=ok, parts=parts, install=[] if ok else list(INSTALL))
