"""Routing protocol instances per router (EIGRP AS, OSPF process, BGP) with the interfaces each
runs on, and the adjacencies / sessions between them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Interface
from typing import Any

from dmvpngen.parse.facts import EigrpProcess, OspfProcess
from dmvpngen.parse.routeropts import area_id
from dmvpngen.parse.routing import eigrp_interface, ospf_area
from dmvpngen.routes.bgptables import owns, tables
from dmvpngen.routes.prefixes import interned
from dmvpngen.routes.topology import Port, Router, Topology

__all__ = ["Adjacency", "IfSettings", "Instance", "build_instances"]


@dataclass
class IfSettings:
    """What the protocol does on one interface."""

    port: Port
    passive: bool = False
    summaries: list[tuple[IPv4Network, int]] = field(default_factory=list)
    split_horizon: bool = True
    next_hop_self: bool = True
    cost: int = 1
    ospf_type: str = "point-to-point"
    area: str = ""  # OSPF area of the interface ("0" the backbone)
    # the secondary subnets the protocol advertises beside the interface's own (_extra)
    extra: tuple[IPv4Network, ...] = ()
    # the lines that turn split horizon / next-hop-self off (EIGRP), for findings
    split_horizon_line: int | None = None
    next_hop_self_line: int | None = None


@dataclass
class Instance:
    """One protocol instance of one router."""

    router: Router
    proto: str  # "eigrp" | "ospf" | "bgp"
    ident: int
    vrf: str
    line: int
    interfaces: dict[str, IfSettings] = field(default_factory=dict)
    stub: str | None = None  # EIGRP stub kind ("connected summary", "receive-only", ...)
    redistribute: list[tuple[str, int, str | None]] = field(default_factory=list)
    # OSPF: area border router (the backbone and another area), 'area A stub [no-summary]'
    # (area -> totally stubby), 'area A range' (area -> [(range, advertised, line)])
    abr: bool = False
    stubs: dict[str, bool] = field(default_factory=dict)
    ranges: dict[str, list[tuple[IPv4Network, bool, int]]] = field(default_factory=dict)
    # 'area A nssa [no-summary] [default-information-originate]': area -> (no-summary,
    # default); 'area A filter-list prefix NAME in|out': (area, direction) -> prefix list
    nssa: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    variance: int = 1  # EIGRP 'variance N' (1: equal-cost paths only)
    # the router's interfaces each IGP runs on ("eigrp" / "ospf", and "ospf 1" per process ->
    # names): redistributing that protocol carries their connected subnets too
    covered: dict[str, frozenset[str]] = field(default_factory=dict)
    area_filters: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, int, str]:
        """Unique key."""
        return (self.router.name, self.proto, self.ident, self.vrf)

    @property
    def label(self) -> str:
        """``EIGRP 100`` / ``OSPF 1`` / ``BGP 65000``."""
        return f"{self.proto.upper()} {self.ident}"


@dataclass(frozen=True)
class Adjacency:
    """``local`` hears ``remote``: on ``port`` (IGP) or over a BGP session to ``address``."""

    local: tuple[str, str, int, str]
    remote: tuple[str, str, int, str]
    port: str | None  # local interface (IGP) or local neighbour entry (BGP)
    remote_address: IPv4Address  # the neighbour's address (next hop of what it sends)
    remote_port: str = ""  # the neighbour's interface (IGP) or its entry for this router (BGP)


def _eigrp(router: Router, proc: EigrpProcess) -> Instance:
    inst = Instance(router, "eigrp", proc.asn, proc.vrf or "", proc.line, stub=proc.stub_kind)
    if proc.stub is not None and not proc.stub_kind:
        inst.stub = "connected summary"  # IOS default for 'eigrp stub'
    inst.redistribute = router.facts.redistribute.get(("eigrp", proc.asn, proc.vrf or ""), [])
    inst.variance = router.facts.variance.get(("eigrp", proc.asn, proc.vrf or ""), 1)
    for port in router.ports.values():
        if port.vrf != inst.vrf or not any(port.ip in n for n, _ in proc.networks):
            continue
        s = _eigrp_settings(router, proc, port)
        if port.extra:
            s.extra = _extra(port, lambda ip: any(ip in n for n, _ in proc.networks))
        inst.interfaces[port.name] = s
    return inst


def _eigrp_settings(router: Router, proc: EigrpProcess, port: Port) -> IfSettings:
    conf = eigrp_interface(proc, port.name, port.tunnel)
    passive = conf.passive is not None
    return IfSettings(
        port,
        passive=passive,
        summaries=[(interned(n), line) for n, line in conf.summaries],
        split_horizon=conf.split_horizon_off is None,
        next_hop_self=conf.next_hop_self_off is None,
        split_horizon_line=conf.split_horizon_off,
        next_hop_self_line=conf.next_hop_self_off,
    )


def _ospf(router: Router, proc: OspfProcess) -> Instance:
    inst = Instance(router, "ospf", proc.process, proc.vrf or "", proc.line)
    inst.redistribute = router.facts.redistribute.get(("ospf", proc.process, proc.vrf or ""), [])
    key = (proc.process, proc.vrf or "")
    inst.stubs = router.facts.ospf_stubs.get(key, {})
    inst.nssa = router.facts.ospf_nssa.get(key, {})
    inst.area_filters = router.facts.ospf_area_filters.get(key, {})
    for area_, net, advertised, line in router.facts.ospf_ranges.get(key, []):
        inst.ranges.setdefault(area_, []).append((net, advertised, line))
    for port in router.ports.values():
        if port.vrf != inst.vrf:
            continue
        area = _ospf_area(router, proc, port)
        if area is None:
            continue
        tun = port.tunnel
        passive = port.name in proc.passive or (
            proc.passive_default and port.name not in proc.no_passive
        )
        cost = (
            router.facts.ospf_cost.get(port.name)
            or (tun.ospf_cost if tun else None)
            or max(1, 100000 // port.bandwidth)
        )
        kind = (tun.ospf_network if tun else None) or ("point-to-point" if tun else "broadcast")
        inst.interfaces[port.name] = IfSettings(
            port, passive=passive, cost=cost, ospf_type=kind, area=area
        )
        if port.extra:
            inst.interfaces[port.name].extra = _ospf_extra(router, proc, port, area)
    areas = {s.area for s in inst.interfaces.values()}
    inst.abr = "0" in areas and len(areas) > 1
    return inst


def _ospf_area(router: Router, proc: OspfProcess, port: Port, address: Any = None) -> str | None:
    """The area ``port`` runs ``proc`` in: ``ip ospf N area A`` on the interface, else the
    first network statement that covers its address (or ``address``, a secondary one; None:
    OSPF is off there)."""
    tun = port.tunnel
    mine = tun.ospf_area if tun is not None and tun.ospf_area is not None else None
    ip = port.address.ip if address is None else address
    hit = ospf_area(proc, ip, mine or router.facts.ospf_interfaces.get(port.name))
    return area_id(hit[0]) if hit is not None else None


def _ospf_extra(
    router: Router, proc: OspfProcess, port: Port, area: str
) -> tuple[IPv4Network, ...]:
    """The secondary subnets OSPF advertises in ``area``, the interface's (see _extra)."""
    return _extra(port, lambda ip: _ospf_area(router, proc, port, ip) == area)


def _extra(port: Port, covers: Callable[[Any], bool]) -> tuple[IPv4Network, ...]:
    """The secondary subnets of ``port`` an IGP advertises: those its network statements
    cover (``covers``: EIGRP, and OSPF in the interface's area; ``ip ospf N area A`` takes
    them all), every other global prefix in the IPv6 view, where EIGRP and OSPFv3 run per
    interface (Cisco IOS IP Addressing Configuration Guide, *Configuring Secondary IP
    Addresses*: routing protocols treat secondary subnets as connected networks)."""
    six = isinstance(port.address, IPv6Interface)
    return tuple(interned(e.network) for e in port.extra if six or covers(e.ip))


def build_instances(
    topo: Topology,
) -> tuple[dict[tuple[str, str, int, str], Instance], list[Adjacency]]:
    """Every protocol instance and every adjacency (both directions) of the network."""
    instances: dict[tuple[str, str, int, str], Instance] = {}
    for router in topo.routers.values():  # one router per name: their keys never collide
        for key, inst in _router_instances(router).items():
            instances.setdefault(key, inst)
    adjs = _igp_adjacencies(topo, instances)
    from dmvpngen.routes.ospfvlinks import virtual_links
    from dmvpngen.routes.sessions import bgp_sessions

    if any(r.facts.ospf_vlinks for r in topo.routers.values()):
        adjs.extend(virtual_links(instances, list(adjs))[0])
    adjs.extend(bgp_sessions(topo, instances))
    return instances, adjs


# id(router) -> (router, its instances). An instance is a function of its router alone (the
# router's facts and live ports; ``covered`` reads only the same router's instances), and nothing
# changes an instance once built: the base network and every failover case share them, as they
# share the Router objects (:func:`dmvpngen.routes.topology.build_routers`).
_BUILT: dict[int, tuple[Router, dict[tuple[str, str, int, str], Instance]]] = {}


def _router_instances(router: Router) -> dict[tuple[str, str, int, str], Instance]:
    """``router``'s protocol instances by key, built once per Router object."""
    hit = _BUILT.get(id(router))
    if hit is not None and hit[0] is router:
        return hit[1]
    if len(_BUILT) > 100_000:
        _BUILT.clear()
    mine: dict[tuple[str, str, int, str], Instance] = {}
    d = router.device
    for proc in d.eigrp:
        inst = _eigrp(router, proc)
        mine.setdefault(inst.key, inst)
    for oproc in d.ospf:
        inst = _ospf(router, oproc)
        mine.setdefault(inst.key, inst)
    if d.bgp is not None:
        every = router.facts.redistribute.get(("bgp", d.bgp.asn, ""), [])
        for vrf in tables(router):  # one instance per table with neighbours
            inst = Instance(router, "bgp", d.bgp.asn, vrf, d.bgp.line)
            inst.redistribute = [r for r in every if owns(router, vrf, r[1])]
            mine[inst.key] = inst
    _cover(mine)
    _BUILT[id(router)] = (router, mine)
    return mine


def _cover(instances: dict[tuple[str, str, int, str], Instance]) -> None:
    """Set each redistributing instance's ``covered``: IOS redistributes, with a protocol's
    routes, the connected subnets of the interfaces that protocol runs on (Cisco document
    8606, "Redistributing Routing Protocols", connected routes)."""
    ports: dict[str, dict[str, set[str]]] = {}
    for inst in instances.values():
        if inst.proto != "bgp":
            mine = ports.setdefault(inst.router.name, {})
            mine.setdefault(inst.proto, set()).update(inst.interfaces)
            # 'redistribute ospf 1' covers process 1's interfaces only
            mine.setdefault(f"{inst.proto} {inst.ident}", set()).update(inst.interfaces)
    for inst in instances.values():
        if inst.redistribute:
            mine = ports.get(inst.router.name, {})
            inst.covered = {k: frozenset(v) for k, v in mine.items()}


def _igp_adjacencies(
    topo: Topology, instances: dict[tuple[str, str, int, str], Instance]
) -> list[Adjacency]:
    by_port: dict[tuple[str, str], list[Instance]] = {}
    for inst in instances.values():
        for name, s in inst.interfaces.items():
            if not s.passive:
                by_port.setdefault((inst.router.name, name), []).append(inst)
    out: list[Adjacency] = []
    overlay = topo.overlay
    for ports in topo.segments.values():
        if len(ports) < 2:
            continue
        on_segment = {p.router: p for p in ports}
        for a in ports:
            speakers = by_port.get((a.router, a.name))
            if not speakers:
                continue
            if (a.tunnel is not None and len(ports) > 2) or a.multipoint:
                # a cloud: only the pairs that talk (hub-spoke), never all members
                partners = sorted(topo.partners.get(a.router, ()))
                peers = [on_segment[n] for n in partners if n in on_segment]
            else:
                peers = ports
            # the same peers for every instance on ``a``: which of them ``a`` hears, and what
            # each runs there, is worked out once per port (it was once per instance)
            heard = [
                (b, by_port.get((b.router, b.name), ()))
                for b in peers
                if b.router != a.router
                and (not _needs_overlay(a, b, len(ports)) or (a.router, b.router) in overlay)
            ]
            for ia in speakers:
                mine = ia.key
                for b, theirs in heard:
                    for ib in theirs:
                        if ib.proto != ia.proto:
                            continue
                        # OSPF neighbours agree on the area (the hello carries it); EIGRP on AS
                        if ia.proto == "ospf":
                            same = ia.interfaces[a.name].area == ib.interfaces[b.name].area
                        else:
                            same = ib.ident == ia.ident
                        if same:
                            out.append(Adjacency(mine, ib.key, a.name, b.ip, b.name))
    return out


def _needs_overlay(a: Port, b: Port, members: int) -> bool:
    """Tunnels of a cloud share a subnet but not a wire: only a plain point-to-point GRE pair
    (two tunnels, neither multipoint) is a wire of its own."""
    if a.tunnel is None:
        return False
    return members > 2 or a.multipoint or b.multipoint
