"""A tunnel sourced by an address (``tunnel source 198.51.100.2``) rides the interface that
holds the address: it goes down with that interface, and the ISP failover case of a dual-ISP
spoke takes it down (tests/check/routes_fixtures/tunnel-source-address-failover)."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.facts import Device
from dmvpngen.routes import compute
from dmvpngen.routes.topology import source_interface

from .edited import edited_devices

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "tunnel-source-address-failover"


def _devices(old: str = "", new: str = "") -> list[Device]:
    return edited_devices(FIXTURE, [("shop3", old, new)] if old else None)


def test_address_source_resolves_to_its_interface() -> None:
    shop = _devices()[1]
    assert shop.hostname == "shop3"
    intf = source_interface(shop, shop.tunnels["Tunnel1"])
    assert intf is not None and intf.name == "GigabitEthernet1"
    assert source_interface(shop, shop.tunnels["Tunnel2"]).name == "GigabitEthernet2"  # type: ignore[union-attr]


def test_isp_case_takes_the_address_sourced_tunnel_down() -> None:
    routing = check_devices(_devices()).routing
    assert routing is not None
    cases = {c["down"]: c for c in routing["failover"]}
    assert set(cases) == {"hub dc", "shop3 ISP GigabitEthernet1", "shop3 ISP GigabitEthernet2"}
    assert cases["shop3 ISP GigabitEthernet1"]["leaks"] == 2
    # the same network with the tunnel named by its interface fails alike
    named = check_devices(_devices("tunnel source 198.51.100.2", "tunnel source Gi1")).routing
    assert named is not None
    assert [c["lost_flows"] for c in named["failover"]] == [
        c["lost_flows"] for c in routing["failover"]
    ]


def test_shut_interface_takes_the_address_sourced_tunnel_down() -> None:
    net = compute(_devices(" description fibre ISP\n", " description fibre ISP\n shutdown\n"))
    assert "Tunnel1" not in net.topo.routers["shop3"].ports
    # an address no interface holds: the tunnel cannot come up
    net = compute(_devices("tunnel source 198.51.100.2", "tunnel source 198.51.100.99"))
    assert "Tunnel1" not in net.topo.routers["shop3"].ports
    assert "Tunnel1" in compute(_devices()).topo.routers["shop3"].ports
