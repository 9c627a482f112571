"""Equal-cost multipath: paths a router installs side by side (EIGRP / OSPF up to
``maximum-paths``, BGP only when ``maximum-paths`` is configured, equal static routes), every
one of them traced, a blackhole on one of them reported with the path it is on."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_config, parse_file
from dmvpngen.routes import compute
from dmvpngen.routes.trace import trace_paths

from .edited import Edits, edited_copy

FIXTURES = Path(__file__).resolve().parent / "routes_fixtures"
ECMP = FIXTURES / "ecmp-branch-blackhole"


def _copy(tmp_path: Path, edit: Edits) -> Path:
    return edited_copy(ECMP, tmp_path, edit)


def test_both_hubs_installed_and_traced() -> None:
    net = compute([parse_file(p) for p in sorted(ECMP.glob("*.cfg"))])
    rib = net.ribs["br5"]
    route = rib.lookup("", IPv4Address("10.50.0.10"))
    assert route is not None and str(route.prefix) == "10.0.0.0/8"
    assert [r.via for r in rib.paths("", route)] == ["east", "west"]
    paths = trace_paths(net, "br5", "", IPv4Address("10.50.0.10"))
    assert [(t.hops[0].next_router, t.outcome, t.at) for t in paths] == [
        ("east", "delivered", "east"),
        ("west", "dropped", "west"),
    ]


def test_finding_names_the_failing_path() -> None:
    result = check_paths([str(ECMP)])
    (ntp,) = [f for f in result.findings if f.code == "NET060"]
    assert ntp.message.startswith(
        "10.50.0.10 (ntp server) on the equal-cost path via west (one of 2 paths) matches "
        "10.50.0.0/24 -> Null0, ip route on west"
    )
    (cloud,) = result.clouds
    (pair,) = cloud.forwarding
    assert pair.result == "direct"
    assert pair.reason.endswith("; 2 equal-cost paths: via east, via west")


def test_maximum_paths_1_keeps_one_path(tmp_path: Path) -> None:
    # the spokes install only the best path (east by tie-break): nothing reaches west's Null0
    # from them, and the leftover static still hurts west's own flows
    edit = {b: [(" eigrp stub\n", " eigrp stub\n maximum-paths 1\n")] for b in ("br5", "br6")}
    result = check_paths([str(_copy(tmp_path, edit))])
    got = sorted({(f.code, f.device, f.line) for f in result.findings if f.code >= "NET060"})
    assert got == [("NET063", "west", 29)]


def test_unequal_delay_is_not_multipath(tmp_path: Path) -> None:
    # west's own subnets sit on FastEthernet (delay 100 us, not 10): its summary costs more,
    # as a summary takes the metric of its best component
    slow = [("interface Gi2\n", "interface Fa0/2\n"), ("interface Gi3\n", "interface Fa0/3\n")]
    edit = {"west": slow}
    net = compute([parse_file(p) for p in sorted(_copy(tmp_path, edit).glob("*.cfg"))])
    route = net.ribs["br5"].lookup("", IPv4Address("10.50.0.10"))
    assert route is not None and net.ribs["br5"].paths("", route) == [route]


def test_equal_static_routes_load_share() -> None:
    cfg = (
        "hostname r1\ninterface Gi1\n ip address 192.0.2.1 255.255.255.0\n"
        "interface Gi2\n ip address 198.51.100.1 255.255.255.0\n"
        "ip route 10.9.0.0 255.255.0.0 192.0.2.9\n"
        "ip route 10.9.0.0 255.255.0.0 198.51.100.9\n"
        "ip route 10.8.0.0 255.255.0.0 192.0.2.9\n"
        "ip route 10.8.0.0 255.255.0.0 198.51.100.9 5\n"
    )
    net = compute([parse_config(cfg, "r1.cfg")])
    rib = net.ribs["r1"]
    nine = rib.table("")[IPv4Network("10.9.0.0/16")]
    assert [str(r.next_hop) for r in rib.paths("", nine)] == ["192.0.2.9", "198.51.100.9"]
    eight = rib.table("")[IPv4Network("10.8.0.0/16")]
    assert rib.paths("", eight) == [eight]  # distance 5 floats behind, not beside


BGP_HUB = """hostname {name}
interface Gi1
 ip address {wan} 255.255.255.252
interface Gi2
 ip address 10.{n}.0.1 255.255.255.0
interface Gi3
 ip address 10.0.99.{n} 255.255.255.0
interface Tunnel1
 ip address 172.31.0.{n} 255.255.255.0
 ip nhrp network-id 1
 ip nhrp map multicast dynamic
 ip nhrp redirect
 tunnel source Gi1
 tunnel mode gre multipoint
 tunnel key 1
router bgp 65000
 bgp listen range 172.31.0.0/24 peer-group SPOKES
 neighbor SPOKES peer-group
 neighbor SPOKES remote-as 65000
 neighbor 10.0.99.{other} remote-as 65000
 address-family ipv4
  network 10.{n}.0.0 mask 255.255.255.0
  network 10.0.99.0 mask 255.255.255.0
  neighbor SPOKES activate
  neighbor SPOKES route-reflector-client
  neighbor SPOKES next-hop-self
  neighbor 10.0.99.{other} activate
 exit-address-family
"""

BGP_SPOKE = """hostname s9
interface Gi1
 ip address 198.51.100.2 255.255.255.252
interface Gi2
 ip address 10.209.0.1 255.255.255.0
interface Tunnel1
 ip address 172.31.0.9 255.255.255.0
 ip nhrp network-id 1
 ip nhrp nhs 172.31.0.1 nbma 203.0.113.2 multicast
 ip nhrp nhs 172.31.0.2 nbma 203.0.113.6 multicast
 ip nhrp shortcut
 tunnel source Gi1
 tunnel mode gre multipoint
 tunnel key 1
router bgp 65000
 neighbor 172.31.0.1 remote-as 65000
 neighbor 172.31.0.2 remote-as 65000
 address-family ipv4
  network 10.209.0.0 mask 255.255.255.0
  neighbor 172.31.0.1 activate
  neighbor 172.31.0.2 activate
{extra} exit-address-family
"""


def _bgp_paths(extra: str) -> list[str | None]:
    configs = [
        parse_config(BGP_HUB.format(name="h1", wan="203.0.113.2", n=1, other=2), "h1.cfg"),
        parse_config(BGP_HUB.format(name="h2", wan="203.0.113.6", n=2, other=1), "h2.cfg"),
        parse_config(BGP_SPOKE.replace("{extra}", extra), "s9.cfg"),
    ]
    rib = compute(configs).ribs["s9"]
    route = rib.lookup("", IPv4Address("10.0.99.50"))
    assert route is not None and route.protocol == "ibgp"
    return [r.via for r in rib.paths("", route)]


def test_bgp_multipath_only_when_configured() -> None:
    # both hubs originate the shared core subnet with the same attributes
    assert _bgp_paths("") == ["h1"]
    assert _bgp_paths("  maximum-paths 2\n") == ["h1"]  # eBGP paths only: these are iBGP
    assert _bgp_paths("  maximum-paths ibgp 2\n") == ["h1", "h2"]


FAILOVER = FIXTURES / "failover-ecmp-blackhole"


def test_failover_compares_every_equal_cost_path() -> None:
    # with dc down s1 installs b1 first (tie-break by name): the installed path arrives, and
    # only the second equal-cost path, via b2, runs into the leftover Null0 static
    result = check_paths([str(FAILOVER)])
    (lost,) = [f for f in result.findings if f.code == "NET068"]
    assert lost.device == "dc"
    assert lost.message.startswith(
        "with hub dc down, 2 flow(s) lose reachability: s1 -> 10.50.0.10 (ntp server) on the "
        "equal-cost path via b2 (one of 2 paths): dropped at b2 (10.50.0.0/24 -> Null0, ip "
        "route); s1 -> core/GigabitEthernet4 on the equal-cost path via b2 (one of 2 paths)"
    )
    cases = {c["down"]: c for c in result.routing["failover"]}
    assert cases["hub dc"]["lost"] == 2 and cases["hub b1"]["lost"] == 0


def test_failover_path_healthy_without_the_static(tmp_path: Path) -> None:
    edit = {"b2": [("ip route 10.50.0.0 255.255.255.0 Null0\n", "")]}
    result = check_paths([str(edited_copy(FAILOVER, tmp_path, edit))])
    assert not [f for f in result.findings if f.code >= "NET060"]
    cases = {c["down"]: c for c in result.routing["failover"]}
    assert cases["hub dc"]["takes_over"] == {"b1": 4, "b2": 2}


def test_eigrp_variance_installs_feasible_unequal_paths(tmp_path: Path) -> None:
    # s1 reaches the core over Tunnel1 (dc) and, slower, over Tunnel2 (b1, b2); 'variance 2'
    # adds the Tunnel2 paths (feasible: the backup hubs' own distance is below s1's best),
    # and the one via b2 meets its leftover Null0 static
    edit = {"s1": [(" eigrp stub\n", " eigrp stub\n variance 2\n")]}
    folder = edited_copy(FAILOVER, tmp_path, edit)
    net = compute([parse_file(p) for p in sorted(folder.glob("*.cfg"))])
    rib = net.ribs["s1"]
    route = rib.lookup("", IPv4Address("10.50.0.10"))
    assert route is not None and route.via == "dc"
    paths = rib.paths("", route)
    assert [r.via for r in paths] == ["dc", "b1", "b2"]
    assert paths[1].metric > route.metric and paths[1].metric < 2 * route.metric
    result = check_paths([str(folder)])
    (ntp,) = [f for f in result.findings if f.code == "NET060"]
    assert (ntp.device, ntp.line) == ("s1", 37)  # the ntp line, one line down
    assert ntp.message.startswith(
        "10.50.0.10 (ntp server) on the unequal-cost path via b2 (one of 3 paths) matches "
        "10.50.0.0/24 -> Null0, ip route on b2"
    )


def test_variance_keeps_only_feasible_successors(tmp_path: Path) -> None:
    # variance 1 (the default) keeps the best path alone; a path whose neighbour reports a
    # distance at or above the best metric is no feasible successor, whatever the variance
    net = compute([parse_file(p) for p in sorted(FAILOVER.glob("*.cfg"))])
    route = net.ribs["s1"].lookup("", IPv4Address("10.50.0.10"))
    assert route is not None and net.ribs["s1"].paths("", route) == [route]
    from dmvpngen.routes.multipath import _feasible

    best = net.tables[("s1", "eigrp", 9, "")][IPv4Network("10.50.0.0/24")]
    worse = best._replace(via="x", metric=best.metric + 10, rd=best.metric)
    assert _feasible([worse], best, 4) == []
    assert _feasible([worse._replace(rd=best.metric - 1)], best, 4) != []
    assert _feasible([worse._replace(rd=0)], best, 1) == []
