"""``dmvpngen check`` end to end: exit codes, JSON contract, SARIF against the real schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dmvpngen.cli.app import app

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
ROOT = HERE.parents[1]
runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["check", *args])


def test_clean_set_exits_0_with_report() -> None:
    res = invoke(str(CORPUS / "V1RaJ97-otus-project"))
    assert res.exit_code == 0, res.output
    assert "Cloud dmvpn100" in res.output and "phase 3" in res.output
    assert "3 direct" in res.output and "no findings" in res.output


def test_findings_exit_1_and_fail_on() -> None:
    path = str(CORPUS / "NGMunia-2026-dualhub-dualcloud")
    assert invoke(path).exit_code == 1
    # medium findings only when the threshold is critical: exit 0
    assert invoke(path, "--fail-on", "critical").exit_code == 0
    assert invoke(str(CORPUS / "rbannist-azure-devqa")).exit_code == 0  # medium/info < high
    assert invoke(str(CORPUS / "rbannist-azure-devqa"), "--fail-on", "info").exit_code == 1


def test_json_contract() -> None:
    res = invoke(str(CORPUS / "NGMunia-2026-dualhub-dualcloud"), "--format", "json")
    data = json.loads(res.stdout)
    assert list(data) == [
        "clouds",
        "findings",
        "summary",
        "inter_cloud",
        "undecided",
        "routing",
        "software",
        "multicast",
    ]
    for c in data["clouds"]:
        assert list(c)[:5] == ["name", "subnet", "phase", "hubs", "spokes"]
    assert data["clouds"][0]["hubs"] == ["R1"] and data["clouds"][0]["spokes"] == ["R3", "R4"]
    for f in data["findings"]:
        assert list(f) == ["code", "severity", "device", "peer", "file", "line", "message"]
    assert data["summary"]["clouds"] == 2 and data["summary"]["devices"] == 4
    assert data["summary"]["by_severity"]["high"] == 3


def test_software_line_for_ios_xe_17() -> None:
    """Releases Cisco lists per advisory: 17.9.1a is named twice, 17.3.9 by none."""
    path = str(CORPUS / "V1RaJ97-otus-project")
    data = json.loads(invoke(path, "--ios-version", "17.9.1a", "-f", "json").stdout)["software"]
    assert data["affected"] and all(
        set(ids) == {"cisco-sa-ios-gre-crash-p6nE5Sq5", "cisco-sa-ikev1-NO2ccFWz"}
        for ids in data["affected"].values()
    )
    text = invoke(path, "--ios-version", "17.9.1a").output
    assert "cisco-sa-ios-gre-crash-p6nE5Sq5" in text and "affected (ADV001)" in text
    clear = json.loads(invoke(path, "--ios-version", "17.3.9", "-f", "json").stdout)["software"]
    assert clear["affected"] == {} and clear["possibly_affected"] == {}


def test_secrets_never_in_output() -> None:
    res = invoke(str(CORPUS / "NGMunia-2026-dualhub-dualcloud"), "--format", "json")
    for secret in ("usestrongkey!", "dmvpnvpn"):
        assert secret not in res.stdout
    res = invoke(str(CORPUS / "carlbuchmann-iwan-dualcloud"), "--ios-version", "15.9")
    assert "iWAN@lab#154" not in res.output and "LABmpls1" not in res.output


def test_sarif_validates_against_schema() -> None:
    schema = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text())
    res = invoke(str(CORPUS / "jc-fullab-CHINA"), "--format", "sarif")
    log = json.loads(res.stdout)
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"NET008", "NET046"}
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)


@pytest.mark.parametrize("bad", ["does/not/exist", "empty-dir"])
def test_unreadable_input_exits_2(tmp_path: Path, bad: str) -> None:
    target = tmp_path / bad
    if bad == "empty-dir":
        target.mkdir()
    res = invoke(str(target))
    assert res.exit_code == 2
    assert "Traceback" not in res.output


def test_binary_file_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "x.cfg"
    f.write_bytes(b"\x00\x01\x02hostname x")
    assert invoke(str(f)).exit_code == 2


def test_inventory_is_rendered_and_checked() -> None:
    res = invoke(str(ROOT / "inventories" / "phase3-dual-hub-ibgp.yml"), "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    (c,) = data["clouds"]
    assert c["phase"] == 3 and c["hubs"] == ["dc-hub2", "hq-hub1"] and len(c["spokes"]) == 3
    assert data["summary"]["spoke_pairs"] == {"direct": 3, "via-hub": 0, "blocked": 0, "broken": 0}


def test_messy_configs_do_not_crash(tmp_path: Path) -> None:
    (tmp_path / "a.cfg").write_text(
        "hostname A\ninterface Tunnel0\n ip address 10.0.0.2 255.255.255.0\n ip nhrp nhs 10.0.0.1\n"
        " tunnel source Dialer9\n tunnel mode gre multipoint\n tunnel protection ipsec profile "
        "NOPE\n"
        "interface Tunnel1\n ip address 10.9.9.1 255.255.255.0\n ip nhrp network-id 5\n"
        " tunnel source 1.2.3.4\ninterface Tunnel2\n ip address 10.7.7.1 255.255.255.0\n"
        " ip nhrp network-id 7\n tunnel source Loopback0\n tunnel mode gre multipoint\n "
        "keepalive 10 3\n"
        "interface Loopback0\n ip address 192.0.2.1 255.255.255.255\n shutdown\n"
    )
    (tmp_path / "b.cfg").write_text("\ufeffhostname B\r\ninterface Tunnel 0\r\n shutdown\r\n")
    res = invoke(str(tmp_path), "--format", "json")
    assert res.exit_code == 1
    found = {
        (f["code"], f["line"]) for f in json.loads(res.stdout)["findings"] if f["device"] == "A"
    }
    assert {
        ("NET008", 4),
        ("NET050", 5),
        ("NET027", 7),
        ("NET050", 11),
        ("NET051", 15),
        ("NET057", 17),
    } <= found
    assert ("NET057", 12) not in found  # keepalive is fine on point-to-point GRE


def test_catalogue_is_documented() -> None:
    from dmvpngen.check.catalogue import CATALOGUE

    doc = (ROOT / "docs" / "check.md").read_text()
    rows = {line.split("|")[1].strip() for line in doc.splitlines() if line.startswith("| NET")}
    assert rows == set(CATALOGUE)
    for code, (severity, title) in CATALOGUE.items():
        assert f"| {code} | {severity} | {title} |" in doc


def test_software_line() -> None:
    """The software summary judges each router's release against the advisory table."""
    path = str(CORPUS / "V1RaJ97-otus-project")
    # 3.13.1S is below 3.13.2S, the first fixed release of cisco-sa-20150325-ikev2, and on
    # CVE-2024-20307's list; the routers run IKEv1 (ISAKMP) only, so only the latter applies
    data = json.loads(invoke(path, "--ios-version", "3.13.1S", "--format", "json").stdout)
    software = data["software"]
    routers = data["summary"]["devices"]
    assert len(software["affected"]) == routers
    assert all("cisco-sa-ikev1-NO2ccFWz" in ids for ids in software["affected"].values())
    assert all("cisco-sa-20150325-ikev2" not in ids for ids in software["affected"].values())
    assert all("cisco-sa-20150325-ikev2" in ids for ids in software["not_exposed"].values())
    fixed = json.loads(invoke(path, "--ios-version", "17.12.4", "-f", "json").stdout)["software"]
    assert fixed["affected"] == {} and fixed["possibly_affected"] == {}
    assert len(fixed["clear"]) == routers
    text = invoke(path, "--ios-version", "3.13.1S").output
    assert f"{routers} affected (ADV001)" in text and "cisco-sa-ikev1-NO2ccFWz" in text


def test_software_line_without_any_release() -> None:
    """Configs with no `version` line and no `show version` are not judged: the line says so
    and how to judge them, rather than "0 affected, 0 clear"."""
    path = str(ROOT / "tests" / "golden" / "examples" / "phase3-single-hub-eigrp")
    text = invoke(path).output
    line = next(x for x in text.splitlines() if x.startswith("software ("))
    assert "not judged" in line and "--ios-version" in line and "0 clear" not in line
    data = json.loads(invoke(path, "--format", "json").stdout)["software"]
    assert data["clear"] == [] and len(data["unknown"]) == 4
    judged = invoke(path, "--ios-version", "17.12.4").output
    assert "0 without a release" in judged and "not judged" not in judged
