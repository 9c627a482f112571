"""BGP route-map terms as IOS evaluates them: ``match as-path`` with ``ip as-path access-list``
(IOS regular expressions, ``_`` a delimiter; an outbound map sees the path before the router's
own AS), ``match community`` with standard and expanded ``ip community-list`` entries,
``set community [additive]``, and communities sent only with ``neighbor X send-community``."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.routefacts import route_facts
from dmvpngen.routes import compute

from .edited import edited_copy

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "bgp-community-not-sent"
ROUTING = {f"NET{n:03d}" for n in range(60, 70)}
NET = IPv4Network("10.9.0.0/24")


def _policies(text: str):  # type: ignore[no-untyped-def]
    return route_facts(parse_config("hostname r\n" + text, "r.cfg")).policies


def test_as_path_lists_read_ios_regular_expressions() -> None:
    p = _policies(
        "ip as-path access-list 1 deny _65666_\n"
        "ip as-path access-list 1 permit ^6510[0-9]_\n"
        "ip as-path access-list 2 permit ^$\n"
    )
    assert p.as_path("1", (65101, 65000))
    assert not p.as_path("1", (65101, 65666))  # the first entry that matches decides
    assert not p.as_path("1", (65200,))  # implicit deny
    assert not p.as_path("1", (651011,))  # '_' is a delimiter, not any character
    assert p.as_path("2", ()) and not p.as_path("2", (65000,))
    assert not p.as_path("undefined", ())


def test_community_lists_standard_expanded_exact() -> None:
    p = _policies(
        "ip community-list standard BOTH permit 65000:10 65000:20\n"
        "ip community-list standard ANY permit internet\n"
        "ip community-list 5 deny no-export\n"
        "ip community-list 5 permit 4259840010\n"  # 65000:10 as one 32-bit number
        "ip community-list expanded TENS permit ^65000:1[0-9]$\n"
    )
    assert p.community("BOTH", ("65000:10", "65000:20", "65000:30"))
    assert not p.community("BOTH", ("65000:10",))  # an entry's communities are ANDed
    assert p.community("BOTH", ("65000:10", "65000:20"), exact=True)
    assert not p.community("BOTH", ("65000:10", "65000:20", "65000:30"), exact=True)
    assert p.community("ANY", ())
    assert p.community("5", ("65000:10",)) and not p.community("5", ("65000:10", "no-export"))
    assert p.community("TENS", ("65000:12",)) and not p.community("TENS", ("65000:12", "1:1"))


def test_route_map_terms_and_sets() -> None:
    p = _policies(
        "ip as-path access-list 1 permit ^65101$\n"
        "ip community-list standard C permit 65000:10\n"
        "route-map M deny 10\n match as-path 1\n"
        "route-map M permit 20\n match community C\n set community 65000:99 additive\n"
        "route-map M permit 30\n"
    )
    deny = p.route_map("M", NET, bgp=((65101,), ()))
    assert deny is not None and not deny.permit and deny.clause is not None
    tagged = p.route_map("M", NET, bgp=((65102,), ("65000:10",)))
    assert tagged is not None and tagged.clause is not None and tagged.clause.seq == 20
    assert tagged.clause.set_community == ("65000:99",) and tagged.clause.set_community_additive
    # outside BGP (redistribution into an IGP) the terms are not read: a deny never matches
    other = p.route_map("M", NET)
    assert other is not None and other.permit and other.clause is not None
    assert other.clause.seq == 20


HUB = """hostname hub
interface Gi1
 ip address 203.0.113.2 255.255.255.252
interface Gi2
 ip address 10.1.0.1 255.255.255.0
interface Tunnel1
 ip address 10.240.0.1 255.255.255.0
 ip nhrp network-id 1
 ip nhrp map multicast dynamic
 tunnel source Gi1
 tunnel mode gre multipoint
router bgp 65000
 bgp listen range 10.240.0.0/24 peer-group SPOKES
 neighbor SPOKES peer-group
 neighbor SPOKES remote-as 65101 alternate-as 65102
 address-family ipv4
  network 10.1.0.0 mask 255.255.255.0
  neighbor SPOKES activate
  neighbor SPOKES route-map OWN-ONLY out
 exit-address-family
ip as-path access-list 1 permit ^$
route-map OWN-ONLY permit 10
 match as-path 1
"""

SPOKE = """hostname s{n}
interface Gi1
 ip address 198.51.100.{wan} 255.255.255.252
interface Gi2
 ip address 10.{n}.0.1 255.255.255.0
interface Tunnel1
 ip address 10.240.0.{n} 255.255.255.0
 ip nhrp network-id 1
 ip nhrp nhs 10.240.0.1 nbma 203.0.113.2 multicast
 tunnel source Gi1
 tunnel mode gre multipoint
router bgp {asn}
 neighbor 10.240.0.1 remote-as 65000
 address-family ipv4
  network 10.{n}.0.0 mask 255.255.255.0
  neighbor 10.240.0.1 activate
 exit-address-family
"""


def test_outbound_as_path_sees_the_path_before_the_own_as() -> None:
    # '^$' towards the spokes: the hub's own LAN (empty path before its AS is prepended)
    # goes out, the other spoke's LAN (path 65102) does not
    configs = [
        parse_config(HUB, "hub.cfg"),
        parse_config(SPOKE.format(n=101, wan=2, asn=65101), "s101.cfg"),
        parse_config(SPOKE.format(n=102, wan=6, asn=65102), "s102.cfg"),
    ]
    net = compute(configs)
    rib = net.ribs["s101"]
    hub_lan = rib.lookup("", IPv4Address("10.1.0.9"))
    assert hub_lan is not None and hub_lan.protocol == "ebgp" and hub_lan.via == "hub"
    assert rib.lookup("", IPv4Address("10.102.0.9")) is None
    assert net.ribs["hub"].lookup("", IPv4Address("10.102.0.9")) is not None


def test_community_not_sent_without_send_community(tmp_path: Path) -> None:
    # br52 marks its LAN like br51 but lacks 'send-community': the hub's inbound map, which
    # takes only marked routes, drops it
    result = check_paths([str(FIXTURE)])
    got = sorted({(f.code, f.device, f.line) for f in result.findings if f.code in ROUTING})
    assert got == [("NET063", "br51", 31), ("NET064", "hub", 35)]
    old = "  neighbor 10.240.0.1 route-map MARK out\n"
    edit = {"br52": [(old, "  neighbor 10.240.0.1 send-community\n" + old)]}
    fixed = check_paths([str(edited_copy(FIXTURE, tmp_path, edit))])
    assert not [f for f in fixed.findings if f.code in ROUTING]


def test_redistribution_into_bgp_ignores_bgp_terms() -> None:
    # a static route has no communities yet: the 'match community' sequence still takes it
    # (as Cisco routers do; batfish/batfish issue 6333), and its 'set community' applies
    hub = HUB.replace(
        "  network 10.1.0.0 mask 255.255.255.0\n",
        "  network 10.1.0.0 mask 255.255.255.0\n  redistribute static route-map STATIC\n",
    ).replace(
        "ip as-path access-list 1 permit ^$\n",
        "ip as-path access-list 1 permit ^$\nip route 10.77.0.0 255.255.0.0 10.1.0.77\n"
        "ip community-list standard C permit 65000:77\n"
        "route-map STATIC permit 10\n match community C\n set community 65000:1\n",
    )
    net = compute([parse_config(hub, "hub.cfg")])
    (cand,) = [c for c in net.tables[("hub", "bgp", 65000, "")].values() if c.kind == "static"]
    assert str(cand.prefix) == "10.77.0.0/16" and cand.communities == ("65000:1",)
