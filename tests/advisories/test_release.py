"""Release strings: parsing per numbering scheme and ordering within a train."""

from __future__ import annotations

import pytest

from dmvpngen.advisories.release import (
    Family,
    parse_release,
    parse_train,
    release_from_show_version,
)


@pytest.mark.parametrize(
    ("text", "family", "train", "letters"),
    [
        ("15.5(3)M4", Family.IOS, (15, 5), "M"),
        ("15.1(4)M12a", Family.IOS, (15, 1), "M"),
        ("12.4(24)T8", Family.IOS, (12, 4), "T"),
        ("15.2(4)S7", Family.IOS, (15, 2), "S"),
        ("3.13.2S", Family.XE3, (3, 13), "S"),
        ("03.13.02.S", Family.XE3, (3, 13), "S"),
        ("3.7.1E", Family.XE3, (3, 7), "E"),
        ("3.2.2SG", Family.XE3, (3, 2), "SG"),
        ("16.9.4", Family.XE, (16, 9), ""),
        ("17.03.04a", Family.XE, (17, 3), ""),
    ],
)
def test_full_releases(text: str, family: Family, train: tuple[int, int], letters: str) -> None:
    release = parse_release(text)
    assert release is not None and release.exact
    assert (release.family, (release.major, release.minor), release.letters) == (
        family,
        train,
        letters,
    )


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("15.5(3)M4", "15.5(3)M10"),  # numerically, not as text
        ("15.5(2)M9", "15.5(3)M1"),
        ("15.1(4)M12", "15.1(4)M12a"),
        ("3.12.2S", "3.12.3S"),
        ("03.12.02.S", "3.12.10S"),
        ("16.9.4", "16.9.10"),
        ("17.3.4", "17.3.4a"),
        ("17.03.04a", "17.3.5"),
    ],
)
def test_order_within_a_train(older: str, newer: str) -> None:
    a, b = parse_release(older), parse_release(newer)
    assert a is not None and b is not None and a.train == b.train
    assert a.key < b.key


@pytest.mark.parametrize(
    ("text", "family"),
    [("15.4", Family.IOS), ("12.4", Family.IOS), ("17.3", Family.XE), ("3.13S", Family.XE3)],
)
def test_version_line_is_a_train_only(text: str, family: Family) -> None:
    release = parse_release(text)
    assert release is not None and not release.exact and release.family is family


@pytest.mark.parametrize("text", ["", "banana", "7.0", "15", "17.3.x", "15.5(3)M4 extra"])
def test_not_a_release(text: str) -> None:
    assert parse_release(text) is None
    assert parse_train(text) is None


def test_show_version_lines() -> None:
    xe = "Cisco IOS XE Software, Version 17.03.04a\nCisco IOS Software [Amsterdam], ..."
    ios = (
        "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.5(3)M4, "
        "RELEASE SOFTWARE (fc1)\n"
    )
    got_xe, got_ios = release_from_show_version(xe), release_from_show_version(ios)
    assert got_xe is not None and got_xe.text == "17.03.04a" and got_xe.exact
    assert got_ios is not None and got_ios.text == "15.5(3)M4"
    assert release_from_show_version("hostname r1\nversion 17.3\n") is None
