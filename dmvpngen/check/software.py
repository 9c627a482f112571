"""The software line of ``check``: which routers run a release named by a Cisco advisory.

The same table and comparison as lint's ADV001/ADV002 (``dmvpngen.advisories``), summed up over
the network: lint reports per file, ``check`` says how many routers of the network need a look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dmvpngen.advisories.features import numbered_features
from dmvpngen.advisories.match import Exposure, matches
from dmvpngen.advisories.release import parse_release
from dmvpngen.advisories.table import load_table

if TYPE_CHECKING:
    from dmvpngen.parse.facts import Device
    from dmvpngen.parse.tree import Node

__all__ = ["SoftwareReport", "software_report"]


@dataclass
class SoftwareReport:
    """Routers by advisory exposure (hostname -> advisory IDs)."""

    reviewed: str
    affected: dict[str, list[str]] = field(default_factory=dict)
    possible: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # no release to judge
    clear: list[str] = field(default_factory=list)
    # affected or possibly affected, but the advisory's feature is not configured (ADV003)
    not_exposed: dict[str, list[str]] = field(default_factory=dict)
    # hostname -> advisory ID -> 'fixed in X (train T)', where the table names the fix
    fixed_in: dict[str, dict[str, str]] = field(default_factory=dict)

    def _named(self, routers: dict[str, list[str]]) -> str:
        def one(host: str, ids: list[str]) -> str:
            fixes = self.fixed_in.get(host, {})
            return f"{host}: " + " ".join(f"{i} ({fixes[i]})" if i in fixes else i for i in ids)

        return ", ".join(one(h, ids) for h, ids in sorted(routers.items()))

    def line(self) -> str:
        """One sentence for the text report."""
        # a router not exposed to any advisory is counted as clear too: not_exposed only says
        # which advisories name its release for features it does not run
        total = len(self.affected) + len(self.possible) + len(self.unknown) + len(self.clear)
        if total and len(self.unknown) == total:
            # "0 affected, 0 clear" would read as a verdict; with no release there is none
            return (
                f"software ({total} routers, advisory table of {self.reviewed}): not judged, "
                "no router carries a 'version' line or 'show version' output; "
                "give --ios-version to judge them"
            )
        parts = [
            f"{len(self.affected)} affected (ADV001)",
            f"{len(self.possible)} possibly affected (ADV002)",
            f"{len(self.clear)} clear",
            f"{len(self.not_exposed)} named without the feature configured (ADV003)",
            f"{len(self.unknown)} without a release",
        ]
        tail = f"; affected: {self._named(self.affected)}" if self.affected else ""
        fixable = {h: ids for h, ids in self.possible.items() if self.fixed_in.get(h)}
        if fixable:
            tail += f"; possibly affected: {self._named(fixable)}"
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
            "not_exposed": self.not_exposed,
            "unknown": self.unknown,
            "fixed_in": self.fixed_in,
        }


def _lines(blocks: list[Node]) -> list[tuple[int, str]]:
    """The config's lines back from its parse tree, children indented under their block."""
    out: list[tuple[int, str]] = []
    for block in blocks:
        out.append((block.line, block.text))
        out.extend((child.line, " " + child.text) for child in block.walk())
    return out


def software_report(devices: list[Device], ios_version: str | None = None) -> SoftwareReport:
    """Judge every router's release: ``ios_version`` for all, else the release ``show version``
    printed in its file, else its ``version`` line (the train only)."""
    report = SoftwareReport(str(load_table().reviewed))
    for device in sorted(devices, key=lambda d: d.hostname):
        release = parse_release(ios_version or device.shown_release or device.version)
        if release is None:
            report.unknown.append(device.hostname)
            continue
        found = matches(release, features=numbered_features(_lines(device.blocks)))
        hard = [m.advisory.id for m in found if m.exposure is Exposure.AFFECTED and m.applies]
        soft = [m.advisory.id for m in found if m.exposure is Exposure.POSSIBLE and m.applies]
        quiet = [m.advisory.id for m in found if m.exposure is not Exposure.UNLISTED]
        if quiet := [i for i in quiet if i not in hard and i not in soft]:
            report.not_exposed[device.hostname] = quiet
        fixes = {m.advisory.id: m.fixed_in for m in found if m.fixed_in and m.applies}
        if fixes and (hard or soft):
            report.fixed_in[device.hostname] = fixes
        if hard:
            report.affected[device.hostname] = hard
        elif soft:
            report.possible[device.hostname] = soft
        else:
            report.clear.append(device.hostname)
    return report
