"""The designs of the design space, checked: NAT, PPPoE, per-peer keys, eBGP, isolation, hierarchy.

Each test renders an example inventory, changes one thing an engineer could get wrong (or that
the design depends on) and asserts the exact finding or forwarding verdict.
"""

from __future__ import annotations

from tests.check.test_mutations import ROOT, check, line_of

NAT = str(ROOT / "inventories" / "dynamic-wan-nat-ospf.yml")
KEYS = str(ROOT / "inventories" / "crypto-per-peer-keys.yml")
EBGP = str(ROOT / "inventories" / "routing-ebgp-phase2.yml")
ISOLATION = str(ROOT / "inventories" / "spoke-isolation-eigrp.yml")
HIER = str(ROOT / "inventories" / "hierarchical-eigrp.yml")


def test_hub_behind_undeclared_nat_cannot_be_verified_not_broken() -> None:
    # without the "behind static NAT" description the post-NAT NBMA is in no config: low NET047
    r = check(NAT, {"hub": (" (behind static NAT 203.0.113.10)", "")}, "17.9")
    hits = [f for f in r.findings if f.code == "NET047"]
    assert sorted(f.device for f in hits) == ["cable-02", "cloud-03", "dsl-01", "home-04"]
    assert {f.severity for f in hits} == {"low"} and not [
        f for f in r.findings if f.code == "NET009"
    ]
    needle = "ip nhrp nhs 10.255.0.1 nbma 203.0.113.10"
    assert any(f.line == line_of(NAT, "cable-02", needle) for f in hits)
    (c,) = r.clouds
    assert c.counts()["broken"] == 0 and c.counts()["direct"] == 6


def test_wrong_post_nat_nbma_is_still_high() -> None:
    r = check(NAT, {"cable-02": ("nbma 203.0.113.10", "nbma 203.0.113.11")}, "17.9")
    hits = [f for f in r.findings if f.code == "NET009"]
    assert [(f.device, f.severity, f.peer) for f in hits] == [("cable-02", "high", "hub")]


def test_two_spokes_behind_pat_stay_via_hub() -> None:
    r = check(
        NAT, {"cable-02": (" description cable\n", " description cable (behind PAT)\n")}, "17.9"
    )
    (c,) = r.clouds
    assert c.counts() == {"direct": 5, "via-hub": 1, "blocked": 0, "broken": 0}
    (pat,) = [x for x in c.forwarding if x.result == "via-hub"]
    assert {*pat.a, *pat.b} == {"cable-02", "home-04"} and "PAT" in pat.reason


def test_pppoe_dialer_without_negotiated_address_is_critical() -> None:
    r = check(NAT, {"dsl-01": (" ip address negotiated\n", " no ip address\n")}, "17.9")
    hits = [f for f in r.findings if f.code == "NET052"]
    assert [(f.device, f.severity) for f in hits] == [("dsl-01", "critical")]


def test_per_peer_local_key_mismatch() -> None:
    # branch-01 signs towards hub1 with a key hub1 does not expect for it
    old = (
        "  pre-shared-key local Lab-Only-Branch01-Key-c9e4a7\n  pre-shared-key remote Lab-Only-Hub1"
    )
    new = "  pre-shared-key local Wrong-Key-1\n  pre-shared-key remote Lab-Only-Hub1"
    r = check(KEYS, {"branch-01": (old, new)}, "17.9")
    hits = [f for f in r.findings if f.code == "NET021" and f.device == "branch-01"]
    assert [f.peer for f in hits] == ["hub1"]
    assert "local/remote" in hits[0].message
    assert "Wrong-Key-1" not in hits[0].message


def test_ebgp_alternate_as_is_needed_for_per_spoke_as() -> None:
    drop = ("remote-as 65111 alternate-as 65112 65113", "remote-as 65111")
    mutate = {"hq-hub1": drop, "dc-hub2": drop}
    r = check(EBGP, mutate, "17.9")
    hits = sorted((f.device, f.peer) for f in r.findings if f.code == "NET036")
    assert hits == [
        ("dc-hub2", "branch-02"),
        ("dc-hub2", "branch-03"),
        ("hq-hub1", "branch-02"),
        ("hq-hub1", "branch-03"),
    ]


def test_isolation_acl_removed_makes_the_partner_direct() -> None:
    acl = " ip access-group SPOKE-ISOLATION in\n ip access-group SPOKE-ISOLATION out\n"
    r = check(
        ISOLATION,
        {
            "partner-03": (acl, " ip nhrp shortcut\n"),
            "hub": (" ip access-group SPOKE-ISOLATION in\n", ""),
        },
        "17.9",
    )
    (c,) = r.clouds
    assert c.counts() == {"direct": 3, "via-hub": 0, "blocked": 0, "broken": 0}


def test_isolated_spoke_is_blocked_by_policy_and_not_a_fault() -> None:
    r = check(ISOLATION, {}, None)
    (c,) = r.clouds
    blocked = [x for x in c.forwarding if x.result == "blocked"]
    assert sorted(n for x in blocked for n in (*x.a, *x.b) if n != "partner-03") == [
        "branch-01",
        "branch-02",
    ]
    assert all("SPOKE-ISOLATION" in x.reason for x in blocked)
    assert not [f for f in r.findings if f.device == "partner-03" and f.code == "NET014"]


def test_hierarchy_with_different_network_ids_stays_on_the_hub_chain() -> None:
    hub_tunnel = " ip nhrp network-id {}\n ip nhrp holdtime 300\n ip nhrp map multicast dynamic"
    mutate = {"us-hub": (hub_tunnel.format(1), hub_tunnel.format(2))}
    mutate["us-01"] = (" ip nhrp network-id 1\n", " ip nhrp network-id 2\n")
    r = check(HIER, mutate, "17.9")
    (x,) = r.inter_cloud
    assert x.result == "via-hub" and "network-ids" in x.reason and x.pairs == 2
    high = [f for f in r.findings if f.severity in {"high", "critical"}]
    # the US spokes left network-id 1: only tunnels still sharing it (EU region, the central
    # cloud) meet their differing keys (NET065)
    assert high and all(f.code == "NET065" for f in high)
    assert not [f for f in high if "us-01" in (f.device, f.peer)]


def test_phase2_design_without_release_is_not_read_as_phase3() -> None:
    # no redirect or shortcut line anywhere and no release: the 17.x defaults are only assumed,
    # so the cloud reads as designed (phase 2), not as a phase 3 cloud missing its lines
    r = check(EBGP, {}, None)
    (c,) = r.clouds
    assert c.phase == 2 and not [f for f in r.findings if f.code in {"NET013", "NET014"}]
    assert c.counts()["direct"] == 3


def test_hierarchy_regions_with_one_key_go_direct_across() -> None:
    # the US region keyed like the EU region (10): the eu-01 - us-01 shortcut carries traffic
    key = " tunnel key 20\n"
    r = check(HIER, {"us-hub": (key, " tunnel key 10\n"), "us-01": (key, " tunnel key 10\n")})
    (x,) = r.inter_cloud
    assert x.result == "direct", x.reason
    spokes = {"eu-01", "us-01"}
    assert not [f for f in r.findings if f.code == "NET065" and {f.device, f.peer} == spokes]


def test_hierarchy_regions_keyed_apart_are_broken_across() -> None:
    r = check(HIER, {}, "17.9")
    (x,) = r.inter_cloud
    assert x.result == "broken" and "tunnel keys [10, 20]" in x.reason
