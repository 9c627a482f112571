"""The repair of FRR 8.4's null link-layer neighbours: which kernel neighbours count, which NBMA
nhrpd's cache gives them, the command each gets and how every repair is reported.

The outputs are the lab VM's own (tests/lab/frr/captured/README.md): branch-01 of
dual-isp-fvrf-ibgp and hq-hub1 of phase3-dual-stack-ibgp after their proofs. A null neighbour
is made from a real entry by setting its ``lladdr`` to 0.0.0.0, the value the CI runs recorded
(``10.255.0.1 lladdr 0.0.0.0 REACHABLE proto nhrp``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dmvpngen.lab.frr.nullneigh import (
    cached_nbmas,
    decide,
    null_neighbours,
    repair_null_neighbours,
)
from dmvpngen.lab.frr.observe import documents
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.vm import GuestResult
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES

CAPTURED = Path(__file__).parent / "captured"
NEIGH = (CAPTURED / "ip_j_neigh_show.json").read_text()
CACHE = (CAPTURED / "show_ip_nhrp_cache_json_dual_isp.txt").read_text()


Reply = Callable[[list[str]], list[GuestResult]]


class _ScriptedVm:
    """A lab VM whose guest answers each batch of commands with ``reply``; every batch sent is
    kept in ``sent`` and the state directory is ``state``, as ``repair_null_neighbours`` needs."""

    def __init__(self, state: Path, reply: Reply) -> None:
        self.state = state
        self.sent: list[list[str]] = []
        self._reply = reply

    def run(self, cmds: list[str], timeout: float = 60) -> list[GuestResult]:
        self.sent.append(cmds)
        return self._reply(cmds)


def _plan(name: str) -> LabPlan:
    net = build_network(INVENTORIES / name)
    return build_plan(net.loaded.inventory, net.secrets)


def _nulled(text: str, *addresses: str) -> str:
    """The ``ip -j neigh show`` output with the entries for ``addresses`` at 0.0.0.0."""
    rows = json.loads(text)
    for row in rows:
        if row["dst"] in addresses:
            row["lladdr"] = "0.0.0.0"
    return json.dumps(rows, separators=(",", ":")) + "\n"


def _without(text: str, protocol: str) -> str:
    """The cache output (the IPv4 and IPv6 caches' documents) without the entry for
    ``protocol``."""
    docs = documents(text)
    docs[0]["table"] = [row for row in docs[0]["table"] if row["protocol"] != protocol]
    return "\n".join(json.dumps(doc) for doc in docs)


def test_a_healthy_namespace_has_no_null_neighbour() -> None:
    assert null_neighbours(NEIGH, ["tun100", "tun200"]) == []


def test_null_neighbours_are_found_on_the_tunnels_only() -> None:
    text = _nulled(NEIGH, "10.255.0.1", "10.12.0.254")
    found = null_neighbours(text, ["tun100", "tun200"])
    assert [(n.tunnel, n.address, n.state) for n in found] == [
        ("tun100", "10.12.0.254", "STALE"),
        ("tun100", "10.255.0.1", "REACHABLE"),
    ]
    assert json.loads(found[1].raw)["protocol"] == "nhrp"
    # the same entries are not looked for on a device that is not one of the router's tunnels
    assert null_neighbours(text, ["tun200"]) == []


def test_null_neighbours_read_vtysh_and_ip_output_together() -> None:
    """The convergence poll reads the neighbours in the same guest command as vtysh's JSON
    objects; an entry without lladdr (the kernel still asking) is not a null one."""
    rows = json.loads(_nulled(NEIGH, "10.255.0.1"))
    rows.append({"dst": "10.255.0.12", "dev": "tun100", "state": ["INCOMPLETE"]})
    text = CACHE + json.dumps(rows)
    assert [n.address for n in null_neighbours(text, ["tun100"])] == ["10.255.0.1"]


def test_a_hubs_static_peer_is_repaired_in_both_families() -> None:
    """hq-hub1 of phase3-dual-stack-ibgp (captured after its proof): its neighbours for dc-hub2,
    mapped statically, made null in both families, as CI run 3 saw dc-hub2's for hq-hub1; both
    get dc-hub2's NBMA from the IPv4 and the IPv6 cache."""
    plan = _plan("phase3-dual-stack-ibgp.yml")
    hub = plan.router("hq-hub1")
    neigh = (CAPTURED / "ip_j_neigh_show_dual_stack_hub.json").read_text()
    cache = (CAPTURED / "show_ip_nhrp_cache_json_dual_stack_hub.txt").read_text()
    assert null_neighbours(neigh, ["tun100"]) == []
    nulls = null_neighbours(_nulled(neigh, "10.255.0.2", "2001:db8:ffff::2"), ["tun100"])
    steps = decide(plan, hub, nulls, cache, "[dc-hub2 down] restored")
    assert [(r.address, r.peer, r.nbma) for _, r in steps] == [
        ("10.255.0.2", "dc-hub2", "203.0.113.6"),
        ("2001:db8:ffff::2", "dc-hub2", "203.0.113.6"),
    ]
    assert all(" neigh replace " in cmd and "lladdr 203.0.113.6" in cmd for cmd, _ in steps)


def test_the_cache_gives_bound_nbmas_only() -> None:
    bound = cached_nbmas(CACHE)
    assert bound[("tun100", "10.255.0.1")] == "203.0.113.2"  # the NHS
    assert bound[("tun200", "10.255.1.2")] == "192.0.2.2"
    assert bound[("tun100", "10.12.0.254")] == "100.64.0.194"  # a shortcut's entry
    # the router's own addresses are not neighbours
    assert ("tun100", "10.255.0.11") not in bound
    doc, empty6 = documents(CACHE)
    assert empty6["table"] == []  # an IPv4-only router's IPv6 cache
    for row in doc["table"]:
        if row["protocol"] == "10.12.0.254":
            row |= {"type": "incomplete", "nbma": "-"}
        if row["protocol"] == "10.255.0.12":
            row["nbma"] = "0.0.0.0"
    bound = cached_nbmas(json.dumps(doc))
    assert ("tun100", "10.12.0.254") not in bound and ("tun100", "10.255.0.12") not in bound
    assert cached_nbmas("% nhrpd is not running") == {}


def test_a_cached_peer_gets_its_nbma_and_an_unknown_one_is_deleted() -> None:
    plan = _plan("dual-isp-fvrf-ibgp.yml")
    router = plan.router("branch-01")
    nulls = null_neighbours(_nulled(NEIGH, "10.255.0.1", "10.255.0.12"), ["tun100", "tun200"])
    steps = decide(plan, router, nulls, _without(CACHE, "10.255.0.12"), "convergence")
    commands = [cmd for cmd, _ in steps]
    assert commands == [
        f"ip -n {router.ns} neigh replace 10.255.0.1 dev tun100 lladdr 203.0.113.2"
        " nud reachable protocol nhrp",
        f"ip -n {router.ns} neigh del 10.255.0.12 dev tun100",
    ]
    hub, spoke = (rep for _, rep in steps)
    assert (hub.router, hub.peer, hub.nbma) == ("branch-01", "hub-a", "203.0.113.2")
    assert (spoke.peer, spoke.nbma) == ("branch-02", None)
    assert "FRR 8.4" in hub.detail and "15316" in hub.detail and "0.0.0.0" in hub.detail
    assert "deleted" in spoke.detail


def test_a_repair_is_recorded_beside_the_lab(tmp_path: Path) -> None:
    """The routers with a null neighbour, and only they, cost a vtysh; each repair is run,
    returned and written to ``unconverged-<lab>.log`` whether or not the wait then passes."""
    plan = _plan("dual-isp-fvrf-ibgp.yml")

    def reply(cmds: list[str]) -> list[GuestResult]:
        if all(" -j neigh show" in c for c in cmds):
            return [
                GuestResult(0, _nulled(NEIGH, "10.255.0.1") if "branch-01" in c else "[]", "")
                for c in cmds
            ]
        if all(c.startswith("vtysh") for c in cmds):
            return [GuestResult(0, CACHE, "") for _ in cmds]
        return [GuestResult(0, "", "") for _ in cmds]

    vm = _ScriptedVm(tmp_path, reply)
    sent = vm.sent
    repairs = repair_null_neighbours(vm, plan, "[ISP A down] restored")  # type: ignore[arg-type]
    assert len(sent) == 3 and len(sent[0]) == len(plan.routers)
    assert sent[1] == [
        f"vtysh -N {plan.router('branch-01').ns} -c 'show ip nhrp cache json'",
    ]
    assert sent[2] == [
        f"ip -n {plan.router('branch-01').ns} neigh replace 10.255.0.1 dev tun100"
        " lladdr 203.0.113.2 nud reachable protocol nhrp"
    ]
    assert [(r.router, r.peer, r.when) for r in repairs] == [
        ("branch-01", "hub-a", "[ISP A down] restored")
    ]
    log = (tmp_path / f"unconverged-{plan.title}.log").read_text()
    assert log.startswith("=== null neighbour repaired on branch-01: [ISP A down] restored:")
    assert '"lladdr": "0.0.0.0"' in log and "FRR 8.4" in log


def test_no_null_neighbour_no_vtysh(tmp_path: Path) -> None:
    plan = _plan("dual-isp-fvrf-ibgp.yml")
    vm = _ScriptedVm(tmp_path, lambda cmds: [GuestResult(0, NEIGH, "") for _ in cmds])
    shown = {r.name: NEIGH for r in plan.routers}
    assert repair_null_neighbours(vm, plan, "convergence", neighbours=shown) == []  # type: ignore[arg-type]
    assert vm.sent == []
    assert repair_null_neighbours(vm, plan, "convergence") == []  # type: ignore[arg-type]
    assert len(vm.sent) == 1
    assert not list(tmp_path.iterdir())


def test_a_failed_repair_says_so(tmp_path: Path) -> None:
    plan = _plan("dual-isp-fvrf-ibgp.yml")

    def reply(cmds: list[str]) -> list[GuestResult]:
        if cmds[0].startswith("vtysh"):
            return [GuestResult(0, CACHE, "")]
        return [GuestResult(2, "", "RTNETLINK answers: Invalid argument\n")]

    shown = {"branch-01": _nulled(NEIGH, "10.255.1.2")}
    vm = _ScriptedVm(tmp_path, reply)
    (repair,) = repair_null_neighbours(vm, plan, "reach", neighbours=shown)  # type: ignore[arg-type]
    assert repair.nbma == "192.0.2.2" and repair.peer == "hub-b"
    assert "FAILED (RTNETLINK answers: Invalid argument)" in repair.detail


def test_an_unconverged_poll_repairs_with_the_neighbours_it_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The convergence wait repairs between polls while it is not satisfied, from the
    neighbours the poll itself read, and stops repairing once everything is up."""
    from dmvpngen.lab.frr import converge

    plan = _plan("dual-isp-fvrf-ibgp.yml")
    polls = iter([False, True])
    calls: list[tuple[str, dict[str, str] | None]] = []

    def states(vm: object, plan: LabPlan, down: set[str]) -> dict[str, converge.RouterState]:
        up = next(polls)
        return {r.name: converge.RouterState(neighbours=f"{r.name} {up}") for r in plan.routers}

    def checks(plan: LabPlan, state: dict[str, converge.RouterState], down: set[str]) -> list:
        from dmvpngen.lab.health import Check

        up = all(s.neighbours.endswith("True") for s in state.values())
        return [Check(router="branch-01", check="bgp", ok=up, detail="")]

    def repair(vm: object, plan: LabPlan, when: str, down: object, shown: dict[str, str]) -> list:
        calls.append((when, shown))
        return ["repaired"]

    monkeypatch.setattr(converge, "router_states", states)
    monkeypatch.setattr(converge, "_converged_checks", checks)
    monkeypatch.setattr(converge, "repair_null_neighbours", repair)
    monkeypatch.setattr(converge, "POLL", 0.0)
    repairs: list = []
    result, _ = converge.wait_converged(
        None, plan, 30, when="[ISP A down] restored", repairs=repairs
    )  # type: ignore[arg-type]
    assert all(c.ok for c in result)
    assert calls == [("[ISP A down] restored", {r.name: f"{r.name} False" for r in plan.routers})]
    assert repairs == ["repaired"]
