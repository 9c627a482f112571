"""The advisory table shipped with dmvpngen, and which of its advisories a release is affected by.

The table (``dmvpngen/data/advisories.json``) holds only what Cisco published: per advisory the
ID, the CVEs, the source URL, the configured features it needs (``conditions``) and, per range
of trains, the first fixed release when Cisco's text names one. Refreshing it is described in
docs/advisories.md. It is plain JSON read with the standard library and checked here with plain
code: no YAML parser or model library on the start-up path of ``dmvpngen lint``.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dmvpngen.advisories.features import FEATURES
from dmvpngen.advisories.release import Release, parse_release, parse_train

__all__ = [
    "Advisory",
    "AdvisoryTable",
    "AffectedRange",
    "TableError",
    "load_table",
    "table_from_data",
]

DATA_FILE = "advisories.json"
TOPICS = frozenset({"ikev1", "ikev2", "ipsec", "gre", "nhrp"})
_ID = re.compile(r"^cisco-sa-[A-Za-z0-9-]+$")
_URL = re.compile(r"^https://(sec\.cloudapps|tools)\.cisco\.com/security/")


class TableError(ValueError):
    """The advisory table is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class AffectedRange:
    """Trains ``from_``..``to`` (inclusive) are affected; ``first_fixed`` ends it, when known.
    ``first_affected`` / ``last_affected`` bound the affected rebuilds of the first / last train
    where Cisco's text does ("IOS XE 3.4.2S through 3.4.5S")."""

    from_: str
    to: str
    first_fixed: str | None = None
    first_affected: str | None = None
    last_affected: str | None = None

    def covers(self, release: Release) -> bool:
        """True when ``release``'s train lies in the range (letters must match when given)."""
        low, high = parse_train(self.from_), parse_train(self.to)
        assert low is not None and high is not None  # checked when the table was loaded
        if release.family != low.family:
            return False
        if low.letters and release.letters and release.letters != low.letters:
            return False
        return (low.major, low.minor) <= (release.major, release.minor) <= (high.major, high.minor)


@dataclass(frozen=True)
class Advisory:
    """One Cisco security advisory: affected trains as ranges, Cisco's own list of affected
    releases (the CVE record Cisco publishes for newer advisories names each release), both, or
    neither (``unlisted`` says why: Cisco's record names no release)."""

    id: str
    cves: tuple[str, ...]
    title: str
    published: datetime.date
    topics: tuple[str, ...]
    conditions: tuple[tuple[str, ...], ...]  # any of these groups, each group all of its features
    url: str
    verified: str  # what was checked, against which Cisco text
    affected: tuple[AffectedRange, ...] = ()
    releases: tuple[str, ...] = ()  # every release Cisco lists as affected, as Cisco writes it
    unlisted: str = ""  # why no release is recorded
    # with 'unlisted': the numbering families the advisory names ('ios', 'xe3', 'xe')
    software: tuple[str, ...] = ("ios", "xe3", "xe")


@dataclass(frozen=True)
class AdvisoryTable:
    """The dated table."""

    reviewed: datetime.date
    advisories: tuple[Advisory, ...]


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise TableError(f"{where}: '{key}' must be a non-empty string")
    return value


def _strings(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TableError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _date(value: Any, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise TableError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


_RANGE_KEYS = {"from", "to", "first_fixed", "first_affected", "last_affected"}


def _range(data: Any, where: str, check: bool) -> AffectedRange:
    if not isinstance(data, dict) or not {"from", "to"} <= set(data) <= _RANGE_KEYS:
        raise TableError(f"{where}: a range needs 'from' and 'to' (and only {sorted(_RANGE_KEYS)})")
    rng = AffectedRange(
        data["from"],
        data["to"],
        data.get("first_fixed"),
        data.get("first_affected"),
        data.get("last_affected"),
    )
    if not check:
        return rng
    where = f"{where}: range {rng.from_}..{rng.to}"
    low, high = parse_train(rng.from_), parse_train(rng.to)
    if low is None or high is None or low.family != high.family:
        raise TableError(f"{where}: not two trains of one family")
    if (low.major, low.minor) > (high.major, high.minor):
        raise TableError(f"{where} runs backwards")
    if rng.first_fixed is not None:
        fixed = parse_release(rng.first_fixed)
        if fixed is None or not fixed.exact or not rng.covers(fixed):
            raise TableError(f"{where}: first_fixed {rng.first_fixed} is not a release of it")
    for bound, train in ((rng.first_affected, low), (rng.last_affected, high)):
        found = parse_release(bound) if bound else None
        if bound and (found is None or not found.exact or found.train != train.train):
            raise TableError(f"{where}: {bound} is not a release of train {train.text}")
    return rng


def _conditions(entry: Mapping[str, Any], where: str) -> tuple[tuple[str, ...], ...]:
    groups = entry.get("conditions")
    if not isinstance(groups, list) or not groups:
        raise TableError(f"{where}: 'conditions' must list at least one group of features")
    out = []
    for group in groups:
        if not isinstance(group, list) or not group or not set(group) <= set(FEATURES):
            raise TableError(
                f"{where}: condition {group!r} must be a list of features of {sorted(FEATURES)}"
            )
        out.append(tuple(group))
    return tuple(out)


_ENTRY_KEYS = {
    "id", "cves", "title", "published", "topics", "conditions", "url", "verified",
    "affected", "releases", "unlisted", "software",
}  # fmt: skip


def _advisory(entry: Any, index: int, check: bool) -> Advisory:
    if not isinstance(entry, dict):
        raise TableError(f"advisory #{index + 1}: not an object")
    where = f"advisory #{index + 1} ({entry.get('id', 'no id')})"
    if unknown := set(entry) - _ENTRY_KEYS:
        raise TableError(f"{where}: unknown field(s) {sorted(unknown)}")
    adv = Advisory(
        id=_text(entry, "id", where),
        cves=_strings(entry, "cves", where),
        title=_text(entry, "title", where),
        published=_date(entry.get("published"), where),
        topics=_strings(entry, "topics", where),
        conditions=_conditions(entry, where),
        url=_text(entry, "url", where),
        verified=_text(entry, "verified", where),
        affected=tuple(_range(r, where, check) for r in entry.get("affected", [])),
        releases=_strings(entry, "releases", where),
        unlisted=str(entry.get("unlisted", "")),
        software=_strings(entry, "software", where) or ("ios", "xe3", "xe"),
    )
    if not _ID.match(adv.id) or not _URL.match(adv.url) or not adv.url.endswith(adv.id):
        raise TableError(f"{where}: the ID or the URL is not a Cisco advisory's")
    if not adv.cves or not all(c.startswith("CVE-") for c in adv.cves):
        raise TableError(f"{where}: 'cves' must name CVE IDs")
    if not adv.topics or not set(adv.topics) <= TOPICS:
        raise TableError(f"{where}: topics must be some of {sorted(TOPICS)}")
    if not adv.affected and not adv.releases and not adv.unlisted:
        raise TableError(f"{where}: neither 'affected' ranges, 'releases' nor 'unlisted'")
    if not set(adv.software) <= {"ios", "xe3", "xe"}:
        raise TableError(f"{where}: 'software' must be some of ios, xe3, xe")
    for text in adv.releases if check else ():
        found = parse_release(text)
        if found is None or not found.exact:
            raise TableError(f"{where}: release {text!r} is not a full release")
    return adv


def table_from_data(data: Any, *, check: bool = True) -> AdvisoryTable:
    """Check and build the table from the file's decoded JSON (TableError when malformed).
    ``check=False`` skips parsing every release of every list and range: the shipped file is
    checked by its tests (tests/advisories/test_data_file.py), not at every lint start."""
    if not isinstance(data, dict) or not isinstance(data.get("advisories"), list):
        raise TableError("the table must be an object with 'reviewed' and 'advisories'")
    advisories = tuple(_advisory(e, i, check) for i, e in enumerate(data["advisories"]))
    ids = [a.id for a in advisories]
    if len(ids) != len(set(ids)):
        raise TableError("an advisory ID appears twice")
    return AdvisoryTable(_date(data.get("reviewed"), "reviewed"), advisories)


@cache
def load_table() -> AdvisoryTable:
    """The table shipped in the package (read once)."""
    text = resources.files("dmvpngen.data").joinpath(DATA_FILE).read_text("utf-8")
    return table_from_data(json.loads(text), check=False)
