"""Inline ``redistribute ... metric``: the seed metric of redistributed routes (EIGRP's
bandwidth and delay, OSPF's external cost), and a route map's ``set metric`` over it."""

from __future__ import annotations

from ipaddress import IPv4Address

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.routes import compute

HUB = """hostname {name}
interface Gi1
 ip address 10.0.0.{n} 255.255.255.0
interface Gi2
 ip address 192.0.2.{n} 255.255.255.0
ip route 10.99.0.0 255.255.0.0 192.0.2.100
{process}
"""


def _paths_with(proto: str, extra: dict[str, str]) -> list[str | None]:
    """As :func:`_paths` with metric 20 on both hubs and ``extra`` lines per hub."""
    return _paths(proto, " metric 20", " metric 20", "", extra)


def _paths(
    proto: str, a: str, b: str, extra: str = "", per_hub: dict[str, str] | None = None
) -> list[str | None]:
    """r3 hears 10.99.0.0/16 from h1 (redistributed with ``a``) and h2 (with ``b``)."""
    per_hub = per_hub or {}

    def process(tail: str) -> str:
        if proto == "eigrp":
            return f"router eigrp 1\n network 10.0.0.0\n redistribute static{tail}\n{extra}"
        return (
            "router ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n"
            f" redistribute static subnets{tail}\n{extra}"
        )

    configs = [
        parse_config(
            HUB.format(name="h1", n=1, process=process(a) + per_hub.get("h1", "")), "h1.cfg"
        ),
        parse_config(
            HUB.format(name="h2", n=2, process=process(b) + per_hub.get("h2", "")), "h2.cfg"
        ),
        parse_config(
            "hostname r3\ninterface Gi1\n ip address 10.0.0.3 255.255.255.0\n"
            + (
                "router eigrp 1\n network 10.0.0.0\n"
                if proto == "eigrp"
                else "router ospf 1\n network 10.0.0.0 0.255.255.255 area 0\n"
            ),
            "r3.cfg",
        ),
    ]
    rib = compute(configs).ribs["r3"]
    route = rib.lookup("", IPv4Address("10.99.1.1"))
    assert route is not None
    return [r.via for r in rib.paths("", route)]


def test_eigrp_inline_metric() -> None:
    assert _paths("eigrp", "", "") == ["h1", "h2"]  # the same default seed: equal cost
    assert _paths("eigrp", " metric 100000 10 255 1 1500", " metric 1000 100 255 1 1500") == ["h1"]
    assert _paths("eigrp", " metric 1000 100 255 1 1500", " metric 100000 10 255 1 1500") == ["h2"]


def test_ospf_inline_metric_and_route_map_over_it() -> None:
    assert _paths("ospf", " metric 50", " metric 100") == ["h1"]
    assert _paths("ospf", " metric 100", " metric 50") == ["h2"]
    # a route map's 'set metric' is applied after the inline metric, and wins
    over = "route-map M permit 10\n set metric 10\n"
    assert _paths("ospf", " metric 100", " metric 50 route-map M", over) == ["h2"]
    assert _paths("ospf", " metric 100 route-map M", " metric 50", over) == ["h1"]


def test_ospf_distribute_list_out_filters_what_the_asbr_redistributes() -> None:
    # h1 keeps 10.99.0.0/16 out of OSPF with 'distribute-list prefix NO99 out static': r3
    # hears it from h2 only; a list for another protocol ('connected') leaves it alone
    no99 = "ip prefix-list NO99 deny 10.99.0.0/16\nip prefix-list NO99 permit 0.0.0.0/0 le 32\n"
    h1 = " distribute-list prefix NO99 out static\n" + no99
    assert _paths("ospf", " metric 20", " metric 20") == ["h1", "h2"]
    assert _paths_with("ospf", {"h1": h1}) == ["h2"]
    other = " distribute-list prefix NO99 out connected\n" + no99
    assert _paths_with("ospf", {"h1": other}) == ["h1", "h2"]
