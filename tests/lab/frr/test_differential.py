"""check's prediction held against a lab observation: agreement passes, any disagreement fails,
outcomes only one side states are skipped."""

from __future__ import annotations

import itertools

import pytest

from dmvpngen.lab.frr.differential import (
    Prediction,
    compare,
    localize,
    measured_pairs,
    predict,
    predict_inventory,
)
from dmvpngen.lab.frr.gaps import find_gaps
from dmvpngen.lab.frr.paths import PairPath
from dmvpngen.lab.frr.planner import build_plan
from dmvpngen.lab.frr.prove import Observed
from dmvpngen.lab.frr.services import place_services
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES

INV = INVENTORIES / "phase3-dual-hub-ibgp.yml"


def _prediction():  # type: ignore[no-untyped-def]
    net = build_network(INV)
    return localize(predict_inventory(str(INV)), build_plan(net.loaded.inventory, net.secrets))


def test_check_predicts_every_hub_spoke_link_and_direct_pairs() -> None:
    links, pairs, *_ = _prediction()
    for kind in ("nhrp", "ike", "bgp"):
        for hub in ("hq-hub1", "dc-hub2"):
            for spoke in ("branch-01", "branch-02", "branch-03"):
                assert links[(kind, frozenset((hub, spoke)))] is True
    assert pairs == {
        ("INET", "branch-01", "branch-02"): "direct",
        ("INET", "branch-01", "branch-03"): "direct",
        ("INET", "branch-02", "branch-03"): "direct",
    }


def test_agreement_passes_and_disagreement_fails() -> None:
    prediction = _prediction()
    seen = Observed(
        links={("nhrp", "hq-hub1", "branch-01"): True, ("bgp", "dc-hub2", "branch-02"): False},
        services={
            ("branch-01", "ntp server 10.1.0.10"): True,
            ("branch-02", "syslog host 10.1.0.20"): False,
            ("branch-02", "ntp server 192.0.2.99"): False,  # no config names it: skipped
        },
        paths=[
            PairPath("INET", "branch-01", "branch-02", "direct", "ttl 62"),
            PairPath("INET", "branch-03", "branch-02", "via-hub", "ttl 61"),
        ],
    )
    result = {c.check + " " + c.router: c.ok for c in compare(prediction, seen)}
    assert result == {
        "check vs lab: nhrp with hq-hub1 branch-01": True,
        "check vs lab: bgp with dc-hub2 branch-02": False,
        "check vs lab: path in INET branch-01 <-> branch-02": True,
        "check vs lab: path in INET branch-02 <-> branch-03": False,
        "check vs lab: service ntp server 10.1.0.10 branch-01": True,
        "check vs lab: service syslog host 10.1.0.20 branch-02": False,
    }


DUAL_STACK = INVENTORIES / "phase3-dual-stack-ibgp.yml"


def test_failover_compared_per_hub_and_family() -> None:
    """check's IPv4 and IPv6 routing views each say whether a hub's loss costs a flow; the
    lab's outcome per hub and family is held against it, its ISP cases are not (check's ISP
    case is one spoke's ISP)."""
    said = predict(
        {
            "routing": {
                "failover": [
                    {"down": "hub h1", "lost": 0},
                    {"down": "s1 ISP GigabitEthernet1", "lost": 3},
                ],
                "ipv6": {"failover": [{"down": "hub h1", "lost": 2}]},
            }
        }
    )
    assert said.failover == {("h1", "ipv4"): True, ("h1", "ipv6"): False}
    seen = Observed(failover={("h1", "ipv4"): True, ("h1", "ipv6"): True, ("h2", "ipv4"): False})
    result = {c.check: (c.ok, c.detail) for c in compare(said, seen)}
    assert result == {
        "check vs lab: h1 down ipv4": (True, "check: no flow lost, lab: every flow reached"),
        "check vs lab: h1 down ipv6": (False, "check: flows lost, lab: every flow reached"),
    }


def test_dual_stack_failover_predicted_for_both_families() -> None:
    """The dual-stack example: check's IPv6 view states each hub case, as its IPv4 view does,
    so the lab's IPv6 flows with a hub down are compared, not only judged."""
    net = build_network(DUAL_STACK)
    plan = build_plan(net.loaded.inventory, net.secrets)
    said = localize(predict_inventory(str(DUAL_STACK)), plan)
    assert said.failover == {
        (hub, family): True for hub in ("hq-hub1", "dc-hub2") for family in ("ipv4", "ipv6")
    }


def test_unknown_kinds_and_states_are_skipped() -> None:
    report = {
        "clouds": [
            {
                "name": "Tunnel100",
                "subnet": "10.255.0.0/24",
                "links": [
                    {"kind": "ospf", "a": "s1", "b": "h1", "state": "ok"},
                    {"kind": "nhrp", "a": "s1", "b": "h1", "state": "unknown"},
                ],
                "forwarding": {"classes": [{"a": ["s1"], "b": ["s2"], "result": "direct"}]},
                "future_key": {"routes": []},
            }
        ]
    }
    links, pairs, services, _, failover, *_ = predict(report)
    assert failover == {}  # no routing model in the report: no failover compared
    assert links == {("ospf", frozenset(("s1", "h1"))): True}
    assert services == []  # check's JSON lists no services: the lab compares none
    seen = Observed(
        links={("nhrp", "h1", "s1"): True, ("ike", "h1", "s1"): True},
        services={("s1", "ntp server 10.1.0.10"): True},
    )
    assert compare(Prediction(links, pairs, services, {}, {}, {}, {}), seen) == []


# every example the FRR lab runs (CI or bench): check must state each outcome the lab observes,
# else the comparison in the lab would be empty and prove nothing
LAB_EXAMPLES = [
    "phase3-dual-hub-ibgp.yml",
    "phase3-dual-stack-ibgp.yml",
    "crypto-per-peer-keys.yml",
    "dual-isp-fvrf-ibgp.yml",
    "routing-ebgp-phase2.yml",
    "monitoring.yml",
    "hierarchical-ibgp.yml",
]


@pytest.mark.parametrize("example", LAB_EXAMPLES)
def test_check_states_every_outcome_the_lab_observes(example: str) -> None:
    net = build_network(INVENTORIES / example)
    inv = net.loaded.inventory
    assert not [g for g in find_gaps(inv) if g.blocking]
    plan = build_plan(inv, net.secrets)
    links, pairs, services, *_ = localize(predict_inventory(str(INVENTORIES / example)), plan)
    protocol = inv.routing.protocol
    for spoke in plan.routers:
        for tun in spoke.tunnels:
            for hub, _, _ in tun.nhs:
                for kind in ("nhrp", "ike", protocol):
                    assert links.get((kind, frozenset((hub, spoke.name)))) is True, (kind, hub)
    spokes = sorted((t.cloud, r.name) for r in plan.routers for t in r.tunnels if t.role == "spoke")
    for (cloud, a), (other, b) in itertools.combinations(spokes, 2):
        if cloud == other:
            assert pairs[(cloud, a, b)] in ("direct", "via-hub"), (cloud, a, b)
    # every service each config names is predicted reached, and the lab has a host for it
    placed, untested = place_services(plan, services)
    assert services and all(s.reaches for s in services)
    assert not untested and len(placed.services) == len(services)


def test_one_pair_measured_per_check_class_and_hub_set() -> None:
    """check classes every pair of the dual-stack cloud alike: the lab measures one of them;
    a spoke served by other hubs, or a pair in a class of its own, is measured as well."""
    said = _prediction()
    both = frozenset(("hq-hub1", "dc-hub2"))
    hubs = dict.fromkeys(("branch-01", "branch-02", "branch-03"), both)
    assert measured_pairs(said, hubs) == {("INET", "branch-01", "branch-02"): "direct"}
    hubs["branch-03"] = frozenset(("hq-hub1",))
    assert measured_pairs(said, hubs) == {
        ("INET", "branch-01", "branch-02"): "direct",
        ("INET", "branch-01", "branch-03"): "direct",
    }
    unclassed = said._replace(classes={})
    assert measured_pairs(unclassed, hubs) == said.pairs


def test_ipv6_paths_held_against_checks_ipv6_classes() -> None:
    """A dual-stack cloud's IPv6 pairs are compared with check's ``forwarding_ipv6`` classes,
    its IPv4 pairs with ``forwarding``; an IPv6 pair check does not class is not compared."""
    said = predict(
        {
            "clouds": [
                {
                    "subnet": "10.255.0.0/24",
                    "forwarding": {"classes": [{"a": ["s1"], "b": ["s2"], "result": "direct"}]},
                    "forwarding_ipv6": {
                        "classes": [{"a": ["s1"], "b": ["s2"], "result": "via-hub"}]
                    },
                }
            ]
        }
    )
    assert said.pairs6 == {("10.255.0.0/24", "s1", "s2"): "via-hub"}
    seen = Observed(
        paths=[
            PairPath("10.255.0.0/24", "s1", "s2", "direct", "ttl 62"),
            PairPath("10.255.0.0/24", "s2", "s1", "direct", "ttl 62", "ipv6"),
            PairPath("10.255.0.0/24", "s1", "s3", "direct", "ttl 62", "ipv6"),
        ]
    )
    result = {c.check: c.ok for c in compare(said, seen)}
    assert result == {
        "check vs lab: path in 10.255.0.0/24": True,
        "check vs lab: path in 10.255.0.0/24 ipv6": False,
    }


def test_a_spoke_missing_one_hub_is_down_with_that_hub_only() -> None:
    """The CI run where branch-03 lacked its OSPF adjacency with hub1 (and had hub2's) and one
    registration: the lab's links say down for hub1 alone, so check's 'forms' for hub2 holds."""
    from dmvpngen.lab.frr.prove import converged_links
    from dmvpngen.lab.health import Check

    net = build_network(INVENTORIES / "crypto-per-peer-keys.yml")
    plan = build_plan(net.loaded.inventory, net.secrets)
    checks = [
        Check(router="branch-03", check="ospf", ok=False, detail="not established: 10.255.0.1"),
        Check(router="branch-03", check="nhrp tun100", ok=False, detail="missing 203.0.113.6"),
        Check(router="branch-01", check="ospf", ok=True, detail="2 peers established"),
    ]
    links = converged_links(plan, checks)
    assert links[("ospf", "hub1", "branch-03")] is False
    assert links[("ospf", "hub2", "branch-03")] is True
    assert links[("nhrp", "hub1", "branch-03")] is True
    assert links[("nhrp", "hub2", "branch-03")] is False
    assert links[("ospf", "hub1", "branch-01")] is links[("ospf", "hub2", "branch-01")] is True
