"""Routers whose WAN default route shares a table with the overlay pin the overlay to Null0 at
distance 254 (docs/designs.md "Failing closed"), but never an address reached over the WAN."""

from __future__ import annotations

import copy
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Any

import yaml

from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES


def write(tmp_path: Path, name: str, change: Any) -> Path:
    """The shipped inventory ``name`` changed by ``change``, written to ``tmp_path``."""
    data: dict[str, Any] = copy.deepcopy(
        yaml.safe_load((INVENTORIES / f"{name}.yml").read_text(encoding="utf-8"))
    )
    change(data)
    secrets = (INVENTORIES / "demo.secrets.yaml").read_text(encoding="utf-8")
    (tmp_path / "s.secrets.yaml").write_text(secrets, encoding="utf-8")
    data["secrets_file"] = "s.secrets.yaml"
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def build(tmp_path: Path, name: str, change: Any) -> dict[str, list[IPv4Network]]:
    out = {}
    for host, cfg in build_network(write(tmp_path, name, change)).configs.items():
        pins = [ln.split()[2:4] for ln in cfg.text.splitlines() if " Null0 254 " in ln]
        out[host] = [IPv4Network(f"{a}/{m}") for a, m in pins]
    return out


def test_an_ntp_server_over_the_wan_keeps_its_default_route(tmp_path: Path) -> None:
    wan_ntp = IPv4Address("10.250.0.10")  # private, but reached over the WAN, not a site

    def change(data: dict[str, Any]) -> None:
        data["management"]["ntp_servers"] = [str(wan_ntp)]

    for host, pins in build(tmp_path, "phase2-ospf", change).items():
        assert pins, host
        assert not any(wan_ntp in p for p in pins), host
        # the sites are still pinned, one prefix at a time inside 10.0.0.0/8
        assert IPv4Network("10.0.0.0/8") not in pins
        assert any(IPv4Address("10.1.0.10") in p for p in pins), host


def test_front_door_vrf_needs_no_pin(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        for router in (*data["hubs"], *data["spokes"]):
            router["wan"]["vrf"] = "INET"

    assert all(not pins for pins in build(tmp_path, "phase3-single-hub-eigrp", change).values())


def _pins_pair_by_pair(inv: Any) -> list[IPv4Network]:
    """The pins as first written: every underlay address tested against every prefix."""
    from ipaddress import collapse_addresses

    from dmvpngen.render.underlay import _PRIVATE, _service_addresses
    from dmvpngen.validate.bootstrap import overlay_networks

    overlay = overlay_networks(inv)
    underlay = {
        a
        for r in (*inv.hubs, *inv.spokes)
        for w in r.wans
        for a in (w.address.ip if w.address else None, w.gateway, w.public_address)
        if a is not None
    } | {a for a in _service_addresses(inv) if not any(a in n for n in overlay)}
    pinned = []
    for net in overlay:
        block = next((b for b in _PRIVATE if net.subnet_of(b)), net)
        for candidate in (block, net):
            if not any(a in candidate for a in underlay):
                pinned.append(candidate)
                break
    return sorted(collapse_addresses(pinned))


def test_pins_computed_once_per_network_equal_the_pair_by_pair_test(tmp_path: Path) -> None:
    from dmvpngen.model.loader import load_inventory
    from dmvpngen.render.underlay import overlay_pins

    def change(data: dict[str, Any]) -> None:
        # underlay addresses inside, at the edges of and between the overlay's prefixes
        data["management"]["ntp_servers"] = ["10.250.0.10", "10.1.0.0", "10.2.255.255"]
        data["management"]["syslog_hosts"] = ["192.168.7.1", "10.255.255.255", "172.31.255.255"]

    names = [p.stem for p in sorted(INVENTORIES.glob("*.yml"))]
    for name in names:
        for edit in (lambda data: None, change):
            inv = load_inventory(write(tmp_path, name, edit)).inventory
            assert overlay_pins(inv) == _pins_pair_by_pair(inv), name
