"""Between iBGP paths equal up to eBGP over iBGP, each router takes the one whose next hop it
reaches at the lower IGP metric, then the lowest router id (a reflected path's originator id),
the shortest cluster list, the lowest neighbour address (Cisco document 13753, "BGP Best Path
Selection Algorithm"; RFC 4456 section 9). The fixture bgp-nexthop-igp-metric: two hubs, one
per cloud, reflect the DC aggregate to branches that peer with the hubs' loopbacks; the
primary cloud's lower tunnel delay makes hub-west's loopback the nearer next hop."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpngen.check.engine import check_devices
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.routes import compute
from dmvpngen.routes.bgpids import cluster_id
from dmvpngen.routes.bgpties import last_steps
from dmvpngen.routes.protocols import bgp_advert
from dmvpngen.routes.sessions import neighbor_options

from .edited import edited_devices

FIXTURE = Path(__file__).resolve().parent / "routes_fixtures" / "bgp-nexthop-igp-metric"
SYSLOG = IPv4Address("10.50.99.10")


Edit = list[tuple[str, str, str]]  # (router, text, replacement)
SAME_DELAY: Edit = [(b, "delay 2000", "delay 1000") for b in ("br1", "br2")]


def _devices(edit: Edit | None = None) -> list[Device]:
    return edited_devices(FIXTURE, edit)


def test_lower_igp_metric_to_the_next_hop_wins() -> None:
    net = compute(_devices())
    route = net.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and (route.via, str(route.next_hop)) == ("hub-west", "10.255.0.2")
    assert route.decided == (
        "over the iBGP path from hub-east: lower IGP metric to next hop 10.255.0.2 (25984000)"
        " than to 10.255.0.1 (26240000)"
    )
    assert route.decided in route.describe()


def test_flow_finding_names_the_hub_taken_and_why() -> None:
    found = [f for f in check_devices(_devices()).findings if f.device == "br1"]
    assert [f.code for f in found] == ["NET060"]
    assert "(at br1 the path via hub-west was taken over the iBGP path from hub-east: lower " in (
        found[0].message
    )


def test_equal_metrics_fall_to_the_lowest_router_id() -> None:
    # both clouds at one delay: hub-east's router id (Loopback0 10.255.0.1) is the lower
    net = compute(_devices(SAME_DELAY))
    route = net.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and route.via == "hub-east"
    assert route.decided.endswith(
        "equal IGP metric to both next hops (25984000), lower router id 10.255.0.1 than "
        "hub-west's 10.255.0.2"
    )
    # and the syslog host on hub-east's OOB subnet is reached
    assert not [f for f in check_devices(_devices(SAME_DELAY)).findings if f.code == "NET060"]


def test_bgp_router_id_overrides_the_loopback() -> None:
    rid = ("hub-east", " bgp listen range", " bgp router-id 10.255.0.9\n bgp listen range")
    net = compute(_devices([*SAME_DELAY, rid]))
    route = net.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and route.via == "hub-west"


def test_failover_says_which_hub_takes_over() -> None:
    routing = check_devices(_devices()).routing
    assert routing is not None
    cases = {c["down"]: c for c in routing["failover"]}
    # with hub-west down the branches take hub-east's path, and the syslog host is reached
    assert cases["hub hub-west"]["lost"] == 0
    assert cases["hub hub-west"]["takes_over"] == {"hub-east": 7}
    assert cases["hub hub-east"]["takes_over"] == {"hub-west": 2}


def test_multipath_ibgp_needs_equal_igp_metrics() -> None:
    two = ("br1", "address-family ipv4\n", "address-family ipv4\n  maximum-paths ibgp 2\n")
    unequal = compute(_devices([two]))
    route = unequal.ribs["br1"].lookup("", SYSLOG)
    assert route is not None and len(unequal.ribs["br1"].paths("", route)) == 1
    equal = compute(_devices([two, *SAME_DELAY]))
    route = equal.ribs["br1"].lookup("", SYSLOG)
    assert route is not None
    assert {p.via for p in equal.ribs["br1"].paths("", route)} == {"hub-east", "hub-west"}


# two route reflectors peering with each other and serving one client on a shared LAN, the
# next hop kept (no next-hop-self): hub-a hears site9's LAN from site9 and reflected by hub-b
LAN_RR = """hostname {name}
interface Loopback0
 ip address {loop} 255.255.255.255
interface GigabitEthernet1
 ip address {lan} 255.255.255.0
{extra}router ospf 1
 network 10.9.0.0 0.0.0.255 area 0
 network {loop} 0.0.0.0 area 0
router bgp 65000
{bgp}"""


def _rr_network(cluster: str = "") -> list:  # type: ignore[type-arg]
    def hub(name: str, loop: str, lan: str, other: str) -> str:
        bgp = (
            f"{cluster}"
            f" neighbor {other} remote-as 65000\n neighbor {other} update-source Loopback0\n"
            " neighbor 10.255.9.9 remote-as 65000\n neighbor 10.255.9.9 update-source Loopback0\n"
            " neighbor 10.255.9.9 route-reflector-client\n"
        )
        return LAN_RR.format(name=name, loop=loop, lan=lan, extra="", bgp=bgp)

    site = LAN_RR.format(
        name="site9",
        loop="10.255.9.9",
        lan="10.9.0.9",
        extra="interface GigabitEthernet2\n ip address 10.77.0.1 255.255.255.0\n",
        bgp=(
            " network 10.77.0.0 mask 255.255.255.0\n"
            " neighbor 10.255.0.1 remote-as 65000\n neighbor 10.255.0.1 update-source Loopback0\n"
            " neighbor 10.255.0.2 remote-as 65000\n neighbor 10.255.0.2 update-source Loopback0\n"
        ),
    )
    texts = [
        hub("hub-a", "10.255.0.2", "10.9.0.2", "10.255.0.1"),
        hub("hub-b", "10.255.0.1", "10.9.0.1", "10.255.0.2"),
        site,
    ]
    return [parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)]


def test_reflected_path_carries_originator_and_cluster_list() -> None:
    # hub-b reflects site9's LAN to its non-client hub-a with site9's router id as
    # ORIGINATOR_ID and its own CLUSTER_ID (RFC 4456 sections 7 and 8); against the client's
    # own path (same originator, same next hop) the longer cluster list loses (section 9),
    # whatever the neighbours' names
    net = compute(_rr_network(" bgp cluster-id 7\n"))
    sender = net.instances[("hub-b", "bgp", 65000, "")]
    bgp = sender.router.device.bgp
    assert bgp is not None
    opts = neighbor_options(sender.router, bgp, "10.255.0.2")
    table = net.tables[("hub-b", "bgp", 65000, "")]
    sent = bgp_advert(sender, table, opts, 65000, [])
    lan = IPv4Network("10.77.0.0/24")
    reflected = [c for c in sent if c.prefix == lan]
    site = int(IPv4Address("10.255.9.9"))
    assert [c.rr for c in reflected] == [(site, 7)]
    heard = reflected[0]._replace(via="hub-b", rid=site, peer=int(IPv4Address("10.255.0.1")))
    direct = heard._replace(via="site9", rr=(), peer=site)
    assert last_steps(direct, heard, False) and not last_steps(heard, direct, False)


def test_bgp_cluster_id_is_read() -> None:
    for given, value in ((" bgp cluster-id 7\n", 7), (" bgp cluster-id 10.0.0.7\n", 167772167)):
        net = compute(_rr_network(given))
        assert cluster_id(net.topo.routers["hub-a"]) == value
    assert cluster_id(compute(_rr_network()).topo.routers["hub-a"]) == int(
        IPv4Address("10.255.0.2")
    )
