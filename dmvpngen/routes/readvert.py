"""How a hub passes one spoke's routes on to the other spokes of its cloud: next hop kept,
rewritten to the hub, hidden behind a summary, or not at all.

The answer comes from the routing model's own advert functions: a route as the hub holds it
after learning it from a spoke over the tunnel is passed through what the hub sends on that
tunnel (EIGRP, OSPF) or to the spokes' neighbour entry (BGP), and the result is read. Phase 2
needs the far spoke as next hop, so that NHRP resolves it and the spokes talk directly (Cisco
"DMVPN Configuration Guide": split horizon and next-hop-self off on the hub for EIGRP,
broadcast / non-broadcast network types for OSPF, no next-hop-self towards the spokes for BGP).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Interface, IPv4Network

from dmvpngen.routes.fixpoint import Network
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.ospfareas import ospf_advert
from dmvpngen.routes.protocols import Cand, bgp_advert, eigrp_advert
from dmvpngen.routes.sessions import NeighborOptions, accepting_entry, neighbor_options

__all__ = ["HubRoutes", "hub_routes", "worst"]


@dataclass(frozen=True)
class HubRoutes:
    """How one hub re-advertises a spoke's route into the cloud."""

    mode: str  # "preserved" | "hub" | "summary" | "none" | "unknown"
    reason: str
    line: int | None = None


def hub_routes(
    net: Network,
    hub: str,
    tunnel: str,
    spoke: str,
    spoke_address: IPv4Interface,
    prefixes: list[IPv4Network],
) -> HubRoutes:
    """What ``hub`` does with ``spoke``'s ``prefixes`` (its site LANs, learned over ``tunnel``
    from ``spoke_address``) when it advertises them to the other spokes; the first prefix the
    hub does not pass on with the spoke as next hop decides."""
    wanted = prefixes or [IPv4Network("0.0.0.0/32")]  # no LAN: only the next hop is asked
    for key in net.by_router.get(hub, []):
        inst = net.instances[key]
        if inst.proto in {"eigrp", "ospf"} and tunnel in inst.interfaces:
            return worst([_igp(inst, tunnel, spoke, spoke_address, p) for p in wanted])
    for key in net.by_router.get(hub, []):
        inst = net.instances[key]
        if inst.proto == "bgp":
            got = [_bgp(net, inst, spoke, spoke_address, p) for p in wanted]
            if got[0] is not None:
                return worst([g for g in got if g is not None])
    return HubRoutes("unknown", "no routing protocol seen on the hub tunnel")


_RANK = {"preserved": 0, "unknown": 1, "hub": 2, "summary": 3, "none": 4}


def worst(results: list[HubRoutes]) -> HubRoutes:
    """The result furthest from a preserved next hop."""
    return max(results, key=lambda r: _RANK[r.mode])


def _learned(spoke: str, address: IPv4Interface, prefix: IPv4Network, port: str | None) -> Cand:
    return Cand(prefix, 1, address.ip, spoke, port, spoke, f"learned from {spoke}", None)


def _igp(
    inst: Instance, tunnel: str, spoke: str, address: IPv4Interface, prefix: IPv4Network
) -> HubRoutes:
    s = inst.interfaces[tunnel]
    c = _learned(spoke, address, prefix, tunnel)
    if inst.proto == "ospf":
        c = c._replace(ospf="intra", area=s.area)  # the spoke's LAN, in the tunnel's area
    sent = (eigrp_advert if inst.proto == "eigrp" else ospf_advert)(inst, tunnel, {prefix: c})
    mine = [a for a in sent if a.prefix == prefix]
    if inst.proto == "ospf":
        kind = s.ospf_type
        line = s.port.tunnel.ospf_network_line if s.port.tunnel else None
        if mine and mine[0].next_hop == address.ip:
            return HubRoutes("preserved", f"OSPF {kind} keeps the spoke next hop", line)
        return HubRoutes("hub", f"OSPF {kind} makes the hub the next hop", line)
    if mine:
        if mine[0].next_hop == address.ip:
            return HubRoutes("preserved", "EIGRP keeps the spoke next hop", s.next_hop_self_line)
        named = any(p.asn == inst.ident and p.named for p in inst.router.device.eigrp)
        cmd = "no next-hop-self" if named else f"no ip next-hop-self eigrp {inst.ident}"
        return HubRoutes(
            "hub", f"hub sets itself as next hop (missing '{cmd}')", s.split_horizon_line
        )
    for n, line in s.summaries:
        if prefix != n and prefix.subnet_of(n):
            return HubRoutes("summary", f"hub summarises {n} on {tunnel}", line)
    if s.split_horizon:
        return HubRoutes(
            "none",
            f"EIGRP split horizon is on for {tunnel}: spoke routes are not re-advertised",
            inst.line,
        )
    return HubRoutes(
        "none",
        f"the hub is an EIGRP stub ({inst.stub}): spoke routes are not re-advertised",
        inst.line,
    )


def _bgp(
    net: Network, inst: Instance, spoke: str, address: IPv4Interface, prefix: IPv4Network
) -> HubRoutes | None:
    router = inst.router
    bgp = router.device.bgp
    assert bgp is not None
    entry = accepting_entry(bgp, [address.ip])
    if entry is None:
        return None
    opts = neighbor_options(router, bgp, entry)
    spoke_as = _spoke_as(net, spoke, opts)
    ibgp = spoke_as == inst.ident
    c = _learned(spoke, address, prefix, None)._replace(
        ibgp=ibgp, from_client=opts.rr_client, as_path=() if ibgp else (spoke_as,)
    )
    suppress = [
        g.prefix
        for g in router.facts.aggregates
        if g.summary_only and prefix != g.prefix and prefix.subnet_of(g.prefix)
    ]
    sent = bgp_advert(inst, {prefix: c}, opts, spoke_as, suppress)
    grp = bgp.neighbors.get(entry)
    if sent:
        if sent[0].next_hop == address.ip:
            return HubRoutes("preserved", "BGP keeps the spoke next hop", grp.line if grp else None)
        if ibgp:
            line = grp.next_hop_self if grp and grp.next_hop_self else bgp.line
            return HubRoutes("hub", f"neighbor {entry} next-hop-self", line)
        return HubRoutes(
            "hub", f"eBGP to {entry} without next-hop-unchanged", grp.line if grp else bgp.line
        )
    if suppress:
        (agg,) = [g for g in router.facts.aggregates if g.prefix == suppress[0]][:1]
        return HubRoutes("summary", f"hub aggregates {agg.prefix} summary-only", agg.line)
    return HubRoutes(
        "none",
        f"iBGP: {entry} is not a route-reflector client, so spoke routes are not reflected",
        grp.line if grp else bgp.line,
    )


def _spoke_as(net: Network, spoke: str, opts: NeighborOptions) -> int:
    router = net.topo.routers.get(spoke)
    if router is not None and router.device.bgp is not None:
        return router.device.bgp.asn
    return opts.remote_as or 0
