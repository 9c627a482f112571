"""Fact extraction from IOS / IOS-XE configurations (what a DMVPN checker needs to know).

The names below are loaded on first use, so that importing one submodule (lint reads
:mod:`dmvpngen.parse.parsed` alone) does not load the fact extractors.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dmvpngen.parse.dmvpn import parse_config, parse_file
    from dmvpngen.parse.facts import Device, Interface, Nhs, Tunnel

__all__ = ["Device", "Interface", "Nhs", "Tunnel", "parse_config", "parse_file"]

_HOME = {
    "Device": "dmvpngen.parse.facts",
    "Interface": "dmvpngen.parse.facts",
    "Nhs": "dmvpngen.parse.facts",
    "Tunnel": "dmvpngen.parse.facts",
    "parse_config": "dmvpngen.parse.dmvpn",
    "parse_file": "dmvpngen.parse.dmvpn",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
