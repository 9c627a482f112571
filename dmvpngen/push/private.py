"""Files that hold router output (session logs, backups, identity records): owner-only files
in owner-only folders, whatever the umask, and whatever mode an older file had."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

__all__ = ["open_private", "write_private"]


def open_private(path: Path) -> TextIO:
    """Create (or truncate) ``path`` for writing, mode 0600, in a 0700 folder."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8")


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as :func:`open_private` creates it."""
    with open_private(path) as handle:
        handle.write(text)
