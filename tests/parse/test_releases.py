"""The release table: every train has a source, and lint and check read the same rows."""

from __future__ import annotations

import pytest

from dmvpngen.check.defaults import defaults_for
from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from dmvpngen.parse import parse_config
from dmvpngen.parse.releases import TRAINS, train_for


def test_every_train_names_its_source() -> None:
    assert all(len(t.source) > 40 for t in TRAINS)
    assert [t.first for t in TRAINS] == sorted(t.first for t in TRAINS)


@pytest.mark.parametrize(
    ("release", "train"),
    [
        ("12.4", "IOS 12.4-15.9"),
        ("15.9", "IOS 12.4-15.9"),
        ("16.12", "IOS-XE 16"),
        ("17.6.4", "IOS-XE 17"),
        ("17.11.1a", "IOS-XE 17.11+"),
        ("17.15", "IOS-XE 17.11+"),
        (None, None),
        ("x", None),
    ],
)
def test_release_to_train(release: str | None, train: str | None) -> None:
    found = train_for(release)
    assert (found.name if found else None) == train


def test_check_settles_a_default_only_when_the_train_does() -> None:
    device = parse_config("hostname r1\ninterface GigabitEthernet0/0\n", "r1.cfg")
    assert defaults_for(device, "15.4").known and not defaults_for(device, "15.4").train.shortcut
    assert defaults_for(device, "17.9").known and defaults_for(device, "17.9").train.shortcut
    assert not defaults_for(device, "16.9").known
    assert not defaults_for(device, None).known


POLICY = "hostname r1\n{version}crypto isakmp policy 10\n authentication pre-share\n"


@pytest.mark.parametrize(
    ("version", "severity", "said"),
    [
        ("15.4", "high", "has no encryption (default DES) or group (default 1)"),
        ("17.12", "medium", "17.11+ refuses these defaults"),
        (None, "high", "depends on release"),
    ],
)
def test_lint_reads_the_ike_row(version: str | None, severity: str, said: str) -> None:
    text = POLICY.format(version=f"version {version}\n" if version else "")
    hits = [
        f
        for f in lint_text(text, "r1.cfg", LintSettings(select=("CRY006",))).findings
        if f.code == "CRY006"
    ]
    assert [(f.severity.value, said in f.message) for f in hits] == [(severity, True)]
