"""NAT in front of WANs in the FRR lab (``dynamic-wan-nat-ospf``): a NAT namespace between the
router and the internet, static NAT to the design's public address, PAT behind the outside
link, and every peer reached, identified and proven at the address it really has."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.lab.frr.gaps import find_gaps
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.frr.render import ipsec_peers, render_files
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.lab.frr.setup_script import runs

EXAMPLE = "dynamic-wan-nat-ospf.yml"


def _plan() -> LabPlan:
    net = build_network(INVENTORIES / EXAMPLE)
    return build_plan(net.loaded.inventory, net.secrets)


def test_nat_kinds_and_addresses() -> None:
    plan = _plan()
    nats = {r.name: r.wans[0].nat for r in plan.routers}
    hub, cloud, home = nats["hub"], nats["cloud-03"], nats["home-04"]
    assert nats["dsl-01"] is None and nats["cable-02"] is None
    assert hub is not None and cloud is not None and home is not None
    # static NAT to the design's public address, routed by the internet to the outside link
    assert (hub.kind, hub.public, hub.routed) == ("static", IPv4Address("203.0.113.10"), True)
    assert (cloud.kind, cloud.public) == ("static", IPv4Address("198.51.100.30"))
    # PAT: the public address is the NAT's own outside address (the design does not know it)
    assert (home.kind, home.routed) == ("pat", False) and home.public == home.outside.ip
    assert home.outside.network.prefixlen == 30 and home.isp in home.outside.network
    assert str(home.outside.ip).startswith("100.65.")  # the lab-only /10
    # what the others see: the post-NAT address; what the router has: its own
    assert plan.router("hub").seen_nbma("DMVPN") == IPv4Address("203.0.113.10")
    assert plan.router("hub").nbma("DMVPN") == IPv4Address("172.16.0.2")


def test_nat_namespaces_in_the_setup_script(tmp_path: Path) -> None:
    plan = _plan()
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    # the hub's WAN ends in its NAT namespace, which holds the WAN's gateway
    assert runs(setup, "hub", "ip link add wan0 type veth peer name in0 netns nat0-hub")
    assert runs(setup, "nat0-hub", "ip addr add 172.16.0.1/24 dev in0")
    assert runs(setup, "nat0-hub", "ip route add default via 100.65.0.17")
    assert runs(setup, "isp", "ip route add 203.0.113.10/32 via 100.65.0.18")
    nat = "iptables -A PREROUTING -i out0 -d 203.0.113.10 -j DNAT --to-destination 172.16.0.2"
    assert runs(setup, "nat0-hub", nat)
    snat = "iptables -A POSTROUTING -o out0 -s 172.16.0.2 -j SNAT --to-source 203.0.113.10"
    assert runs(setup, "nat0-hub", snat)
    pat = "iptables -A POSTROUTING -o out0 -s 192.168.1.2 -j MASQUERADE"
    assert runs(setup, "nat0-home-04", pat)
    # routers without NAT still meet the ISP directly
    assert runs(setup, "cable-02", "ip link add wan0 type veth peer name w12x0 netns isp")
    # every NAT namespace is built before the routers that link into it
    assert setup.index("ip netns add nat0-home-04") < setup.index("ip netns add home-04")


def test_ipsec_peers_meet_at_the_post_nat_address(tmp_path: Path) -> None:
    plan = _plan()
    peers = {name: remote for name, _, _, remote in ipsec_peers(plan, plan.router("home-04"))}
    assert peers["hub"] == IPv4Address("203.0.113.10")
    assert peers["cloud-03"] == IPv4Address("198.51.100.30")
    render_files(plan, tmp_path)
    swan = (tmp_path / "home-04" / "swanctl.conf").read_text()
    hub = swan[swan.index("  hub {") :]
    # the address it is reached at, and the identity it sends (IOS: its own, pre-NAT address)
    assert "remote_addrs = 203.0.113.10" in hub
    assert "      id = 172.16.0.2" in hub.split("children")[0]
    assert "local_addrs = 192.168.1.2" in hub
    # the hub knows the PAT'ed spoke by the NAT's outside address
    hub_swan = (tmp_path / "hub" / "swanctl.conf").read_text()
    home = hub_swan[hub_swan.index("  home-04 {") :].split("children")[0]
    assert f"remote_addrs = {plan.router('home-04').seen_nbma('DMVPN')}" in home
    assert "id = 192.168.1.2" in home


def test_nat_is_emulated_not_refused() -> None:
    gaps = find_gaps(build_network(INVENTORIES / EXAMPLE).loaded.inventory)
    nat = {g.router: g for g in gaps if g.feature.startswith("NAT (")}
    assert set(nat) == {"hub", "cloud-03", "home-04"}
    assert nat["home-04"].feature == "NAT (pat) on GigabitEthernet1"
    assert not any(g.blocking for g in nat.values())
    # what stays out is reported, not substituted: OSPF runs unauthenticated (MD5 only)
    assert "OSPF authentication hmac-sha-256" in {g.feature for g in gaps}
    assert not [g for g in gaps if g.blocking]
