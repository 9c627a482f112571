"""IPv6 redistribution of an IGP leaves out the connected prefixes of the interfaces that IGP
runs on unless the line says ``include-connected``; IPv4 redistribution always takes them
(Cisco IOS IPv6 Command Reference, ``redistribute (IPv6)``, ``include-connected``: "Allows
the target protocol to redistribute routes learned by the source protocol and connected
prefixes on those interfaces over which the source protocol is running"; docs/check.md,
*IPv6 redistribution and include-connected*).

Three dual-stack routers in a row: ``inner`` and ``asbr`` share link 1 (10.1.0.0/24,
2001:db8:1::/64) in a source IGP, ``inner`` has its LAN 2 (10.2.0.0/24, 2001:db8:2::/64) in
it as well, and ``asbr`` redistributes the source IGP into a target protocol it runs with
``peer`` on link 3. ``peer`` always hears LAN 2 (a route the source IGP learned); it hears
link 1 (a connected prefix of ``asbr``) in IPv4 always, in IPv6 only with
``include-connected``. Each IPv6 redistribution point the model reads is taken once: BGP's
``address-family ipv6``, named EIGRP's IPv6 family, the traditional ``ipv6 router eigrp``,
``router ospfv3``'s family and the traditional ``ipv6 router ospf``, with OSPFv3, the
traditional ``ipv6 router ospf``, named EIGRP and the traditional ``ipv6 router eigrp`` as
sources."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from typing import Any

import pytest

from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_views

LINK1 = IPv6Address("2001:db8:1::9")
LAN2 = IPv6Address("2001:db8:2::9")

# the source IGP: (interface line, process text for inner, process text for asbr with the
# redistribution point's own lines left to the target). '{rid}' is the router id; asbr's
# process shuts (or does not enable) link 3, so only link 1 runs the source IGP there.
SOURCES: dict[str, tuple[str, str, str]] = {
    "ospfv3": (
        " ospfv3 1 ipv6 area 0\n",
        "router ospfv3 1\n router-id {rid}\n address-family ipv6 unicast\n exit-address-family\n",
        "router ospfv3 1\n router-id {rid}\n address-family ipv6 unicast\n exit-address-family\n",
    ),
    "ospf6": (
        " ipv6 ospf 1 area 0\n",
        "ipv6 router ospf 1\n router-id {rid}\n",
        "ipv6 router ospf 1\n router-id {rid}\n",
    ),
    "eigrp": (
        "",
        "router eigrp SRC\n address-family ipv6 unicast autonomous-system 10\n"
        "  eigrp router-id {rid}\n exit-address-family\n",
        "router eigrp SRC\n address-family ipv6 unicast autonomous-system 10\n"
        "  eigrp router-id {rid}\n  af-interface Gi3\n   shutdown\n  exit-af-interface\n"
        " exit-address-family\n",
    ),
    "eigrp6": (
        " ipv6 eigrp 10\n",
        "ipv6 router eigrp 10\n eigrp router-id {rid}\n no shutdown\n",
        "ipv6 router eigrp 10\n eigrp router-id {rid}\n no shutdown\n",
    ),
}

# what the redistribute line names for each source
NAMED = {"ospfv3": "ospf 1", "ospf6": "ospf 1", "eigrp": "eigrp 10", "eigrp6": "eigrp 10"}

# the target: (asbr's link 3 interface line, asbr's process with '{redistribute}', peer's link 3
# interface line, peer's process)
TARGETS: dict[str, tuple[str, str, str, str]] = {
    "bgp": (
        "",
        "router bgp 65001\n bgp router-id 10.255.0.2\n no bgp default ipv4-unicast\n"
        " neighbor 2001:DB8:3::2 remote-as 65002\n address-family ipv6\n"
        "  {redistribute}\n  neighbor 2001:DB8:3::2 activate\n exit-address-family\n",
        "",
        "router bgp 65002\n bgp router-id 10.255.0.3\n no bgp default ipv4-unicast\n"
        " neighbor 2001:DB8:3::1 remote-as 65001\n address-family ipv6\n"
        "  neighbor 2001:DB8:3::1 activate\n exit-address-family\n",
    ),
    "eigrp": (
        "",
        "router eigrp TGT\n address-family ipv6 unicast autonomous-system 20\n"
        "  eigrp router-id 10.255.0.2\n  af-interface Gi1\n   shutdown\n  exit-af-interface\n"
        "  topology base\n   {redistribute} metric 100000 100 255 1 1500\n"
        "  exit-af-topology\n exit-address-family\n",
        "",
        "router eigrp TGT\n address-family ipv6 unicast autonomous-system 20\n"
        "  eigrp router-id 10.255.0.3\n exit-address-family\n",
    ),
    "eigrp6": (
        " ipv6 eigrp 20\n",
        "ipv6 router eigrp 20\n eigrp router-id 10.255.0.2\n no shutdown\n"
        " {redistribute} metric 100000 100 255 1 1500\n",
        " ipv6 eigrp 20\n",
        "ipv6 router eigrp 20\n eigrp router-id 10.255.0.3\n no shutdown\n",
    ),
    "ospfv3": (
        " ospfv3 2 ipv6 area 0\n",
        "router ospfv3 2\n router-id 10.255.0.2\n address-family ipv6 unicast\n"
        "  {redistribute}\n exit-address-family\n",
        " ospfv3 2 ipv6 area 0\n",
        "router ospfv3 2\n router-id 10.255.0.3\n address-family ipv6 unicast\n"
        " exit-address-family\n",
    ),
    "ospf6": (
        " ipv6 ospf 2 area 0\n",
        "ipv6 router ospf 2\n router-id 10.255.0.2\n {redistribute}\n",
        " ipv6 ospf 2 area 0\n",
        "ipv6 router ospf 2\n router-id 10.255.0.3\n",
    ),
}


def _configs(source: str, target: str, keyword: str) -> list[str]:
    src_if, src_inner, src_asbr = SOURCES[source]
    tgt_if, tgt_asbr, peer_if, tgt_peer = TARGETS[target]
    line = f"redistribute {NAMED[source]}{keyword}"
    inner = (
        "hostname inner\nipv6 unicast-routing\n"
        "interface Gi1\n ip address 10.1.0.2 255.255.255.0\n ipv6 address 2001:DB8:1::2/64\n"
        f"{src_if}"
        "interface Gi2\n ip address 10.2.0.1 255.255.255.0\n ipv6 address 2001:DB8:2::1/64\n"
        f"{src_if}" + src_inner.format(rid="10.255.0.1")
    )
    asbr = (
        "hostname asbr\nipv6 unicast-routing\n"
        "interface Gi1\n ip address 10.1.0.1 255.255.255.0\n ipv6 address 2001:DB8:1::1/64\n"
        f"{src_if}"
        "interface Gi3\n ip address 10.3.0.1 255.255.255.0\n ipv6 address 2001:DB8:3::1/64\n"
        f"{tgt_if}" + src_asbr.format(rid="10.255.0.2") + tgt_asbr.format(redistribute=line)
    )
    peer = (
        "hostname peer\nipv6 unicast-routing\n"
        "interface Gi3\n ip address 10.3.0.2 255.255.255.0\n ipv6 address 2001:DB8:3::2/64\n"
        f"{peer_if}" + tgt_peer
    )
    return [inner, asbr, peer]


def _at_peer(source: str, target: str, keyword: str, address: IPv6Address) -> Any:
    texts = _configs(source, target, keyword)
    devices = [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]
    return compute(ipv6_views(devices)).ribs["peer"].lookup("", address)


CASES = [
    ("ospfv3", "bgp"),
    ("ospf6", "eigrp"),
    ("eigrp", "ospfv3"),
    ("eigrp6", "ospf6"),
    ("ospfv3", "eigrp6"),
]


@pytest.mark.parametrize(("source", "target"), CASES)
def test_connected_prefixes_only_with_include_connected(source: str, target: str) -> None:
    # the source IGP's own route is redistributed either way (the set-up works)
    for keyword in ("", " include-connected"):
        learned = _at_peer(source, target, keyword, LAN2)
        assert learned is not None and learned.via == "asbr", (keyword, learned)
    assert _at_peer(source, target, "", LINK1) is None
    taken = _at_peer(source, target, " include-connected", LINK1)
    assert taken is not None and taken.via == "asbr"


# the IPv4 twin of the BGP case: OSPF into BGP takes link 1 without any keyword
IPV4_INNER = """hostname inner
interface Gi1
 ip address 10.1.0.2 255.255.255.0
interface Gi2
 ip address 10.2.0.1 255.255.255.0
router ospf 1
 network 10.1.0.0 0.0.0.255 area 0
 network 10.2.0.0 0.0.0.255 area 0
"""
IPV4_ASBR = """hostname asbr
interface Gi1
 ip address 10.1.0.1 255.255.255.0
interface Gi3
 ip address 10.3.0.1 255.255.255.0
router ospf 1
 network 10.1.0.0 0.0.0.255 area 0
router bgp 65001
 neighbor 10.3.0.2 remote-as 65002
 address-family ipv4
  redistribute ospf 1
  neighbor 10.3.0.2 activate
 exit-address-family
"""
IPV4_PEER = """hostname peer
interface Gi3
 ip address 10.3.0.2 255.255.255.0
router bgp 65002
 neighbor 10.3.0.1 remote-as 65001
"""


def test_ipv4_redistribution_takes_the_connected_prefixes_without_a_keyword() -> None:
    texts = (IPV4_INNER, IPV4_ASBR, IPV4_PEER)
    devices = [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]
    rib = compute(devices).ribs["peer"]
    for address in ("10.1.0.9", "10.2.0.9"):
        got = rib.lookup("", IPv4Address(address))
        assert got is not None and got.via == "asbr", address


def test_real_set_redistributes_no_ospfv3_interface_prefix_into_bgp() -> None:
    """jc-fullab-USA: USA-1 has ``redistribute ospf 6 match internal external 1 external 2``
    in its IPv6 BGP family, without ``include-connected``; its OSPFv3 process learns nothing
    (no OSPFv3 neighbour in the set), so the IPv6 BGP table stays empty, while the prefixes
    of its OSPFv3 interfaces stay in its RIB as connected routes."""
    folder = Path(__file__).resolve().parent / "corpus" / "jc-fullab-USA"
    net = compute(ipv6_views([parse_file(p) for p in sorted(folder.glob("*.cfg"))]))
    assert net.tables[("USA-1", "bgp", 65556, "")] == {}
    lan = net.ribs["USA-1"].lookup("", IPv6Address("fc00:55:55:55::9"))
    assert lan is not None and lan.protocol == "connected"
