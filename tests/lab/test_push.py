"""``dmvpngen lab push``: the rollout rehearsed on a lab, over real SSH to simulated routers on
127.0.0.1 that booted with the lab's day-0 configs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.errors import UsageError
from dmvpngen.lab.build import build_lab
from dmvpngen.lab.options import lab_options
from dmvpngen.lab.push import lab_push_targets, node_platform, parse_addresses
from dmvpngen.lab.source import render_inventory
from dmvpngen.push.diff import config_blocks
from tests.fakeios import FakeLab
from tests.lab.helpers import REPO

EXAMPLE = REPO / "inventories" / "phase3-single-hub-eigrp.yml"
SECRETS = REPO / "inventories" / "demo.secrets.yaml"
# Every router an iosv node: the inventory's GigabitEthernet1/2 become Gi0/1 and Gi0/2 (Gi0/0 is
# the lab management port), and branch-03's Gi0/0 and Gi0/1 shift to Gi0/1 and Gi0/2.
LAB_ARGS = ["--xe-node", "iosv", "--mgmt", "192.168.255.0/24"]


@dataclass
class Rehearsal:
    """A booted (simulated) lab and the command-line arguments that reach it."""

    lab: FakeLab
    inventory: Path
    args: list[str]
    day0: dict[str, str]


def secret_values() -> list[str]:
    return [str(v) for v in yaml.safe_load(SECRETS.read_text()).values()]


@pytest.fixture
def rehearsal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Rehearsal]:
    """The single-hub example's lab booted on simulated routers, one SSH server each."""
    inventory = tmp_path / "net.yml"
    shutil.copy(EXAMPLE, inventory)
    shutil.copy(SECRETS, tmp_path / SECRETS.name)
    monkeypatch.chdir(tmp_path)
    network = render_inventory(inventory)
    topo = build_lab(
        network.inventory, network.configs, lab_options(xe_node="iosv", mgmt=LAB_ARGS[3])
    )
    user, password = network.users[0]  # the lab logs in as the inventory's admin user
    with FakeLab(username=user, password=password) as lab:
        args = [*LAB_ARGS, "--archive", str(tmp_path / "archive")]
        for node in topo.routers():
            fake = lab.add(node.name, node.config, platform=node_platform(node.kind))
            args += ["--address", f"{node.name}=127.0.0.1:{fake.port}"]
        args += ["--known-hosts", str(lab.write_known_hosts(tmp_path / "known_hosts"))]
        yield Rehearsal(lab, inventory, args, {n.name: n.config for n in topo.routers()})


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_fresh_lab_shows_no_change(rehearsal: Rehearsal) -> None:
    code, out = run("lab", "push", str(rehearsal.inventory), *rehearsal.args, "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    assert report["mode"] == "dry-run"
    assert [(d["hostname"], d["status"], d["diff"]) for d in report["devices"]] == [
        ("hq-hub1", "unchanged", []),
        ("branch-01", "unchanged", []),
        ("branch-02", "unchanged", []),
        ("branch-03", "unchanged", []),
    ]
    assert all(r.config_sessions == 0 for r in rehearsal.lab.network.routers.values())
    # each router made its own key pair while loading its day-0 config, and uses it
    for name, router in rehearsal.lab.network.routers.items():
        assert router.keys.generations == 1 and f"SSH-{name}" in router.keys.keys
        assert f"ip ssh rsa keypair-name SSH-{name}" in router.config_text()
        assert "crypto key generate" not in router.config_text()


def test_inventory_change_reaches_the_lab_with_lab_names(rehearsal: Rehearsal) -> None:
    data = yaml.safe_load(rehearsal.inventory.read_text())
    data["spokes"][0]["lan"][0]["address"] = "10.11.7.1/24"  # branch-01: GigabitEthernet2
    data["spokes"][2]["lan"][0]["address"] = "10.13.7.1/24"  # branch-03: GigabitEthernet0/1
    rehearsal.inventory.write_text(yaml.safe_dump(data, sort_keys=False))

    code, out = run("lab", "push", str(rehearsal.inventory), *rehearsal.args)
    assert code == 0, out
    assert "would-change" in out and all(s not in out for s in secret_values())
    assert all(r.config_sessions == 0 for r in rehearsal.lab.network.routers.values())

    code, out = run(
        "lab", "push", str(rehearsal.inventory), *rehearsal.args,
        "--commit", "--format", "json", "--verify-timeout", "2",
    )  # fmt: skip
    assert code == 0, out
    devices = {d["hostname"]: d for d in json.loads(out)["devices"]}
    assert {n: d["status"] for n, d in devices.items()} == {
        "hq-hub1": "unchanged",
        "branch-01": "changed",
        "branch-02": "unchanged",
        "branch-03": "changed",
    }
    for name in ("branch-01", "branch-03"):
        assert devices[name]["config_state"] == "new"
        assert devices[name]["checks"] and all(c["ok"] for c in devices[name]["checks"])
    # The pushed lines name the lab's ports, never the inventory's.
    pushed = "\n".join(devices["branch-01"]["diff"])
    assert "interface GigabitEthernet0/2" in pushed and "10.11.7.1 255.255.255.0" in pushed
    assert "GigabitEthernet2" not in pushed
    pushed = "\n".join(devices["branch-03"]["diff"])
    assert "interface GigabitEthernet0/2" in pushed and "10.13.7.1 255.255.255.0" in pushed
    assert "interface GigabitEthernet0/1" not in pushed  # the lab's WAN port stays untouched

    # Exactly the mapped change: the router now runs the new lab day-0 config's blocks.
    network = render_inventory(rehearsal.inventory)
    topo = build_lab(
        network.inventory, network.configs, lab_options(xe_node="iosv", mgmt=LAB_ARGS[3])
    )
    for name in ("branch-01", "branch-03"):
        running = {b.head: b.body for b in config_blocks(rehearsal.lab.router(name).config_text())}
        for block in config_blocks(topo.node(name).config):
            if block.head.startswith(("interface", "router eigrp")):
                # (IOS keeps its own order of network statements: compare as sets)
                assert sorted(running[block.head]) == sorted(block.body), (name, block.head)
        assert rehearsal.lab.router(name).saves == 1

    code, out = run("lab", "push", str(rehearsal.inventory), *rehearsal.args, "--format", "json")
    assert code == 0, out
    assert {d["status"] for d in json.loads(out)["devices"]} == {"unchanged"}


def test_usage_errors_exit_2(rehearsal: Rehearsal) -> None:
    inv = str(rehearsal.inventory)
    assert run("lab", "push", inv, *rehearsal.args, "--only", "nope")[0] == 2
    assert run("lab", "push", inv, *rehearsal.args, "--address", "ghost=127.0.0.1")[0] == 2
    assert run("lab", "push", inv, *rehearsal.args, "--address", "hq-hub1")[0] == 2
    assert run("lab", "push", "missing.yml", *LAB_ARGS)[0] == 2


def test_targets_default_to_lab_management_addresses() -> None:
    network = render_inventory(EXAMPLE)
    topo = build_lab(network.inventory, network.configs, lab_options(mgmt="192.168.255.0/24"))
    targets = {t.hostname: t for t in lab_push_targets(network, topo)}
    assert [(t.host, t.port, t.platform) for t in targets.values()] == [
        ("192.168.255.11", 22, "iosxe"),  # offset 10 + router id
        ("192.168.255.21", 22, "iosxe"),
        ("192.168.255.22", 22, "iosxe"),
        ("192.168.255.23", 22, "ios"),  # branch-03 is an iosv node
    ]
    # the intent is the day-0 config without its key generation step (push runs that itself,
    # only where the key pair is missing)
    day0 = topo.node("branch-03").config
    step = "crypto key generate rsa general-keys label SSH-branch-03 modulus 2048\n"
    assert step in day0
    assert targets["branch-03"].intended == day0.replace(step, "")
    assert all(t.ssh_key_bits == 2048 for t in targets.values())
    # One block per ACL: the management permit sits inside the vty ACL, as a router shows it.
    hub = targets["hq-hub1"].intended
    assert hub.count("ip access-list standard SSH-ACCESS\n") == 1
    assert "ip access-list standard SSH-ACCESS\n 5 permit 192.168.255.0 0.0.0.255\n" in hub
    assert parse_addresses(["a=h", "b=h:2222"]) == {"a": ("h", 22), "b": ("h", 2222)}
    with pytest.raises(UsageError):
        parse_addresses(["a=h:99999"])


def test_push_guards_the_lab_management_interface_and_vty_acl() -> None:
    """At its lab address, push leaves the management port and the vty ACL alone."""
    from dmvpngen.push.diff import compute_plan

    network = render_inventory(EXAMPLE)
    topo = build_lab(network.inventory, network.configs, lab_options(mgmt="192.168.255.0/24"))
    hub = lab_push_targets(network, topo)[0]
    # A router whose management port and ACL permit were changed by hand since boot.
    running = hub.intended.replace(" description lab management\n", " description oob\n")
    running = running.replace(" 5 permit 192.168.255.0 0.0.0.255\n", "")
    assert running != hub.intended
    plan = compute_plan(running, hub.intended, platform=hub.platform, host=hub.host)
    assert plan.empty, plan.diff
    # Reached at another address, the port is not known as management: its drift is pushed.
    loose = compute_plan(running, hub.intended, platform=hub.platform, host="127.0.0.1")
    assert any("lab management" in line for line in loose.diff), loose.diff


def test_cloud_change_shows_on_every_router_hubs_first(rehearsal: Rehearsal) -> None:
    data = yaml.safe_load(rehearsal.inventory.read_text())
    data["clouds"][0]["holdtime"] = 600
    rehearsal.inventory.write_text(yaml.safe_dump(data, sort_keys=False))
    code, out = run("lab", "push", str(rehearsal.inventory), *rehearsal.args, "--format", "json")
    assert code == 0, out
    devices = json.loads(out)["devices"]
    assert [(d["hostname"], d["status"]) for d in devices] == [
        ("hq-hub1", "would-change"),
        ("branch-01", "would-change"),
        ("branch-02", "would-change"),
        ("branch-03", "would-change"),
    ]
    for device in devices:
        assert "  interface Tunnel100" in device["diff"], device
        assert "+  ip nhrp holdtime 600" in device["diff"], device


def test_sigint_mid_change_reverts_the_lab_router_and_reports(rehearsal: Rehearsal) -> None:
    """A real SIGINT to the real ``lab push`` process while branch-01 takes its change: the
    router goes back to its day-0 config, nothing is saved, and the JSON report still comes."""
    data = yaml.safe_load(rehearsal.inventory.read_text())
    data["spokes"][0]["lan"][0]["address"] = "10.11.7.1/24"  # branch-01 only
    rehearsal.inventory.write_text(yaml.safe_dump(data, sort_keys=False))
    branch = rehearsal.lab.router("branch-01")
    before = {n: rehearsal.lab.router(n).config_text() for n in rehearsal.day0}
    branch.stall_on = r"^ip address 10\.11\.7\.1 "
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "dmvpngen", "lab", "push", str(rehearsal.inventory)]
    args += [*rehearsal.args, "--commit", "--format", "json", "--read-timeout", "10"]
    proc = subprocess.Popen(
        args, env=env, cwd=rehearsal.inventory.parent, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not branch.stalled.wait(0.05):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
    proc.send_signal(signal.SIGINT)
    time.sleep(0.4)
    branch.release.set()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    report = json.loads(out)
    assert report["interrupted"] == "SIGINT" and report["stopped"]
    outcomes = {d["hostname"]: d["outcome"] for d in report["devices"]}
    assert outcomes["branch-01"] == "reverted", report
    assert branch.snapshot is None  # no on-box rollback left pending
    for name, text in before.items():  # every router as it was, nothing saved
        assert rehearsal.lab.router(name).config_text() == text, name
        assert rehearsal.lab.router(name).saves == 0, name
