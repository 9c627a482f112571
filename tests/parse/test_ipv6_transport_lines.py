"""The lines an IPv6 transport adds, as the parser reads them: GRE over IPv6 keeps its GRE
mode with a transport flag, IPv6 default routes (a link-local next hop keeps its interface),
IPv6 traffic filters and IPv6 access-list entries with the verdict IKE and ESP meet."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network

from dmvpngen.parse import parse_config
from dmvpngen.parse.acl6 import acl6_verdict, parse_acl6_entry

CONFIG = """hostname spoke1
interface GigabitEthernet1
 no ip address
 ipv6 address 2001:DB8:C011::2/64
 ipv6 traffic-filter WAN-IN-V6 in
interface Tunnel1
 ip address 10.255.0.11 255.255.255.0
 ip nhrp network-id 1
 ip nhrp nhs 10.255.0.1 nbma 2001:DB8:A::2 multicast
 tunnel source GigabitEthernet1
 tunnel mode gre multipoint ipv6
interface Tunnel2
 ip address 10.254.0.11 255.255.255.0
 ip nhrp network-id 2
 tunnel source GigabitEthernet1
 tunnel destination 2001:DB8:A::2
 tunnel mode gre ipv6
ipv6 access-list WAN-IN-V6
 remark IKE and ESP
 permit udp any any eq isakmp sequence 10
 deny esp host 2001:DB8:C012::2 any
 permit esp any any
 permit udp 2001:DB8::/32 range 1000 2000 any range 400 600
 deny ipv6 any any
ipv6 route ::/0 GigabitEthernet1 FE80::1
ipv6 route vrf ISP-B ::/0 2001:DB8:B::1 name DEFAULT
ipv6 route 2001:DB8::/33 Null0 254 name OVERLAY-FAIL-CLOSED
"""


def test_gre_over_ipv6_keeps_the_gre_mode() -> None:
    dev = parse_config(CONFIG, "spoke1.cfg")
    mgre, p2p = dev.tunnels["Tunnel1"], dev.tunnels["Tunnel2"]
    assert (mgre.mode, mgre.transport_v6) == ("gre-multipoint", True)
    assert (p2p.mode, p2p.transport_v6) == ("gre-p2p", True)
    assert mgre.nhs[0].nbma == "2001:DB8:A::2"


def test_ipv6_default_routes_and_filter() -> None:
    dev = parse_config(CONFIG, "spoke1.cfg")
    assert dev.ipv6.default_routes == {"": "GigabitEthernet1 FE80::1", "ISP-B": "2001:DB8:B::1"}
    wan = dev.interface("GigabitEthernet1")
    assert wan is not None and wan.ipv6 is not None
    assert wan.ipv6.traffic_filter_in == ("WAN-IN-V6", 5)


def test_ipv6_acl_verdicts() -> None:
    dev = parse_config(CONFIG, "spoke1.cfg")
    entries = dev.ipv6.acl_entries["WAN-IN-V6"]
    assert [e.action for e in entries] == ["permit", "deny", "permit", "permit", "deny"]
    peer, me = IPv6Address("2001:db8:c012::2"), IPv6Address("2001:db8:c011::2")
    other = IPv6Address("2001:db8:c013::2")
    assert acl6_verdict(entries, "udp", 500, peer, me) == ("permit", entries[0].line)
    assert acl6_verdict(entries, "esp", None, peer, me) == ("deny", entries[1].line)
    assert acl6_verdict(entries, "esp", None, other, me) == ("permit", entries[2].line)
    # the source port range is skipped, the destination range decides
    assert acl6_verdict(entries, "udp", 500, IPv6Address("2001:db8::9"), me)[0] == "permit"
    assert acl6_verdict(entries, "udp", 4500, peer, me) == ("deny", entries[4].line)
    assert acl6_verdict([], "udp", 500, peer, me) == ("deny", None)  # the implicit deny


def test_unknown_qualifiers_never_decide() -> None:
    assert parse_acl6_entry("permit udp any any gt 1000", 1) is None
    assert parse_acl6_entry("remark anything", 2) is None
    entry = parse_acl6_entry("permit ipv6 host 2001:DB8::1 2001:DB8:1::/48", 3)
    assert entry is not None
    assert entry.source == IPv6Network("2001:db8::1/128")
    assert entry.destination == IPv6Network("2001:db8:1::/48")
