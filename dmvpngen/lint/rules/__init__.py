"""Lint rules, one module per area. Importing this package registers every rule.

Every module in this package is imported automatically (modules whose name starts with ``_`` are
helpers and are skipped), so a new area module registers its rules without touching this file.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["load_all"]


def load_all() -> None:
    """Import every rule module of this package (idempotent)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


load_all()
