"""No report format ever shows a secret: PSKs, NHRP strings, password hashes, communities, keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lint.conftest import CORPUS, FIXTURES, Run

SECRETS = {
    "hq-r1-hub.cfg": [
        "strongkey",
        "dmvpn1",
        "$1$azdT$SLXLikkCnqD2dsppkVyGz/",
        "device_snmp",
        "$1$oO29$iWohukYXVTpYAOj80p1nD.",
    ],
    "ikev2-spoke-1.cfg": ["c1sco123"],
}
FIXTURE_SECRETS = [
    "SuperSecret1",
    "SuperSecret2",
    "SuperSecret3",
    "Clear1",
    "Clear2",
    "Abcd1234",
    "0822455D0A16",
    "Sekr1t",
]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_corpus_reports_mask_secrets(run: Run, fmt: str) -> None:
    for name, secrets in SECRETS.items():
        output = run("lint", "-f", fmt, str(CORPUS / name)).output
        for secret in secrets:
            assert secret not in output, f"{secret!r} leaked in the {fmt} report of {name}"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_fixture_reports_mask_secrets(run: Run, fmt: str, tmp_path: Path) -> None:
    paths = [str(p) for p in sorted(FIXTURES.glob("*.cfg"))]
    output = run("lint", "-f", fmt, *paths).output
    for secret in FIXTURE_SECRETS:
        assert secret not in output, f"{secret!r} leaked in the {fmt} report"
