"""A service address that no router of the network has on a LAN or a route to: dropped by a
summary's, an area range's or an aggregate's discard route, the fix is the address (or where
the service sits), not teaching the summarising router a route nobody can advertise.

Each case edits a hand-written fixture network (one line changed or added) so the service
address falls inside the discard route and on no router's subnet or static route."""

from __future__ import annotations

import shutil
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.pipeline import load_and_validate
from dmvpngen.validate.routed import check_routing

from .edited import Edits, edited_copy

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
INVENTORIES = Path(__file__).resolve().parents[2] / "inventories"


def _unowned(address: str) -> str:
    return (
        f"no router of the network has {address} on a LAN or a route to it: put the service "
        "on a site LAN, or correct the address"
    )


def _hints(fixture: str, tmp_path: Path, edits: Edits) -> dict[tuple[str, str], str]:
    """(router, message start) -> hint of every NET060 of the edited fixture."""
    result = check_paths([str(edited_copy(FIXTURES / fixture, tmp_path, edits))])
    out = {}
    for f in result.findings:
        if f.code == "NET060":
            msg, _, hint = f.message.partition(" (fix: ")
            out[(f.device, msg.split(" matches ")[0])] = hint.split(")")[0]
    return out


def _ntp(address: str) -> list[tuple[str, str]]:
    return [("\nend", f"\nntp server {address}\nend")]


def test_eigrp_summary_over_an_unowned_ipv4_address(tmp_path: Path) -> None:
    """Both hubs summarise 10/8 to the spokes and point NTP at 10.99.0.5, on no LAN."""
    moved = [("ntp server 10.10.0.5", "ntp server 10.99.0.5")]
    hints = _hints("eigrp-summary-blackhole", tmp_path, {"dc1": moved, "dc2": moved})
    assert hints == {
        ("dc1", "10.99.0.5 (ntp server)"): _unowned("10.99.0.5"),
        ("dc2", "10.99.0.5 (ntp server)"): _unowned("10.99.0.5"),
    }


def test_an_owned_address_keeps_the_learn_it_hint(tmp_path: Path) -> None:
    """dc2's NTP server is on dc1's LAN: dc2 must learn it (the fixture as written)."""
    hints = _hints("eigrp-summary-blackhole", tmp_path, {})
    assert hints[("dc2", "10.10.0.5 (ntp server)")].startswith(
        "dc2 must learn 10.10.0.5 more specifically than its summary"
    )


def test_a_static_route_to_the_address_counts_as_owning_it(tmp_path: Path) -> None:
    """dc1 reaches 10.99.0.0/24 by a static route to a firewall on its server LAN: dc2 could
    learn it (dc1 redistributing the static), so the hint stays."""
    moved = [("ntp server 10.10.0.5", "ntp server 10.99.0.5")]
    static = [
        ("ip route 0.0.0.0", "ip route 10.99.0.0 255.255.255.0 10.10.0.254\nip route 0.0.0.0")
    ]
    hints = _hints("eigrp-summary-blackhole", tmp_path, {"dc1": moved + static, "dc2": moved})
    assert hints[("dc2", "10.99.0.5 (ntp server)")].startswith("dc2 must learn 10.99.0.5")
    assert ("dc1", "10.99.0.5 (ntp server)") not in hints  # dc1 itself routes it


def test_a_secondary_subnet_counts_as_owning_it(tmp_path: Path) -> None:
    """dc1's server LAN also carries 10.99.0.0/24 as a secondary subnet: the address has a
    LAN, so dc2 is told to learn it."""
    moved = [("ntp server 10.10.0.5", "ntp server 10.99.0.5")]
    lan = [
        (
            " ip address 10.10.0.1 255.255.255.0\n",
            " ip address 10.10.0.1 255.255.255.0\n ip address 10.99.0.1 255.255.255.0 secondary\n",
        )
    ]
    hints = _hints("eigrp-summary-blackhole", tmp_path, {"dc1": moved + lan, "dc2": moved})
    assert hints[("dc2", "10.99.0.5 (ntp server)")].startswith("dc2 must learn 10.99.0.5")


def test_an_open_edge_could_feed_the_route(tmp_path: Path) -> None:
    """dc1 runs EIGRP on its server LAN, where no checked router is: a router outside the set
    may advertise 10.99.0.0/24 there, so nothing is claimed about the address (and dc1's own
    flow is not asserted at all)."""
    moved = [("ntp server 10.10.0.5", "ntp server 10.99.0.5")]
    open_lan = [(" passive-interface Gi0/1\n", "")]
    hints = _hints("eigrp-summary-blackhole", tmp_path, {"dc1": moved + open_lan, "dc2": moved})
    assert hints == {
        ("dc2", "10.99.0.5 (ntp server)"): (
            "dc2 must learn 10.99.0.5 more specifically than its summary: peer the hubs "
            "unsummarised over an interconnect, or narrow the summary"
        )
    }


def test_bgp_aggregate_over_an_unowned_ipv4_address(tmp_path: Path) -> None:
    """dr's syslog host 10.7.0.20 sits in its aggregate 10/8 and on no router's LAN."""
    hints = _hints(
        "bgp-aggregate-no-ibgp",
        tmp_path,
        {"dr": [("logging host 10.1.0.20", "logging host 10.7.0.20")]},
    )
    assert hints == {("dr", "10.7.0.20 (syslog host)"): _unowned("10.7.0.20")}


def test_a_bgp_neighbour_outside_the_set_could_feed_the_route(tmp_path: Path) -> None:
    """dr also peers with 198.51.100.1, which no checked router is: that peer may announce
    10.7.0.0/24, so dr is told to learn it as before."""
    edits = {
        "dr": [
            ("logging host 10.1.0.20", "logging host 10.7.0.20"),
            (
                " neighbor BRANCHES remote-as 65010\n",
                " neighbor BRANCHES remote-as 65010\n neighbor 198.51.100.1 remote-as 65099\n",
            ),
        ]
    }
    hints = _hints("bgp-aggregate-no-ibgp", tmp_path, edits)
    assert hints[("dr", "10.7.0.20 (syslog host)")].startswith(
        "dr must learn 10.7.0.20 more specifically than its aggregate"
    )


def test_ospf_area_range_over_an_unowned_ipv4_address(tmp_path: Path) -> None:
    """The hub's 'area 10 range 172.16.0.0 255.255.0.0' covers its NTP server 172.16.99.5,
    which no spoke has."""
    hints = _hints("ospf-totally-stubby-breakout", tmp_path, {"hub": _ntp("172.16.99.5")})
    assert hints == {("hub", "172.16.99.5 (ntp server)"): _unowned("172.16.99.5")}


def test_ipv6_aggregate_over_an_unowned_address(tmp_path: Path) -> None:
    """br41's NTP server 2001:db8:7f::10 falls into both hubs' 2001:db8::/32 aggregates;
    br42's, on hub2's LAN, is one hub1 must learn (the hubs have no IPv6 session)."""
    edits = {"br41": _ntp("2001:DB8:7F::10"), "hub1": _ntp("2001:DB8:2::10")}
    hints = _hints("v6-bgp-aggregate-no-ibgp", tmp_path, edits)
    assert hints[("br41", "IPv6 2001:db8:7f::10 (ntp server)")] == _unowned("2001:db8:7f::10")
    assert hints[("hub1", "IPv6 2001:db8:2::10 (ntp server)")].startswith(
        "hub1 must learn 2001:db8:2::10 more specifically than its aggregate"
    )


def test_ipv6_eigrp_summary_over_an_unowned_address(tmp_path: Path) -> None:
    hints = _hints("v6-eigrp-summary-blackhole", tmp_path, {"dc1": _ntp("2001:DB8:7F::10")})
    assert hints == {("dc1", "IPv6 2001:db8:7f::10 (ntp server)"): _unowned("2001:db8:7f::10")}


def test_validate_locates_the_unowned_ntp_server(tmp_path: Path) -> None:
    """The shipped IPv6-only example with its NTP server moved off the head-office LAN (into
    the hubs' aggregate, onto no LAN): validate names the inventory line and the address."""
    source = INVENTORIES / "phase3-ipv6-only-ibgp-ipv6-transport.yml"
    text = source.read_text()
    old, new = "ntp_servers: [2001:db8:1::10]", "ntp_servers: [2001:db8:7f::10]"
    assert old in text
    (tmp_path / "net.yml").write_text(text.replace(old, new))
    shutil.copy(INVENTORIES / "demo.secrets.yaml", tmp_path)
    loaded, secrets, _warnings = load_and_validate(tmp_path / "net.yml")
    problems = check_routing(loaded, secrets)
    assert len(problems) == 4  # each of the four routers points its NTP at it
    assert {p.hint for p in problems} == {_unowned("2001:db8:7f::10")}
    assert {p.path for p in problems} == {("management", "ntp_servers")}
    assert {p.line for p in problems} == {loaded.locator.line_of(("management", "ntp_servers"))}
