"""The routing model's shortcuts (RIBs rebuilt only when their tables change, LAN flows traced
once per router class and sharing the class list) give what the plain computation gives, on a
generated network of 2 hubs and 60 spokes."""

from __future__ import annotations

from ipaddress import ip_address, ip_network

import pytest

from dmvpngen.parse import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.parse.routefacts import route_facts
from dmvpngen.routes import compute
from dmvpngen.routes.flows import lan_traces
from dmvpngen.routes.localroutes import base_rib
from dmvpngen.routes.protocols import Cand, eigrp_metric, receive
from dmvpngen.routes.ribs import build_rib
from dmvpngen.routes.trace import trace
from tests.check.benchnet import bench_devices


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> list[Device]:
    return bench_devices(tmp_path_factory.mktemp("net60"), 60)


def test_every_rib_equals_one_built_from_the_final_tables(devices: list[Device]) -> None:
    net = compute(devices)
    assert net.rounds > 2  # spokes learn each other's LANs through the hubs: several rounds
    for name, router in net.topo.routers.items():
        fresh = build_rib(net, router, net.tables, base_rib(router))
        got = net.ribs[name]
        assert {v: list(t.items()) for v, t in got.tables.items()} == {
            v: list(t.items()) for v, t in fresh.tables.items()
        }, name


def test_lan_flows_stand_for_each_member_of_their_class(devices: list[Device]) -> None:
    net = compute(devices)
    flows = lan_traces(net)
    spokes = sum(1 for d in devices if d.hostname.startswith("spoke"))
    assert len({c for n, c in net.classes.items() if n.startswith("spoke")}) == 1
    assert len(flows) >= spokes + 2
    covered = 0
    for (_rep, dst), flow in flows.items():
        sources = flow.sources
        assert flow.count == len(sources)
        assert dst.split("/")[0] not in sources
        covered += flow.count
        for src in sources:
            t = trace(net, src, flow.trace.start_vrf, flow.trace.address)
            assert (t.outcome, t.at) == (flow.trace.outcome, flow.trace.at), (src, dst)
    # every router with a LAN reaches every other router's LAN (62 x 61 ordered pairs)
    assert covered == (spokes + 2) * (spokes + 1)


def test_a_received_eigrp_route_is_the_advert_with_the_receivers_fields() -> None:
    """``receive`` builds an EIGRP route field by field; it must equal ``_replace`` on every
    field of the advert, the OSPF and BGP ones included."""
    adv = Cand(
        ip_network("10.9.0.0/24"),
        123,
        None,
        "hub1",
        "Tunnel1",
        "spoke7",
        "EIGRP 100 from hub1",
        42,
        external=True,
        delay=300,
        bw=5000,
        as_path=(65001, 65002),
        local_pref=150,
        ibgp=True,
        from_client=True,
        weight=7,
        kind="redistributed",
        tag=99,
        ospf="ext",
        area="0.0.0.1",
    )
    addr = ip_address("10.0.0.1")
    got = receive(
        adv, sender="hub2", sender_address=addr, port="Tunnel2", proto="eigrp", delay=50, bw=900
    )
    d, b = 350, 900
    # rd: the metric the neighbour advertised (EIGRP's reported distance, for 'variance')
    want = adv._replace(
        next_hop=addr,
        via="hub2",
        port="Tunnel2",
        delay=d,
        bw=b,
        metric=eigrp_metric(b, d),
        rd=adv.metric,
    )
    assert type(got) is Cand
    assert got == want
    assert got._asdict() == want._asdict()


def test_leak_verdicts_are_remembered_as_first_taken() -> None:
    """A leak-map verdict is taken once per (map, prefix) and equals the route map's."""
    text = (
        "hostname h\n"
        "ip prefix-list LEAK seq 5 permit 10.1.0.0/16 le 24\n"
        "route-map LEAKMAP permit 10\n match ip address prefix-list LEAK\n"
    )
    facts = route_facts(parse_config(text, "h.cfg"))
    for p in ("10.1.2.0/24", "10.2.0.0/24", "10.1.2.0/24", "10.1.0.0/25"):
        net = ip_network(p)
        verdict = facts.policies.route_map("LEAKMAP", net)
        assert facts.leaks("LEAKMAP", net) is (verdict is not None and verdict.permit)
    assert facts.leaks("NOMAP", ip_network("10.1.2.0/24")) is False
