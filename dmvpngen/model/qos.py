"""Per-tunnel features: per-tunnel QoS by NHRP group (hub shapers) and BFD on the tunnels."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel
from dmvpngen.model.text import Hostname

__all__ = ["DSCP_VALUES", "Bfd", "Qos", "QosClass", "QosGroup"]

Dscp = Literal[
    "ef", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "default",
    "af11", "af12", "af13", "af21", "af22", "af23",
    "af31", "af32", "af33", "af41", "af42", "af43",
]  # fmt: skip
DSCP_VALUES: tuple[str, ...] = Dscp.__args__  # type: ignore[attr-defined]
_NAME = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"


class QosClass(StrictModel):
    """A traffic class inside every group's shaper (the child policy)."""

    name: str = Field(pattern=_NAME)
    dscp: list[Dscp] = Field(min_length=1, description="DSCP values that select the class.")
    priority_percent: int | None = Field(
        None, ge=1, le=100, description="Low-latency queue share of the shaped rate."
    )
    bandwidth_percent: int | None = Field(
        None, ge=1, le=100, description="Guaranteed share of the shaped rate."
    )


class QosGroup(StrictModel):
    """An NHRP group: spokes announce it, hubs shape traffic to each of its spokes."""

    name: str = Field(pattern=_NAME, description="NHRP group name spokes announce.")
    shape_kbps: int = Field(ge=8, le=10_000_000, description="Shaped rate per spoke, kbit/s.")
    hubs: list[Hostname] | None = Field(
        None, description="Hubs that map this group (default: every hub)."
    )


class Qos(StrictModel):
    """Per-tunnel QoS (hierarchical shaper per spoke, selected by its NHRP group)."""

    classes: list[QosClass] = Field(default_factory=list)
    groups: list[QosGroup] = Field(min_length=1)


class Bfd(StrictModel):
    """BFD timers on the tunnel; every routing protocol then registers with BFD."""

    interval: int = Field(300, ge=50, le=9999, description="Transmit interval, ms.")
    min_rx: int = Field(300, ge=50, le=9999, description="Receive interval, ms.")
    multiplier: int = Field(3, ge=3, le=50)
