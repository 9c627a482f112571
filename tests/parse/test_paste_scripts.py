"""Paste scripts and running-configs of one network read the same, in check, import and lint.

The matched sets of tests/check/corpus are running-configs from public repositories; each is
turned into the paste script an engineer would type (tests/parse/pastes.py) and must give the
same check report and the same imported inventory. Running-configs themselves pass through the
normaliser unchanged, so their facts are those of the plain parse.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from dmvpngen.check import check_paths
from dmvpngen.check.engine import collect_files, load_devices
from dmvpngen.importer import import_devices
from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_source
from dmvpngen.lint.sources import Source
from dmvpngen.parse.banners import skipped_lines
from dmvpngen.parse.normalise import detect_kind, normalise
from dmvpngen.parse.source import read_config
from tests.golden_util import compare_golden
from tests.parse.pastes import to_paste_script
from tests.parse.report import without_locations

CORPUS = Path(__file__).parents[1] / "check" / "corpus"
SETS = sorted(p for p in CORPUS.iterdir() if p.is_dir())
SHOW_RUNS = sorted(
    f
    for d in SETS
    for f in d.glob("*.cfg")
    if "rbannist" not in d.name  # rbannist: 'conf t'
)
GOLDEN = Path(__file__).parent / "golden"


def _pasted(folder: Path, tmp: Path) -> Path:
    out = tmp / folder.name
    out.mkdir()
    for f in sorted(folder.glob("*.cfg")):
        text = f.read_text(encoding="utf-8", errors="replace")
        (out / f.name).write_text(to_paste_script(text), encoding="utf-8")
    return out


@pytest.mark.parametrize("path", SHOW_RUNS, ids=[f"{p.parent.name}/{p.name}" for p in SHOW_RUNS])
def test_running_configs_pass_through_unchanged(path: Path) -> None:
    source = read_config(path)
    assert source.kind == "show-run"
    captured = skipped_lines(source.raw_lines)  # banner bodies, R1#show dmvpn and its output
    for index, (raw, parsed) in enumerate(zip(source.raw_lines, source.lines, strict=True)):
        if parsed != raw:  # only blank lines, comments and exec leftovers are touched
            text = raw.strip()
            assert parsed == ("!" if text or index in captured else ""), (raw, parsed)
            assert not text or text.startswith("!") or text == "end" or index in captured, raw


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_paste_script_gives_the_same_check_report(folder: Path, tmp_path: Path) -> None:
    pasted = _pasted(folder, tmp_path)
    assert all(read_config(f).kind == "paste" for f in pasted.glob("*.cfg"))
    assert without_locations(check_paths([str(pasted)])) == without_locations(
        check_paths([str(folder)])
    )


def _inventory(folder: Path) -> str:
    text = import_devices(load_devices(collect_files([str(folder)])), "net").text
    text = re.sub(r"[\w./-]*/([\w.-]+\.cfg)", r"\1", text)
    return re.sub(r"(\.cfg|line)[: ]\d+", r"\1:L", text)


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_paste_script_imports_the_same_inventory(folder: Path, tmp_path: Path) -> None:
    assert _inventory(_pasted(folder, tmp_path)) == _inventory(folder)


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_matched_set_report_is_stable(folder: Path, update_goldens: bool) -> None:
    report = check_paths([str(folder)]).as_dict()
    text = json.dumps(report, indent=1, sort_keys=True, default=str) + "\n"
    text = text.replace(str(CORPUS.parents[2]) + "/", "")  # the checkout's location varies
    compare_golden(GOLDEN / f"{folder.name}.json", text, update_goldens)


def test_paste_forms_are_placed_where_ios_puts_them() -> None:
    lines = [
        "enable",
        "conf t",
        "int tun 0",
        "ip add 10.0.0.1 255.255.255.0",
        "tunnel sou gi0/0",
        "ip nhrp map mult dyn",
        "group 14   ! DH-группа 14",
        "ip route 0.0.0.0 0.0.0.0 192.0.2.1",
        "R1(config)#router eig 1",
        "R1(config-router)#network 10.0.0.0",
        "key chain K",
        "key 1",
        "key-string s3cret",
        "key 2",
        "crypto isakmp policy 10",
        "authentication pre-share",
        "router eigrp N",
        "address-family ipv4 unicast autonomous-system 1",
        "af-interface Tunnel0",
        "no split-horizon",
        "af-interface Tunnel1",
        "exit-af-interface",
        "exit-address-family",
        "do show ip int brief",
        "end",
        "wr",
    ]
    assert detect_kind(lines) == "paste"
    assert normalise(lines) == [
        "!",
        "!",
        "interface Tunnel0",
        " ip address 10.0.0.1 255.255.255.0",
        " tunnel source GigabitEthernet0/0",
        " ip nhrp map multicast dynamic",
        " group 14",  # an unknown interface command stays in the interface, comment dropped
        "ip route 0.0.0.0 0.0.0.0 192.0.2.1",
        "router eigrp 1",
        " network 10.0.0.0",
        "key chain K",
        " key 1",
        "  key-string s3cret",
        " key 2",
        "crypto isakmp policy 10",
        " authentication pre-share",  # also a global word: kept by the crypto mode table
        "router eigrp N",
        " address-family ipv4 unicast autonomous-system 1",
        "  af-interface Tunnel0",
        "   no split-horizon",
        "  af-interface Tunnel1",
        "  exit-af-interface",
        " exit-address-family",
        "!",
        "!",
        "!",
    ]


def test_findings_point_at_the_users_own_lines(tmp_path: Path) -> None:
    hub = (
        "conf t\nhostname HUB\nint gi0/0\nip add 192.0.2.1 255.255.255.0\nexit\n"
        "int tun 0\nip add 10.0.0.1 255.255.255.0\nip nhrp netw 1\ntunnel sou gi0/0\n"
        "tunnel mode gre multip\ntunnel key 7\nip nhrp map mult dyn\nend\n"
    )
    spoke = (
        "conf t\nhostname SPOKE\nint gi0/0\nip add 198.51.100.1 255.255.255.0\nexit\n"
        "int tun 0\nip add 10.0.0.2 255.255.255.0\nip nhrp netw 1\n"
        "ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast\ntunnel sou gi0/0\n"
        "tunnel mode gre multip\ntunnel key 8   ! wrong key\nend\n"
    )
    (tmp_path / "hub.cfg").write_text(hub)
    (tmp_path / "spoke.cfg").write_text(spoke)
    result = check_paths([str(tmp_path)])
    keyed = [f for f in result.findings if "key" in f.message.lower()]
    assert keyed, [f.as_dict() for f in result.findings]
    assert {(f.device, f.line) for f in keyed} <= {("SPOKE", 12), ("HUB", 11)}


CONFIGS = sorted(CORPUS.glob("*/*.cfg"))


@pytest.mark.parametrize("path", CONFIGS, ids=[f"{p.parent.name}/{p.name}" for p in CONFIGS])
def test_paste_script_gives_the_same_lint_findings(path: Path) -> None:
    data = path.read_bytes()
    pasted = to_paste_script(data.decode("utf-8", "replace")).encode("utf-8")

    def found(raw: bytes) -> Counter[tuple[str, str]]:
        result = lint_source(Source(path.name, data=raw), LintSettings(), [])
        assert result.error is None
        return Counter((f.code, f.message) for f in result.findings)

    assert found(pasted) == found(data)


RENDERED = sorted((Path(__file__).parents[1] / "golden").rglob("*.cfg"))


def test_rendered_configs_read_as_running_configs() -> None:
    assert len(RENDERED) > 50
    for path in RENDERED:
        source = read_config(path)
        assert source.kind == "show-run", path
        banner = skipped_lines(source.raw_lines)
        for index, (raw, parsed) in enumerate(zip(source.raw_lines, source.lines, strict=True)):
            if raw != parsed:  # only banner bodies and the closing 'end' become comments
                assert parsed == "!" and (index in banner or raw == "end"), (path, raw)
