"""BGP MED in best-path selection (``set metric``, same neighbouring AS unless
``bgp always-compare-med``), MED not passed from one neighbouring AS to another, and
``neighbor ... filter-list`` with ``ip as-path access-list``."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import Network, compute
from dmvpngen.routes.model import Route

# two hubs announce the DC LAN 10.50.0.0/24 (a shared segment) to a branch over its two
# uplinks; each hub can mark it with a MED on the way out
HUB = """hostname hub{n}
interface Gi1
 ip address 10.50.0.{n} 255.255.255.0
interface Gi2
 ip address 172.16.{n}.1 255.255.255.0
router bgp {asn}
 neighbor 172.16.{n}.2 remote-as 65101
{out}
 network 10.50.0.0 mask 255.255.255.0
{maps}
"""
BRANCH = """hostname br
interface Gi1
 ip address 172.16.1.2 255.255.255.0
interface Gi2
 ip address 172.16.2.2 255.255.255.0
interface Gi3
 ip address 10.101.0.1 255.255.255.0
router bgp 65101
 neighbor 172.16.1.1 remote-as {as1}
 neighbor 172.16.2.1 remote-as {as2}
{extra}
 network 10.101.0.0 mask 255.255.255.0
{lists}
"""


def _hub(n: int, asn: int, med: int | None) -> str:
    if med is None:
        return HUB.format(n=n, asn=asn, out="", maps="")
    return HUB.format(
        n=n,
        asn=asn,
        out=f" neighbor 172.16.{n}.2 route-map MED out",
        maps=f"route-map MED permit 10\n set metric {med}",
    )


def _dc_route(
    med1: int | None, med2: int | None, as2: int = 65000, extra: str = "", lists: str = ""
) -> Route:
    texts = [
        _hub(1, 65000, med1),
        _hub(2, as2, med2),
        BRANCH.format(as1=65000, as2=as2, extra=extra, lists=lists),
    ]
    net: Network = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    route = net.ribs["br"].lookup("", IPv4Address("10.50.0.9"))
    assert route is not None
    return route


def test_lower_med_wins_between_paths_from_one_as() -> None:
    assert _dc_route(None, None).via == "hub1"  # equal: the lower neighbour decides
    assert _dc_route(50, 10).via == "hub2"
    assert _dc_route(10, 50).via == "hub1"
    assert _dc_route(10, 50).metric == 10


def test_med_from_different_ases_only_with_always_compare_med() -> None:
    assert _dc_route(50, 10, as2=65002).via == "hub1"
    always = " bgp always-compare-med"
    assert _dc_route(50, 10, as2=65002, extra=always).via == "hub2"


def test_filter_list_in_drops_paths_through_an_as() -> None:
    lists = "ip as-path access-list 7 deny _65000$\nip as-path access-list 7 permit .*"
    extra = " neighbor 172.16.1.1 filter-list 7 in"
    route = _dc_route(None, None, as2=65002, extra=extra, lists=lists)
    assert route.via == "hub2" and route.protocol == "ebgp"


def _with_loopback(text: str, third: int) -> str:
    """``text`` with a loopback 10.<third>.0.1/24 announced in BGP."""
    text = text.replace(
        "router bgp", f"interface Loopback0\n ip address 10.{third}.0.1 255.255.255.0\nrouter bgp"
    )
    return text.replace(
        " network 10.50.0.0", f" network 10.{third}.0.0 mask 255.255.255.0\n network 10.50.0.0"
    )


def test_filter_list_out_sees_the_path_before_the_own_as() -> None:
    """``permit ^$`` out: the branch announces what it originates and no transit."""
    lists = "ip as-path access-list 1 permit ^$"
    extra = " neighbor 172.16.1.1 filter-list 1 out\n neighbor 172.16.2.1 filter-list 1 out"
    for filtered in (False, True):
        branch = BRANCH.format(
            as1=65000, as2=65002, extra=extra if filtered else "", lists=lists if filtered else ""
        )
        texts = [_hub(1, 65000, None), _with_loopback(_hub(2, 65002, None), 70), branch]
        net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
        own = net.ribs["hub1"].lookup("", IPv4Address("10.101.0.9"))
        assert own is not None and own.via == "br"
        transit = net.ribs["hub1"].lookup("", IPv4Address("10.70.0.9"))
        assert (transit is None) is filtered


def test_med_is_not_passed_to_another_as() -> None:
    """hub1 marks its own loopback prefix with MED 70; the branch (another AS) passes it on
    to hub2 without it (RFC 4271 section 5.1.4)."""
    hub1 = _with_loopback(_hub(1, 65000, 70), 60)
    texts = [hub1, _hub(2, 65002, None), BRANCH.format(as1=65000, as2=65002, extra="", lists="")]
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate(texts)])
    at_br = net.ribs["br"].lookup("", IPv4Address("10.60.0.9"))
    assert at_br is not None and at_br.metric == 70 and at_br.via == "hub1"
    at_hub2 = net.ribs["hub2"].lookup("", IPv4Address("10.60.0.9"))
    assert at_hub2 is not None and at_hub2.via == "br" and at_hub2.metric == 0


# a DC router in AS 65050 behind both hubs: what the hubs pass on to the branch arrives
# without a MED unless the hub sets one (a MED from a neighbouring AS is not passed on)
DC = """hostname dc
interface Gi1
 ip address 10.50.0.3 255.255.255.0
interface Gi2
 ip address 10.60.0.1 255.255.255.0
router bgp 65050
 neighbor 10.50.0.1 remote-as 65000
 neighbor 10.50.0.2 remote-as 65000
 network 10.60.0.0 mask 255.255.255.0
"""


def _dc_prefix_via(extra: str) -> str | None:
    hubs = [
        _hub(n, 65000, 50 if n == 1 else None).replace(
            " neighbor 172.16", " neighbor 10.50.0.3 remote-as 65050\n neighbor 172.16", 1
        )
        for n in (1, 2)
    ]
    branch = BRANCH.format(as1=65000, as2=65000, extra=extra, lists="")
    net = compute([parse_config(t, f"r{i}.cfg") for i, t in enumerate([*hubs, DC, branch])])
    route = net.ribs["br"].lookup("", IPv4Address("10.60.0.9"))
    assert route is not None and route.protocol == "ebgp"
    return route.via


def test_missing_med_counts_as_worst_with_missing_as_worst() -> None:
    """hub1 marks the DC prefix with MED 50, hub2 sends it without a MED: by default the
    missing MED counts as 0 and hub2 wins; with ``bgp bestpath med missing-as-worst`` it
    counts as 4,294,967,295 and hub1 wins (Cisco document 13753, "BGP Best Path Selection
    Algorithm")."""
    assert _dc_prefix_via("") == "hub2"
    assert _dc_prefix_via(" bgp bestpath med missing-as-worst") == "hub1"
    assert _dc_prefix_via(" bgp bestpath med confed missing-as-worst") == "hub1"
