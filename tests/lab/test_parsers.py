"""Parsers of the verification show commands, on real captures (see data/show/SOURCES.md)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpngen.lab.parsers import (
    invalid_command,
    parse_dmvpn,
    parse_nhrp,
    parse_ping,
    parse_routes,
    parse_traceroute,
)
from tests.lab.helpers import DATA

SHOW = DATA / "show"


def _read(name: str) -> str:
    return (SHOW / name).read_text(encoding="utf-8")


def test_show_dmvpn_ntc_capture() -> None:
    peers = parse_dmvpn(_read("show_dmvpn_ntc.raw"))
    assert [(p.interface, str(p.nbma), str(p.tunnel), p.state, p.attributes) for p in peers] == [
        ("Tunnel100", "10.200.0.3", "10.253.0.1", "UP", "S"),
        ("Tunnel100", "10.202.0.170", "10.253.0.2", "NHRP", "S"),
    ]


def test_show_dmvpn_dynamic_spoke_peer() -> None:
    peers = parse_dmvpn(_read("show_dmvpn_dt2_report.raw"))
    assert [(str(p.tunnel), p.state, p.attributes) for p in peers] == [
        ("172.16.48.1", "UP", "S"),
        ("172.16.48.4", "UP", "DT2"),
    ]


def test_show_dmvpn_multi_entry_continuation_rows() -> None:
    # Layout of a peer with two NHRP entries (second row has no "# Ent" and NBMA columns),
    # as IOS prints it for a spoke-to-spoke peer with its LAN entry.
    text = _read("show_dmvpn_dt2_report.raw").replace(
        "     1 10.136.51.2         172.16.48.4    UP 00:02:37   DT2",
        "     2 10.136.51.2         172.16.48.4    UP 00:02:37   DT1\n"
        "                           172.16.48.4    UP 00:02:37   DT2",
    )
    peers = parse_dmvpn(text)
    assert [(str(p.nbma), p.attributes) for p in peers][1:] == [
        ("10.136.51.2", "DT1"),
        ("10.136.51.2", "DT2"),
    ]


def test_show_ip_nhrp_phase3_entries() -> None:
    entries = parse_nhrp(_read("show_ip_nhrp_phase3_notes.raw"))
    assert len(entries) == 5
    spoke = entries[1]
    assert spoke.prefix == IPv4Network("172.16.1.2/32") and spoke.via == IPv4Address("172.16.1.2")
    assert spoke.type == "dynamic" and spoke.flags == ("router", "nhop", "rib")
    assert spoke.nbma == IPv4Address("202.100.3.1") and spoke.interface == "Tunnel0"
    assert entries[2].type == "static"
    lan = entries[4]
    assert lan.prefix == IPv4Network("192.168.3.0/24") and "rib" in lan.flags


def test_show_ip_nhrp_and_shortcut_with_nho() -> None:
    nhrp = parse_nhrp(_read("show_ip_nhrp_nho_report.raw"))
    assert [(e.type, "nho" in e.flags) for e in nhrp] == [("static", False), ("dynamic", True)]
    shortcut = parse_nhrp(_read("show_ip_nhrp_shortcut_report.raw"))
    assert [str(e.prefix) for e in shortcut] == ["172.16.48.4/32", "192.168.3.0/24"]
    assert all(e.via == IPv4Address("172.16.48.4") for e in shortcut)


def test_ping() -> None:
    ok = parse_ping(_read("ping_source_ntc.raw"))
    assert (ok.sent, ok.received, ok.ok) == (4, 4, True)
    bad = parse_ping(_read("ping_source_fail_ntc.raw"))
    assert (bad.sent, bad.received, bad.ok) == (4, 0, False)
    assert not parse_ping("% Invalid source interface - Interface not found").ok


def test_traceroute_before_and_after_shortcut() -> None:
    before = parse_traceroute(_read("traceroute_via_hub_notes.raw"))
    assert [[str(a) for a in h.addresses] for h in before] == [["172.16.1.100"], ["172.16.1.2"]]
    after = parse_traceroute(_read("traceroute_direct_notes.raw"))
    assert [(h.number, [str(a) for a in h.addresses]) for h in after] == [(1, ["172.16.1.2"])]


def test_traceroute_ecmp_continuation_lines() -> None:
    hops = parse_traceroute(_read("traceroute_ntc_1.raw"))
    assert [h.number for h in hops] == [1, 2]
    assert {str(a) for a in hops[0].addresses} == {"10.180.133.121", "10.180.133.125"}
    assert [str(a) for a in hops[1].addresses] == ["10.180.133.177"]


def test_routes_next_hop_override() -> None:
    routes = parse_routes(_read("show_ip_route_ospf_nho_notes.raw"))
    assert [(str(r.prefix), r.next_hop_override) for r in routes] == [
        ("172.16.1.1/32", True),
        ("172.16.1.100/32", False),
        ("192.168.1.0/24", False),
        ("192.168.2.0/24", True),
    ]
    nho = parse_routes(_read("show_ip_route_nho_vyosdoc.raw"))
    assert [(r.codes, str(r.prefix), r.next_hop_override) for r in nho] == [
        ("O", "192.168.12.0/24", True)
    ]


def test_invalid_command() -> None:
    assert invalid_command("                ^\n% Invalid input detected at '^' marker.\n")
    assert not invalid_command(_read("show_ip_nhrp_shortcut_report.raw"))


def test_ike_sas_v2_and_v1() -> None:
    from dmvpngen.lab.parsers import parse_ike_sas

    v2 = parse_ike_sas(_read("show_crypto_ikev2_sa_azuredoc.raw"))
    assert [(sa.peer, sa.up) for sa in v2] == [
        ("52.175.253.112/4500", True),
        ("52.175.250.191/4500", True),
    ]
    v1 = parse_ike_sas(_read("show_crypto_isakmp_sa_vyosdoc.raw"))
    assert [sa.peer for sa in v1] == [
        "10.0.0.2-10.0.11.2",
        "10.0.11.2-10.0.12.2",
        "10.0.1.2-10.0.11.2",
    ]
    assert all(sa.up for sa in v1)
    assert parse_ike_sas(" IPv4 Crypto IKEv2  SA\n") == []


def test_routing_neighbors() -> None:
    from dmvpngen.lab.parsers import parse_neighbors

    eigrp = parse_neighbors("eigrp", _read("show_ip_eigrp_neighbors_ntc.raw"))
    assert [(str(n.address), n.interface, n.up) for n in eigrp] == [
        ("192.168.1.2", "Gi0/0", True),
        ("192.168.2.2", "Gi0/1", True),
    ]
    ospf = parse_neighbors("ospf", _read("show_ip_ospf_neighbor_ntc.raw"))
    assert len(ospf) == 4 and all(n.up for n in ospf)
    assert ospf[0].interface == "GigabitEthernet0/2.101"
    two_way = "10.0.0.9        0   2WAY/DROTHER    00:00:35    10.255.0.12     Tunnel100\n"
    assert not parse_neighbors("ospf", two_way)[0].up
    bgp = parse_neighbors("bgp", _read("show_ip_bgp_summary_ntc.raw"))
    assert len(bgp) == 10
    assert [str(n.address) for n in bgp if not n.up] == ["10.0.0.10"]  # Idle (Admin)
    dynamic = (
        "*10.255.0.11     4        65000      12      14        5    0    0 00:05:01        2\n"
    )
    assert parse_neighbors("bgp", dynamic)[0].up


def test_pim_neighbors() -> None:
    from dmvpngen.lab.parsers import parse_pim_neighbors

    found = parse_pim_neighbors(_read("show_ip_pim_neighbor_genie.raw"))
    assert [(str(n.address), n.interface) for n in found] == [
        ("192.168.4.1", "Port-channel1.100"),
        ("192.168.205.2", "GigabitEthernet0/2/3.100"),
    ]
    assert parse_pim_neighbors("PIM Neighbor Table\n") == []
