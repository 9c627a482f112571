"""A release, and the features its configuration runs, against the advisory table.

Two questions per advisory: is the release affected (its train, the first fixed release, Cisco's
list of affected releases), and is the vulnerable feature configured (the advisory's
``conditions``, read by ``dmvpngen.advisories.features``). A release that is affected without the
feature is reported apart: the router is not exposed until someone configures it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from dmvpngen.advisories.features import FEATURES
from dmvpngen.advisories.release import Family, Release, parse_release
from dmvpngen.advisories.table import Advisory, AdvisoryTable, AffectedRange, load_table

__all__ = ["Exposure", "Features", "Match", "matches"]

# feature name -> (line number, line text) that shows it (dmvpngen.advisories.features)
Features = Mapping[str, tuple[int, str]]


class Exposure(str, Enum):
    """How sure the answer is."""

    AFFECTED = "affected"  # the release is below the first fixed release of its train
    POSSIBLE = "possible"  # the train is named, but the rebuild or the fixed release is unknown
    UNLISTED = "unlisted"  # Cisco's record names no release: the Software Checker must tell


@dataclass(frozen=True)
class Match:
    """A release against one advisory."""

    advisory: Advisory
    exposure: Exposure
    first_fixed: str | None  # the first fixed release to move to, when the table knows one
    listed: bool = False  # named in Cisco's list of affected releases (which names no fix)
    # the configured features that make the advisory apply: (name, line, text); empty when
    # they are not configured, None when the configuration was not known
    evidence: tuple[tuple[str, int, str], ...] | None = None

    @property
    def applies(self) -> bool:
        """The vulnerable feature is configured (or the configuration is not known)."""
        return self.evidence is None or bool(self.evidence)

    @property
    def fixed_in(self) -> str:
        """'fixed in 3.13.2S (train 3.13S)', or '' when the table knows no fixed release."""
        fixed = parse_release(self.first_fixed) if self.first_fixed else None
        if fixed is None:
            return ""
        return f"fixed in {fixed.text} (train {fixed.train_name})"

    @property
    def because(self) -> str:
        """ "IKEv2 ('crypto ikev2 profile P') is configured", or ''. The line is quoted, not
        numbered: the same config pasted as a script or shown as a running config gives the
        same finding."""
        if not self.evidence:
            return ""
        parts = [f"{FEATURES[name]} ('{text}')" for name, _line, text in self.evidence]
        return " and ".join(parts) + (" is" if len(parts) == 1 else " are") + " configured"

    @property
    def needs(self) -> str:
        """What the advisory needs configured: 'IKEv1 (ISAKMP) or IKEv2'."""
        groups = [" and ".join(FEATURES[f] for f in g) for g in self.advisory.conditions]
        return " or ".join(groups)


def _bounded(release: Release, rng: AffectedRange) -> bool | None:
    """Where Cisco's text bounds the affected rebuilds of ``release``'s train: True when the
    release lies within the bounds, False when outside; None when the train is not bounded."""
    inside: bool | None = None
    for bound, below in ((rng.first_affected, True), (rng.last_affected, False)):
        limit = parse_release(bound) if bound else None
        if limit is None or limit.train != release.train or limit.letters != release.letters:
            continue
        if (release.key < limit.key) if below else (release.key > limit.key):
            return False
        inside = True
    return inside


def _against(release: Release, rng: AffectedRange) -> tuple[Exposure, str | None] | None:
    """How ``release`` (in the range) stands against the range's first fixed release."""
    bounded = _bounded(release, rng) if release.exact else None
    if bounded is False:
        return None  # a rebuild before or after the ones Cisco's text names
    fixed = parse_release(rng.first_fixed) if rng.first_fixed else None
    if fixed is None:
        if bounded:  # a rebuild the text names as affected, with no fixed release
            return Exposure.AFFECTED, None
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


def _prefix(release: Release) -> str:
    """How every release of ``release``'s train starts as Cisco lists it ('17.9.', '3.13.',
    '15.5('): only those few of a list of hundreds are parsed."""
    if release.family is Family.IOS:
        return f"{release.major}.{release.minor}("
    return f"{release.major}.{release.minor}."


def _listed(release: Release, advisory: Advisory) -> Exposure | None:
    """``release`` against the releases Cisco lists: listed is affected; a train of which Cisco
    lists a release is possibly affected when only the train is known; anything else is not
    named (Cisco's list is the affected set, so a release it leaves out is not flagged)."""
    prefix = _prefix(release)
    for text in advisory.releases:
        if not text.startswith(prefix):
            continue
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


def _judge(release: Release, advisory: Advisory) -> tuple[Exposure, str | None, bool] | None:
    """Exposure, first fixed release and whether Cisco's list named it; None: not affected."""
    listed = _listed(release, advisory)
    if listed is not None:
        return listed, None, True
    best: tuple[Exposure, str | None, bool] | None = None
    for rng in advisory.affected:
        if not rng.covers(release):
            continue
        hit = _against(release, rng)
        if hit is not None and (best is None or hit[0] is Exposure.AFFECTED):
            best = (*hit, False)
    if best is None and advisory.unlisted and release.family.value in advisory.software:
        return Exposure.UNLISTED, None, False
    return best


def _evidence(advisory: Advisory, features: Features) -> tuple[tuple[str, int, str], ...]:
    """The first condition group whose features are all configured, with their lines."""
    for group in advisory.conditions:
        if all(name in features for name in group):
            return tuple((name, *features[name]) for name in group)
    return ()


def matches(
    release: Release | None, table: AdvisoryTable | None = None, *, features: Features | None = None
) -> list[Match]:
    """Advisories of ``table`` (default: the shipped one) that ``release`` may be affected by.
    With ``features`` (what the configuration runs), each match says whether its vulnerable
    feature is configured and where; without, the configuration is taken as unknown."""
    if release is None:
        return []
    found: list[Match] = []
    for advisory in (table or load_table()).advisories:
        judged = _judge(release, advisory)
        if judged is None:
            continue
        evidence = None if features is None else _evidence(advisory, features)
        found.append(Match(advisory, judged[0], judged[1], judged[2], evidence))
    return found
