"""`dmvpngen push` / `dmvpngen verify` end to end: a shipped example inventory, rendered by
the real pipeline, pushed over SSH to simulated routers."""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.fakeios import FakeLab
from tests.push.netgen import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inventories" / "phase3-single-hub-eigrp.yml"
SECRETS = ROOT / "inventories" / "demo.secrets.yaml"


def base(router: dict[str, object]) -> str:
    wan = router["wan"]
    assert isinstance(wan, dict)
    if wan.get("dhcp"):
        addr = " ip address dhcp\n"
    elif wan.get("address"):
        iface = ipaddress.IPv4Interface(wan["address"])
        addr = f" ip address {iface.ip} {iface.netmask}\n"
    else:  # PPPoE: the address comes with the dialer
        addr = ""
    return (
        f"hostname {router['name']}\nusername netops privilege 15 secret 9 $9$x$y\n"
        f"interface {wan['interface']}\n{addr} negotiation auto\n"
        "line vty 0 4\n transport input ssh\nend\n"
    )


def simulate(
    example: Path, lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """``example`` pointed at simulated routers; returns (inventory, known_hosts)."""
    data = yaml.safe_load(example.read_text())
    faults = {"branch-03": {"platform": "ios"}}
    for router in [*data["hubs"], *data["spokes"]]:
        fake = lab.add(router["name"], base(router), **faults.get(router["name"], {}))
        router["access"] = {"host": "127.0.0.1", "port": fake.port}
    inventory = tmp_path / "net.yml"
    inventory.write_text(yaml.safe_dump(data, sort_keys=False))
    shutil.copy(SECRETS, tmp_path / SECRETS.name)
    monkeypatch.setenv("DMVPNGEN_USERNAME", "netops")
    monkeypatch.setenv("DMVPNGEN_PASSWORD", PASSWORD)
    monkeypatch.chdir(tmp_path)
    return inventory, lab.write_known_hosts(tmp_path / "known_hosts")


@pytest.fixture
def network(lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The single-hub example on simulated routers."""
    return simulate(EXAMPLE, lab, tmp_path, monkeypatch)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def secrets() -> list[str]:
    return [*yaml.safe_load(SECRETS.read_text()).values(), PASSWORD]


def test_dry_run_commit_verify_and_noop(lab: FakeLab, network: tuple[Path, Path]) -> None:
    inventory, known = network
    code, out = run("push", str(inventory), "--known-hosts", str(known))
    assert code == 0, out
    assert "would-change" in out and "+ interface Tunnel100" in out
    assert re.search(r"^run [0-9a-f]{32}$", out, re.M)  # the run's id, after the summary
    assert "pre-shared-key <masked>" in out
    assert all(s not in out for s in secrets())
    assert all(r.config_sessions == 0 for r in lab.network.routers.values())

    code, out = run(
        "push",
        str(inventory),
        "--commit",
        "--known-hosts",
        str(known),
        "--format",
        "json",
        "--verify-timeout",
        "2",
    )
    report = json.loads(out)
    assert code == 0, out
    assert [(d["hostname"], d["status"], d["config_state"]) for d in report["devices"]] == [
        ("hq-hub1", "changed", "new"),
        ("branch-01", "changed", "new"),
        ("branch-02", "changed", "new"),
        ("branch-03", "changed", "new"),
    ]
    assert all(s not in out for s in secrets())
    assert all(Path(d["backup"]).is_file() for d in report["devices"])
    # the run's id names its backups
    assert all(d["backup"].endswith(f"-{report['run_id'][:8]}.cfg") for d in report["devices"])
    # Guarded lines were left alone: the vty and the user are the router's own.
    hub = lab.router("hq-hub1").config_text()
    assert "username netops" in hub and " access-class SSH-ACCESS in" not in hub
    assert "interface Tunnel100" in hub

    code, out = run("verify", str(inventory), "--known-hosts", str(known), "--format", "json")
    assert code == 0, out
    checks = {c["name"]: c["detail"] for c in json.loads(out)["devices"][0]["checks"]}
    assert checks["dmvpn-peers"] == "3/3 spokes up"
    assert checks["eigrp-neighbours"] == "3/3 eigrp neighbours up"

    code, out = run(
        "push", str(inventory), "--commit", "--known-hosts", str(known), "--format", "json"
    )
    assert code == 0
    again = json.loads(out)
    assert {d["status"] for d in again["devices"]} == {"unchanged"}
    assert again["run_id"] != report["run_id"]


def test_failure_exits_1_and_only_selects(lab: FakeLab, network: tuple[Path, Path]) -> None:
    inventory, known = network
    lab.router("branch-02").rejected.append(r"^ip nhrp registration")
    code, out = run(
        "push",
        str(inventory),
        "--commit",
        "--known-hosts",
        str(known),
        "--format",
        "json",
        "--only",
        "hq-hub1,branch-02",
        "--verify-timeout",
        "1",
    )
    assert code == 1, out
    devices = {d["hostname"]: d for d in json.loads(out)["devices"]}
    assert set(devices) == {"hq-hub1", "branch-02"}
    assert devices["branch-02"]["status"] == "reverted"
    assert lab.router("branch-01").config_sessions == 0


def test_usage_errors_exit_2(network: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    inventory, known = network
    code, _ = run("push", "does-not-exist.yml")
    assert code == 2
    code, _ = run("push", str(inventory), "--only", "nope", "--known-hosts", str(known))
    assert code == 2
    monkeypatch.delenv("DMVPNGEN_USERNAME")
    result = CliRunner().invoke(app, ["verify", str(inventory)])
    assert result.exit_code == 2
    assert "DMVPNGEN_USERNAME" in result.output


# Over SSH: examples that add IKEv1 and BGP to the EIGRP one above (every example is pushed
# in-process by test_examples.py, which is much faster).
@pytest.mark.parametrize(
    "example",
    ["crypto-ikev1.yml", "routing-ebgp-phase2.yml"],  # ISAKMP SAs; two hubs, BGP, eBGP ASes
)
def test_example_pushes_and_verifies_over_ssh(
    example: str, lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(ROOT / "inventories" / example, lab, tmp_path, monkeypatch)
    code, out = run(
        "push",
        str(inventory),
        "--commit",
        "--known-hosts",
        str(known),
        "--format",
        "json",
        "--concurrency",
        "20",
    )
    assert code == 0, out
    assert {d["status"] for d in json.loads(out)["devices"]} == {"changed"}
    code, out = run("verify", str(inventory), "--known-hosts", str(known), "--format", "json")
    assert code == 0, out
    for device in json.loads(out)["devices"]:
        names = {c["name"] for c in device["checks"]}
        assert {"config-in-sync", "ike-sa"} <= names, device
        assert names & {"dmvpn-peers", "nhs-responding"}, device
