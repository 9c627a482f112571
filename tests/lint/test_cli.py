"""``dmvpngen lint`` and ``dmvpngen rules`` from the command line: exit codes, selection,
formats, stdin, directories and unreadable input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.lint.conftest import FIXTURES, Run

HIGH = "hostname r1\ncrypto isakmp policy 10\n encr 3des\n hash sha256\n group 14\n"
CLEAN = "hostname r1\ninterface Loopback0\n ip address 10.255.0.1 255.255.255.255\n"
MINE = "CRY,DMV,RTA,PAR"


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_exit_1_on_high_finding(run: Run, tmp_path: Path) -> None:
    result = run("lint", _write(tmp_path / "r1.cfg", HIGH))
    assert result.exit_code == 1
    assert "CRY001" in result.output
    assert "encr 3des" in result.output  # the offending line is shown


def test_exit_0_when_clean_or_below_threshold(run: Run, tmp_path: Path) -> None:
    assert run("lint", "--select", MINE, _write(tmp_path / "a.cfg", CLEAN)).exit_code == 0
    medium = "hostname r1\ncrypto ipsec profile P\n set transform-set TS\n"
    path = _write(tmp_path / "b.cfg", medium)
    assert run("lint", "--select", "CRY", path).exit_code == 0
    assert run("lint", "--select", "CRY", "--fail-on", "medium", path).exit_code == 1
    assert run("lint", "--fail-on", "critical", _write(tmp_path / "c.cfg", HIGH)).exit_code == 0


def test_select_ignore_accept_codes_and_prefixes(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path / "r1.cfg", HIGH)
    out = json.loads(run("lint", "-f", "json", "--select", "CRY001", path).output)
    assert {f["code"] for f in out["findings"]} == {"CRY001"}
    out = json.loads(
        run("lint", "-f", "json", "--select", "CRY", "--ignore", "CRY001,CRY014", path).output
    )
    assert {f["code"] for f in out["findings"]} == {"CRY018"}


def test_unknown_code_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("lint", "--select", "XYZ123", _write(tmp_path / "r1.cfg", HIGH))
    assert result.exit_code == 2
    assert "unknown rule code" in result.output
    assert run("lint", "--fail-on", "severe", "x.cfg").exit_code == 2


def test_missing_and_binary_inputs_exit_2_with_location(run: Run, tmp_path: Path) -> None:
    result = run("lint", str(tmp_path / "nope.cfg"))
    assert result.exit_code == 2
    assert "nope.cfg" in result.output
    blob = tmp_path / "image.bin"
    blob.write_bytes(b"hostname r1\n\x00\x01\x02\x03" * 50)
    good = _write(tmp_path / "r1.cfg", HIGH)
    result = run("lint", str(blob), good)
    assert result.exit_code == 2
    assert "image.bin" in result.output and "binary" in result.output
    assert "CRY001" in result.output  # the readable file is still linted
    out = json.loads(run("lint", "-f", "json", str(blob)).output)
    assert out["summary"]["errors"][0]["line"] == 2


def test_stdin_and_directories(run: Run, tmp_path: Path) -> None:
    result = run("lint", "-f", "json", "-", stdin=HIGH)
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert data["findings"][0]["file"] == "-"
    sub = tmp_path / "configs"
    (sub / "nested").mkdir(parents=True)
    _write(sub / "a.cfg", HIGH)
    _write(sub / "nested" / "b.txt", CLEAN)
    _write(sub / "notes.md", HIGH)  # not a config suffix: skipped in directory walks
    data = json.loads(run("lint", "-f", "json", str(sub)).output)
    assert data["summary"]["files"] == 2
    again = json.loads(run("lint", "-f", "json", str(sub), str(sub / "a.cfg")).output)
    assert again["summary"]["files"] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("lint", str(empty))
    assert result.exit_code == 2 and "no config files" in result.output


def test_json_contract(run: Run, tmp_path: Path) -> None:
    data = json.loads(run("lint", "-f", "json", _write(tmp_path / "r1.cfg", HIGH)).output)
    assert list(data) == ["findings", "summary"]
    first = data["findings"][0]
    assert list(first) == ["code", "name", "severity", "file", "line", "device", "message"]
    cry001 = next(f for f in data["findings"] if f["code"] == "CRY001")
    assert cry001["line"] == 3 and cry001["device"] == "r1" and cry001["severity"] == "high"
    assert data["summary"]["failed"] is True


def test_output_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    result = run("lint", "-f", "sarif", "-o", str(out), _write(tmp_path / "r1.cfg", HIGH))
    assert result.exit_code == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_unwritable_output_exit_2(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "report.json"
    result = run("lint", "-f", "json", "-o", str(target), _write(tmp_path / "r1.cfg", HIGH))
    assert result.exit_code == 2
    assert "missing-dir" in result.output


def test_ios_version_changes_defaults(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path / "r.cfg", "hostname r\ncrypto isakmp policy 10\n hash sha256\n")
    old = json.loads(run("lint", "-f", "json", "--select", "CRY006", path).output)
    new = json.loads(
        run("lint", "-f", "json", "--select", "CRY006", "--ios-version", "17.12", path).output
    )
    assert old["findings"][0]["severity"] == "high"
    assert "default" in old["findings"][0]["message"]
    assert new["findings"][0]["severity"] == "medium"


def test_rules_command(run: Run) -> None:
    result = run("rules")
    assert result.exit_code == 0
    assert "CRY004" in result.output and "ike-weak-dh-group" in result.output
    page = run("rules", "cry016")
    assert page.exit_code == 0 and "high" in page.output and "medium" not in page.output
    listing = json.loads(run("rules", "-f", "json").output)
    assert any(r["code"] == "DMV001" and r["severity"] == "critical" for r in listing)
    assert run("rules", "NOPE01").exit_code == 2


def test_whole_process_exit_codes(tmp_path: Path) -> None:
    """The installed entry point, as CI runs it."""
    cmd = [sys.executable, "-m", "dmvpngen", "lint", "--select", "CRY"]
    assert (
        subprocess.run(
            [*cmd, str(FIXTURES / "CRY001.cfg")], cwd=tmp_path, capture_output=True
        ).returncode
        == 1
    )
    assert (
        subprocess.run(
            [*cmd, str(FIXTURES / "CRY001.clean.cfg")], cwd=tmp_path, capture_output=True
        ).returncode
        == 0
    )
    assert (
        subprocess.run(
            [*cmd, str(tmp_path / "missing.cfg")], cwd=tmp_path, capture_output=True
        ).returncode
        == 2
    )
