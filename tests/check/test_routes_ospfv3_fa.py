"""OSPFv3 forwarding addresses, as IPv4's: a type 5 carries the redistributed route's global
next hop when it lies on a shared OSPFv3 segment (RFC 5340 appendix A.4.7: a full IPv6
address, never link-local), and routers forward to that address; a type 7 with the P-bit
set always carries one, the ASBR's own global address in the NSSA, a loopback first (RFC 3101
section 2.3, RFC 5340 appendix A.4.9). The fixture v6-ospfv3-fa-path: the hub reaches the
forwarding address on the DC edge LAN through core2, which still pins the partner prefix to
Null0, while it would reach the ASBR itself over its direct link."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute
from dmvpngen.routes.family import ipv6_view

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
FIXTURE = FIXTURES / "v6-ospfv3-fa-path"
PARTNER = IPv6Network("2001:db8:99::/48")


def _views(folder: Path, edit: tuple[str, str, str] | None = None) -> list:  # type: ignore[type-arg]
    out = []
    for path in sorted(folder.glob("*.cfg")):
        text = path.read_text()
        if edit is not None and path.stem == edit[0]:
            assert edit[1] in text
            text = text.replace(edit[1], edit[2])
        view = ipv6_view(parse_config(text, path.name))
        if view is not None:
            out.append(view)
    return out


def test_type5_forwarding_address_decides_the_path() -> None:
    net = compute(_views(FIXTURE))
    hub = net.tables[("hub", "ospf", 1, "")][PARTNER]  # type: ignore[index]
    assert hub.fa == IPv6Address("2001:db8:50::99")
    assert hub.via == "core2"  # 1 + 60 to the address, against 50 + 20 through edge
    found = [f for f in check_paths([str(FIXTURE)]).findings if f.code == "NET063"]
    assert [(f.device, f.line) for f in found] == [("core2", 22)]
    assert "from br31, core2, hub matches 2001:db8:99::/48 -> Null0" in found[0].message


def test_next_hop_off_ospf_gives_no_forwarding_address() -> None:
    # edge's LAN out of OSPFv3: the next hop lies on no OSPF interface, the type 5 carries
    # none, and the hub forwards to the ASBR itself over its direct link
    off = ("edge", " ospfv3 1 ipv6 area 0\n ospfv3 cost 20\n", "")
    hub = compute(_views(FIXTURE, off)).tables[("hub", "ospf", 1, "")][PARTNER]  # type: ignore[index]
    assert hub.fa is None and hub.via == "edge"


# the hub borders an OSPFv3 NSSA on its tunnel; the branch redistributes a static route to a
# partner handoff outside OSPFv3, so its type 7 carries the branch's own global address in
# the NSSA, its loopback first
NSSA_EDITS = [
    (
        "hub",
        " ospfv3 network point-to-multipoint\n ospfv3 1 ipv6 area 0\n",
        " ospfv3 network point-to-multipoint\n ospfv3 1 ipv6 area 10\n",
    ),
    ("hub", " router-id 10.255.0.1\n", " router-id 10.255.0.1\n area 10 nssa\n"),
]
BRANCH = """hostname br31
ipv6 unicast-routing
interface Loopback0
 ipv6 address 2001:db8:fe::31/128
 ospfv3 1 ipv6 area 10
interface Gi1
 ip address 198.51.100.31 255.255.255.0
interface Gi2
 ipv6 address 2001:db8:31::1/64
 ospfv3 1 ipv6 area 10
interface Gi3
 description partner handoff
 ipv6 address 2001:db8:77::2/64
interface Tunnel1
 ipv6 address FE80::31 link-local
 ipv6 address 2001:db8:ffff::31/64
 ipv6 nhrp network-id 1
 ipv6 nhrp nhs 2001:db8:ffff::1 nbma 192.0.2.2 multicast
 ospfv3 network point-to-multipoint
 ospfv3 1 ipv6 area 10
 tunnel source Gi1
 tunnel mode gre multipoint
 tunnel key 1
router ospfv3 1
 router-id 10.255.1.31
 passive-interface Gi2
 area 10 nssa
 address-family ipv6 unicast
  redistribute static
 exit-address-family
ipv6 route 2001:db8:88::/48 2001:db8:77::1
ip route 0.0.0.0 0.0.0.0 198.51.100.1
end
"""


def test_type7_carries_the_asbr_global_address() -> None:
    views = []
    for path in sorted(FIXTURE.glob("*.cfg")):
        text = path.read_text() if path.stem != "br31" else BRANCH
        for name, old, new in NSSA_EDITS:
            if path.stem == name:
                assert old in text
                text = text.replace(old, new)
        view = ipv6_view(parse_config(text, path.name))
        if view is not None:
            views.append(view)
    net = compute(views)
    prefix = IPv6Network("2001:db8:88::/48")
    at_hub = net.tables[("hub", "ospf", 1, "")][prefix]  # type: ignore[index]
    assert at_hub.ospf == "nssa" and at_hub.fa == IPv6Address("2001:db8:fe::31")
    # the hub translates it for the backbone, the address kept (RFC 3101 section 3.2)
    at_core = net.tables[("core2", "ospf", 1, "")][prefix]  # type: ignore[index]
    assert at_core.ospf == "ext" and at_core.fa == IPv6Address("2001:db8:fe::31")
    route = net.ribs["core2"].lookup("", IPv6Address("2001:db8:88::1"))  # type: ignore[arg-type]
    assert route is not None and route.via == "hub"
