"""Secondary IPv4 addresses and further global IPv6 addresses: connected subnets of the
router, addresses it owns, advertised by an IGP whose network statements cover them (EIGRP,
OSPF in the interface's area; every prefix of an interface in the IPv6 view), no adjacency
over them (tests/check/routes_fixtures/secondary-subnet-not-advertised)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, IPv6Network
from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_view

from .edited import edited_devices

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "secondary-subnet-not-advertised"
SYSLOG = IPv4Address("10.10.8.20")
WIDE = ("dc", " network 10.10.0.0 0.0.0.255", " network 10.10.0.0 0.0.255.255")


def _devices(edit: list[tuple[str, str, str]] | None = None) -> list[Device]:
    return edited_devices(FIXTURE, edit)


def test_secondary_subnet_is_connected_and_owned() -> None:
    net = compute(_devices())
    route = net.ribs["dc"].lookup("", SYSLOG)
    assert route is not None and route.protocol == "connected"
    assert route.why == "connected GigabitEthernet2 (secondary)"
    assert [p.router for p in net.topo.owners[IPv4Address("10.10.8.1")]] == ["dc"]
    # not covered by a network statement: the kiosks never learn it
    kiosk = net.ribs["kiosk5"].lookup("", SYSLOG)
    assert kiosk is not None and kiosk.protocol == "static"


def test_network_statement_covering_the_secondary_advertises_it() -> None:
    net = compute(_devices([WIDE]))
    route = net.ribs["kiosk5"].lookup("", SYSLOG)
    assert route is not None and (route.protocol, route.via) == ("eigrp", "dc")
    assert str(route.prefix) == "10.10.8.0/24"
    found = check_devices(_devices([WIDE])).findings
    assert not [f for f in found if f.code == "NET061"]


def test_ospf_advertises_secondaries_in_the_interface_area() -> None:
    # OSPF beside the EIGRP process (renumbered 99, its network statements still missing the
    # secondary): OSPF's statement covers it, in the interface's area
    ospf = [
        (
            "dc",
            "router eigrp 10\n",
            "router ospf 1\n network 10.10.0.0 0.0.255.255 area 0\n"
            " network 172.30.0.0 0.0.0.255 area 0\nrouter eigrp 99\n",
        ),
    ] + [
        (
            k,
            "router eigrp 10\n",
            "router ospf 1\n network 0.0.0.0 255.255.255.255 area 0\nrouter eigrp 99\n",
        )
        for k in ("kiosk5", "kiosk6")
    ]
    p2mp = [
        (
            k,
            " ip nhrp network-id 30\n",
            " ip ospf network point-to-multipoint\n ip nhrp network-id 30\n",
        )
        for k in ("dc", "kiosk5", "kiosk6")
    ]
    net = compute(_devices(ospf + p2mp))
    route = net.ribs["kiosk5"].lookup("", SYSLOG)
    assert route is not None and (route.protocol, route.via) == ("ospf", "dc")


HOST6 = """hostname {name}
ipv6 unicast-routing
interface Gi1
 ipv6 address 2001:db8:1::{n}/64
 ospfv3 1 ipv6 area 0
{extra}router ospfv3 1
 router-id 10.0.0.{n}
 address-family ipv6 unicast
 exit-address-family
end
"""


def test_second_ipv6_global_is_connected_and_advertised() -> None:
    lan = (
        "interface Gi2\n ipv6 address 2001:db8:a::1/64\n ipv6 address 2001:db8:b::1/64\n"
        " ospfv3 1 ipv6 area 0\n"
    )
    views = [
        ipv6_view(parse_config(HOST6.format(name="r1", n=1, extra=lan), "r1.cfg")),
        ipv6_view(parse_config(HOST6.format(name="r2", n=2, extra=""), "r2.cfg")),
    ]
    net = compute([v for v in views if v is not None])
    mine = net.ribs["r1"].lookup("", IPv6Address("2001:db8:b::20"))  # type: ignore[arg-type]
    assert mine is not None and mine.protocol == "connected"
    far = net.ribs["r2"].lookup("", IPv6Address("2001:db8:b::20"))  # type: ignore[arg-type]
    assert (
        far is not None and far.protocol == "ospf" and far.prefix == IPv6Network("2001:db8:b::/64")
    )
