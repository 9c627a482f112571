"""Hierarchical DMVPN with iBGP (inventories/hierarchical-ibgp.yml): reflectors in two levels.

hq-hub reflects for the regional hubs, each regional hub for its own spokes. The regional
hub's session with hq-hub is an uplink: ``next-hop-self all``, ``unsuppress-map`` (every
specific of the region goes up despite the summary-only aggregate) and an outbound route map
that keeps the region's down-summary at home. The pre-fix rendering (no ``next-hop-self``
towards hq-hub, the summary sent up) is rebuilt here by edits and must be flagged.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.routes import compute
from dmvpngen.routes.fixpoint import Network
from dmvpngen.routes.trace import trace
from tests.check.test_mutations import ROOT, rendered

HIER = str(ROOT / "inventories" / "hierarchical-ibgp.yml")
EU01_LAN = IPv4Network("10.65.11.0/24")
UPLINK = "  neighbor 10.255.0.1 next-hop-self all\n"
UP_MAP = "  neighbor 10.255.0.1 route-map UPLINK-OUT out\n"


def _devices(edits: dict[str, list[tuple[str, str]]] | None = None) -> list[Device]:
    out = []
    for name, text in rendered(HIER).items():
        for old, new in (edits or {}).get(name, []):
            assert old in text, (name, old)
            text = text.replace(old, new)
        out.append(parse_config(text, f"{name}.cfg"))
    return out


def _net(edits: dict[str, list[tuple[str, str]]] | None = None) -> Network:
    return compute(_devices(edits))


def test_uplink_sends_specifics_with_the_regional_hub_as_next_hop() -> None:
    net = _net()
    at_hq = net.tables[("hq-hub", "bgp", 65000, "")]
    # every specific of the region, next hop the regional hub's CENTRAL address, reflected:
    # ORIGINATOR_ID eu-01 (its router id), CLUSTER_LIST eu-hub's cluster (its router id)
    route = at_hq[EU01_LAN]
    assert route.via == "eu-hub" and route.next_hop == IPv4Address("10.255.0.2")
    assert route.rr == (int(IPv4Address("10.64.0.11")), int(IPv4Address("10.64.0.1")))
    # the regions' down-summaries stay in the regions
    assert IPv4Network("10.0.0.0/8") not in at_hq
    # the other regional hub learns it from hq-hub, with hq-hub as next hop
    at_us = net.tables[("us-hub", "bgp", 65000, "")][EU01_LAN]
    assert at_us.via == "hq-hub" and at_us.next_hop == IPv4Address("10.255.0.1")
    # a regional spoke sees its hub's summary only
    spoke = net.tables[("us-01", "bgp", 65000, "")]
    assert EU01_LAN not in spoke and IPv4Network("10.0.0.0/8") in spoke


def test_reflector_drops_its_own_cluster_coming_back() -> None:
    # hq-hub reflects eu-01's route to every client, eu-hub included; eu-hub finds its own
    # cluster id on the CLUSTER_LIST and drops it (RFC 4456 section 8): no second path to
    # compare with the one from eu-01
    route = _net().tables[("eu-hub", "bgp", 65000, "")][EU01_LAN]
    assert route.via == "eu-01" and "hq-hub" not in route.decided


def test_every_lan_reaches_every_lan() -> None:
    net = _net()
    lans = {
        "hq-hub": "10.1.0.1",
        "eu-hub": "10.64.1.1",
        "us-hub": "10.80.1.1",
        "eu-01": "10.65.11.1",
        "eu-02": "10.65.12.1",
        "us-01": "10.81.21.1",
    }
    for src in lans:
        for dst, addr in lans.items():
            if src != dst:
                t = trace(net, src, "", IPv4Address(addr))
                assert t.outcome == "delivered" and t.at == dst, (src, dst, t.outcome, t.at)
    # eu-01 to us-01: up through both levels before the shortcut
    hops = [h.router for h in trace(net, "eu-01", "", IPv4Address("10.81.21.1")).hops]
    assert hops == ["eu-01", "eu-hub", "hq-hub", "us-hub"]


def test_example_check_predicts_direct_paths() -> None:
    r = check_devices(_devices(), "17.9")
    assert r.findings == []
    assert [(x.result, x.pairs) for x in r.inter_cloud] == [("direct", 2)]
    counts = {c.name: c.counts() for c in r.clouds}
    assert counts["DMVPN-REGION-EU-phase-3-hub"]["direct"] == 1  # eu-01 - eu-02


def test_uplink_without_next_hop_self_loops() -> None:
    # the pre-fix rendering: no next-hop-self towards hq-hub and the 10/8 sent up with the
    # specifics; hq-hub resolves a regional spoke's tunnel address only through some region's
    # 10/8, and the traffic loops
    edits = [(UPLINK, ""), (UP_MAP, "")]
    r = check_devices(_devices({"eu-hub": edits, "us-hub": edits}), "17.9")
    # no routed path between the regions: no redirect, no cross-region shortcut
    ((result, reason),) = [(x.result, x.reason) for x in r.inter_cloud]
    assert result == "broken" and "eu-01 to 10.81.21.1 (us-01 GigabitEthernet2)" in reason
    found = sorted({(f.code, f.device, f.severity) for f in r.findings})
    assert found == [
        ("NET062", "us-01", "high"),  # its replies to hq-hub's NTP and syslog loop
        ("NET064", "eu-hub", "high"),
        ("NET064", "hq-hub", "high"),
    ]


def test_uplink_without_unsuppress_map_hides_the_region() -> None:
    # without the unsuppress map hq-hub hears only the regions' 10/8 and cannot tell them apart
    edits = [("  neighbor 10.255.0.1 unsuppress-map UPLINK-SPECIFICS\n", "")]
    r = check_devices(_devices({"eu-hub": edits, "us-hub": edits}), "17.9")
    found = {(f.code, f.device) for f in r.findings if f.severity == "high"}
    # hq-hub's NTP and syslog unreachable from the regions, and hq-hub's LAN flows lost
    assert ("NET062", "eu-01") in found and ("NET062", "us-01") in found
    assert ("NET063", "hq-hub") in found


def test_uplink_next_hop_self_without_all_loops_too() -> None:
    # without 'all' a reflector keeps the next hop of the routes it reflects: the regional
    # spokes' routes reach hq-hub with their tunnel addresses, as with no next-hop-self at all
    plain = [(UPLINK, "  neighbor 10.255.0.1 next-hop-self\n")]
    net = _net({"eu-hub": plain, "us-hub": plain})
    route = net.tables[("hq-hub", "bgp", 65000, "")][EU01_LAN]
    assert route.next_hop == IPv4Address("10.255.10.11")
    # the hub's own LAN is no reflected route: next-hop-self changes it either way
    own = net.tables[("hq-hub", "bgp", 65000, "")][IPv4Network("10.64.1.0/24")]
    assert own.next_hop == IPv4Address("10.255.0.2")
