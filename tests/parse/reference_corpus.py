"""Every config text the tests hold, for holding a faster parse step to the code it replaced:
the real configs (tests/**/corpus, copies of ../shared/corpus/real-configs with their sources
in SOURCES.tsv), every lint fixture, the rendered goldens, and every shipped inventory rendered
in memory as ``check`` renders it."""

from __future__ import annotations

import functools
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
INVENTORIES = TESTS.parent / "inventories"


@functools.cache
def every_config() -> tuple[tuple[str, str], ...]:
    """``(name, text)`` of every config file under tests/ and every shipped inventory's routers."""
    from dmvpngen.pipeline import analysis_configs

    out = [
        (str(p.relative_to(TESTS)), p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(TESTS.glob("**/*.cfg"))
    ]
    for inventory in sorted(INVENTORIES.glob("*.yml")):
        out.extend(
            (f"{inventory.stem}/{cfg.hostname}", cfg.text) for cfg in analysis_configs(inventory)
        )
    return tuple(out)
