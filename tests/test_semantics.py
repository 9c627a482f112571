"""Rendered text carries the lines each role and phase needs (dmvpn-reference §2-§4, §6-§7).

These tests read the configs as an engineer would, with a reader independent of the renderer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.pipeline import Network, build_network
from tests.configtext import block, top, tunnel, value
from tests.matrix import SECRETS, case_name, cases, matrix_inventory, write_inventory


@pytest.fixture(scope="module")
def networks(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str, int], Network]:
    out = {}
    for case in cases():
        path = write_inventory(tmp_path_factory.mktemp(case_name(*case)), matrix_inventory(*case))
        out[case] = build_network(path)
    return out


def hubs(net: Network) -> list[str]:
    return [c.text for c in net.configs.values() if c.role == "hub"]


def spokes(net: Network) -> list[str]:
    return [c.text for c in net.configs.values() if c.role == "spoke"]


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_tunnel_lines_per_role_and_phase(networks: dict, case: tuple[int, str, int]) -> None:
    phase = case[0]
    net = networks[case]
    for text in hubs(net):
        t = tunnel(text)
        assert "tunnel mode gre multipoint" in t
        assert "ip nhrp map multicast dynamic" in t
        assert not any(line.startswith("ip nhrp nhs") for line in t)
        assert ("ip nhrp redirect" in t) == (phase == 3)
        assert "ip nhrp shortcut" not in t
    for text in spokes(net):
        t = tunnel(text)
        assert ("tunnel mode gre multipoint" in t) == (phase != 1)
        assert any(line.startswith("tunnel destination") for line in t) == (phase == 1)
        assert ("ip nhrp shortcut" in t) == (phase == 3)
        assert "ip nhrp map multicast dynamic" not in t
        assert "ip nhrp redirect" not in t
        nhs = [line for line in t if line.startswith("ip nhrp nhs")]
        assert len(nhs) == case[2]
        assert all(line.endswith(" multicast") for line in nhs)
    for text in [*hubs(net), *spokes(net)]:
        t = tunnel(text)
        assert "no ip redirects" in t
        assert not any(line.startswith("keepalive") for line in t)
        assert value(t, "ip mtu") == "1400"
        assert value(t, "ip tcp adjust-mss") == "1360"
        assert value(t, "tunnel protection ipsec profile").startswith("IPSEC-")


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_cross_router_facts(networks: dict, case: tuple[int, str, int]) -> None:
    """Same key, auth and network-id everywhere; every NHS is a hub at its own NBMA."""
    net = networks[case]
    hub_addr = {}
    for text in hubs(net):
        t = tunnel(text)
        tun_ip = value(t, "ip address").split()[0]
        wan = value(block(text, "interface GigabitEthernet1"), "ip address").split()[0]
        hub_addr[tun_ip] = wan
    facts = set()
    for cfg in net.configs.values():
        t = tunnel(cfg.text)
        facts.add(
            (
                value(t, "tunnel key"),
                value(t, "ip nhrp network-id"),
                value(t, "ip nhrp authentication"),
            )
        )
        for line in t:
            if line.startswith("ip nhrp nhs"):
                words = line.split()
                assert hub_addr[words[3]] == words[5], line
        if case[0] == 1 and cfg.role == "spoke":
            assert value(t, "tunnel destination") in hub_addr.values()
    assert facts == {("10", "10", SECRETS["nhrp_auth"])}
    psks = {
        line.strip()
        for c in net.configs.values()
        for line in c.text.splitlines()
        if line.strip().startswith("pre-shared-key")
    }
    assert psks == {"pre-shared-key " + SECRETS["psk"]}


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_routing_keeps_the_designed_next_hop(networks: dict, case: tuple[int, str, int]) -> None:
    phase, protocol, n_hubs = case
    net = networks[case]
    for text in hubs(net):
        t = tunnel(text)
        if protocol == "eigrp":
            if phase == 2:
                assert "no ip split-horizon eigrp 100" in t
                assert "no ip next-hop-self eigrp 100" in t
                assert not any(line.startswith("ip summary-address") for line in t)
            if phase == 3:
                # with two hubs the summary leaks every hub site (leak-map HUB-SITES)
                leak = " leak-map HUB-SITES" if n_hubs == 2 else ""
                assert f"ip summary-address eigrp 100 10.0.0.0 255.0.0.0{leak}" in t
        if protocol == "ospf":
            expected = "broadcast" if phase == 2 else "point-to-multipoint"
            assert value(t, "ip ospf network") == expected
            if phase == 2:
                assert int(value(t, "ip ospf priority")) > 0
        if protocol == "bgp":
            bgp = block(text, "router bgp")
            assert "bgp listen range 10.255.0.0/24 peer-group SPOKES" in bgp
            assert "neighbor SPOKES route-reflector-client" in bgp
            assert ("neighbor SPOKES next-hop-self all" in bgp) == (phase != 2)
    for text in spokes(net):
        t = tunnel(text)
        if protocol == "ospf" and phase == 2:
            assert value(t, "ip ospf priority") == "0"
        if protocol == "eigrp":
            assert "eigrp stub connected summary" in block(text, "router eigrp")


def test_dhcp_spoke_uses_no_unique_and_interface_source(networks: dict) -> None:
    net = networks[(3, "eigrp", 1)]
    t = tunnel(net.configs["spoke2"].text)
    assert "ip nhrp registration no-unique" in t
    assert value(t, "tunnel source") == "GigabitEthernet1"
    assert "ip address dhcp" in block(net.configs["spoke2"].text, "interface GigabitEthernet1")
    static = tunnel(net.configs["spoke1"].text)
    assert "ip nhrp registration no-unique" not in static


def test_management_baseline(networks: dict) -> None:
    for cfg in networks[(3, "bgp", 2)].configs.values():
        lines = top(cfg.text)
        assert f"hostname {cfg.hostname}" in lines
        assert "ip ssh version 2" in lines
        assert "no ip http server" in lines
        assert "password encryption aes" in lines
        assert any(line.startswith("enable secret 9 $9$") for line in lines)
        assert not any(line.startswith("enable password") for line in lines)
        assert "transport input ssh" in block(cfg.text, "line vty 0 4")
        assert any(line.startswith("logging host") for line in lines)
        assert any(line.startswith("ntp server") for line in lines)
        assert cfg.text.endswith("\nend\n")
        # login secrets are hashed: never present in clear
        assert SECRETS["enable_secret"] not in cfg.text
        assert SECRETS["admin_secret"] not in cfg.text


def test_ios_and_iosxe_differ_only_where_the_platform_does(networks: dict) -> None:
    net = networks[(3, "eigrp", 1)]
    xe, ios = net.configs["spoke1"].text, net.configs["spoke3"].text
    assert "ip ssh server algorithm encryption aes256-ctr aes192-ctr aes128-ctr" in xe
    assert "ip ssh server algorithm" not in ios


def test_generated_files_are_written(tmp_path: Path) -> None:
    from dmvpngen.writer import write_configs

    path = write_inventory(tmp_path / "inv", matrix_inventory(3, "eigrp", 1))
    net = build_network(path)
    first = write_configs(net.configs.values(), tmp_path / "out")
    assert {r.status for r in first} == {"written"}
    again = write_configs(net.configs.values(), tmp_path / "out")
    assert {r.status for r in again} == {"unchanged"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{h}.cfg" for h in net.configs
    )
