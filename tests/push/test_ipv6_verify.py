"""Verification of NHRP for IPv6: the parsers on real captures (tests/push/data, sources in
SOURCES.tsv) and on the simulated routers' output, the checks on broken and unexpected
answers, and `dmvpngen push` / `verify` of the IPv6-only examples over SSH."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dmvpngen.errors import UsageError
from dmvpngen.pipeline import build_network
from dmvpngen.push.engine import load_targets
from dmvpngen.push.parsers import parse_ikev2_sa
from dmvpngen.push.parsers6 import (
    parse_bgp6_summary,
    parse_dmvpn6,
    parse_eigrp6_neighbors,
    parse_ospfv3_neighbors,
)
from dmvpngen.push.verify import expectations
from dmvpngen.push.verify6 import Expectation6, Peer6, run_checks6
from tests.fakeios import FakeLab
from tests.push.test_cli import ROOT, run, simulate

DATA = Path(__file__).parent / "data"
ONLY = [
    ROOT / "inventories" / "phase3-ipv6-only-eigrp.yml",
    ROOT / "inventories" / "phase3-ipv6-only-ibgp-ipv6-transport.yml",
]


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# -- parsers on real captures ------------------------------------------------------------------
def test_show_dmvpn_ipv6_hub_and_spoke_captures() -> None:
    hub = parse_dmvpn6(read("show_dmvpn_ipv6_hub.txt"))
    assert [(p.nbma, p.tunnel, p.up) for p in hub] == [
        ("2001:DB8:1201::122", "FD00:192::1201", True),
        ("2001:DB8:1202::123", "FD00:192::1202", True),
    ]
    (spoke,) = parse_dmvpn6(read("show_dmvpn_ipv6_spoke.txt"))
    assert (spoke.nbma, spoke.tunnel, spoke.state) == ("2001:DB8:1101::222", "FD00:192::1101", "UP")


def test_show_dmvpn_ipv6_reads_a_peer_that_is_not_up() -> None:
    text = read("show_dmvpn_ipv6_spoke.txt").replace("Status: UP", "Status: NHRP")
    (peer,) = parse_dmvpn6(text)
    assert peer.state == "NHRP" and not peer.up
    # the IPv4 table of 'show dmvpn' is not mistaken for IPv6 peers
    assert parse_dmvpn6(read("show_dmvpn_spoke.txt")) == []


def test_ipv6_eigrp_neighbours_by_link_local_named_mode_capture() -> None:
    assert parse_eigrp6_neighbors(read("show_ipv6_eigrp_neighbors.txt")) == {
        "FE80::5C00:FF:FE02:7": "Gi3.90",
        "FE80::F816:3EFF:FE3D:AC68": "Gi2.90",
    }
    # the IPv4 table lists no link-local rows
    assert parse_eigrp6_neighbors(read("show_ip_eigrp_neighbors.txt")) == {}


def test_ospfv3_neighbours_ipv6_family_only() -> None:
    both = read("show_ospfv3_neighbor.txt")
    assert parse_ospfv3_neighbors(both) == {"100.100.100.100": "FULL/  -"}
    v4_only = both.split("\n\n          OSPFv3 1 address-family ipv6")[0]
    assert parse_ospfv3_neighbors(v4_only) == {}
    many = parse_ospfv3_neighbors(read("show_ospfv3_neighbor_many.txt"))
    assert many["2.200.1.1"] == "FULL/BDR" and many["2.200.7.1"] == "FULL/DR"


def test_bgp_ipv6_summary_capture_and_wrapped_listen_range_rows() -> None:
    states = parse_bgp6_summary(read("show_bgp_all_summary.txt"))
    assert states == {
        "2000::1:1": "Idle",
        "2000::4:1": "Idle",
        "2001::14:4": "Idle",
        "2001::26:2": "Idle",
    }
    # an address wider than the column goes alone on its line, the counters on the next;
    # 'bgp listen range' neighbours are starred
    wrapped = (
        "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n"
        "*2001:DB8:FFFF::11\n"
        "                4        65000      10      12        5    0    0 00:03:10        2\n"
        "2001:db8:ffff::12\n"
        "                4        65000       0       0        1    0    0 never    Active\n"
    )
    assert parse_bgp6_summary(wrapped) == {"2001:DB8:FFFF::11": "2", "2001:DB8:FFFF::12": "Active"}


def test_ikev2_sa_reads_ipv6_peers_of_an_ipv6_transport() -> None:
    ipv4 = read("show_crypto_ikev2_sa.txt")
    row = "1         2001:db8:800a::2/500    2001:DB8:800B::2/500    none/none            READY  "
    sas = parse_ikev2_sa(ipv4 + row + "\n")
    assert [(s.local, s.remote, s.up) for s in sas] == [
        ("66.66.66.1", "66.66.66.2", True),
        ("2001:DB8:800A::2", "2001:DB8:800B::2", True),
    ]


# -- checks on unexpected answers ---------------------------------------------------------------
HUB = Expectation6(
    peers=(Peer6("2001:DB8:FFFF::11", "FE80::11", "0.0.0.11"),),
    routing="ospfv3",
)


@pytest.mark.parametrize(
    "answer",
    [
        "% Invalid input detected at '^' marker.",
        "",
        "Interface: Tunnel100, IPv6 NHRP Details\n    1.Peer NBMA Address: garbage\n"
        "        Tunnel IPv6 Address: not-an-address\n        # Ent: x, Status: ???",
        "\x00\xff binary noise \n\t# Ent: 1, Status: UP",
    ],
)
def test_unexpected_output_fails_the_check_with_a_reason(answer: str) -> None:
    checks, nbmas = run_checks6(lambda _command: answer, HUB, "hub")
    assert [c.ok for c in checks] == [False, False]
    assert checks[0].detail.startswith("0/1 spokes up (NHRP for IPv6); not up: 2001:DB8:FFFF::11")
    assert nbmas == set()
    if answer.startswith("%"):
        assert "('show dmvpn ipv6' answered '% Invalid input" in checks[0].detail
        assert "('show ospfv3 neighbor' answered '% Invalid input" in checks[1].detail


def test_spoke_counts_only_its_hubs_rows() -> None:
    exp = Expectation6(nhs=(Peer6("FD00:192::1101"), Peer6("FD00:192::1102")))
    checks, nbmas = run_checks6(lambda _c: read("show_dmvpn_ipv6_spoke.txt"), exp, "spoke")
    assert checks[0].name == "nhs-ipv6-up" and not checks[0].ok
    assert checks[0].detail == "1/2 NHS up (NHRP for IPv6); not up: FD00:192::1102 (absent)"
    assert nbmas == {"2001:DB8:1101::222"}


# -- the examples on simulated routers, over SSH ------------------------------------------------
@pytest.mark.parametrize("example", ONLY, ids=[p.stem for p in ONLY])
def test_ipv6_only_example_pushes_and_verifies_over_ssh(
    example: Path, lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(example, lab, tmp_path, monkeypatch)
    args = ["--known-hosts", str(known), "--format", "json"]
    code, out = run("push", str(inventory), "--commit", *args, "--concurrency", "20")
    assert code == 0, out
    assert {d["status"] for d in json.loads(out)["devices"]} == {"changed"}
    code, out = run("verify", str(inventory), *args)
    assert code == 0, out
    for device in json.loads(out)["devices"]:
        checks = {c["name"]: c for c in device["checks"]}
        nhrp = "dmvpn-ipv6-peers" if device["role"] == "hub" else "nhs-ipv6-up"
        routing = "eigrp" if "eigrp" in example.stem else "bgp"
        assert {nhrp, "ike-sa", f"{routing}-ipv6-neighbours", "config-in-sync"} <= set(checks)
        # IPv4 NHRP is not judged on tunnels that carry none
        assert not {"dmvpn-peers", "nhs-responding"} & set(checks), device["hostname"]
        want = 3 if device["role"] == "hub" and "eigrp" in example.stem else 2
        assert checks[nhrp]["detail"].startswith(f"{want}/{want} "), checks[nhrp]


def test_ipv6_only_spoke_that_never_registers_is_reverted_and_named(
    lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory, known = simulate(ONLY[0], lab, tmp_path, monkeypatch)
    lab.router("branch-01").tunnel_down = True
    args = ["--known-hosts", str(known), "--format", "json", "--verify-timeout", "1"]
    code, out = run(
        "push", str(inventory), "--commit", *args, "--only", "hq-hub1,dc-hub2,branch-01"
    )
    assert code == 1, out
    devices = {d["hostname"]: d for d in json.loads(out)["devices"]}
    assert devices["hq-hub1"]["status"] == "changed"
    branch = devices["branch-01"]
    assert branch["status"] == "reverted" and branch["config_state"] == "old", branch
    assert "nhs-ipv6-up: 0/2 NHS up (NHRP for IPv6)" in branch["error"]
    assert "2001:DB8:FFFF::1 (NHRP)" in branch["error"]
    code, out = run("verify", str(inventory), *args[:-2], "--only", "hq-hub1")
    assert code == 1, out  # the hub misses its spokes (branch-02, -03 were never pushed)
    (hub,) = json.loads(out)["devices"]
    (peers,) = [c for c in hub["checks"] if c["name"] == "dmvpn-ipv6-peers"]
    assert not peers["ok"] and "not up: 2001:DB8:FFFF::11 (absent)" in peers["detail"]


# -- targets --------------------------------------------------------------------------------------
def test_ipv6_only_targets_are_reached_at_their_ipv6_loopbacks() -> None:
    for example in ONLY:
        targets, _ = load_targets(str(example))
        net = build_network(example)
        routers = {r.name: r for r in (*net.loaded.inventory.hubs, *net.loaded.inventory.spokes)}
        for target in targets:
            assert target.host == str(routers[target.hostname].loopback_ipv6), target
        assert all(e.v6 is not None and not e.ipv4 for e in expectations(targets).values())


def test_ipv6_only_router_without_an_ipv6_loopback_names_the_fix(tmp_path: Path) -> None:
    data = yaml.safe_load(ONLY[0].read_text())
    (branch,) = [r for r in data["spokes"] if r["name"] == "branch-01"]
    branch.pop("loopback_ipv6")
    (tmp_path / "demo.secrets.yaml").write_text(
        (ROOT / "inventories" / "demo.secrets.yaml").read_text()
    )
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(UsageError) as err:
        load_targets(str(path))
    assert "branch-01" in err.value.message and "ssh_allowed_v6" in err.value.message
    assert "loopback_ipv6: <address>" in err.value.hint and "access:" in err.value.hint
    code, out = run("verify", str(path))
    assert code == 2 and "Traceback" not in out


def test_ipv6_only_hub_change_that_cuts_its_spokes_is_reverted(
    lab: FakeLab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub notes which spokes are up over NHRP for IPv6 before its change and must see
    them again after it: a tunnel key the spokes do not share drops them, the hub is reverted
    and the rollout stops (the IPv6 twin of the IPv4 case in test_push_ssh.py)."""
    inventory, known = simulate(ONLY[0], lab, tmp_path, monkeypatch)
    args = ["--known-hosts", str(known), "--format", "json", "--verify-timeout", "1"]
    code, out = run("push", str(inventory), "--commit", *args, "--concurrency", "20")
    assert code == 0, out
    hub_before = lab.router("hq-hub1").config_text()
    data = yaml.safe_load(inventory.read_text())
    data["clouds"][0]["tunnel_key"] = 999
    inventory.write_text(yaml.safe_dump(data, sort_keys=False))
    code, out = run("push", str(inventory), "--commit", *args)
    assert code == 1, out
    report = json.loads(out)
    hub = report["devices"][0]
    assert (hub["hostname"], hub["status"], hub["config_state"]) == ("hq-hub1", "reverted", "old")
    peers = {c["name"]: c for c in hub["checks"]}["dmvpn-ipv6-peers"]
    assert peers["detail"].startswith("0/3 spokes up (NHRP for IPv6); not up: 2001:DB8:FFFF::11")
    assert lab.router("hq-hub1").config_text() == hub_before
    assert report["stopped"]
    assert {d["status"] for d in report["devices"][1:]} == {"skipped"}


def test_a_quoted_router_answer_is_masked_in_the_report() -> None:
    """A check quotes the error a router answered; the report masks it like every other text
    (a hand-typed key echoed in an error line never reaches the JSON)."""
    from dmvpngen.masking import Masker
    from dmvpngen.push.devrun import DeviceRun
    from dmvpngen.push.model import ConfigState, DeviceStatus, PushOptions, Target

    answer = "% Invalid input near 'key-string Hand-Typed-Secret-9'"
    checks, _ = run_checks6(lambda _command: answer, HUB, "hub")
    assert "Hand-Typed-Secret-9" in checks[0].detail  # quoted as the router said it
    run = DeviceRun(
        Target("hq-hub1", "hub", "iosxe", "127.0.0.1", 22, ""),
        PushOptions(),
        Masker(["Hand-Typed-Secret-9"]),
    )
    run.checks = checks
    result = run.result(DeviceStatus.FAILED, ConfigState.OLD)
    assert "Hand-Typed-Secret-9" not in json.dumps(result.model_dump(mode="json"))
    assert "answered '% Invalid input" in result.checks[0].detail
