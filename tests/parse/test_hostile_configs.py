"""Config files as they arrive, good and bad: lint, check and import read them alike.

Reproductions from the hardening issue: 20,000-level indentation (RecursionError before), a
40 MB config (minutes before), an empty file, Junos and Arista configs (linted as IOS before),
UTF-16 (passed lint, "binary" in check and import before).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.parse.source import ConfigRefused, config_from_bytes, read_config

CORPUS = Path(__file__).parents[1] / "check" / "corpus"
SPOKE = CORPUS / "NGMunia-2023-dualhub-dualcloud" / "R1-BRANCH.cfg"
runner = CliRunner()

JUNOS = b"## Last commit: 2024-01-01 by admin\nversion 20.4R3;\nsystem {\n    host-name r1;\n}\n"
EOS = (
    b"! Command: show running-config\n! device: leaf1 (vEOS-lab, EOS-4.28.3M)\n!\n"
    b"hostname leaf1\ninterface Ethernet1\n   no switchport\n"
)
NXOS = b"!Command: show running-config\n!Time: Mon Jan 1 2024\nversion 9.3(8)\nfeature nxapi\n"
ASA = b": Saved\n:\nASA Version 9.12(4)\n!\nhostname fw1\ninterface Gi0/0\n nameif outside\n"
XR = b"!! IOS XR Configuration 7.3.2\n!\nhostname xr1\n"


def run(command: str, path: Path, tmp: Path) -> tuple[int, str]:
    args = [command, str(path)]
    if command == "import":
        args += ["-o", str(tmp / "out" / "net.yml")]
    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure, whatever the input
    return result.exit_code, result.output


REFUSED = {
    "empty": (b"", "empty config"),
    "comments-only": (b"!\n! nothing here\n!\n\n", "empty config"),
    "junos": (JUNOS, "Junos config, not Cisco IOS"),
    "arista": (EOS, "Arista EOS config, not Cisco IOS"),
    "nxos": (NXOS, "Cisco NX-OS config"),
    "asa": (ASA, "Cisco ASA config"),
    "ios-xr": (XR, "Cisco IOS XR config"),
    "binary": (b"\x00\x01\x02\x03hostname r1\n", "binary content"),
    "gzip": (b"\x1f\x8b\x08\x00" + b"x" * 40, "gzip archive"),
    "prose": (b"These are my notes about the lab.\nIt works.\n", "not an IOS config"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("command", ["lint", "check", "import"])
def test_non_ios_input_is_refused_alike(name: str, command: str, tmp_path: Path) -> None:
    data, said = REFUSED[name]
    path = tmp_path / f"{name}.cfg"
    path.write_bytes(data)
    code, output = run(command, path, tmp_path)
    assert code == 2
    assert said in " ".join(output.split()), output
    assert "high" not in output.lower().split("error")[0]  # no findings about missing lines
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32", "utf-8"]
)
def test_encodings_are_decoded_to_the_same_config(encoding: str, tmp_path: Path) -> None:
    text = SPOKE.read_text(encoding="utf-8")
    path = tmp_path / "spoke.cfg"
    path.write_bytes(text.encode(encoding))
    source = read_config(path)
    plain = read_config(SPOKE)
    assert source.lines == plain.lines and source.kind == plain.kind
    if encoding not in ("utf-8", "utf-8-sig"):
        assert any("decoded from" in note for note in source.notes)
    for command in ("lint", "check"):
        assert run(command, path, tmp_path)[0] == run(command, SPOKE, tmp_path)[0]


def test_deep_indentation_reads_without_recursion(tmp_path: Path) -> None:
    # every line one space deeper than the last: 3,000 levels (4.5 MB, under the size limit)
    lines = [" " * i + f"interface Tunnel{i}" for i in range(3000)]
    path = tmp_path / "deep.cfg"
    path.write_text("\n".join(lines) + "\n")
    for command in ("lint", "check", "import"):
        started = time.monotonic()
        code, _ = run(command, path, tmp_path)
        assert code in (0, 1, 2)
        assert time.monotonic() - started < 120


def test_forty_megabytes_are_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "huge.cfg"
    with path.open("wb") as fh:  # sparse: the refusal must come before any byte is read
        fh.truncate(40 * 1024 * 1024)
    for command in ("lint", "check", "import"):
        started = time.monotonic()
        code, output = run(command, path, tmp_path)
        assert code == 2 and "over the 8 MB limit" in " ".join(output.split())
        assert time.monotonic() - started < 10
    assert not (tmp_path / "out").exists()


def test_size_limit_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SPOKE.read_bytes()
    monkeypatch.setenv("DMVPNGEN_MAX_CONFIG_MB", "0.001")
    with pytest.raises(ConfigRefused, match="DMVPNGEN_MAX_CONFIG_MB"):
        config_from_bytes(data, "spoke.cfg")
    monkeypatch.setenv("DMVPNGEN_MAX_CONFIG_MB", "1")
    assert config_from_bytes(data, "spoke.cfg").kind == "show-run"


def test_refusals_are_located() -> None:
    with pytest.raises(ConfigRefused) as info:
        config_from_bytes(b"!\n!\nset system host-name r1\n", "r1.cfg")
    assert (info.value.problem.file, info.value.problem.line) == ("r1.cfg", 3)
    assert info.value.problem.hint


def test_nesting_is_bounded_in_what_the_parser_sees() -> None:
    from dmvpngen.parse.normalise import MAX_DEPTH, normalise
    from dmvpngen.parse.tree import build_tree_lines

    lines = [" " * i + f"interface Tunnel{i}" for i in range(5000)]
    parsed = normalise(lines)
    assert len(parsed) == len(lines)
    assert parsed[:MAX_DEPTH] == lines[:MAX_DEPTH]  # shallow lines are untouched
    assert max(len(p) - len(p.lstrip()) for p in parsed) == MAX_DEPTH
    depth, node = 0, build_tree_lines(parsed)[0]
    while node.children:
        depth, node = depth + 1, node.children[0]
    assert depth == MAX_DEPTH


def test_oversized_stdin_is_refused_without_reading_it_all() -> None:
    result = runner.invoke(app, ["lint", "-"], input=b"hostname r1\n" * 800_000)  # 9.6 MB
    assert result.exit_code == 2
    assert "more than 8 MB, over the 8 MB limit" in " ".join(result.output.split())
