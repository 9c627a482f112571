"""Opening a user-named input file without ever blocking on it.

``open()`` on a named pipe (FIFO) waits until some process opens the other end, forever if none
does: ``dmvpngen validate some-fifo`` hung instead of answering. Every inventory, secrets file and
config is opened here: non-blocking, so the open itself returns at once, then a pipe or socket is
given :data:`PIPE_WAIT_SECONDS` to deliver its first bytes (``<(cat inventory.yml)`` and
``/dev/stdin`` from a pipe still work) and is refused with a clear reason when nothing comes.
"""

from __future__ import annotations

import errno
import os
import select
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = ["PIPE_WAIT_SECONDS", "NothingToRead", "open_input", "why_not_a_file"]

# Long enough for a process substitution to start producing, short enough to be an answer.
PIPE_WAIT_SECONDS = 5.0


class NothingToRead(OSError):
    """A pipe or socket that delivered nothing within :data:`PIPE_WAIT_SECONDS`."""


def open_input(path: Path) -> BinaryIO:
    """Open ``path`` for reading in binary mode; never blocks on a pipe with no writer.

    Raises ``IsADirectoryError`` for a directory, :class:`NothingToRead` for a pipe or socket
    nobody writes to, and the usual ``OSError`` subclasses otherwise.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            ready, _, _ = select.select([fd], [], [], PIPE_WAIT_SECONDS)
            if not ready:
                raise NothingToRead(
                    errno.EAGAIN,
                    f"a pipe that nothing was written to within {PIPE_WAIT_SECONDS:g} s",
                    str(path),
                )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def why_not_a_file(path: Path) -> str:
    """Why a path named on the command line is not a readable regular file, in words.

    Discovery skips what is not a regular file; the reason must not read as "no such file" when
    the path is a pipe, a device or a link that leads nowhere.
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a loop of symbolic links"
        if path.is_symlink():
            return "a symbolic link to a missing file"
        return "no such file or directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a config file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a config file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a config file"
    return "not a regular file"
