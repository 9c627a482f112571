"""The FRR lab laid out from shipped inventories: namespaces, FRR and strongSwan configs, and the
features it reports as not emulated."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from dmvpngen.lab.frr.gaps import find_gaps
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.frr.render import ipsec_peers, render_files
from dmvpngen.lab.vm import GuestResult
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.lab.frr.setup_script import commands, runs


def _plan(name: str) -> tuple[LabPlan, object]:
    net = build_network(INVENTORIES / name)
    return build_plan(net.loaded.inventory, net.secrets), net


def test_dual_hub_ibgp_configs(tmp_path: Path) -> None:
    plan, _ = _plan("phase3-dual-hub-ibgp.yml")
    render_files(plan, tmp_path)
    hub = (tmp_path / "hq-hub1" / "frr.conf").read_text()
    spoke = (tmp_path / "branch-01" / "frr.conf").read_text()
    assert "nhrp nflog-group 1" in hub
    assert " ip nhrp redirect" in hub and " ip nhrp shortcut" not in hub
    assert " bgp listen range 10.255.0.0/24 peer-group SPOKES" in hub
    assert "  aggregate-address 10.0.0.0/8 summary-only" in hub
    assert "  network 10.255.0.0/24" in hub  # the tunnel subnet, see docs/lab.md
    assert "  neighbor SPOKES route-reflector-client" in hub
    # the IOS config's 'next-hop-self all' (reflected routes too) is FRR's 'force'
    assert "  neighbor SPOKES next-hop-self force\n" in hub
    assert "  neighbor SPOKES next-hop-self\n" not in hub
    assert " ip nhrp map 10.255.0.2 203.0.113.6" in hub  # the other hub, as IOS maps it
    assert "ip route 10.255.0.2/32 tun100" in hub
    assert "  neighbor HUBS unsuppress-map HUB-SPECIFICS" in hub
    assert "route-map HUB-SPECIFICS permit 10" in hub
    assert " ip nhrp nhs dynamic nbma 203.0.113.2" in spoke
    assert " ip nhrp nhs dynamic nbma 203.0.113.6" in spoke
    assert " ip nhrp shortcut" in spoke and " ip nhrp network-id 100" in spoke
    assert " neighbor 10.255.0.1 peer-group HUBS" in spoke
    setup = (tmp_path / "setup.sh").read_text()
    tunnel = "ip tunnel add tun100 mode gre key 100 ttl 64 local 198.51.100.2 dev wan0"
    assert runs(setup, "branch-01", tunnel)
    # the DHCP spoke gets the ISP's address from the lab pool
    assert runs(setup, "branch-02", "ip addr add 100.64.")
    swan = (tmp_path / "branch-01" / "swanctl.conf").read_text()
    assert "proposals = aes256gcm16-prfsha384-ecp256-ecp384" in swan
    assert "esp_proposals = aes256gcm16-ecp256" in swan
    assert "mode = transport" in swan


def test_phase2_ospf_configs(tmp_path: Path) -> None:
    plan, _ = _plan("phase2-ospf.yml")
    render_files(plan, tmp_path)
    hub = (tmp_path / "hub" / "frr.conf").read_text()
    spoke = (tmp_path / "spoke-a" / "frr.conf").read_text()
    # broadcast with the hub as DR, as the IOS tunnel has it; hellos replicated by nhrpd
    assert "nhrp multicast-nflog-group 2" in hub and "nhrp multicast-nflog-group 2" in spoke
    assert (
        " ip ospf network broadcast\n ip ospf priority 255\n ip ospf cost 100\n ip ospf area 0"
        in hub
    )
    assert " ip nhrp map multicast dynamic" in hub
    assert (
        " ip ospf network broadcast\n ip ospf priority 0\n ip ospf cost 100\n ip ospf area 0"
        in spoke
    )
    assert " ip nhrp map multicast 203.0.113.2" in spoke
    # the LAN and loopback are in the area but passive; BGP's lab additions are absent
    assert "interface lan0\n ip ospf cost 1\n ip ospf passive\n ip ospf area 0" in hub
    assert "interface lo\n ip ospf cost 1\n ip ospf passive" in hub and "router bgp" not in hub
    assert "blackhole" not in hub and "ospf router-id 10.0.0.1" in hub
    # phase 2: the other spoke mapped statically (a lab addition, reported as such)
    assert " ip nhrp map 172.16.0.12 198.51.100.6" in spoke
    assert "ip route 172.16.0.12/32 tun0" in spoke  # no connected subnet with /32 addresses
    setup = (tmp_path / "setup.sh").read_text()
    # /32 as with BGP: nhrpd ignores any other ("not a host prefix"); ospfd takes a /32 as
    # unnumbered, so neighbours are accepted from any source and next hops are on-link
    assert runs(setup, "hub", "ip addr add 172.16.0.1/32 dev tun0")
    nflog = "iptables -A OUTPUT -o tun0 -d 224.0.0.0/24 -j NFLOG --nflog-group 2"
    assert runs(setup, "hub", nflog)
    assert runs(setup, "hub", "iptables -A OUTPUT -o tun0 -d 224.0.0.0/24 -j DROP")
    gaps = {
        g.feature: g
        for g in find_gaps(build_network(INVENTORIES / "phase2-ospf.yml").loaded.inventory)
    }
    # measured in the lab VM: nhrpd needs /32, ospfd's broadcast needs the subnet
    assert [g.feature for g in gaps.values() if g.blocking] == [
        "cloud DMVPN-P2 OSPF network broadcast"
    ]
    assert "OSPF authentication hmac-sha-256" in gaps
    assert gaps["cloud DMVPN-P2 phase 2 spoke-to-spoke resolution"].router in ("spoke-a", "spoke-b")


def test_ospf_point_to_multipoint_takes_ios_timers(tmp_path: Path) -> None:
    plan, _ = _plan("crypto-per-peer-keys.yml")
    render_files(plan, tmp_path)
    hub = (tmp_path / "hub1" / "frr.conf").read_text()
    assert " ip ospf network point-to-multipoint" in hub
    assert " ip ospf hello-interval 30\n ip ospf dead-interval 120" in hub
    assert " ip nhrp map multicast dynamic" in hub and " ip nhrp map multicast 203.0.113.6" in hub
    assert " ip ospf priority" not in hub


def test_dual_isp_hub_peering_link_and_core_ibgp(tmp_path: Path) -> None:
    plan, net = _plan("dual-isp-fvrf-ibgp.yml")
    assert not [g for g in find_gaps(net.loaded.inventory) if g.blocking]  # type: ignore[attr-defined]
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    # the core LAN is a link between the hubs, not a LAN host
    assert "ip link add lan1 netns hub-a type veth peer name lan1 netns hub-b" in setup
    assert runs(setup, "hub-a", "ip addr add 10.1.255.1/30 dev lan1")
    assert "10.1.255.2/30 dev eth0" not in setup
    hub = (tmp_path / "hub-a" / "frr.conf").read_text()
    assert " neighbor 10.1.255.2 peer-group CORE" in hub
    assert "  neighbor CORE next-hop-self force" in hub
    assert "  neighbor CORE unsuppress-map HUB-SPECIFICS" in hub
    # each WAN in its front-door VRF
    assert runs(setup, "hub-a", "ip link set wan0 master ISP-A")


def test_ipsec_peers_follow_the_phase() -> None:
    plan, _ = _plan("phase3-dual-hub-ibgp.yml")
    names = {name for name, _, _, _ in ipsec_peers(plan, plan.router("branch-01"))}
    assert names == {"hq-hub1", "dc-hub2", "branch-02", "branch-03"}


def test_render_is_deterministic(tmp_path: Path) -> None:
    plan, _ = _plan("routing-ebgp-phase2.yml")
    render_files(plan, tmp_path / "a")
    render_files(plan, tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            other = tmp_path / "b" / path.relative_to(tmp_path / "a")
            assert other.read_text() == path.read_text().replace(
                str(tmp_path / "a"), str(tmp_path / "b")
            )


@pytest.mark.parametrize(
    "example", ["phase3-dual-stack-ibgp.yml", "dual-isp-fvrf-ibgp.yml", "crypto-per-peer-keys.yml"]
)
def test_setup_script_parses_and_enters_each_namespace_once(example: str, tmp_path: Path) -> None:
    plan, _ = _plan(example)
    render_files(plan, tmp_path)
    setup = tmp_path / "setup.sh"
    # the shell itself reads it (every here-document closed, every block ended)
    parsed = subprocess.run(["sh", "-n", str(setup)], capture_output=True, text=True, check=False)
    assert parsed.returncode == 0, parsed.stderr
    text = setup.read_text()
    # a router's namespace is built by one shell entered into it, one batch of ip commands
    # and one rule set per family: no command per setting
    for router in plan.routers:
        assert text.count(f"nsenter --net=/var/run/netns/{router.ns} ") == 1
        assert f"ip netns exec {router.ns} sysctl" not in text
        assert f"ip netns exec {router.ns} iptables" not in text
        assert runs(text, router.ns, "sysctl net.ipv4.ip_forward=1")
        for tun in router.tunnels:
            assert runs(text, router.ns, f"sysctl net.ipv4.conf.{tun.ifname}.rp_filter=0")
    assert text.count("ip -force -n isp -batch") == len([r for r in plan.routers if r.wans])


@pytest.mark.parametrize(
    "example",
    [
        "dual-isp-fvrf-ibgp.yml",
        "hierarchical-ibgp.yml",
        "phase3-dual-stack-ibgp.yml",
        "phase3-dual-hub-ibgp.yml",
    ],
)
def test_route_maps_and_prefix_lists_come_before_their_users(example: str, tmp_path: Path) -> None:
    # FRR 8.4 reads a neighbour's route map named before it is defined as missing; a spoke
    # whose backup hub's session came up in that window kept none of that hub's routes, so
    # the lab lost it when the other ISP failed (docs/lab.md)
    plan, _ = _plan(example)
    render_files(plan, tmp_path)
    named = 0
    for router in plan.routers:
        defined: set[str] = set()
        for line in (tmp_path / router.name / "frr.conf").read_text().splitlines():
            head = re.match(r"(?:route-map|ip prefix-list|ipv6 prefix-list) (\S+)", line)
            if head:
                defined.add(head[1])
                continue
            for used in re.findall(r"(?:route-map|unsuppress-map|prefix-list) (\S+)", line):
                named += 1
                assert used in defined, f"{router.name}: {line.strip()} before {used} exists"
    assert named  # each of these examples names route maps


def test_ebgp_phase2_keeps_the_far_spoke_next_hop(tmp_path: Path) -> None:
    plan, _ = _plan("routing-ebgp-phase2.yml")
    render_files(plan, tmp_path)
    hub = (tmp_path / "hq-hub1" / "frr.conf").read_text()
    spoke = (tmp_path / "branch-01" / "frr.conf").read_text()
    assert "  neighbor SPOKES attribute-unchanged next-hop" in hub
    assert " neighbor SPOKES remote-as external" in hub
    assert " neighbor SPOKES bfd" in hub
    assert "router bgp 65111" in spoke
    assert " ip nhrp redirect" not in hub


def test_dual_isp_front_door_vrfs_and_backup_preference(tmp_path: Path) -> None:
    plan, _ = _plan("dual-isp-fvrf-ibgp.yml")
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    assert runs(setup, "branch-01", "ip link set wan1 master ISP-B")
    assert runs(setup, "branch-01", "ip route add default via 198.51.100.1 vrf ISP-A")
    assert runs(setup, "branch-01", "ip rule add from 198.51.100.2 lookup 100 pref 500")
    assert runs(setup, "branch-01", "ip tunnel add tun200 mode gre key 200 ttl 64 local 100.64.")
    # IKE is let in from the front-door VRFs; each VRF device is made once
    assert runs(setup, "branch-01", "sysctl net.ipv4.udp_l3mdev_accept=1")
    vrfs = [c for ns, c in commands(setup) if ns == "hub-a" and " type vrf " in c]
    assert vrfs == ["ip link add ISP-A type vrf table 100"]
    spoke = (tmp_path / "branch-01" / "frr.conf").read_text()
    assert "  neighbor 10.255.1.2 route-map CLOUD-BACKUP-IN in" in spoke
    assert " set local-preference 50" in spoke
    conns = [c for c, *_ in ipsec_peers(plan, plan.router("branch-01"))]
    assert conns == ["branch-02", "branch-02_2", "hub-a", "hub-b"]


@pytest.mark.parametrize(
    ("inventory", "feature"),
    [
        ("phase3-single-hub-eigrp.yml", "EIGRP no split-horizon on the tunnel"),
        ("phase3-single-hub-eigrp.yml", "EIGRP stub connected-summary"),
        ("qos-bfd.yml", "EIGRP named mode (wide metrics)"),
        ("hierarchical-eigrp.yml", "hierarchical uplink"),
        ("crypto-pki.yml", "crypto profile default certificates"),
        ("dual-hub-dual-cloud-eigrp.yml", "hub peering link"),
        ("phase2-ospf.yml", "cloud DMVPN-P2 OSPF network broadcast"),
    ],
)
def test_blocking_gaps_name_router_and_feature(inventory: str, feature: str) -> None:
    net = build_network(INVENTORIES / inventory)
    gaps = [g for g in find_gaps(net.loaded.inventory) if g.blocking]
    assert feature in {g.feature for g in gaps}
    assert all(g.router and g.reason for g in gaps)


def test_ibgp_dual_hub_has_no_blocking_gap() -> None:
    gaps = find_gaps(build_network(INVENTORIES / "phase3-dual-hub-ibgp.yml").loaded.inventory)
    assert not [g for g in gaps if g.blocking]
    assert {"cloud INET NHRP authentication", "DHCP on GigabitEthernet1"} <= {
        g.feature for g in gaps
    }


def test_a_restored_hub_gets_its_static_mappings_back() -> None:
    # nhrpd drops static mappings when the NBMA link flaps (docs/lab.md): the failover restore
    # configures them again, on the routers whose WAN came back only
    from dmvpngen.lab.frr.remap import remap_commands

    plan, _ = _plan("phase3-dual-hub-ibgp.yml")
    hub1 = plan.router("hq-hub1")
    assert remap_commands(plan, {w.isp_if for w in hub1.wans}) == [
        "vtysh -N hq-hub1 -c 'configure terminal' -c 'interface tun100'"
        " -c 'ip nhrp map 10.255.0.2 203.0.113.6'"
    ]
    spoke = plan.router("branch-01")
    assert (
        remap_commands(plan, {w.isp_if for w in spoke.wans}) == []
    )  # a spoke maps nothing statically


def test_frr_logs_through_a_guest_local_mount_of_the_state_directory(tmp_path: Path) -> None:
    # a private parent (pytest's tmp_path is 0700) must not keep the frr user from its log
    plan, _ = _plan("phase3-dual-hub-ibgp.yml")
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    assert "mount --bind $S /var/tmp/dmvpngen-lab/_state" in setup
    hub = (tmp_path / "hq-hub1" / "frr.conf").read_text()
    assert "log file /var/tmp/dmvpngen-lab/_state/hq-hub1/frr.log informational" in hub


def test_per_peer_keys_sign_with_the_local_key_and_check_the_remote_one(tmp_path: Path) -> None:
    # IOS: 'pre-shared-key local' signs, 'pre-shared-key remote' checks the peer; each router
    # of this design has a key of its own, the branches one for their whole prefix
    plan, _ = _plan("routing-ebgp-phase2.yml")
    render_files(plan, tmp_path)
    spoke = (tmp_path / "branch-01" / "swanctl.conf").read_text()
    hub = (tmp_path / "hq-hub1" / "swanctl.conf").read_text()
    branches, hub1 = "Lab-Only-Branches-Key-9e07b2c4", "Lab-Only-Hub1-Key-7d2e91c04b"
    assert (
        "  ike-hq-hub1-local {\n    id-local = 198.51.100.2\n    id-remote = 203.0.113.2\n"
        f'    secret = "{branches}"\n  }}'
    ) in spoke
    assert f'  ike-hq-hub1-remote {{\n    id = 203.0.113.2\n    secret = "{hub1}"\n  }}' in spoke
    assert (
        "  ike-branch-01-local {\n    id-local = 203.0.113.2\n    id-remote = 198.51.100.2\n"
        f'    secret = "{hub1}"\n  }}'
    ) in hub
    remote = f'  ike-branch-01-remote {{\n    id = 198.51.100.2\n    secret = "{branches}"\n  }}'
    assert remote in hub
    gaps = find_gaps(build_network(INVENTORIES / "routing-ebgp-phase2.yml").loaded.inventory)
    assert not any(g.blocking for g in gaps)


def test_ebgp_peers_on_32_tunnel_addresses_skip_the_connected_check(tmp_path: Path) -> None:
    plan, _ = _plan("routing-ebgp-phase2.yml")
    render_files(plan, tmp_path)
    assert " neighbor SPOKES disable-connected-check" in (tmp_path / "hq-hub1/frr.conf").read_text()
    assert " neighbor HUBS disable-connected-check" in (tmp_path / "branch-01/frr.conf").read_text()
    ibgp, _ = _plan("phase3-dual-hub-ibgp.yml")
    render_files(ibgp, tmp_path / "ibgp")
    assert "disable-connected-check" not in (tmp_path / "ibgp/hq-hub1/frr.conf").read_text()


def test_multicast_is_named_as_not_proven() -> None:
    gaps = find_gaps(
        build_network(INVENTORIES / "phase3-dual-hub-multicast-eigrp.yml").loaded.inventory
    )
    mc = [g for g in gaps if g.feature == "multicast (PIM sparse mode)"]
    assert {g.router for g in mc} == {"hq-hub1", "dc-hub2", "shop-01", "shop-02", "shop-03"}
    assert not any(g.blocking for g in mc)


def test_teardown_takes_down_every_router_of_the_lab(tmp_path: Path) -> None:
    from dmvpngen.lab.frr.render import render_teardown

    plan, _ = _plan("dual-isp-fvrf-ibgp.yml")
    render_teardown(plan, tmp_path)
    script = (tmp_path / "teardown.sh").read_text()
    for router in ("hub-a", "hub-b", "branch-01", "branch-02"):
        assert f"rm -rf /etc/frr/{router} /var/run/frr/{router} " in script
    assert "ip -all netns delete" in script and "umount /var/tmp/dmvpngen-lab/_state" in script


def test_ipv6_overlay_is_named_as_not_emulated() -> None:
    gaps = find_gaps(build_network(INVENTORIES / "phase3-dual-stack-eigrp.yml").loaded.inventory)
    v6 = [g for g in gaps if g.feature == "cloud DUAL IPv6 overlay"]
    assert {g.router for g in v6} == {"hq-hub1", "dc-hub2", "branch-01", "branch-02", "branch-03"}
    assert not any(g.blocking for g in v6)


def test_ipv6_transport_is_a_blocking_gap() -> None:
    """GRE over IPv6 is not built: the lab refuses rather than prove an IPv4 transport."""
    inv = build_network(INVENTORIES / "phase3-ipv6-transport-eigrp.yml").loaded.inventory
    gaps = [g for g in find_gaps(inv) if g.feature == "cloud V6NET IPv6 transport"]
    assert {g.router for g in gaps} == {"hq-hub1", "dc-hub2", "branch-01", "branch-02", "branch-03"}
    assert all(g.blocking for g in gaps)


def test_dual_stack_bgp_builds_the_ipv6_half(tmp_path: Path) -> None:
    plan, net = _plan("phase3-dual-stack-ibgp.yml")
    assert all(r.dual_stack for r in plan.routers)
    gaps = find_gaps(net.loaded.inventory)  # type: ignore[attr-defined]
    six = [g for g in gaps if g.feature == "cloud INET IPv6 overlay (partly)"]
    assert len(six) == 5 and not any(g.blocking for g in six)
    render_files(plan, tmp_path)
    hub = (tmp_path / "hq-hub1/frr.conf").read_text()
    spoke = (tmp_path / "branch-01/frr.conf").read_text()
    for line in (
        "ipv6 nhrp network-id 100",
        "ipv6 nhrp map 2001:db8:ffff::2 203.0.113.6",
        "ipv6 nhrp redirect",
        "ipv6 route 2001:db8:ffff::/64 blackhole",
        "bgp listen range 2001:db8:ffff::/64 peer-group SPOKES-V6",
        "aggregate-address 2001:db8::/32 summary-only",
        "no bgp default ipv4-unicast",
    ):
        assert line in hub, line
    for line in ("ipv6 nhrp nhs dynamic nbma 203.0.113.2", "ipv6 nhrp shortcut"):
        assert line in spoke, line
    assert "neighbor 2001:db8:ffff::1 peer-group HUBS-V6" in spoke
    setup = (tmp_path / "setup.sh").read_text()
    # the design's link-local as a /128, no kernel one (nhrpd would refuse it and not register)
    assert runs(setup, "branch-01", "ip link set tun100 addrgenmode none")
    assert runs(setup, "branch-01", "ip addr add fe80::11/128 dev tun100 nodad")
    assert runs(setup, "h-11-0", "ip addr add 2001:db8:11::fe/64 dev eth0 nodad")
    assert runs(setup, "h-11-0", "ip route add default via 2001:db8:11::1")
    # nhrpd's IPv6 bindings are not left to the kernel's neighbour probing (nhrpd 8.4 fails to
    # turn it off for IPv6); IPv4's, which nhrpd does configure, are left alone
    sysctl = "sysctl net.ipv6.neigh.tun100.base_reachable_time_ms=86400000"
    assert runs(setup, "branch-01", sysctl)
    counter = "ip6tables -A FORWARD -i tun100 -o tun100"
    assert runs(setup, "hq-hub1", counter) and not runs(setup, "branch-01", counter)
    assert "net.ipv4.neigh" not in setup
    # the static mappings configured again after start, both families
    assert (
        "vtysh -N hq-hub1 -c 'configure terminal' -c 'interface tun100' "
        "-c 'no ip nhrp map 10.255.0.2 203.0.113.6' -c 'ip nhrp map 10.255.0.2 203.0.113.6' "
        "-c 'no ipv6 nhrp map 2001:db8:ffff::2 203.0.113.6' "
        "-c 'ipv6 nhrp map 2001:db8:ffff::2 203.0.113.6'"
    ) in setup


def test_tcp_udp_listeners_and_the_vty_access_class(tmp_path: Path) -> None:
    from dmvpngen.lab.frr.engine import predict_and_place

    inventory = INVENTORIES / "monitoring.yml"
    plan, _ = _plan("monitoring.yml")
    plan, _, _ = predict_and_place(inventory, plan, [])
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    # the NOC LAN admitted, everyone else reset, on every router's SSH port
    rules = [c for ns, c in commands(setup) if ns == "branch-01" and "--dport 22" in c]
    assert rules == [
        "iptables -A INPUT -p tcp --dport 22 -s 10.1.0.0/24 -j ACCEPT",
        "iptables -A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset",
    ]
    # the hub LAN's host answers NTP, syslog, SNMP traps and NetFlow on their ports
    serve = next(line for line in setup.splitlines() if line.startswith("ip netns exec h-1-0 "))
    for port in ("--udp 123", "--udp 162", "--udp 514", "--udp 2055"):
        assert port in serve
    assert "ip netns exec branch-01 " in setup and "serve --tcp 22" in setup


def _nhrp_table(*rows: tuple[str, str]) -> str:
    entries = ",".join(
        f'{{"protocol":"{ip}","nbma":"{nbma}","type":"static"}}' for ip, nbma in rows
    )
    return f'{{"table":[{entries}]}}'


def test_static_mappings_configured_again_until_the_cache_holds_them() -> None:
    """After a flap the hubs' mappings are configured again; a router whose NHRP cache still
    lacks one (here hub1's IPv4 entry, its IPv6 one there) gets them again on the next poll."""
    from dmvpngen.lab.frr.remap import restore_static

    plan, _ = _plan("phase3-dual-stack-ibgp.yml")
    hub1 = plan.router("hq-hub1")
    hub1_v6 = _nhrp_table(("2001:db8:ffff::2", "203.0.113.6"))
    hub1_v4 = _nhrp_table(("10.255.0.2", "203.0.113.6"))
    hub2 = _nhrp_table(("10.255.0.1", "203.0.113.2")) + _nhrp_table(
        ("2001:db8:ffff::1", "203.0.113.2")
    )
    answers = iter(
        [
            [GuestResult(0, "", "")] * 2,  # configured on both hubs (dual stack: any flap)
            [GuestResult(0, hub1_v6, ""), GuestResult(0, hub2, "")],  # hub1 lacks IPv4
            [GuestResult(0, "", "")],  # hub1 configured again
            [GuestResult(0, hub1_v4 + hub1_v6, "")],  # now it holds both
        ]
    )
    sent: list[list[str]] = []

    class FakeVm:
        def run(self, cmds: list[str], timeout: float = 60) -> list[GuestResult]:
            sent.append(cmds)
            return next(answers)

    ports = {w.isp_if for w in hub1.wans}
    assert restore_static(FakeVm(), plan, ports, timeout=30) == []  # type: ignore[arg-type]
    configured = [c.split()[2] for cmds in sent for c in cmds if "configure terminal" in c]
    assert configured == ["hq-hub1", "dc-hub2", "hq-hub1"]


def test_spokes_bring_up_their_hub_sas_before_routing_starts(tmp_path: Path) -> None:
    """Each spoke initiates its IKE SA with every hub, and one hub of each statically mapped hub
    pair with the other, after charon has loaded and before any FRR daemon starts."""
    plan, _ = _plan("crypto-per-peer-keys.yml")
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    started = [
        (line.split("unix://$G/")[1].split("/")[0], line.split("--ike ")[1].split()[0])
        for line in setup.splitlines()
        if line.startswith("swanctl --initiate ")
    ]
    spokes = [f"branch-0{i}" for i in (1, 2, 3)]
    assert sorted(started) == sorted(
        [("hub1", "hub2")] + [(s, h) for s in spokes for h in ("hub1", "hub2")]
    )
    first_initiate = setup.index("swanctl --initiate ")
    assert setup.index('t "strongSwan up"') < first_initiate
    assert setup.index('t "IPsec SAs up"') < setup.index("start hub1 zebra")


def test_a_spoke_behind_pat_starts_its_spoke_sas_too(tmp_path: Path) -> None:
    """The PAT spoke of dynamic-wan-nat-ospf also starts its SAs with every other spoke of its
    phase 3 cloud: a peer's IKE_SA_INIT to its post-NAT address finds no NAT mapping. The
    static-NAT, DHCP and PPPoE spokes start theirs with the hub only."""
    plan, _ = _plan("dynamic-wan-nat-ospf.yml")
    render_files(plan, tmp_path)
    setup = (tmp_path / "setup.sh").read_text()
    started = sorted(
        (line.split("unix://$G/")[1].split("/")[0], line.split("--ike ")[1].split()[0])
        for line in setup.splitlines()
        if line.startswith("swanctl --initiate ")
    )
    others = ("cable-02", "cloud-03", "dsl-01")
    assert started == sorted(
        [(s, "hub") for s in (*others, "home-04")] + [("home-04", o) for o in others]
    )


def test_ospfv3_overlay_names_why_ospf6d_is_not_built() -> None:
    """The OSPFv3 example: refused for its IPv4 half (broadcast), and its IPv6 half named as not
    built with the reason (nhrpd's multicast copies carry the IPv4 NBMA's GRE protocol)."""
    inv = build_network(INVENTORIES / "phase2-dual-stack-ospfv3.yml").loaded.inventory
    gaps = find_gaps(inv)
    assert any(g.blocking and g.feature.endswith("OSPF network broadcast") for g in gaps)
    v6 = [g for g in gaps if g.feature.endswith("IPv6 overlay")]
    assert v6 and not any(g.blocking for g in v6)
    assert all("OSPFv3" in g.reason and "0x0800" in g.reason for g in v6)
    broadcast = next(g for g in gaps if g.feature.endswith("OSPF network broadcast"))
    assert "non-broadcast" in broadcast.reason and "ospf_check_network_mask" in broadcast.reason


def test_tunnel_mtu_is_the_clouds_ip_mtu(tmp_path: Path) -> None:
    """The lab's tunnel carries the design's 'ip mtu', which OSPF's database description
    packets state and check: a lab MTU other than the routers' would hold adjacencies in
    ExStart where IOS forms them, or form them where IOS would not."""
    data = yaml.safe_load((INVENTORIES / "inside-vrf-ospf.yml").read_text())
    data["clouds"][0].update(mtu=1380, mss=1340)
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    (tmp_path / "inv.yml").write_text(yaml.safe_dump(data))
    net = build_network(tmp_path / "inv.yml")
    plan = build_plan(net.loaded.inventory, net.secrets)
    render_files(plan, tmp_path / "lab")
    setup = (tmp_path / "lab" / "setup.sh").read_text()
    assert setup.count("link set tun100 mtu 1380 up") == len(plan.routers) == 3


def test_an_unconverged_wait_records_what_the_routers_hold(tmp_path: Path) -> None:
    """A failed convergence check leaves the state of the routers it names and of the hubs
    (NHRP cache, adjacencies, kernel neighbours, IKE SAs with their counters) beside the lab,
    so the failure can be read after the VM is gone; a passed wait leaves nothing."""
    from dmvpngen.lab.frr.converge import record_unconverged
    from dmvpngen.lab.health import Check

    plan, _ = _plan("inside-vrf-ospf.yml")
    sent: list[str] = []

    class FakeVm:
        state = tmp_path

        def run(self, cmds: list[str], timeout: float = 60) -> list[GuestResult]:
            sent.extend(cmds)
            return [GuestResult(0, f"{c.split(';')[0]}\n", "") for c in cmds]

    ok = Check(router="branch-01", check="ospf", ok=True, detail="1 peers established")
    down = Check(router="branch-02", check="ospf", ok=False, detail="not established: 10.255.0.1")
    assert record_unconverged(FakeVm(), plan, [ok], "convergence") is None  # type: ignore[arg-type]
    assert not sent
    path = record_unconverged(FakeVm(), plan, [ok, down], "convergence")  # type: ignore[arg-type]
    assert path is not None and path.parent == tmp_path
    assert [c.split("'")[1] for c in sent] == ["== hq-hub1", "== branch-02"]
    assert all("ip -n " in c and " neigh show" in c and "--list-sas" in c for c in sent)
    # every routing table: a front-door VRF's default route is not in the main one
    assert all(" route show table all" in c for c in sent)
    text = path.read_text()
    assert text.startswith("=== convergence: branch-02 ospf: not established: 10.255.0.1\n")
    assert "xfrm" not in " ".join(sent)  # 'ip xfrm state' would print the ESP keys
    # a LAN host's failed ping names the router behind it
    lan = Check(router="branch-01 LAN", check="reach -> hq-hub1", ok=False, detail="0/3 replies")
    sent.clear()
    record_unconverged(FakeVm(), plan, [lan], "reachability")  # type: ignore[arg-type]
    assert [c.split("'")[1] for c in sent] == ["== hq-hub1", "== branch-01"]
    assert "=== reachability: branch-01 LAN reach -> hq-hub1: 0/3 replies" in path.read_text()
    # a failed flow's destination: the kernel's route for it on the router the flow leaves
    flow = Check(router="branch-02", check="reach -> ntp", ok=False, detail="10.1.0.10: 0/3")
    sent.clear()
    record_unconverged(FakeVm(), plan, [flow, lan], "reachability")  # type: ignore[arg-type]
    gets = {c.split("'")[1]: re.findall(r"route get (\S+);", c) for c in sent}
    assert gets == {"== hq-hub1": [], "== branch-01": [], "== branch-02": ["10.1.0.10"]}
    assert all(" nexthop show;" in c for c in sent)


def test_debug_nhrp_logs_nhrpds_decisions_only_when_asked(tmp_path: Path) -> None:
    # 'lab up --debug-nhrp': every router logs at debugging level with nhrpd's packet and
    # cache debugging on (how the hierarchy's NAT-guess bindings were traced, docs/lab.md)
    plan, _ = _plan("hierarchical-ibgp.yml")
    render_files(plan, tmp_path / "plain")
    values = render_files(plan, tmp_path / "debug", debug_nhrp=True)
    assert values and all(v["debug_nhrp"] for v in values)
    for router in plan.routers:
        plain = (tmp_path / "plain" / router.ns / "frr.conf").read_text()
        debug = (tmp_path / "debug" / router.ns / "frr.conf").read_text()
        assert "debug nhrp" not in plain and "frr.log informational\n" in plain
        assert "frr.log debugging\ndebug nhrp common\n" in debug
        # nothing else changes
        assert debug.replace("debugging\ndebug nhrp common", "informational") == plain


def test_a_line_frr_did_not_take_fails_the_router(tmp_path: Path) -> None:
    # 'vtysh -b' prints nothing when FRR takes every line; what it prints names the router
    from dmvpngen.lab.frr.engine import config_loaded

    plan, _ = _plan("dual-isp-fvrf-ibgp.yml")
    for r in plan.routers:
        (tmp_path / r.ns).mkdir()
        (tmp_path / r.ns / "vtysh-boot.log").write_text("\n")
    warned = plan.routers[0]
    (tmp_path / warned.ns / "vtysh-boot.log").write_text(
        "The route-map 'CLOUD-BACKUP-IN' does not exist.\n" * 2
    )
    checks = config_loaded(plan, tmp_path)
    assert [c.router for c in checks] == [r.name for r in plan.routers]
    assert [c.router for c in checks if not c.ok] == [warned.name]
    bad = next(c for c in checks if not c.ok)
    assert bad.detail.endswith(": The route-map 'CLOUD-BACKUP-IN' does not exist.")
    assert bad.detail.startswith("2 line(s) in ")
    # a router whose FRR never started has no log: failed, not a traceback
    (tmp_path / plan.routers[-1].ns / "vtysh-boot.log").unlink()
    assert "unreadable" in config_loaded(plan, tmp_path)[-1].detail


@pytest.mark.skipif(shutil.which("vtysh") is None, reason="FRR (vtysh) is not installed")
def test_frr_takes_every_rendered_line(tmp_path: Path) -> None:
    # FRR's own parser ('vtysh -C', no daemon needed) on every router's frr.conf of every
    # example the lab emulates: a line it does not know would leave the router short of the
    # design (the lab's 'frr config loaded' check then fails it in the VM)
    from dmvpngen.lab.frr.engine import load

    checked = []
    for inventory in sorted(INVENTORIES.glob("*.yml")):
        plan, gaps = load(inventory)
        if any(g.blocking for g in gaps):
            continue
        out = tmp_path / inventory.stem
        render_files(plan, out)
        for router in plan.routers:
            conf = out / router.name / "frr.conf"
            parsed = subprocess.run(
                ["vtysh", "-C", "-f", str(conf)], capture_output=True, text=True, check=False
            )
            assert parsed.returncode == 0, f"{conf}: {parsed.stdout}{parsed.stderr}"
        checked.append(inventory.stem)
    # the CI set and the bench's examples among them
    assert {"dual-isp-fvrf-ibgp", "hierarchical-ibgp", "crypto-per-peer-keys"} <= set(checked)
