"""Check's routing pass for IPv6: the routing model run on each dual-stack router's IPv6 view
(:mod:`dmvpngen.routes.family`), with the overlay pairs the IPv4 pass found forming, and the
same findings named for the address family: service addresses given as IPv6 addresses
(NET060-NET062), site LAN flows dropped or unreachable (NET063 / NET064), phase 2 hubs that
rewrite the IPv6 next hop or do not pass the spokes' IPv6 routes on (NET015 / NET016), and
each hub and ISP down (NET068 / NET069)."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Network
from typing import Any

from dmvpngen.check.model import CloudReport, Finding
from dmvpngen.parse.facts import Device
from dmvpngen.routes import Network, compute
from dmvpngen.routes.failover import failover
from dmvpngen.routes.family import ipv6_views
from dmvpngen.routes.flows import lan_ports, lan_traces, open_edges, service_faults
from dmvpngen.routes.topology import build_routers, nhrp_pairs
from dmvpngen.routes.trace import Trace

__all__ = ["FAMILY", "ipv6_routing"]

FAMILY = "IPv6 "


def ipv6_routing(
    devices: list[Device],
    clouds: list[CloudReport],
    overlay: set[tuple[str, str]],
    routed: dict[str, set[str]],
) -> tuple[list[Finding], dict[str, Any], Network, list[Device]] | None:
    """The IPv6 findings, the JSON ``routing.ipv6`` section, the IPv6 routing model and the
    IPv6 views it ran on; None when no router has an IPv6 tunnel (IPv4-only networks keep
    their report as it was)."""
    if not any(t.ipv6 is not None and t.ipv6.address for d in devices for t in d.tunnels.values()):
        return None
    views = ipv6_views(devices)
    if not views:
        return None
    from dmvpngen.check.reach import (
        failover_findings,
        finding,
        lan_findings,
        leak_findings,
        summary,
        translator_named,
    )

    by_name = {d.hostname: d for d in devices}
    # hubs map each other by NHRP for IPv6 too ('ipv6 nhrp map'): those pairs talk as well
    hubs_all = {h.name for c in clouds for h in c.hubs}
    mapped = nhrp_pairs(build_routers(views))
    overlay = overlay | {(a, b) for a, b in mapped if a in hubs_all and b in hubs_all}
    net = compute(views, overlay)
    traces = lan_traces(net)
    traced: dict[tuple[str, int], list[Trace]] = {}
    named = [translator_named(net, f) for f in service_faults(net, traced)]
    findings = [finding(replace(f, message=FAMILY + f.message), by_name) for f in named]
    findings.extend(lan_findings(traces, open_edges(net), by_name, FAMILY, net))
    findings.extend(_phase2(clouds, net))
    hubs = sorted({h.name for c in clouds for h in c.hubs} & set(net.topo.routers))
    cases = failover(views, overlay, net, hubs, lan=traces, services=traced)
    findings.extend(failover_findings(cases, routed, by_name, FAMILY))
    findings.extend(leak_findings(cases, net, by_name))
    return findings, summary(net, traces, cases), net, views


def _phase2(clouds: list[CloudReport], net: Any) -> list[Finding]:
    """NET015 / NET016 for the IPv6 routes of each phase 2 cloud's hubs: the same walk through
    the hub's adverts as for IPv4 (:mod:`dmvpngen.check.phase2`), on the IPv6 tunnel
    addresses and site LANs."""
    from dmvpngen.check.phase2 import phase2_findings

    lans: dict[str, list[IPv4Network]] = {}
    for p in lan_ports(net):
        lans.setdefault(p.router, []).append(p.network)
    out: list[Finding] = []
    for cloud in clouds:
        out.extend(phase2_findings(cloud, net, lans, family=FAMILY))
    return out
