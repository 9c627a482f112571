"""Secondary subnets of a site LAN are LAN flow destinations like the primary: hosts there are
real sources, and the traffic back to them is traced to the secondary subnet (the router
itself sources from the primary address: Cisco IOS command reference, ``ip address``).

The fixture secondary-overflow-subnet: br61's shop LAN ran out of addresses and got an
overflow secondary subnet for the new tills, which no OSPF network statement covers: the DC
and br62 never learn it, and their floating 10/8 discard routes drop the replies."""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.facts import Device
from dmvpngen.routes import compute
from dmvpngen.routes.flows import lan_ports, lan_traces
from dmvpngen.routes.lansecondary import lan_destinations

from .edited import edited_devices

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
FIXTURE = FIXTURES / "secondary-overflow-subnet"
TILLS = "br61/GigabitEthernet0/1 secondary 10.161.0.0/24"
COVER = (
    "br61",
    " network 10.61.0.0 0.0.0.255 area 0\n",
    " network 10.61.0.0 0.0.0.255 area 0\n network 10.161.0.0 0.0.0.255 area 0\n",
)


def _devices(edit: list[tuple[str, str, str]] | None = None) -> list[Device]:
    return edited_devices(FIXTURE, edit)


def test_secondary_subnet_is_a_flow_destination() -> None:
    net = compute(_devices())
    traces = lan_traces(net)
    keys = {dst for _rep, dst in traces}
    assert keys == {
        "br61/GigabitEthernet0/1",
        TILLS,
        "br62/GigabitEthernet0/1",
        "hub/GigabitEthernet0/1",
    }
    flows = [f for (_rep, dst), f in traces.items() if dst == TILLS]
    assert {f.trace.address for f in flows} == {IPv4Address("10.161.0.1")}
    # from the hub's class and br62's: dropped by the floating pins; br61 itself is left out
    assert sorted(s for f in flows for s in f.sources) == ["br62", "hub"]
    assert {f.trace.outcome for f in flows} == {"dropped"}


def test_fixture_findings_and_hint() -> None:
    found = [f for f in check_devices(_devices()).findings if f.code == "NET063"]
    assert sorted((f.device, f.line) for f in found) == [("br62", 26), ("hub", 26)]
    hub = next(f for f in found if f.device == "hub")
    assert hub.message.startswith(
        "10.161.0.1 (br61 GigabitEthernet0/1 secondary 10.161.0.0/24) from hub matches "
        "10.0.0.0/8 -> Null0, ip route (fix: advertise 10.161.0.1's prefix to hub: its "
        "floating discard route (distance 254) only decides when no route is learned)"
    )


def test_network_statement_for_the_secondary_clears_it() -> None:
    result = check_devices(_devices([COVER]))
    assert not [f for f in result.findings if f.code in {"NET063", "NET064"}]
    assert result.routing["lan_flows"] == {"delivered": 8}


def test_primary_keys_unchanged_without_secondaries() -> None:
    net = compute(_devices([("br61", " ip address 10.161.0.1 255.255.255.0 secondary\n", "")]))
    lans = lan_ports(net)
    assert [key for _p, _a, key in lan_destinations(lans)] == [f"{p.router}/{p.name}" for p in lans]
    assert [a for _p, a, _k in lan_destinations(lans)] == [p.ip for p in lans]


def test_each_secondary_subnet_is_its_own_destination() -> None:
    extra = (
        "br61",
        " ip address 10.161.0.1 255.255.255.0 secondary\n",
        " ip address 10.161.0.1 255.255.255.0 secondary\n"
        " ip address 10.161.1.1 255.255.255.128 secondary\n",
    )
    keys = [k for _p, _a, k in lan_destinations(lan_ports(compute(_devices([extra]))))]
    assert keys.count(TILLS) == 1
    assert "br61/GigabitEthernet0/1 secondary 10.161.1.0/25" in keys


def test_further_address_in_a_listed_subnet_adds_nothing() -> None:
    # an IPv6 view's LAN may hold two addresses of one prefix: one destination
    from ipaddress import IPv6Interface

    from dmvpngen.routes.topology import Port

    lan = Port(
        "br61",
        "GigabitEthernet0/1",
        IPv6Interface("2001:db8:61::1/64"),  # type: ignore[arg-type]
        "",
        5,
        1000000,
        10,
        extra=(IPv6Interface("2001:db8:61::2/64"), IPv6Interface("2001:db8:161::1/64")),  # type: ignore[arg-type]
    )
    assert [k for _p, _a, k in lan_destinations([lan])] == [
        "br61/GigabitEthernet0/1",
        "br61/GigabitEthernet0/1 secondary 2001:db8:161::/64",
    ]
