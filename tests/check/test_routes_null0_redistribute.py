"""Static routes to Null0 are redistributed like any other static: the usual way to originate
a summary into BGP, OSPF or EIGRP (fixture ``null0-summary-into-bgp``)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

import pytest

from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.routes import compute
from tests.check.edited import edited_copy

CASE = Path(__file__).resolve().parent / "routes_fixtures" / "null0-summary-into-bgp"
EIGHT = IPv4Network("10.0.0.0/8")


def _net(folder: Path):  # type: ignore[no-untyped-def]
    return compute([parse_file(p) for p in sorted(folder.glob("*.cfg"))])


def test_branch_reaches_the_dc_through_the_redistributed_summary() -> None:
    net = _net(CASE)
    route = net.ribs["br1"].lookup("", IPv4Address("10.20.5.10"))
    assert route is not None and route.protocol == "ibgp" and route.via == "dc"
    assert route.prefix == IPv4Network("10.20.0.0/16")
    # the hub forwards by the longer OSPF route, not into its own Null0
    at_dc = net.ribs["dc"].lookup("", IPv4Address("10.20.5.10"))
    assert at_dc is not None and at_dc.protocol == "ospf" and at_dc.via == "core"


def test_floating_pin_is_installed_but_not_redistributed_without_the_keyword() -> None:
    net = _net(CASE)
    pin = net.ribs["br1"].tables[""][EIGHT]
    # nothing else offers 10.0.0.0/8 itself: the distance-254 pin is in the table
    assert pin.discard and pin.distance == 254
    assert EIGHT not in net.ribs["dc"].tables[""]


def test_floating_pin_leaks_once_the_branch_redistributes_static(tmp_path: Path) -> None:
    folder = edited_copy(
        CASE,
        tmp_path,
        {
            "br2": [
                (
                    "  neighbor 172.21.0.1 activate\n",
                    "  redistribute static\n  neighbor 172.21.0.1 activate\n",
                )
            ]
        },
    )
    net = _net(folder)
    leaked = net.ribs["dc"].tables[""][EIGHT]
    assert leaked.via == "br2" and leaked.protocol == "ibgp"
    # reflected to br1, where iBGP (200) beats br1's own pin (254)
    at_br1 = net.ribs["br1"].tables[""][EIGHT]
    assert at_br1.protocol == "ibgp" and at_br1.next_hop == IPv4Address("172.21.0.102")


@pytest.mark.parametrize(
    ("process", "protocol"),
    [
        ("router eigrp 1\n network 10.0.0.0\n redistribute static\n", "eigrp-ex"),
        (
            "router ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n redistribute static subnets\n",
            "ospf",
        ),
    ],
)
def test_null0_static_enters_the_igp(process: str, protocol: str) -> None:
    h1 = parse_config(
        "hostname h1\ninterface Gi1\n ip address 10.0.0.1 255.255.255.0\n"
        f"ip route 10.99.0.0 255.255.0.0 Null0\n{process}",
        "h1.cfg",
    )
    r2 = parse_config(
        "hostname r2\ninterface Gi1\n ip address 10.0.0.2 255.255.255.0\n"
        + process.split(" redistribute")[0],
        "r2.cfg",
    )
    route = compute([h1, r2]).ribs["r2"].lookup("", IPv4Address("10.99.1.1"))
    assert route is not None and route.protocol == protocol and route.via == "h1"
