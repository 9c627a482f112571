"""Settings files, inline suppressions and waivers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.lint.conftest import Run

HIGH = "hostname hub-1\ncrypto isakmp policy 10\n encr 3des\n hash sha256\n group 14\n"


def _codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f["code"] for f in json.loads(result.output)["findings"]]


def _cfg(tmp_path: Path, text: str = HIGH, name: str = "r.cfg") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_pyproject_section_found_upward(run: Run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.dmvpngen.lint]\nselect = ["CRY001"]\nfail-on = "critical"\n'
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run("lint", "-f", "json", _cfg(tmp_path))
    assert _codes(result) == ["CRY001"]
    assert result.exit_code == 0  # fail-on critical from the file
    assert run("lint", "--fail-on", "high", _cfg(tmp_path)).exit_code == 1  # CLI wins


def test_dot_file_wins_and_pyproject_without_section_is_skipped(
    run: Run, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".dmvpngen.toml").write_text('[lint]\nignore = ["CRY"]\n')
    inner = tmp_path / "repo"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(inner)
    result = run("lint", "-f", "json", _cfg(tmp_path))
    assert not [c for c in _codes(result) if c.startswith("CRY")]


def test_bad_settings_exit_2_naming_the_file(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".dmvpngen.toml").write_text('[lint]\nfail-on = "severe"\nbogus = 1\n')
    result = run("lint", _cfg(tmp_path))
    assert result.exit_code == 2
    assert ".dmvpngen.toml" in result.output and "bogus" in result.output
    (tmp_path / ".dmvpngen.toml").write_text('[lint]\nselect = ["NOPE"]\n')
    assert run("lint", _cfg(tmp_path)).exit_code == 2
    (tmp_path / ".dmvpngen.toml").write_text('[lint.severity]\nNOPE01 = "low"\n')
    assert run("lint", _cfg(tmp_path)).exit_code == 2
    (tmp_path / ".dmvpngen.toml").write_text("[lint\n")
    assert run("lint", _cfg(tmp_path)).exit_code == 2


def test_severity_override(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".dmvpngen.toml").write_text(
        '[lint]\nselect = ["CRY001"]\n[lint.severity]\nCRY001 = "low"\n'
    )
    result = run("lint", "-f", "json", _cfg(tmp_path))
    assert result.exit_code == 0
    assert json.loads(result.output)["findings"][0]["severity"] == "low"


def test_explicit_config_and_external_interfaces(run: Run, tmp_path: Path) -> None:
    conf = tmp_path / "lint.toml"
    conf.write_text('[tool.dmvpngen.lint]\nexternal-interfaces = ["Gi9"]\nselect = ["DMV009"]\n')
    text = (
        "hostname hub\ninterface Gi9\n ip address 192.0.2.1 255.255.255.0\n"
        "interface Tunnel0\n ip nhrp map multicast dynamic\n tunnel mode gre multipoint\n"
    )
    result = run("lint", "-f", "json", "--config", str(conf), _cfg(tmp_path, text))
    assert _codes(result) == ["DMV009"]
    assert run("lint", "--config", str(tmp_path / "none.toml"), _cfg(tmp_path)).exit_code == 2


def test_inline_suppression_next_line_block_and_file(run: Run, tmp_path: Path) -> None:
    text = (
        "hostname hub-1\n"
        "crypto isakmp policy 10\n"
        " ! dmvpngen: ignore[CRY001] legacy peer until March\n"
        " encr 3des\n"
        " hash md5\n"
        "! dmvpngen: ignore[CRY] whole block\n"
        "crypto isakmp policy 20\n"
        " encr des\n"
    )
    data = json.loads(
        run("lint", "-f", "json", "--select", "CRY001,CRY002", _cfg(tmp_path, text)).output
    )
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("CRY002", 5)]
    assert data["summary"]["suppressed"] == 2
    filewide = "! dmvpngen: ignore[CRY001,CRY002] lab box\n" + text
    assert (
        _codes(run("lint", "-f", "json", "--select", "CRY001,CRY002", _cfg(tmp_path, filewide)))
        == []
    )


def test_waivers_apply_and_expire(run: Run, tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yml"
    waivers.write_text(
        "waivers:\n"
        "  - device: hub-*\n    code: CRY001\n    reason: peer upgrade\n    expires: 2999-12-31\n"
        "  - device: hub-1\n    code: CRY014\n    reason: old\n    expires: 2000-01-01\n"
    )
    result = run(
        "lint", "-f", "json", "--select", "CRY001,CRY014", "--waivers", str(waivers), _cfg(tmp_path)
    )
    data = json.loads(result.output)
    codes = [(f["code"], f["file"], f["line"]) for f in data["findings"]]
    assert ("CRY001", _cfg(tmp_path), 3) not in codes
    assert ("LNT001", str(waivers), 6) in codes
    assert ("CRY014", _cfg(tmp_path), 2) in codes  # the expired waiver no longer applies
    assert data["summary"]["waived"] == 1


def test_bad_waiver_file_exit_2(run: Run, tmp_path: Path) -> None:
    waivers = tmp_path / "w.yml"
    waivers.write_text("waivers:\n  - device: hub-1\n    code: CRY001\n")
    result = run("lint", "--waivers", str(waivers), _cfg(tmp_path))
    assert result.exit_code == 2
    assert "w.yml:2" in result.output and "reason" in result.output
    waivers.write_text("waivers: [\n")
    assert run("lint", "--waivers", str(waivers), _cfg(tmp_path)).exit_code == 2


def test_waiver_path_in_settings_is_relative_to_the_settings_file(run: Run, tmp_path: Path) -> None:
    (tmp_path / "w.yml").write_text(
        "- device: '*'\n  code: CRY\n  reason: lab\n  expires: 2999-01-01\n"
    )
    (tmp_path / ".dmvpngen.toml").write_text('[lint]\nwaivers = "w.yml"\n')
    result = run("lint", "-f", "json", _cfg(tmp_path))
    assert not [c for c in _codes(result) if c.startswith("CRY")]
