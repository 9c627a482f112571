"""The IPv6 fail-closed pins of an IPv6 transport: as few lines as the address plan allows
(the overlay's block, not a line per site), never covering a WAN address or gateway, and none
where the IPv6 default route is in a front-door VRF or there is no IPv6 overlay."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from pathlib import Path
from typing import Any

from dmvpngen.pipeline import build_network
from dmvpngen.render.ipv6_transport import overlay_pins_v6
from tests.matrix import matrix_inventory, write_inventory
from tests.test_ipv6_designs import dual_stack
from tests.test_ipv6_transport_designs import ipv6_transport


def _network(tmp_path: Path, data: dict[str, Any]) -> Any:
    return build_network(write_inventory(tmp_path, data))


def _pins(text: str) -> list[IPv6Network]:
    return [
        IPv6Network(line.split()[2])
        for line in text.splitlines()
        if line.startswith("ipv6 route ") and " Null0 254 " in line
    ]


def test_sites_of_one_block_are_one_line(tmp_path: Path) -> None:
    """Sites are /48s of the network's block; the WANs are another ISP's addresses."""
    data = ipv6_transport(dual_stack(matrix_inventory(3, "bgp", 2, spokes=20)))
    data["clouds"][0].pop("ipv6_summary", None)
    data["clouds"][0]["ipv6_subnet"] = "2001:db8:ff::/64"
    for r in data["hubs"] + data["spokes"]:
        r["lan"][0]["ipv6_address"] = f"2001:db8:{r['id']}::1/64"
        r.pop("loopback_ipv6", None)
        r["wan"]["ipv6_address"] = f"2001:db8:8{r['id']:03x}::2/64"
        if r["name"].startswith("hub"):
            r["wan"]["ipv6_gateway"] = f"2001:db8:8{r['id']:03x}::1"
    net = _network(tmp_path, data)
    wans = [IPv6Address(f"2001:db8:8{r['id']:03x}::2") for r in data["hubs"] + data["spokes"]]
    for name, config in net.configs.items():
        pins = _pins(config.text)
        # the block the overlay shares (2001:db8:1:: to 2001:db8:ff::), one line on every router
        assert pins == [IPv6Network("2001:db8::/40")], name
        assert not any(w in p for w in wans for p in pins), name


def test_interleaved_wans_keep_the_pins_off_them(tmp_path: Path) -> None:
    """WAN addresses between the sites: the pins grow only up to them."""
    data = ipv6_transport(dual_stack(matrix_inventory(3, "eigrp", 1, spokes=3)))
    data["clouds"][0]["ipv6_summary"] = []
    for r in data["hubs"] + data["spokes"]:
        r["wan"]["ipv6_address"] = f"2001:db8:{r['id']}:8000::2/64"
        r["wan"]["ipv6_gateway"] = f"2001:db8:{r['id']}:8000::1"
    loaded = _network(tmp_path, data).loaded.inventory
    pins = overlay_pins_v6(loaded)
    underlay = [w.ipv6_address.ip for r in (*loaded.hubs, *loaded.spokes) for w in r.wans]
    assert pins and not any(u in p for u in underlay for p in pins)
    lans = [lan.ipv6_prefix for r in (*loaded.hubs, *loaded.spokes) for lan in r.lan]
    assert all(any(lan is not None and lan.subnet_of(p) for p in pins) for lan in lans)


def test_no_pins_without_an_ipv6_overlay_or_in_a_front_door_vrf(tmp_path: Path) -> None:
    v4_overlay = _network(tmp_path / "a", ipv6_transport(matrix_inventory(3, "ospf", 1)))
    assert all(_pins(c.text) == [] for c in v4_overlay.configs.values())
    data = ipv6_transport(dual_stack(matrix_inventory(3, "ospf", 1)))
    for r in data["hubs"] + data["spokes"]:
        r["wan"]["vrf"] = "INET"
    fvrf = _network(tmp_path / "b", data)
    for config in fvrf.configs.values():
        assert _pins(config.text) == []
        assert "ipv6 route vrf INET ::/0 " in config.text
