"""The software line of ``check``: which routers run a release named by a Cisco advisory.

The same table and comparison as lint's ADV001/ADV002 (``dmvpngen.advisories``), summed up over
the network: lint reports per file, ``check`` says how many routers of the network need a look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dmvpngen.advisories.release import parse_release
from dmvpngen.advisories.table import Exposure, load_table, matches

if TYPE_CHECKING:
    from dmvpngen.parse.facts import Device

__all__ = ["SoftwareReport", "software_report"]


@dataclass
class SoftwareReport:
    """Routers by advisory exposure (hostname -> advisory IDs)."""

    reviewed: str
    affected: dict[str, list[str]] = field(default_factory=dict)
    possible: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # no release to judge
    clear: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One sentence for the text report."""
        total = len(self.affected) + len(self.possible) + len(self.unknown) + len(self.clear)
        parts = [
            f"{len(self.affected)} affected (ADV001)",
            f"{len(self.possible)} possibly affected (ADV002)",
            f"{len(self.clear)} clear",
            f"{len(self.unknown)} without a release",
        ]
        worst = ", ".join(f"{h}: {' '.join(ids)}" for h, ids in sorted(self.affected.items()))
        tail = f"; affected: {worst}" if worst else ""
        return (
            f"software ({total} routers, advisory table of {self.reviewed}): "
            f"{', '.join(parts)}{tail}"
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "reviewed": self.reviewed,
            "affected": self.affected,
            "possibly_affected": self.possible,
            "clear": self.clear,
            "unknown": self.unknown,
        }


def software_report(devices: list[Device], ios_version: str | None = None) -> SoftwareReport:
    """Judge every router's release (``ios_version`` for all, else its ``version`` line)."""
    report = SoftwareReport(str(load_table().reviewed))
    for device in sorted(devices, key=lambda d: d.hostname):
        release = parse_release(ios_version or device.version)
        if release is None:
            report.unknown.append(device.hostname)
            continue
        found = matches(release, tunnels=bool(device.tunnels))
        hard = [m.advisory.id for m in found if m.exposure is Exposure.AFFECTED]
        soft = [m.advisory.id for m in found if m.exposure is Exposure.POSSIBLE]
        if hard:
            report.affected[device.hostname] = hard
        elif soft:
            report.possible[device.hostname] = soft
        else:
            report.clear.append(device.hostname)
    return report
