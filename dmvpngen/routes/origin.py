"""What each protocol instance originates on its own: its interfaces' subnets (EIGRP, OSPF),
BGP network statements and aggregates, OSPF's default-information, and what it takes in by
redistribution (:mod:`dmvpngen.routes.redistribution`)."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network

from dmvpngen.routes.bgptables import owns
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.model import Rib, Route
from dmvpngen.routes.policy import redistributed
from dmvpngen.routes.protocols import Cand, eigrp_metric
from dmvpngen.routes.redistribution import redistributed_routes

__all__ = ["originate", "reads_tables"]


def reads_tables(inst: Instance) -> bool:
    """Does :func:`originate` read more than ``inst`` itself (its router's RIB, its own table)?
    When it does not, it returns the same routes every round: the fixpoint calls it once, and
    builds that router's RIB once, at the end (keep this in step with :func:`originate`)."""
    if inst.proto == "ospf" and (inst.ident, inst.vrf) in inst.router.facts.ospf_default:
        return True  # 'default-information originate' asks whether the RIB has a default
    return inst.proto not in {"eigrp", "ospf"} or bool(inst.redistribute)


def originate(inst: Instance, rib: Rib, table: dict[IPv4Network, Cand]) -> dict[IPv4Network, Cand]:
    """What ``inst`` puts into its protocol on its own this round."""
    me = inst.router.name
    own: dict[IPv4Network, Cand] = {}
    vrf_table = rib.tables.get(inst.vrf, {})
    if inst.proto in {"eigrp", "ospf"}:
        for name, s in inst.interfaces.items():
            if name.startswith("OSPF_VL"):
                continue  # a virtual link: no subnet of its own
            p = s.port
            why = f"connected {name}"
            metric = eigrp_metric(p.bandwidth, p.delay) if inst.proto == "eigrp" else s.cost
            c = Cand(
                p.network, metric, None, None, None, me, why, p.line, delay=p.delay, bw=p.bandwidth
            )
            own[p.network] = c._replace(ospf="intra", area=s.area) if s.area else c
            for net in s.extra:
                # a secondary subnet, advertised like the primary
                own.setdefault(net, own[p.network]._replace(prefix=net, why=f"{why} (secondary)"))
    else:
        for net, line in inst.router.facts.bgp_networks:
            if not owns(inst.router, inst.vrf, line):
                continue  # a network statement of another table's address family
            if net in vrf_table and vrf_table[net].protocol not in {"ebgp", "ibgp"}:
                # the MED is the IGP metric of the route the statement matches (0 for a
                # connected or static one): see redistribution.igp_med
                c = Cand(
                    net,
                    vrf_table[net].metric,
                    None,
                    None,
                    None,
                    me,
                    "network statement",
                    line,
                    weight=32768,
                    kind="network",
                )
                passed = _network_map(inst, line, c, vrf_table[net])
                if passed is not None:
                    own[net] = passed
        for g in inst.router.facts.aggregates:
            if not owns(inst.router, inst.vrf, g.line):
                continue
            if any(p != g.prefix and p.subnet_of(g.prefix) for p in table):
                own[g.prefix] = Cand(
                    g.prefix,
                    0,
                    None,
                    None,
                    None,
                    me,
                    "aggregate-address",
                    g.line,
                    weight=32768,
                    kind="summary",
                )
    if inst.proto == "ospf" and inst.router.facts.ospf_default:
        default = _default_information(inst, vrf_table)
        if default is not None:
            own[default.prefix] = default
    own.update(redistributed_routes(inst, vrf_table, own))
    return own


def _network_map(inst: Instance, line: int, c: Cand, route: Route) -> Cand | None:
    """``c`` through the route map of ``network ... route-map NAME`` (the statement on
    ``line``; None: the map denies it and the prefix is not originated). The map filters
    what the statement originates and sets its attributes (Cisco "IP Routing: BGP Command
    Reference", ``network (BGP and multiprotocol BGP)``: "The route map should be examined
    to filter the networks to be advertised"); a permit sequence without ``set metric``
    leaves the MED the route would have without the map, its IGP metric, as
    ``redistribute ... route-map`` does. The route has no AS path or communities yet, so
    ``match as-path`` / ``match community`` are read as on redistribution; a map no
    ``route-map`` block defines is taken as absent (NET096 says so: no source settles it)."""
    name = inst.router.facts.network_maps.get(line)
    if name is None:
        return c
    return redistributed(inst, name, c._replace(tag=route.tag), route.interface)


def _default_information(inst: Instance, vrf_table: dict[IPv4Network, Route]) -> Cand | None:
    """OSPF ``default-information originate [always] [metric N]``: a type 5 default route
    (metric 1 unless given) while the router's table holds a default from another source,
    or always with ``always`` (Cisco document 13692, "How OSPF Injects a Default Route into
    a Normal Area"), of type 2 unless ``metric-type 1``. In an IPv6 view (``router ospfv3``,
    ``ipv6 router ospf``) the default is ``::/0``: no Cisco document for the IPv6 form was
    at hand, so its options are read as the IPv4 ones."""
    conf = inst.router.facts.ospf_default.get((inst.ident, inst.vrf))
    if conf is None:
        return None
    always, metric, mtype, line = conf
    family = next((p.address.version for p in inst.router.ports.values()), 4)
    default = _ANY6 if family == 6 else _ANY
    held = vrf_table.get(default)
    if not always and (held is None or held.protocol.startswith("ospf")):
        return None
    return Cand(
        default,
        metric,
        None,
        None,
        None,
        inst.router.name,
        "default-information originate",
        line,
        external=True,
        kind="redistributed",
        ospf="ext",
        e1=mtype == 1,
    )


_ANY = IPv4Network("0.0.0.0/0")
# the model keys every table by prefix whatever the family (see routes.family)
_ANY6: IPv4Network = IPv6Network("::/0")  # type: ignore[assignment]
