"""The FRR lab of a hierarchical design (inventories/hierarchical-ibgp.yml): regional hubs built
as hubs of their own cloud and spokes of the central one, their uplink BGP sessions, the
redirect rules across tunnels of one network-id, the IPsec peers across clouds, and what the
proof expects of them. No VM: the rendered lab files and the plan are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.lab.frr.differential import (
    INTER_CLOUD,
    compare,
    localize,
    measured_pairs,
    predict,
    predict_inventory,
)
from dmvpngen.lab.frr.failover import spared_hubs, spared_transports
from dmvpngen.lab.frr.gaps import find_gaps
from dmvpngen.lab.frr.paths import PairPath, cross_label, pair_tunnels
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.frr.prove import Observed, _ike_wanted, converged_links
from dmvpngen.lab.frr.render import ipsec_peers, redirect_pairs, redirect_skips, render_files
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import GuestResult
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.hierarchy_variants import dual_stack_hierarchy
from tests.lab.frr.setup_script import commands, runs

INV = INVENTORIES / "hierarchical-ibgp.yml"


@pytest.fixture(scope="module")
def plan() -> LabPlan:
    net = build_network(INV)
    return build_plan(net.loaded.inventory, net.secrets)


@pytest.fixture(scope="module")
def rendered(plan: LabPlan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hier")
    render_files(plan, path)
    return path


def test_bgp_hierarchy_is_emulated_eigrp_hierarchy_is_not() -> None:
    gaps = find_gaps(build_network(INV).loaded.inventory)
    assert not [g for g in gaps if g.blocking]
    regional = [g for g in gaps if g.feature == "hierarchical uplink"]
    assert sorted(g.router for g in regional) == ["eu-hub", "us-hub"]
    assert all(g.reason.startswith("emulated:") for g in regional)
    # the redirects left out for nhrpd's NAT guess are reported with each regional hub
    assert all(
        "Left out" in g.reason and "nhrp_handle_resolution_req" in g.reason for g in regional
    )
    eigrp = find_gaps(build_network(INVENTORIES / "hierarchical-eigrp.yml").loaded.inventory)
    uplinks = [g for g in eigrp if g.feature == "hierarchical uplink"]
    assert uplinks and all(g.blocking and "BGP designs only" in g.reason for g in uplinks)


def test_regional_hub_tunnels_hub_down_and_spoke_up(plan: LabPlan, rendered: Path) -> None:
    eu_hub = plan.router("eu-hub")
    roles = {t.ifname: (t.cloud, t.role, t.wan) for t in eu_hub.tunnels}
    # the uplink is sourced from the second WAN (UPLINK VRF), the region tunnel from the first
    assert roles == {"tun1": ("CENTRAL", "spoke", "wan1"), "tun10": ("REGION-EU", "hub", "wan0")}
    conf = (rendered / "eu-hub" / "frr.conf").read_text()
    uplink = conf.split("interface tun1\n")[1].split("exit")[0]
    region = conf.split("interface tun10\n")[1].split("exit")[0]
    # spoke of CENTRAL: its NHS with the central hub's NBMA, shortcut and (as the IOS config
    # has it) redirect; hub of REGION-EU: no NHS
    assert " ip nhrp nhs dynamic nbma 203.0.113.2" in uplink
    assert " ip nhrp shortcut" in uplink and " ip nhrp redirect" in uplink
    assert " tunnel source wan1" in uplink
    assert " ip nhrp nhs" not in region and " ip nhrp redirect" in region
    setup = (rendered / "setup.sh").read_text()
    tunnel = "ip tunnel add tun1 mode gre key 1 ttl 64 local 203.0.113.14 dev wan1"
    assert runs(setup, "eu-hub", tunnel)
    assert runs(setup, "eu-hub", "ip link set wan1 master UPLINK")
    # its IKE with the central hub comes up before routing, as a spoke's does
    assert "swanctl --initiate --ike hq-hub --child gre" in setup
    assert "unix://$G/eu-hub/charon.vici" in setup


def test_uplink_session_as_the_rendered_config_has_it(rendered: Path) -> None:
    conf = (rendered / "eu-hub" / "frr.conf").read_text()
    assert " neighbor 10.255.0.1 peer-group UPLINK" in conf
    # IOS's 'next-hop-self all' is FRR's 'force'; specifics up, the region's 10/8 kept home
    assert "  neighbor UPLINK next-hop-self force" in conf
    assert "  neighbor UPLINK unsuppress-map UPLINK-SPECIFICS" in conf
    assert "  neighbor UPLINK route-map UPLINK-OUT out" in conf
    assert "ip prefix-list DOWN-SUMMARIES seq 5 permit 10.0.0.0/8" in conf
    assert (
        "route-map UPLINK-OUT deny 10\n match ip address prefix-list DOWN-SUMMARIES\nexit" in conf
    )
    assert "route-map UPLINK-OUT permit 20\nexit" in conf
    assert "route-map UPLINK-SPECIFICS permit 10\nexit" in conf
    assert "  aggregate-address 10.0.0.0/8 summary-only" in conf
    assert " bgp listen range 10.255.10.0/24 peer-group SPOKES" in conf
    # the central hub takes the regional hubs in its listen range, has no uplink of its own
    hq = (rendered / "hq-hub" / "frr.conf").read_text()
    assert " bgp listen range 10.255.0.0/24 peer-group SPOKES" in hq
    assert "UPLINK" not in hq and "aggregate-address" not in hq
    spoke = (rendered / "eu-01" / "frr.conf").read_text()
    assert "UPLINK" not in spoke and " neighbor 10.255.10.2 peer-group HUBS" in spoke


def test_redirects_across_tunnels_of_one_network_id(plan: LabPlan, rendered: Path) -> None:
    pairs = {(i, o) for i, o, _, _ in redirect_pairs(plan, plan.router("eu-hub"))}
    assert pairs == {("tun10", "tun10"), ("tun10", "tun1"), ("tun1", "tun10")}
    assert {(i, o) for i, o, _, _ in redirect_pairs(plan, plan.router("hq-hub"))} == {
        ("tun1", "tun1")
    }
    assert redirect_pairs(plan, plan.router("eu-01")) == []
    # only sources the indication reaches without a hub forwarding it (FRR 8.4 crashes
    # forwarding one): up from the region its own spokes', down from CENTRAL its NHS's
    up = {
        s
        for i, o, _, s in redirect_pairs(plan, plan.router("eu-hub"))
        if (i, o) == ("tun10", "tun1")
    }
    assert up == {
        "10.64.0.11/32",
        "10.64.0.12/32",
        "10.65.11.0/24",
        "10.65.12.0/24",
        "10.255.10.11/32",
        "10.255.10.12/32",
    }
    down = {s for i, o, _, s in redirect_pairs(plan, plan.router("eu-hub")) if i == "tun1"}
    assert down == {"10.0.0.1/32", "10.1.0.0/24", "10.255.0.1/32"}
    central = {s for _, _, _, s in redirect_pairs(plan, plan.router("hq-hub"))}
    assert "10.64.1.0/24" in central and "10.65.11.0/24" not in central
    names = [n for _, _, n, _ in redirect_pairs(plan, plan.router("eu-hub"))]
    assert len(set(names)) == len(names) and max(map(len, names)) <= 15  # xt_hashlimit's limit
    setup = (rendered / "setup.sh").read_text()
    rules = [c for ns, c in commands(setup) if ns == "eu-hub" and " FORWARD " in c]
    # the forwarding counter the proof reads comes first, over every tunnel pair
    assert rules[0] == "iptables -A FORWARD -i tun+ -o tun+"
    rule = "iptables -A FORWARD -i tun10 -o tun1 -s 10.65.11.0/24 -m hashlimit"
    assert any(r.startswith(rule) for r in rules)
    # then the destinations never handed to nhrpd (test_redirects_left_out_...), then NFLOG
    skips = [r for r in rules[1:] if r.endswith(" -j RETURN")]
    assert skips and rules[1 : 1 + len(skips)] == skips
    assert all("--nflog-group 1" in r for r in rules[1 + len(skips) :])
    assert "nhrp nflog-group 1" in (rendered / "eu-hub" / "frr.conf").read_text()
    assert "nflog-group" not in (rendered / "eu-01" / "frr.conf").read_text()
    assert not [c for ns, c in commands(setup) if ns == "eu-01" and " FORWARD " in c]
    # a flat design's hub keeps one rule for any source
    net = build_network(INVENTORIES / "phase3-dual-hub-ibgp.yml")
    flat = build_plan(net.loaded.inventory, net.secrets)
    assert redirect_pairs(flat, flat.router("hq-hub1")) == [("tun100", "tun100", "rtun100", None)]


def test_redirects_left_out_for_nhrpds_nat_guess(plan: LabPlan, rendered: Path) -> None:
    # the central hub redirects a regional hub's own traffic towards the other regional hub's
    # prefixes only, never towards a region's spokes (their regional hub redirects them)
    central = redirect_skips(plan, plan.router("hq-hub"))
    assert {(i, o) for i, o, _ in central} == {("tun1", "tun1")}
    far = {d for _, _, d in central}
    assert {"10.65.11.0/24", "10.65.12.0/24", "10.81.21.0/24", "10.255.20.21/32"} <= far
    assert {"10.64.0.11/32", "10.80.0.21/32"} <= far  # the spokes' loopbacks too
    assert not far & {"10.64.1.0/24", "10.80.1.0/24", "10.255.0.2/32", "10.1.0.0/24"}
    # a regional hub sends its spokes no redirect towards the other regional hub's own
    # prefixes (LAN, loopback, both tunnel addresses); the far region's spokes are redirected
    up = redirect_skips(plan, plan.router("eu-hub"))
    assert {(i, o) for i, o, _ in up} == {("tun10", "tun1")}
    assert {d for _, _, d in up} == {
        "10.80.0.1/32",
        "10.80.1.0/24",
        "10.255.0.3/32",
        "10.255.20.3/32",
    }
    assert "10.81.21.0/24" not in {d for _, _, d in up}
    assert redirect_skips(plan, plan.router("us-01")) == []
    setup = (rendered / "setup.sh").read_text()
    rules = [c for ns, c in commands(setup) if ns == "hq-hub" and " FORWARD " in c]
    skip = "iptables -A FORWARD -i tun1 -o tun1 -d 10.81.21.0/24 -j RETURN"
    first_nflog = next(i for i, r in enumerate(rules) if "NFLOG" in r)
    assert skip in rules and rules.index(skip) < first_nflog
    # flat designs keep every redirect
    net = build_network(INVENTORIES / "phase3-dual-hub-ibgp.yml")
    flat = build_plan(net.loaded.inventory, net.secrets)
    assert all(redirect_skips(flat, r) == [] for r in flat.routers)
    render_files(flat, rendered.parent / "flat")
    assert " -j RETURN" not in (rendered.parent / "flat" / "setup.sh").read_text()


def test_central_hub_sets_next_hop_self_on_reflected_routes(rendered: Path) -> None:
    # IOS's 'next-hop-self all' on the central hub: the regional hubs' routes to the other
    # region point at it, every regional hub's NHS, not at the other regional hub
    assert "  neighbor SPOKES next-hop-self force" in (rendered / "hq-hub" / "frr.conf").read_text()
    # a regional hub towards its spokes too, as its IOS config has it (and flat hubs)
    eu_hub = (rendered / "eu-hub" / "frr.conf").read_text()
    assert "  neighbor SPOKES next-hop-self force\n" in eu_hub
    assert "  neighbor SPOKES next-hop-self\n" not in eu_hub


def test_ipsec_peers_across_regions(plan: LabPlan) -> None:
    eu01 = {(p, str(remote)) for _, p, _, remote in ipsec_peers(plan, plan.router("eu-01"))}
    # the cross-region shortcut (us-01), its own hub, and the central hub whose LAN it reaches
    # through its hub (a redirect from eu-hub, tunnel 10 to tunnel 1)
    assert {("us-01", "198.51.100.6"), ("eu-hub", "203.0.113.6"), ("hq-hub", "203.0.113.2")} <= (
        eu01
    )
    hq = {
        (p, str(local), str(remote))
        for _, p, local, remote in ipsec_peers(plan, plan.router("hq-hub"))
    }
    assert ("eu-hub", "203.0.113.2", "203.0.113.14") in hq
    # the IKE the proof waits for: hub tunnels with the tunnels of their cloud only
    wanted = _ike_wanted(plan)
    eu_hub = dict(wanted["eu-hub"].values())
    assert eu_hub == {"hq-hub": "hq-hub", "eu-01": "eu-hub", "eu-02": "eu-hub"}
    assert sorted(wanted["eu-01"].values()) == [("eu-hub", "eu-hub")]
    assert sorted(wanted["hq-hub"].values()) == [("eu-hub", "hq-hub"), ("us-hub", "hq-hub")]


def test_bgp_and_nhrp_links_of_a_regional_hub(plan: LabPlan) -> None:
    checks = [
        Check(router="eu-hub", check="bgp", ok=False, detail="not established: 10.255.0.1"),
        Check(router="eu-hub", check="nhrp tun1", ok=True, detail="registered with 203.0.113.2"),
        Check(router="us-hub", check="bgp", ok=True, detail="2 peers established"),
    ]
    links = converged_links(plan, checks)
    assert links == {
        ("bgp", "hq-hub", "eu-hub"): False,
        ("nhrp", "hq-hub", "eu-hub"): True,
        ("bgp", "hq-hub", "us-hub"): True,
    }


def test_cross_region_pair_measured_once_and_compared(plan: LabPlan) -> None:
    said = localize(predict_inventory(str(INV)), plan)
    label = "REGION-EU - REGION-US"
    assert said.pairs[(label, "eu-01", "us-01")] == said.pairs[(label, "eu-02", "us-01")]
    assert said.pairs[(label, "eu-01", "us-01")] == "direct"
    nhs = {r.name: frozenset(h for t in r.tunnels for h, _, _ in t.nhs) for r in plan.routers}
    assert measured_pairs(said, nhs) == {
        ("CENTRAL", "eu-hub", "us-hub"): "direct",
        ("REGION-EU", "eu-01", "eu-02"): "direct",
        (label, "eu-01", "us-01"): "direct",
    }
    seen = Observed(paths=[PairPath(label, "eu-01", "us-01", "via-hub", "ttl 60")])
    [held] = compare(said, seen)
    assert held.check == f"check vs lab: path in {label}" and not held.ok
    # each spoke's tunnel in its own cloud: Tu10 on eu-01, Tu20 on us-01
    a, b = plan.router("eu-01"), plan.router("us-01")
    assert cross_label(plan, "eu-01", "us-01") == label
    assert [t.ifname for t in pair_tunnels(plan, label, a, b)] == ["tun10", "tun20"]
    assert [t.ifname for t in pair_tunnels(plan, "REGION-EU", a, plan.router("eu-02"))] == [
        "tun10",
        "tun10",
    ]


def test_inter_cloud_classes_read_from_checks_json() -> None:
    said = predict({"inter_cloud": [{"a": ["s2", "s1"], "b": ["t1"], "result": "via-hub"}]})
    assert said.pairs == {
        (INTER_CLOUD, "s1", "t1"): "via-hub",
        (INTER_CLOUD, "s2", "t1"): "via-hub",
    }
    assert set(said.classes.values()) == {0}


def test_no_failover_case_without_a_second_hub_or_isp(plan: LabPlan) -> None:
    # every hub and every ISP of the hierarchy carries some router's only registration
    assert spared_hubs(plan) == [] and spared_transports(plan) == []
    net = build_network(INVENTORIES / "dual-isp-fvrf-ibgp.yml")
    dual = build_plan(net.loaded.inventory, net.secrets)
    assert [h.name for h in spared_hubs(dual)] == ["hub-a", "hub-b"]
    assert spared_transports(dual) == ["ISP-A", "ISP-B"]


def test_dual_stack_uplink_per_family(tmp_path: Path) -> None:
    """A dual-stack hierarchy: the IPv6 uplink session gets the IPv6 filter the rendered
    config has (UPLINK-OUT-V6 over DOWN-SUMMARIES-V6), the IPv4 one keeps its own."""
    path = dual_stack_hierarchy(tmp_path)
    net = build_network(path)
    render_files(build_plan(net.loaded.inventory, net.secrets), tmp_path / "lab")
    conf = (tmp_path / "lab" / "eu-hub" / "frr.conf").read_text()
    assert " neighbor 2001:db8:ffff::1 peer-group UPLINK-V6" in conf
    assert "  neighbor UPLINK-V6 route-map UPLINK-OUT-V6 out" in conf
    assert "  neighbor UPLINK route-map UPLINK-OUT out" in conf
    assert "ipv6 prefix-list DOWN-SUMMARIES-V6 seq 5 permit 2001:db8::/32" in conf
    assert "ip prefix-list DOWN-SUMMARIES seq 5 permit 10.0.0.0/8" in conf
    assert " match ipv6 address prefix-list DOWN-SUMMARIES-V6" in conf
    assert conf.count("route-map UPLINK-SPECIFICS permit 10") == 1


class _Guest:
    """A guest answering the path test's commands as a lab whose pair went direct: every
    route leaves by the spoke's own tunnel, each side's next hop is bound to the far NBMA, the
    hub counters stay at 0 and the pings come back over two routers."""

    def __init__(self, nbma: dict[str, str]) -> None:
        self.nbma = nbma  # router namespace -> the NBMA its next hop is bound to
        self.sent: list[str] = []

    def _answer(self, cmd: str) -> GuestResult:
        self.sent.append(cmd)
        if cmd.startswith("nh=$("):
            ns = cmd.split(" -n ", 1)[1].split()[0]
            return GuestResult(0, f"10.0.0.9 dev tun0 lladdr {self.nbma[ns]} REACHABLE", "")
        if " route get " in cmd:
            ns = cmd.split(" -n ", 1)[1].split()[0]
            dev = {"eu-01": "tun10", "us-01": "tun20"}.get(ns, "tun1")
            return GuestResult(0, f"10.81.21.254 via 10.255.20.21 dev {dev} src x", "")
        if "ping" in cmd:
            out = "64 bytes from x: icmp_seq=1 ttl=62 time=1 ms\n1 packets transmitted, 1 received"
            return GuestResult(0, out, "")
        if "-nvxL FORWARD" in cmd:
            return GuestResult(0, "    0 0 all -- tun+ tun+ 0.0.0.0/0 0.0.0.0/0", "")
        return GuestResult(0, "", "")

    def run(self, cmds: list[str], timeout: float = 60) -> list[GuestResult]:
        return [self._answer(c) for c in cmds]

    def sh(self, cmd: str, timeout: float = 60) -> GuestResult:
        return self._answer(cmd)


def test_pair_across_regions_measured_between_each_spokes_tunnel(plan: LabPlan) -> None:
    from dmvpngen.lab.frr.paths import spoke_path

    label = "REGION-EU - REGION-US"
    guest = _Guest({"eu-01": "198.51.100.6", "us-01": "198.51.100.2"})
    pair = (plan.router("eu-01"), plan.router("us-01"))
    path = spoke_path(guest, plan, label, pair, 0)  # type: ignore[arg-type]
    assert (path.cloud, path.result) == (label, "direct"), path.detail
    assert "to NBMA 198.51.100.6 (B: 198.51.100.6)" in path.detail
    assert "back to NBMA 198.51.100.2 (A: 198.51.100.2)" in path.detail
    # every hub of the network-id is counted, the regional hubs and the central one
    counted = {c.split()[3] for c in guest.sent if "-nvxL FORWARD" in c}
    assert counted == {"eu-hub", "hq-hub", "us-hub"}
    assert any(c.startswith("vtysh -N eu-01 -c 'clear ip nhrp shortcut'") for c in guest.sent)


def test_regional_hubs_keep_their_shortcuts(plan: LabPlan) -> None:
    """FRR 8.4's 'clear ip nhrp shortcut' also clears a hub's registrations: the pair of
    regional hubs (spokes of CENTRAL) is measured without it."""
    from dmvpngen.lab.frr.paths import spoke_path

    guest = _Guest({"eu-hub": "203.0.113.18", "us-hub": "203.0.113.14"})
    pair = (plan.router("eu-hub"), plan.router("us-hub"))
    path = spoke_path(guest, plan, "CENTRAL", pair, 0)  # type: ignore[arg-type]
    assert path.result == "direct" and path.detail.startswith(
        "shortcuts kept on eu-hub, us-hub (a hub); "
    )
    assert not [c for c in guest.sent if "clear ip nhrp" in c]
    assert {c.split()[3] for c in guest.sent if "-nvxL FORWARD" in c} == {"hq-hub"}
