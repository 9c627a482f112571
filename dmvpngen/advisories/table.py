"""The advisory table shipped with dmvpngen, and which of its advisories a release is affected by.

The table (``dmvpngen/data/advisories.yaml``) holds only what Cisco published: per advisory the
ID, the CVEs, the source URL and, per range of trains, the first fixed release when Cisco's text
names one. Refreshing it is described in docs/advisories.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from dmvpngen.advisories.release import Release, parse_release, parse_train

__all__ = ["Advisory", "AdvisoryTable", "Exposure", "Match", "load_table", "matches"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AffectedRange(_Frozen):
    """Trains ``from_``..``to`` (inclusive) are affected; ``first_fixed`` ends it, when known."""

    from_: str = Field(alias="from")
    to: str
    first_fixed: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AffectedRange:
        low, high = parse_train(self.from_), parse_train(self.to)
        if low is None or high is None or low.family != high.family:
            raise ValueError(f"range {self.from_}..{self.to}: not two trains of one family")
        if (low.major, low.minor) > (high.major, high.minor):
            raise ValueError(f"range {self.from_}..{self.to} runs backwards")
        if self.first_fixed is not None:
            fixed = parse_release(self.first_fixed)
            if fixed is None or not fixed.exact or not self.covers(fixed):
                raise ValueError(f"first_fixed {self.first_fixed} is not a release of the range")
        return self

    def covers(self, release: Release) -> bool:
        """True when ``release``'s train lies in the range (letters must match when given)."""
        low, high = parse_train(self.from_), parse_train(self.to)
        assert low is not None and high is not None  # checked when the table was loaded
        if release.family != low.family:
            return False
        if low.letters and release.letters and release.letters != low.letters:
            return False
        return (low.major, low.minor) <= (release.major, release.minor) <= (high.major, high.minor)


class Advisory(_Frozen):
    """One Cisco security advisory: affected trains as ranges, or Cisco's own list of affected
    releases (the CVE record Cisco publishes for newer advisories names each release), or both."""

    id: str = Field(pattern=r"^cisco-sa-[A-Za-z0-9-]+$")
    cves: tuple[str, ...] = Field(min_length=1)
    title: str
    published: datetime.date
    topics: tuple[str, ...]
    url: str = Field(pattern=r"^https://(sec\.cloudapps|tools)\.cisco\.com/security/")
    verified: str  # what was checked, against which Cisco text
    affected: tuple[AffectedRange, ...] = ()
    releases: tuple[str, ...] = ()  # every release Cisco lists as affected, as Cisco writes it

    @model_validator(mode="after")
    def _something_affected(self) -> Advisory:
        if not self.affected and not self.releases:
            raise ValueError(f"{self.id}: neither 'affected' ranges nor 'releases'")
        for text in self.releases:
            found = parse_release(text)
            if found is None or not found.exact:
                raise ValueError(f"{self.id}: release {text!r} is not a full release")
        return self


class AdvisoryTable(_Frozen):
    """The dated table."""

    reviewed: datetime.date
    advisories: tuple[Advisory, ...]


class Exposure(str, Enum):
    """How sure the answer is."""

    AFFECTED = "affected"  # the release is below the first fixed release of its train
    POSSIBLE = "possible"  # the train is named, but the rebuild or the fixed release is unknown


@dataclass(frozen=True)
class Match:
    """A release against one advisory."""

    advisory: Advisory
    exposure: Exposure
    first_fixed: str | None  # the first fixed release to move to, when the table knows one


# libyaml's safe loader when PyYAML has it (the wheels do): the pure-Python one took ~15 ms of
# every lint of a config that names its release, a twentieth of the whole process
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_table() -> AdvisoryTable:
    """The table shipped in the package (read once)."""
    text = resources.files("dmvpngen.data").joinpath("advisories.yaml").read_text("utf-8")
    return AdvisoryTable.model_validate(yaml.load(text, Loader=_LOADER))


def _against(release: Release, rng: AffectedRange) -> tuple[Exposure, str | None] | None:
    """How ``release`` (in the range) stands against the range's first fixed release."""
    fixed = parse_release(rng.first_fixed) if rng.first_fixed else None
    if fixed is None:
        return Exposure.POSSIBLE, None  # Cisco's text names the train but no fixed release
    if release.letters != fixed.letters:
        return Exposure.POSSIBLE, None  # another IOS train (M vs T vs S): its fix is not listed
    if (release.major, release.minor) < (fixed.major, fixed.minor):
        # a train wholly before the fixed train: every rebuild of it is affected
        return Exposure.AFFECTED, rng.first_fixed
    if not release.exact:
        return Exposure.POSSIBLE, rng.first_fixed  # a version line: the rebuild is not known
    if release.key < fixed.key:
        return Exposure.AFFECTED, rng.first_fixed
    return None


def _listed(release: Release, advisory: Advisory) -> Exposure | None:
    """``release`` against the releases Cisco lists: listed is affected; a train of which Cisco
    lists a release is possibly affected when only the train is known; anything else is not
    named (Cisco's list is the affected set, so a release it leaves out is not flagged)."""
    for text in advisory.releases:
        listed = parse_release(text)
        assert listed is not None  # checked when the table was loaded
        if listed.train != release.train:
            continue
        if release.letters and release.letters != listed.letters:
            continue  # another IOS train letter (15.5M vs 15.5T)
        if not release.exact:
            return Exposure.POSSIBLE
        if listed.key == release.key:
            return Exposure.AFFECTED
    return None


# topics whose flaws sit in the tunnel code: a router without a tunnel interface is not exposed
# (the GRE advisory's own condition: "and have a tunnel interface configured")
_TUNNEL_TOPICS = frozenset({"gre", "nhrp"})


def matches(
    release: Release | None, table: AdvisoryTable | None = None, *, tunnels: bool = True
) -> list[Match]:
    """Advisories of ``table`` (default: the shipped one) that ``release`` may be affected by;
    ``tunnels=False`` (the router has no tunnel interface) leaves out GRE- and NHRP-only ones."""
    if release is None:
        return []
    found: list[Match] = []
    for advisory in (table or load_table()).advisories:
        if not tunnels and set(advisory.topics) <= _TUNNEL_TOPICS:
            continue
        listed = _listed(release, advisory)
        if listed is not None:
            found.append(Match(advisory, listed, None))
            continue
        best: Match | None = None
        for rng in advisory.affected:
            if not rng.covers(release):
                continue
            hit = _against(release, rng)
            if hit is not None and (best is None or hit[0] is Exposure.AFFECTED):
                best = Match(advisory, *hit)
        if best is not None:
            found.append(best)
    return found
