"""The inside VRF in the FRR lab: the design's inside VRF as each router namespace's main table
and the underlay in Linux VRFs (FRR 8.4's nhrpd serves the default VRF only, docs/lab.md)."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.lab.frr.gaps import find_gaps
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.planner import UNDERLAY_VRF, build_plan
from dmvpngen.lab.frr.render import render_files
from dmvpngen.lab.frr.services import LabService, place_services, probe_command
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.lab.frr.setup_script import runs


def _plan(name: str) -> LabPlan:
    net = build_network(INVENTORIES / name)
    return build_plan(net.loaded.inventory, net.secrets)


def test_inside_vrf_ibgp_is_emulated_not_refused() -> None:
    gaps = find_gaps(build_network(INVENTORIES / "inside-vrf-ibgp.yml").loaded.inventory)
    assert not [g for g in gaps if g.blocking]
    vrf = [g for g in gaps if g.feature == "inside VRF CORP (as the main table)"]
    assert {g.router for g in vrf} == {"hq-hub1", "hq-hub2", "branch-01", "branch-02"}
    assert "nhrpd serves the default VRF only" in vrf[0].reason


def test_inside_vrf_ibgp_layout(tmp_path: Path) -> None:
    plan = _plan("inside-vrf-ibgp.yml")
    assert plan.inside_vrf == "CORP"
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    # the WAN stays in its front-door VRF; the tunnel, LAN and loopback in the main table
    assert runs(setup, "hq-hub1", "ip link set wan0 master INET")
    assert runs(setup, "hq-hub1", "ip rule add from 203.0.113.2 lookup 100 pref 500")
    assert runs(setup, "hq-hub1", "ip addr add 10.255.0.1/32 dev tun100")
    assert "master CORP" not in setup and "type vrf table" in setup
    hub = (tmp_path / "hq-hub1" / "frr.conf").read_text()
    # 'address-family ipv4 vrf CORP' as bgpd's default instance, with the design's static
    # spoke members (IOS has no listen range in a VRF) and no listen range
    assert "router bgp 65000\n" in hub and " vrf " not in hub
    assert " neighbor 10.255.0.11 peer-group SPOKES" in hub
    assert " neighbor 10.255.0.12 peer-group SPOKES" in hub
    assert "bgp listen range" not in hub
    spoke = (tmp_path / "branch-01" / "frr.conf").read_text()
    assert " neighbor 10.255.0.1 peer-group HUBS" in spoke


def test_inside_vrf_ospf_puts_the_global_wan_in_a_linux_vrf(tmp_path: Path) -> None:
    plan = _plan("inside-vrf-ospf.yml")
    hub = plan.router("hq-hub1")
    assert [(w.vrf, w.table) for w in hub.wans] == [(UNDERLAY_VRF, 100)]
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    assert runs(setup, "hq-hub1", f"ip link add {UNDERLAY_VRF} type vrf table 100")
    assert runs(setup, "hq-hub1", f"ip link set wan0 master {UNDERLAY_VRF}")
    assert runs(setup, "hq-hub1", f"ip route add default via 203.0.113.1 vrf {UNDERLAY_VRF}")
    # IKE (charon has no VRF support) leaves by the rule, and is let in by udp_l3mdev_accept
    assert runs(setup, "branch-01", "ip rule add from 198.51.100.2 lookup 100 pref 500")
    assert "net.ipv4.udp_l3mdev_accept=1" in setup


def test_services_in_the_inside_vrf_are_probed_in_the_main_table() -> None:
    plan = _plan("inside-vrf-ospf.yml")
    base = LabService(
        router="branch-01",
        kind="ntp server",
        address=plan.router("hq-hub1").lans[0][1].ip + 9,
        vrf="SITES",
        source_if="Loopback0",
        source=plan.router("branch-01").loopback,
        reaches=True,
    )
    # the same server named once in the inside VRF, once in the design's global table
    global_one = LabService(**{**base.__dict__, "vrf": ""})
    placed, gaps = place_services(plan, [base, global_one])
    assert not gaps
    inside, glob = placed.services
    assert inside.vrf == "" and "ip vrf exec" not in probe_command(inside)
    assert glob.vrf == UNDERLAY_VRF
    assert f"ip vrf exec {UNDERLAY_VRF} " in probe_command(glob)


def test_without_an_inside_vrf_nothing_moves() -> None:
    plan = _plan("phase3-dual-hub-ibgp.yml")
    assert plan.inside_vrf is None
    assert all(w.vrf is None for r in plan.routers for w in r.wans)
