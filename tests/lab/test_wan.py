"""The lab Internet on its own: several ISPs, static NAT, and the tolerant reading of richer models.

The core model has one Internet and no NAT field; designs may tag WANs with an ISP and give a
post-NAT address. Plain namespaces stand in for such richer model objects here.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from types import SimpleNamespace as Ns

from dmvpngen.lab.infra import infra_config
from dmvpngen.lab.wan import Internet
from dmvpngen.lab.wan_model import IX_NETWORK, Pool, isp_of, parse_public, wans_of


def wan(interface: str, address: str | None = None, gateway: str | None = None, **extra: object):  # type: ignore[no-untyped-def]
    return Ns(
        interface=interface,
        address=IPv4Interface(address) if address else None,
        dhcp=address is None,
        gateway=IPv4Address(gateway) if gateway else None,
        **extra,
    )


def test_two_isps_reach_each_other_through_the_exchange() -> None:
    internet = Internet(Pool([IPv4Network("10.0.0.0/8")]))
    a = wan("Gi1", "203.0.113.2/30", "203.0.113.1", isp="ISP A")
    b = wan("Gi2", "198.51.100.2/30", "198.51.100.1", transport="mpls-b")
    c = wan("Gi1", None, None, isp="ISP A")  # DHCP on ISP A
    for router, w in (("hub", a), ("hub", b), ("spoke", c)):
        internet.reserve(w)
        internet.attach(router, w)
    isps = {i.name: i for i in internet.isps()}
    assert sorted(isps) == ["isp-isp-a", "isp-mpls-b"]
    isp_a, isp_b = isps["isp-isp-a"], isps["isp-mpls-b"]
    assert [i.segment for i in isp_a.interfaces] == ["isp-isp-a-internet", "isp-isp-a-dhcp", "ix"]
    assert isp_a.interfaces[2].address == IPv4Interface("100.127.255.1/24")
    assert isp_b.interfaces[-1].address.ip in IX_NETWORK
    # ISP B routes ISP A's customer subnets (static WAN and DHCP pool) via A's exchange address
    routes_b = {(r["prefix"], r["nexthop"]) for r in isp_b.routes}
    assert ("203.0.113.0", "100.127.255.1") in routes_b
    assert ("100.64.0.0", "100.127.255.1") in routes_b
    config = infra_config(isp_a, ["Ethernet0/0", "Ethernet0/1", "Ethernet0/2"])
    assert "ip route 198.51.100.0 255.255.255.252 100.127.255.2" in config
    assert [a.segment for a in internet.attachments] == [
        "isp-isp-a-internet",
        "isp-mpls-b-internet",
        "isp-isp-a-dhcp",
    ]


def test_static_nat_to_a_public_address() -> None:
    internet = Internet(Pool([]))
    w = wan("Gi1", "192.168.10.2/24", "192.168.10.1")
    internet.reserve(w)
    internet.attach_nat("cloud-spoke", w, IPv4Address("198.18.5.5"))
    nat = internet.nats[0]
    assert nat.nat_static == [{"inside": "192.168.10.2", "public": "198.18.5.5"}]
    assert nat.nat_pat is None
    isp = internet.isps()[0]
    assert {
        "prefix": "198.18.5.5",
        "mask": "255.255.255.255",
        "nexthop": "100.64.0.2",
    } in isp.routes
    config = infra_config(nat, ["GigabitEthernet0/0", "GigabitEthernet0/1"])
    assert "ip nat inside source static 192.168.10.2 198.18.5.5" in config
    assert "ip route 0.0.0.0 0.0.0.0 100.64.0.1" in config


def test_richer_models_are_read_tolerantly() -> None:
    first, second = wan("Gi1", "203.0.113.2/30"), wan("Gi2", "198.51.100.2/30")
    assert wans_of(Ns(wan=first, wans=[first, second])) == [first, second]
    assert wans_of(Ns(wan=first, wan2=second)) == [first, second]
    assert isp_of(Ns()) == "internet"
    assert parse_public(Ns(public="198.18.0.9")) == IPv4Address("198.18.0.9")
    assert parse_public({"address": "198.18.0.9/32"}) == IPv4Address("198.18.0.9")
    assert parse_public(True) is None and parse_public(None) is None


def test_pool_skips_prefixes_in_use() -> None:
    pool = Pool([IPv4Network("100.64.0.0/23")])
    assert pool.take() == IPv4Network("100.64.2.0/24")
    assert pool.take() == IPv4Network("100.64.3.0/24")
