"""vty access from declared management prefixes only: refused without them, hub-only spokes
denied even inside them, and the prefixes read back by import."""

from __future__ import annotations

import shutil
from ipaddress import IPv4Address
from pathlib import Path

import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.test_invariants import standard_acl_permits

ISOLATION = INVENTORIES / "spoke-isolation-eigrp.yml"


def _copy(tmp_path: Path, change: dict[str, object]) -> Path:
    data = yaml.safe_load(ISOLATION.read_text())
    data["management"].update(change)
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path / "demo.secrets.yaml")
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _acl(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("ip access-list standard SSH-ACCESS") + 1
    end = lines.index("!", start)
    return [ln.strip() for ln in lines[start:end]]


def test_hub_only_spoke_inside_a_management_prefix_is_denied_first(tmp_path: Path) -> None:
    # an operator who declares the whole overlay and 10.0.0.0/8 still keeps the partner out
    net = build_network(_copy(tmp_path, {"ssh_allowed": ["10.0.0.0/8", "10.255.0.0/24"]}))
    acl = _acl(net.configs["hub"].text)
    assert acl[:5] == [
        "deny 10.0.0.13 0.0.0.0 log",
        "deny 10.13.0.0 0.0.0.255 log",
        "deny 10.13.1.0 0.0.0.255 log",
        "deny 10.255.0.13 0.0.0.0 log",
        "permit 10.0.0.0 0.255.255.255",
    ]
    assert not standard_acl_permits(acl, IPv4Address("10.13.1.7"))
    assert standard_acl_permits(acl, IPv4Address("10.12.0.7"))


def test_hub_only_lan_wider_than_a_management_prefix_is_denied_whole(tmp_path: Path) -> None:
    net = build_network(_copy(tmp_path, {"ssh_allowed": ["10.1.0.0/24", "10.13.1.0/25"]}))
    acl = _acl(net.configs["branch-01"].text)
    assert acl[0] == "deny 10.13.1.0 0.0.0.255 log"
    assert not standard_acl_permits(acl, IPv4Address("10.13.1.7"))
    assert standard_acl_permits(acl, IPv4Address("10.1.0.7"))


def test_no_management_prefix_is_a_located_error(tmp_path: Path) -> None:
    path = _copy(tmp_path, {"ssh_allowed": []})
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 1
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "ssh_allowed" in t)
    assert f"inv.yml:{line}: error: management.ssh_allowed: no management prefixes" in res.output
    assert "hint: declare the prefixes operators log in from" in res.output
    assert "Traceback" not in res.output


VTY = """hostname r1
ip access-list standard VTY
 5 permit 192.168.255.0 0.0.0.255
 deny 10.9.0.7 log
 permit host 10.1.0.10
 permit 10.1.1.0 0.0.0.255
 permit 10.0.0.0 0.255.0.255
 deny any log
access-list 12 permit 172.16.0.0 0.0.15.255
line vty 0 4
 access-class VTY in
line vty 5 15
 access-class 12 in
"""


def test_import_reads_the_vty_acl_permits_back() -> None:
    from dmvpngen.importer.management import _vty_prefixes
    from dmvpngen.parse import parse_config

    notes: list[str] = []
    got = _vty_prefixes(parse_config(VTY, "r1.cfg"), notes)
    assert got == ["10.1.0.10/32", "10.1.1.0/24", "172.16.0.0/20", "192.168.255.0/24"]
    assert notes == ["r1.cfg: vty ACL entry 'permit 10.0.0.0 0.255.0.255' not imported"]


def test_import_without_a_vty_acl_proposes_the_hub_lans_in_a_note() -> None:
    from dmvpngen.importer.management import proposed_ssh_allowed

    notes: list[str] = []
    hubs = [{"lan": [{"interface": "Gi2", "address": "10.1.0.1/24"}]}, {"loopback": "10.0.0.2"}]
    assert proposed_ssh_allowed(hubs, [], notes) == ["10.1.0.0/24"]
    assert "narrow it to the NOC" in notes[0]
    assert proposed_ssh_allowed([{"loopback": "10.0.0.2"}], [], notes) == ["10.0.0.2/32"]
    assert proposed_ssh_allowed([], [{"subnet": "10.255.0.0/24"}], notes) == ["10.255.0.0/24"]
