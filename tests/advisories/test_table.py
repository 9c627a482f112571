"""The advisory table: the shipped data loads, and releases are judged per train."""

from __future__ import annotations

from typing import Any

import pytest

from dmvpngen.advisories.match import Exposure, matches
from dmvpngen.advisories.release import parse_release
from dmvpngen.advisories.table import AdvisoryTable, TableError, load_table, table_from_data


def _table(*affected: dict[str, Any]) -> AdvisoryTable:
    return table_from_data(
        {
            "reviewed": "2026-12-06",
            "advisories": [
                {
                    "id": "cisco-sa-test",
                    "cves": ["CVE-0000-0001"],
                    "title": "t",
                    "published": "2026-01-01",
                    "topics": ["nhrp"],
                    "conditions": [["nhrp"]],
                    "url": "https://sec.cloudapps.cisco.com/security/center/content/cisco-sa-test",
                    "verified": "test",
                    "affected": list(affected),
                }
            ],
        }
    )


# one range per numbering scheme: IOS M train, IOS-XE 3.x S, IOS-XE 17
TABLE = _table(
    {"from": "15.2M", "to": "15.5M", "first_fixed": "15.5(3)M4"},
    {"from": "3.10S", "to": "3.16S", "first_fixed": "3.16.5S"},
    {"from": "17.1", "to": "17.3", "first_fixed": "17.3.4a"},
)


@pytest.mark.parametrize(
    ("release", "expected"),
    [
        ("15.5(3)M3", Exposure.AFFECTED),
        ("15.5(3)M4", None),
        ("15.5(3)M10", None),  # 10 > 4 numerically
        ("15.4(3)M9", Exposure.AFFECTED),  # a train wholly before the fixed train
        ("15.5(2)T4", None),  # the range is the M train only
        ("15.6(3)M1", None),  # past the range
        ("15.5", Exposure.POSSIBLE),  # a version line: the rebuild is unknown
        ("3.16.4S", Exposure.AFFECTED),
        ("03.16.05.S", None),
        ("3.13.1S", Exposure.AFFECTED),
        ("3.16.4E", None),  # another XE 3.x train letter is outside the S range
        ("17.3.4", Exposure.AFFECTED),
        ("17.03.04a", None),
        ("17.3.5", None),
        ("17.2.1", Exposure.AFFECTED),
        ("17.3", Exposure.POSSIBLE),
        ("17.4.1", None),
        ("16.12.4", None),
    ],
)
def test_comparison_per_train(release: str, expected: Exposure | None) -> None:
    found = matches(parse_release(release), TABLE)
    assert [m.exposure for m in found] == ([expected] if expected else [])


def test_first_fixed_is_reported() -> None:
    (found,) = matches(parse_release("17.2.1"), TABLE)
    assert found.first_fixed == "17.3.4a" and found.advisory.id == "cisco-sa-test"


def test_other_train_letter_stays_possible() -> None:
    table = _table({"from": "15.0", "to": "15.5", "first_fixed": "15.5(3)M4"})
    assert [m.exposure for m in matches(parse_release("15.5(2)T4"), table)] == [Exposure.POSSIBLE]
    assert [m.exposure for m in matches(parse_release("15.5(3)M2"), table)] == [Exposure.AFFECTED]


def test_no_fixed_release_stays_possible() -> None:
    table = _table({"from": "15.0", "to": "15.6", "first_fixed": None})
    assert [m.exposure for m in matches(parse_release("15.5(3)M4"), table)] == [Exposure.POSSIBLE]


@pytest.mark.parametrize(
    "rng",
    [
        {"from": "15.5", "to": "15.2"},
        {"from": "15.2", "to": "17.3"},
        {"from": "17.1", "to": "17.3", "first_fixed": "17.4.1"},
        {"from": "17.1", "to": "17.3", "first_fixed": "17.3"},
    ],
)
def test_bad_ranges_are_refused(rng: dict[str, Any]) -> None:
    with pytest.raises(TableError):
        _table(rng)


def test_shipped_table() -> None:
    table = load_table()
    assert table.advisories
    ids = [a.id for a in table.advisories]
    assert len(ids) == len(set(ids))
    for advisory in table.advisories:
        assert advisory.url.endswith(advisory.id)
        assert all(c.startswith("CVE-") for c in advisory.cves)
        assert set(advisory.topics) <= {"ikev1", "ikev2", "ipsec", "gre", "nhrp"}


MAR26 = "cisco-sa-asa-ftd-ios-dos-kPEpQGGK"

# IOS XE 3.x S releases are named, without a fixed release, by four trains-wide texts of 2016/17
XE3_NO_FIX = {
    "cisco-sa-20160323-ios-ikev2",
    "cisco-sa-20160916-ikev1",
    "cisco-sa-20160928-ios-ikev1",
    "cisco-sa-20170927-ike",
}


@pytest.mark.parametrize(
    ("release", "affected", "possible"),
    [
        # CVE-2015-0643: 3.1S-3.12S before 3.12.3S, 3.13S before 3.13.2S
        ("3.12.2S", {"cisco-sa-20150325-ikev2", "cisco-sa-ikev1-NO2ccFWz", MAR26}, XE3_NO_FIX),
        ("3.13.1S", {"cisco-sa-20150325-ikev2", "cisco-sa-ikev1-NO2ccFWz", MAR26}, XE3_NO_FIX),
        # fixed for CVE-2015-0643, but on CVE-2024-20308's and CVE-2026-20012's lists
        ("3.13.2S", {"cisco-sa-ikev1-NO2ccFWz", MAR26}, XE3_NO_FIX),
        # CVE-2014-2108: 3.2-3.7 before 3.7.5S
        (
            "3.7.4S",
            {"cisco-sa-20140326-ikev2", "cisco-sa-20150325-ikev2", "cisco-sa-ikev1-NO2ccFWz"},
            XE3_NO_FIX,
        ),
        ("16.5.1", {"cisco-sa-ikev1-NO2ccFWz"}, {"cisco-sa-20170927-ike"}),
        ("16.6.1", {"cisco-sa-ikev1-NO2ccFWz", MAR26}, set()),
        ("17.9.4a", {"cisco-sa-ikev1-NO2ccFWz", MAR26}, set()),  # CVE-2024-20308 lists it
        ("17.9.5", {MAR26}, set()),
        ("17.15.4", {MAR26}, set()),  # CVE-2026-20012 lists 17.15.4 ...
        ("17.15.5", set(), set()),  # ... and no later 17.15 rebuild
        ("17.18.2", set(), set()),
    ],
)
def test_shipped_entries(release: str, affected: set[str], possible: set[str]) -> None:
    found = matches(parse_release(release))
    assert {m.advisory.id for m in found if m.exposure is Exposure.AFFECTED} == affected
    assert {m.advisory.id for m in found if m.exposure is Exposure.POSSIBLE} == possible


# One case per entry reviewed on 2026-12-06: a release each text names, and one it does not.
@pytest.mark.parametrize(
    ("advisory", "release", "expected"),
    [
        # CVE-2016-1344: IOS 15.0-15.6, IOS XE 3.3-3.17, no fixed release named
        ("cisco-sa-20160323-ios-ikev2", "15.6(3)M2", Exposure.POSSIBLE),
        ("cisco-sa-20160323-ios-ikev2", "3.17.4S", Exposure.POSSIBLE),
        ("cisco-sa-20160323-ios-ikev2", "3.18.1S", None),
        ("cisco-sa-20160323-ios-ikev2", "15.7(3)M1", None),
        # CVE-2016-6415: IOS 12.2-12.4, 15.0-15.6, IOS XE through 3.18S
        ("cisco-sa-20160916-ikev1", "3.18.3S", Exposure.POSSIBLE),
        ("cisco-sa-20160916-ikev1", "3.10.4E", None),  # the S trains only
        ("cisco-sa-20160916-ikev1", "16.3.1", None),
        # CVE-2016-6381: IOS 12.4, 15.0-15.6, IOS XE 3.1-3.18 and 16.1
        ("cisco-sa-20160928-ios-ikev1", "16.1.2", Exposure.POSSIBLE),
        ("cisco-sa-20160928-ios-ikev1", "16.2.1", None),
        ("cisco-sa-20160928-ios-ikev1", "12.4(24)T4", Exposure.POSSIBLE),
        # CVE-2007-4286: NHRP in IOS 12.0-12.4
        ("cisco-sa-20070808-nhrp", "12.4(15)T7", Exposure.POSSIBLE),
        ("cisco-sa-20070808-nhrp", "15.0(1)M", None),
        # CVE-2023-20072: exactly 17.9.1, 17.9.1a, 17.9.1w
        ("cisco-sa-ios-gre-crash-p6nE5Sq5", "17.9.1w", Exposure.AFFECTED),
        ("cisco-sa-ios-gre-crash-p6nE5Sq5", "17.09.01a", Exposure.AFFECTED),
        ("cisco-sa-ios-gre-crash-p6nE5Sq5", "17.9.2", None),
        ("cisco-sa-ios-gre-crash-p6nE5Sq5", "17.6.1", None),
        ("cisco-sa-ios-gre-crash-p6nE5Sq5", "17.9", Exposure.POSSIBLE),  # a version line
        # CVE-2024-20307 and -20308: Cisco's two lists, per release
        ("cisco-sa-ikev1-NO2ccFWz", "17.3.7", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "17.3.8a", Exposure.AFFECTED),  # CVE-2024-20308 only
        ("cisco-sa-ikev1-NO2ccFWz", "17.3.9", None),  # past the last listed 17.3 release
        ("cisco-sa-ikev1-NO2ccFWz", "17.9.3a", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "17.9.4a", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "17.9.5", None),
        ("cisco-sa-ikev1-NO2ccFWz", "17.12.1a", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "17.12.2", None),
        ("cisco-sa-ikev1-NO2ccFWz", "17.13.1", None),  # a train neither list names
        ("cisco-sa-ikev1-NO2ccFWz", "17.13", None),
        ("cisco-sa-ikev1-NO2ccFWz", "17.12", Exposure.POSSIBLE),
        ("cisco-sa-ikev1-NO2ccFWz", "17.6", Exposure.POSSIBLE),
        ("cisco-sa-ikev1-NO2ccFWz", "16.1.1", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "16.1.3", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "3.6.5S", None),  # the S lists start at 3.7.0S
        ("cisco-sa-ikev1-NO2ccFWz", "3.7.0S", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "03.10.08a.S", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "15.5(3)M10", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "15.5(3)M11", None),
        ("cisco-sa-ikev1-NO2ccFWz", "15.5(3)T4", None),  # another train letter
        ("cisco-sa-ikev1-NO2ccFWz", "15.2(4)M11", Exposure.AFFECTED),
        ("cisco-sa-ikev1-NO2ccFWz", "15.8(3)M10", Exposure.AFFECTED),  # CVE-2024-20307 only
        ("cisco-sa-ikev1-NO2ccFWz", "12.4(24)T8", Exposure.AFFECTED),  # CVE-2024-20308 only
        ("cisco-sa-ikev1-NO2ccFWz", "15.2(3)T4", None),  # a train neither list names
        ("cisco-sa-ikev1-NO2ccFWz", "15.9(3)M9", None),
        ("cisco-sa-ikev1-NO2ccFWz", "16.12.5b", Exposure.AFFECTED),
        # CVE-2015-0642 and -0643: one advisory, the same ranges
        ("cisco-sa-20150325-ikev2", "3.12.2S", Exposure.AFFECTED),
        ("cisco-sa-20150325-ikev2", "3.12.3S", None),
        ("cisco-sa-20150325-ikev2", "3.7.0E", Exposure.AFFECTED),
        ("cisco-sa-20150325-ikev2", "3.7.1E", None),
        # CVE-2009-2868 / -2872: IOS 12.x trains, no fixed release named
        ("cisco-sa-20090923-ipsec", "12.4(24)T8", Exposure.POSSIBLE),
        ("cisco-sa-20090923-ipsec", "15.0(1)M", None),
        ("cisco-sa-20090923-tunnels", "12.0(33)S", Exposure.POSSIBLE),
        ("cisco-sa-20090923-tunnels", "15.1(4)M", None),
        # CVE-2013-5473: 3.4.2S through 3.4.5S, 3.6S before 3.6.1S, IOS 12.2 and 15.1-15.2
        ("cisco-sa-20130925-ike", "3.4.1S", None),
        ("cisco-sa-20130925-ike", "3.4.2S", Exposure.AFFECTED),
        ("cisco-sa-20130925-ike", "03.04.04.S", Exposure.AFFECTED),
        ("cisco-sa-20130925-ike", "3.4.5S", Exposure.AFFECTED),
        ("cisco-sa-20130925-ike", "3.4.6S", None),
        ("cisco-sa-20130925-ike", "3.6.0S", Exposure.AFFECTED),
        ("cisco-sa-20130925-ike", "3.6.1S", None),
        ("cisco-sa-20130925-ike", "3.5.1S", None),  # a train the text does not name
        ("cisco-sa-20130925-ike", "15.2(4)M11", Exposure.POSSIBLE),
        ("cisco-sa-20130925-ike", "15.0(1)M", None),
        # CVE-2022-20679: the NVD list, 16.8.1 to 17.6.1w
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "17.3.4a", Exposure.AFFECTED),
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "17.03.04a", Exposure.AFFECTED),
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "17.3.5", None),
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "16.12.5b", Exposure.AFFECTED),
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "16.12.7", None),
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "16.6.5", None),
        ("cisco-sa-qfp-ipsec-GQmqvtqV", "17.6.2", None),
    ],
)
def test_reviewed_entries(advisory: str, release: str, expected: Exposure | None) -> None:
    found = {m.advisory.id: m for m in matches(parse_release(release))}
    got = found[advisory].exposure if advisory in found else None
    assert got is expected
    if advisory in found and not found[advisory].advisory.affected:
        assert found[advisory].first_fixed is None  # Cisco's list names no fixed release


@pytest.mark.parametrize(
    "rng",
    [
        {"from": "3.4S", "to": "3.4S", "first_affected": "3.5.2S"},  # not the range's train
        {"from": "3.4S", "to": "3.4S", "last_affected": "3.4S"},  # not a full release
    ],
)
def test_bad_bounds_are_refused(rng: dict[str, Any]) -> None:
    with pytest.raises(TableError):
        _table(rng)


def test_bounds_with_a_fixed_train_after_them() -> None:
    table = _table(
        {"from": "3.1S", "to": "3.6S", "first_fixed": "3.6.1S", "first_affected": "3.1.2S"}
    )
    exposure = {
        r: [m.exposure for m in matches(parse_release(r), table)]
        for r in ("3.1.1S", "3.1.2S", "3.5.0S", "3.6.1S")
    }
    assert exposure == {
        "3.1.1S": [],  # before the first rebuild the text names
        "3.1.2S": [Exposure.AFFECTED],
        "3.5.0S": [Exposure.AFFECTED],  # a train wholly before the fixed one
        "3.6.1S": [],
    }


def test_release_lists_must_hold_full_releases() -> None:
    good = {
        "id": "cisco-sa-test",
        "cves": ["CVE-0000-0001"],
        "title": "t",
        "published": "2026-01-01",
        "topics": ["ikev1"],
        "conditions": [["ikev1"]],
        "url": "https://sec.cloudapps.cisco.com/security/center/content/cisco-sa-test",
        "verified": "test",
    }

    def load(releases: list[str]) -> AdvisoryTable:
        entry = {**good, "affected": [], "releases": releases}
        return table_from_data({"reviewed": "2026-12-06", "advisories": [entry]})

    assert load(["17.9.1", "15.5(3)M4", "3.16.4bS"]).advisories[0].releases[0] == "17.9.1"
    for bad in (["17.9"], ["17.9.1x1"], []):
        with pytest.raises(TableError):
            load(bad)
