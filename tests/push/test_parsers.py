"""Parsers on real router output (tests/push/data, sources in SOURCES.tsv) and on the
simulated router's output (which must parse the same way)."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.push.parsers import (
    parse_bgp_summary,
    parse_dmvpn,
    parse_eigrp_neighbors,
    parse_ikev2_sa,
    parse_isakmp_sa,
    parse_nhs_detail,
    parse_ospf_neighbors,
)

DATA = Path(__file__).parent / "data"


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_show_dmvpn_real_spoke_capture() -> None:
    peers = parse_dmvpn(read("show_dmvpn_spoke.txt"))
    assert [(p.nbma, p.tunnel, p.state, p.up) for p in peers] == [
        ("10.200.0.3", "10.253.0.1", "UP", True),
        ("10.202.0.170", "10.253.0.2", "NHRP", False),
    ]


def test_nhs_detail_real_capture_flags_per_tunnel() -> None:
    entries = parse_nhs_detail(read("show_ip_nhrp_nhs_detail.txt"))
    assert [(e.interface, e.address, e.responding) for e in entries] == [
        ("Tunnel0", "111.0.0.100", False),
        ("Tunnel100", "100.0.0.100", True),
        ("Tunnel100", "172.16.0.1", False),
        ("Tunnel111", "111.0.0.100", False),
    ]


def test_ikev2_sa_real_captures() -> None:
    one = parse_ikev2_sa(read("show_crypto_ikev2_sa.txt"))
    assert [(s.local, s.remote, s.up) for s in one] == [("66.66.66.1", "66.66.66.2", True)]
    two = parse_ikev2_sa(read("show_crypto_ikev2_sa_two.txt"))
    assert [s.remote for s in two] == ["52.175.253.112", "52.175.250.191"]
    assert all(s.up for s in two)


def test_isakmp_sa_real_capture_deleted_sa_is_not_up() -> None:
    sas = parse_isakmp_sa(read("show_crypto_isakmp_sa.txt"))
    assert [(s.remote, s.up) for s in sas] == [
        ("100.13.220.2", True),
        ("100.12.82.2", False),
        ("100.11.106.2", True),
    ]


def test_eigrp_neighbors_real_capture() -> None:
    assert parse_eigrp_neighbors(read("show_ip_eigrp_neighbors.txt")) == {
        "192.168.1.2": "Gi0/0",
        "192.168.2.2": "Gi0/1",
    }


def test_ospf_and_bgp_layouts() -> None:
    ospf = """
Neighbor ID     Pri   State           Dead Time   Address         Interface
10.255.0.11       0   FULL/  -        00:00:35    10.0.0.11       Tunnel0
10.255.0.12       0   INIT/  -        00:00:31    10.0.0.12       Tunnel0
"""
    states = parse_ospf_neighbors(ospf)
    assert states["10.0.0.11"].startswith("FULL")
    assert states["10.0.0.12"].startswith("INIT")
    bgp = """BGP router identifier 10.255.0.1, local AS number 65000
BGP table version is 5, main routing table version 5

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
*10.0.0.11      4        65000      10      12        5    0    0 00:03:10        2
10.0.0.12       4        65000       0       0        1    0    0 never    Idle
"""
    assert parse_bgp_summary(bgp) == {"10.0.0.11": "2", "10.0.0.12": "Idle"}


def test_empty_outputs_give_nothing() -> None:
    assert parse_nhs_detail("") == []
    assert parse_ikev2_sa(" IPv4 Crypto IKEv2  SA \n\n IPv6 Crypto IKEv2  SA \n") == []
    assert parse_isakmp_sa("IPv4 Crypto ISAKMP SA\ndst src state conn-id status\n") == []


def test_unrecognised_output_yields_no_rows() -> None:
    assert parse_dmvpn("% Invalid input detected at '^' marker.") == []
