"""Linting many files on all cores: a process pool whose tasks are paths.

Each worker receives the settings and waivers once (pool initializer) and then only
:class:`Source` objects, which name a file rather than carry its text; results come back as
:class:`FileResult` objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dmvpngen.lint.config import LintSettings
    from dmvpngen.lint.engine import FileResult
    from dmvpngen.lint.sources import Source
    from dmvpngen.lint.waivers import Waiver

__all__ = ["lint_parallel"]

# What this worker process lints with, set once by _setup.
_WORKER: tuple[LintSettings, tuple[Waiver, ...]] | None = None


def _setup(settings: LintSettings, waivers: tuple[Waiver, ...]) -> None:
    global _WORKER
    _WORKER = (settings, waivers)


def _lint_one(source: Source) -> FileResult:
    from dmvpngen.lint.engine import lint_source

    assert _WORKER is not None, "worker used before _setup"
    return lint_source(source, *_WORKER)


def lint_parallel(
    sources: Sequence[Source],
    settings: LintSettings,
    waivers: tuple[Waiver, ...],
    jobs: int,
) -> list[FileResult]:
    """Lint ``sources`` in ``jobs`` worker processes; results in the order of ``sources``."""
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks (~32 per worker) keep the last ones from leaving a core idle at the end;
    # a task is a path, so sending one costs little.
    chunk = max(1, len(sources) // (jobs * 32))
    with ProcessPoolExecutor(jobs, initializer=_setup, initargs=(settings, waivers)) as pool:
        return list(pool.map(_lint_one, sources, chunksize=chunk))
