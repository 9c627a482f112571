"""Write rendered configs to disk, touching only files whose content changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dmvpngen.render import RenderedConfig

__all__ = ["WriteResult", "write_configs"]


@dataclass(frozen=True)
class WriteResult:
    """What happened to one config file."""

    hostname: str
    role: str
    platform: str
    path: Path
    lines: int
    status: str  # "written" | "unchanged"

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "hostname": self.hostname,
            "role": self.role,
            "platform": self.platform,
            "file": str(self.path),
            "lines": self.lines,
            "status": self.status,
        }


def write_configs(configs: Iterable[RenderedConfig], directory: Path) -> list[WriteResult]:
    """Write ``<hostname>.cfg`` files; unchanged files keep their timestamps."""
    directory.mkdir(parents=True, exist_ok=True)
    results = []
    for cfg in configs:
        path = directory / f"{cfg.hostname}.cfg"
        data = cfg.text.encode()
        try:
            unchanged = path.read_bytes() == data
        except FileNotFoundError:
            unchanged = False
        if not unchanged:
            tmp = path.with_suffix(".cfg.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)  # atomic: a crash never leaves half a config behind
        results.append(
            WriteResult(
                cfg.hostname,
                cfg.role,
                cfg.platform.value,
                path,
                cfg.text.count("\n"),
                "unchanged" if unchanged else "written",
            )
        )
    return results
