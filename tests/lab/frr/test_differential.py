"""check's prediction held against a lab observation: agreement passes, any disagreement fails,
outcomes only one side states are skipped."""

from __future__ import annotations

import itertools

import pytest

from dmvpngen.lab.frr.differential import compare, localize, predict, predict_inventory
from dmvpngen.lab.frr.gaps import find_gaps
from dmvpngen.lab.frr.paths import PairPath
from dmvpngen.lab.frr.plan import build_plan
from dmvpngen.lab.frr.prove import Observed
from dmvpngen.lab.frr.services import place_services
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES

INV = INVENTORIES / "phase3-dual-hub-ibgp.yml"


def _prediction():  # type: ignore[no-untyped-def]
    net = build_network(INV)
    return localize(predict_inventory(str(INV)), build_plan(net.loaded.inventory, net.secrets))


def test_check_predicts_every_hub_spoke_link_and_direct_pairs() -> None:
    links, pairs, _, _ = _prediction()
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
    links, pairs, services, _ = predict(report)
    assert links == {("ospf", frozenset(("s1", "h1"))): True}
    assert services == []  # check's JSON lists no services: the lab compares none
    seen = Observed(
        links={("nhrp", "h1", "s1"): True, ("ike", "h1", "s1"): True},
        services={("s1", "ntp server 10.1.0.10"): True},
    )
    assert compare((links, pairs, services, {}), seen) == []


# every example the FRR lab runs (CI or bench): check must state each outcome the lab observes,
# else the comparison in the lab would be empty and prove nothing
LAB_EXAMPLES = [
    "phase3-dual-hub-ibgp.yml",
    "phase3-dual-stack-ibgp.yml",
    "crypto-per-peer-keys.yml",
    "dual-isp-fvrf-ibgp.yml",
    "routing-ebgp-phase2.yml",
    "monitoring.yml",
]


@pytest.mark.parametrize("example", LAB_EXAMPLES)
def test_check_states_every_outcome_the_lab_observes(example: str) -> None:
    net = build_network(INVENTORIES / example)
    inv = net.loaded.inventory
    assert not [g for g in find_gaps(inv) if g.blocking]
    plan = build_plan(inv, net.secrets)
    links, pairs, services, _ = localize(predict_inventory(str(INVENTORIES / example)), plan)
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
