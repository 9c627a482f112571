"""Check's routing pass: run the routing model over the checked routers (with the overlay links
check found forming), trace every service and LAN flow, and turn failures into findings."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address, IPv4Network, ip_network
from typing import Any

from dmvpngen.check.model import CloudReport, Finding
from dmvpngen.parse.facts import Device
from dmvpngen.routes import Network, compute
from dmvpngen.routes.explain import path_label
from dmvpngen.routes.failover import FailoverCase, failover
from dmvpngen.routes.flows import FlowFault, LanFlow, lan_traces, service_faults
from dmvpngen.routes.model import Route
from dmvpngen.routes.nssanote import translator_note
from dmvpngen.routes.topology import build_routers, nhrp_pairs
from dmvpngen.routes.trace import Trace

__all__ = [
    "cloud_network",
    "failover_findings",
    "finding",
    "lan_findings",
    "leak_findings",
    "routing_pass",
    "summary",
    "translator_named",
]


def _overlay(
    devices: list[Device], clouds: list[CloudReport], routed: dict[str, set[str]]
) -> set[tuple[str, str]]:
    """Hub-spoke pairs whose routing adjacency forms (as check found); other tunnel pairs (two
    hubs of one cloud) only when NHRP maps one to the other."""
    pairs = {(s, h) for s, hubs in routed.items() for h in hubs}
    pairs |= {(h, s) for s, h in list(pairs)}
    spoke_hub = {(m.name, h.name) for c in clouds for h in c.hubs for m in c.spokes}
    spoke_hub |= {(h, s) for s, h in list(spoke_hub)}
    known = nhrp_pairs(build_routers(devices))
    return pairs | (known - spoke_hub)


def cloud_network(
    net: Network, devices: list[Device], clouds: list[CloudReport], cloud: CloudReport
) -> Network:
    """The routing model with only ``cloud``'s tunnels up on its spokes (each cloud of a
    dual-cloud design judged on its own); ``net`` itself when its spokes have no other cloud."""
    mine = {(m.name, m.tunnel.name) for m in cloud.members}
    down: dict[str, set[str]] = {}
    for other in clouds:
        for m in other.spokes:
            on_both = other is not cloud and any(m.name == n for n, _t in mine)
            if on_both and (m.name, m.tunnel.name) not in mine:
                down.setdefault(m.name, set()).add(m.tunnel.name)
    if not down:
        return net
    return compute(devices, net.topo.overlay, down)


def routing_pass(
    devices: list[Device], clouds: list[CloudReport], routed: dict[str, set[str]]
) -> tuple[Network, list[Finding], dict[str, Any], tuple[Network, list[Device]] | None]:
    """The routing model, its findings, the JSON ``routing`` section, and the IPv6 routing
    model with the IPv6 views it ran on (None without IPv6 tunnels)."""
    by_name = {d.hostname: d for d in devices}
    net = compute(devices, _overlay(devices, clouds, routed))
    traced: dict[tuple[str, int], list[Trace]] = {}
    findings = [finding(translator_named(net, f), by_name) for f in service_faults(net, traced)]
    from dmvpngen.check.routepolicy import route_policy_findings

    findings.extend(route_policy_findings(net, by_name))
    traces = lan_traces(net)
    from dmvpngen.routes.flows import open_edges

    edges = open_edges(net)
    findings.extend(lan_findings(traces, edges, by_name, net=net))
    from dmvpngen.routes.bootstrap import cross_cloud_faults, pki_faults

    findings.extend(finding(f, by_name) for f in pki_faults(net))
    findings.extend(
        finding(f, by_name)
        for f in cross_cloud_faults(net, {k: f.trace for k, f in traces.items()})
    )
    hubs = sorted({h.name for c in clouds for h in c.hubs})
    cases = failover(devices, net.topo.overlay, net, hubs, lan=traces, services=traced)
    findings.extend(failover_findings(cases, routed, by_name))
    findings.extend(leak_findings(cases, net, by_name))
    report = summary(net, traces, cases)
    from dmvpngen.check.reach6 import ipv6_routing

    # the IPv6 routes of dual-stack routers, by the same model (reported only where they exist)
    six = ipv6_routing(devices, clouds, net.topo.overlay, routed)
    if six is None:
        return net, findings, report, None
    findings.extend(six[0])
    report["ipv6"] = six[1]
    return net, findings, report, (six[2], six[3])


def summary(
    net: Network, traces: dict[tuple[str, str], LanFlow], cases: list[FailoverCase]
) -> dict[str, Any]:
    """The JSON ``routing`` section of one address family."""
    outcome: dict[str, int] = {}
    for flow in traces.values():
        outcome[flow.trace.outcome] = outcome.get(flow.trace.outcome, 0) + flow.count
    return {
        "rounds": net.rounds,
        "routes": {n: sum(len(t) for t in r.tables.values()) for n, r in sorted(net.ribs.items())},
        "lan_flows": dict(sorted(outcome.items())),
        "router_classes": len(set(net.classes.values())),
        "failover": [c.as_dict() for c in cases],
    }


def failover_findings(
    cases: list[FailoverCase],
    routed: dict[str, set[str]],
    by_name: dict[str, Device],
    family: str = "",
) -> list[Finding]:
    """NET068 for each failover case that loses flows (``family``: ``"IPv6 "`` for the IPv6
    routes, named in the message)."""
    # a single hub going down takes its spokes with it by design: assert failover only where
    # the spokes of the failed hub have another hub to turn to
    redundant = {h for hs in routed.values() if len(hs) > 1 for h in hs}
    out = []
    for case in cases:
        if not case.lost or (case.down.startswith("hub ") and case.device not in redundant):
            continue
        shown = "; ".join(case.lost[:3]) + (
            f"; and {len(case.lost) - 3} more" if len(case.lost) > 3 else ""
        )
        out.append(
            Finding.make(
                "NET068",
                by_name[case.device],
                case.line,
                f"with {case.down} down, {len(case.lost)} {family}flow(s) lose reachability: "
                f"{shown}"
                + "".join(f" ({n})" for n in case.translators)
                + " (fix: give the flows a second path: the other hub must learn and "
                "advertise the same prefixes)",
            )
        )
    return out


def leak_findings(
    cases: list[FailoverCase], net: Network, by_name: dict[str, Device]
) -> list[Finding]:
    """NET069: flows that ride the overlay and, with a hub or an ISP down, leave by a route out
    of a non-tunnel interface: the WAN default hands them to the ISP outside the tunnel (IOS
    picks the longest match whatever the source, so once the overlay routes are withdrawn the
    default decides; Cisco document 8651-21). One finding per router and route, naming every
    failure that causes it."""
    groups: dict[tuple[str, Route], tuple[list[str], list[str], list[IPv4Address]]] = {}
    for case in cases:
        for flow, address, at, route in case.leaks:
            downs, flows, addresses = groups.setdefault((at, route), ([], [], []))
            if case.down not in downs:
                downs.append(case.down)
            if flow not in flows:
                flows.append(flow)
                addresses.append(address)
    sizes: dict[int, int] = {}
    for cls in net.classes.values():
        sizes[cls] = sizes.get(cls, 0) + 1
    out = []
    for (at, route), (downs, flows, addresses) in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1].prefix)
    ):
        alike = sizes.get(net.classes.get(at, -1), 1) - 1
        shown = "; ".join(flows[:3]) + (f"; and {len(flows) - 3} more" if len(flows) > 3 else "")
        if ":" in str(addresses[0]):  # an IPv6 view (routes.family)
            # the site prefixes' covering block, as a dual-stack design summarises them
            six = ip_network(f"{addresses[0]}/32", strict=False)
            pin = f"ipv6 route {six} Null0 254"
        else:
            block = _private_block(addresses)
            pin = f"ip route {block.network_address} {block.netmask} Null0 254"
        out.append(
            Finding.make(
                "NET069",
                by_name[at],
                route.line,
                f"with {' or '.join(downs)} down, {len(flows)} overlay flow(s) leave the VPN at "
                f"{at} by {route.describe()}, in clear toward the ISP: {shown}"
                + (f" ({alike} more router(s) forward alike)" if alike else "")
                + f" (fix: fail closed with a floating discard route that only decides when the "
                f"overlay routes are gone, e.g. '{pin}')",
            )
        )
    return out


def _private_block(addresses: list[IPv4Address]) -> IPv4Network:
    """The RFC 1918 block of the first leaked destination that has one (10/8 otherwise)."""
    for addr in addresses:
        for block in _RFC1918:
            if addr in block:
                return block
    return _RFC1918[0]


_RFC1918 = [IPv4Network("10.0.0.0/8"), IPv4Network("172.16.0.0/12"), IPv4Network("192.168.0.0/16")]


def translator_named(net: Network, f: FlowFault) -> FlowFault:
    """A failed service flow (NET060 / NET061) with the NSSA translator that decides it
    named (:func:`dmvpngen.routes.nssanote.translator_note`); other faults as they are."""
    if net.translators is None or f.code not in {"NET060", "NET061"}:
        return f
    router = net.topo.routers.get(f.router)
    svc = next((s for s in router.facts.services if s.line == f.line), None) if router else None
    note = translator_note(net, svc.address, f.at) if svc is not None else ""
    return replace(f, message=f.message + note) if note else f


def finding(f: FlowFault, by_name: dict[str, Device]) -> Finding:
    """The check finding of a failed flow."""
    dev = by_name[f.router]
    peer = by_name.get(f.at) if f.at != f.router else None
    return Finding.make(f.code, dev, f.line, f"{f.message} (fix: {f.hint})", peer, f.at_line)


def lan_findings(
    traces: dict[tuple[str, str], LanFlow],
    edges: set[str],
    by_name: dict[str, Device],
    family: str = "",
    net: Network | None = None,
) -> list[Finding]:
    """One finding per (router where it fails, deciding route, destination LAN, path); not
    where a router outside the set may feed routes (``edges``); ``family``: ``"IPv6 "`` for
    the IPv6 routes, named in the message; ``net``: the network traced, whose NSSA
    translator the message names where one decides the flow."""
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    sample: dict[tuple[str, str, str, str], Trace] = {}
    for (_rep, dst), flow in sorted(traces.items()):
        paths = [flow.trace, *flow.others]
        for t in paths:
            if t.ok or t.at in edges:
                continue
            # a failing equal-cost path drops its share of the flows: named with its first hop
            label = "" if t is flow.trace else path_label(t, flow.trace, len(paths))
            key = (t.at, t.route.describe() if t.route else t.outcome, dst, label)
            groups.setdefault(key, []).extend(flow.sources)
            sample.setdefault(key, t)
    out = []
    from dmvpngen.routes.explain import explain

    for key, sources in sorted(groups.items()):
        sources.sort()
        t = sample[key]
        names = ", ".join(sources[:4]) + (
            f" and {len(sources) - 4} more" if len(sources) > 4 else ""
        )
        what = f"{family}{t.address} ({key[2].replace('/', ' ', 1)}) from {names}"
        if key[3]:
            what += f" on {key[3]}"
        msg, hint = explain(t, what)
        if net is not None:
            msg += translator_note(net, t.address, t.at)
        code = "NET063" if t.outcome == "dropped" else "NET064"
        dev = by_name[t.at]
        out.append(
            Finding.make(code, dev, t.route.line if t.route else None, f"{msg} (fix: {hint})")
        )
    return out
