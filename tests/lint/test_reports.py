"""Golden reports for two real corpus configs in every format; SARIF validated against the
vendored SARIF 2.1.0 schema.

Regenerate the goldens with ``DMVPNGEN_REGEN=1 pytest tests/lint/test_reports.py``; on a mismatch
the actual output is written beside the golden as ``<name>.actual``. Only the CRY/DMV/RTA/PAR
rules are selected so that rules added in other areas do not churn these files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_sources, sources_from_paths
from dmvpngen.lint.report.sarif import to_sarif
from tests.lint.conftest import REPO, Run

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
FILES = ["hq-r1-hub.cfg", "ikev2-spoke-1.cfg"]
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "junit.xml"}
SELECT = "CRY,DMV,RTA,PAR"


def _check(name: str, actual: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("DMVPNGEN_REGEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8") if golden.is_file() else None
    if actual != expected:
        (GOLDEN / f"{name}.actual").write_text(actual, encoding="utf-8")
        pytest.fail(f"{name} differs from its golden; see {name}.actual")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", FILES)
def test_golden_report(run: Run, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str) -> None:
    monkeypatch.chdir(REPO)
    result = run("lint", "--format", fmt, "--select", SELECT, f"tests/lint/corpus/{name}")
    assert result.exit_code == 1, result.output
    _check(f"{Path(name).stem}.{FORMATS[fmt]}", result.output)


@pytest.mark.parametrize("name", FILES)
def test_sarif_is_valid_and_github_ready(
    run: Run, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(REPO)
    data = json.loads(run("lint", "-f", "sarif", f"tests/lint/corpus/{name}").output)
    jsonschema.validate(data, SCHEMA)
    sarif = data["runs"][0]
    rules = sarif["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
        assert rule["properties"]["security-severity"] in {"9.5", "8.0", "5.5", "3.0", "0.0"}
    for result in sarif["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert result["partialFingerprints"]
    fingerprints = [next(iter(r["partialFingerprints"].values())) for r in sarif["results"]]
    assert len(fingerprints) == len(set(fingerprints))


def test_security_severity_mapping() -> None:
    text = (
        "hostname h\ninterface Tunnel0\n ip nhrp map multicast dynamic\n"
        " ip nhrp network-id 1\n tunnel mode gre multipoint\n"
        "crypto isakmp policy 1\n encr des\n"
    )
    src = sources_from_paths(["-"], text.encode())
    data = to_sarif(lint_sources(src, LintSettings(select=("DMV001", "CRY001", "CRY018"))))
    levels = {
        r["ruleId"]: (r["level"], r["properties"]["security-severity"])
        for r in data["runs"][0]["results"]
    }
    assert levels == {
        "DMV001": ("error", "9.5"),
        "CRY001": ("error", "8.0"),
        "CRY018": ("note", "0.0"),
    }
    jsonschema.validate(data, SCHEMA)


def test_fingerprints_survive_lines_moving() -> None:
    text = (REPO / "tests/lint/corpus/hq-r1-hub.cfg").read_bytes()
    moved = b"!\n!\n! a comment added on top\n" + text.lstrip(b"\xef\xbb\xbf")

    def prints(data: bytes) -> list[tuple[str, str]]:
        src = sources_from_paths(["-"], data)
        sarif = to_sarif(lint_sources(src, LintSettings(select=("CRY", "DMV", "RTA"))))
        return sorted(
            (r["ruleId"], next(iter(r["partialFingerprints"].values())))
            for r in sarif["runs"][0]["results"]
        )

    assert prints(text) == prints(moved)


def test_unreadable_input_is_reported_in_sarif(tmp_path: Path) -> None:
    blob = tmp_path / "x.cfg"
    blob.write_bytes(b"\x00\x01binary")
    report = lint_sources(sources_from_paths([str(blob)]), LintSettings())
    data = to_sarif(report)
    jsonschema.validate(data, SCHEMA)
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert report.exit_code == 2
