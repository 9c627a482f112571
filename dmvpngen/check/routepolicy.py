"""Route policy that does nothing or cannot be applied: a redistribution into EIGRP without a
metric (NET095) and a route map named where no ``route-map`` block defines it (NET096); and
an OSPF virtual link the routing model cannot follow (NET097: one end missing from the set).

What IOS does with an undefined route map depends on where it is attached. The routing model
follows the sources that settle it; where none does, the finding says so and what the model
assumed (docs/check.md, "Route policy")."""

from __future__ import annotations

from dmvpngen.check.model import Finding
from dmvpngen.parse.facts import Device
from dmvpngen.routes import Network
from dmvpngen.routes.instances import Instance
from dmvpngen.routes.ospfvlinks import is_virtual
from dmvpngen.routes.redistribution import seed_metric

__all__ = ["route_policy_findings"]

# attachment point -> what IOS does with an undefined map there, and what the model does
_UNDEFINED = {
    "neighbor in": "BGP takes no route from this neighbour (an undefined neighbour route map "
    "denies every route: batfish/batfish pull request 6523, observed on IOS); modelled so",
    "neighbor out": "BGP sends no route to this neighbour (an undefined neighbour route map "
    "denies every route: batfish/batfish pull request 6523, observed on IOS); modelled so",
    "redistribute": "no Cisco document settles whether IOS then redistributes every route or "
    "none (most accounts say none); the model redistributes every route",
    "network": "no Cisco document settles whether IOS then originates the network or not; "
    "the model originates it as without the map",
    "distribute-list": "no Cisco document settles whether the filter then passes every route "
    "or none; the model passes every route",
    "table-map": "no Cisco document settles what the RIB installation then does; the model "
    "does not read table maps and installs every BGP route",
    "policy": "no Cisco document settles what policy routing then does; the model routes "
    "these packets by destination, as without the policy",
    "leak-map": "no Cisco document settles it; the model leaks no component beside the summary",
    "unsuppress-map": "no Cisco document settles it; the model unsuppresses every component",
    "default-information": "the default route is then originated as without a route map "
    "(batfish/batfish pull request 3698, observed); modelled as without the map",
    "default-originate": "the default route is then sent as without a route map "
    "(batfish/batfish pull request 3698, observed); modelled as without the map",
}
_OTHER = "no source settles what IOS does with it; the model ignores the reference"


def route_policy_findings(net: Network, by_name: dict[str, Device]) -> list[Finding]:
    """NET095, NET096 and NET097 of every router of ``net``."""
    out = [f for inst in net.instances.values() for f in _no_metric(inst, by_name)]
    for name, router in sorted(net.topo.routers.items()):
        for (pid, vrf), links in sorted(router.facts.ospf_vlinks.items()):
            inst = net.instances.get((name, "ospf", pid, vrf))
            modelled = {
                s.port.line for n, s in (inst.interfaces if inst else {}).items() if is_virtual(n)
            }
            for area, rid, line in links:
                if line in modelled:
                    continue  # both ends configure it: the routing model follows it
                out.append(
                    Finding.make(
                        "NET097",
                        by_name[name],
                        line,
                        f"OSPF {pid} virtual link to {rid} through area {area} is not modelled (no "
                        "router of the set with that router id configures the link back "
                        "through the same non-stub area): "
                        "routes that cross the backbone only through it are missing from the "
                        "routing model, so flow findings between those areas may be false "
                        "(verify them on the routers)",
                    )
                )
        defined = router.facts.policies.route_maps
        for where, rmap, line in router.facts.map_refs:
            if rmap in defined:
                continue
            out.append(
                Finding.make(
                    "NET096",
                    by_name[name],
                    line,
                    f"route map {rmap} ({where}) is not defined: {_UNDEFINED.get(where, _OTHER)} "
                    f"(fix: define 'route-map {rmap}' or remove the reference)",
                )
            )
    return out


def _no_metric(inst: Instance, by_name: dict[str, Device]) -> list[Finding]:
    """NET095: ``redistribute P`` into EIGRP without a metric from any source (inline,
    ``default-metric``, the route map's ``set metric``)."""
    if inst.proto != "eigrp":
        return []
    out = []
    maps = inst.router.facts.policies.route_maps
    for proto, line, rmap in inst.redistribute:
        if seed_metric(inst, line, proto) is not None:
            continue
        clauses = maps.get(rmap or "", [])
        if any(c.permit and c.set_metric and len(c.set_metric) >= 2 for c in clauses):
            continue  # the map gives (some) routes a metric
        out.append(
            Finding.make(
                "NET095",
                by_name[inst.router.name],
                line,
                f"redistribute {proto} into {inst.label} without a metric advertises nothing: "
                "EIGRP gives routes of another protocol no metric of its own (only connected, "
                "static and EIGRP routes get one; Cisco document 8606, 'Redistributing Routing "
                "Protocols') (fix: add 'metric 100000 100 255 1 1500' to the line or "
                "'default-metric 100000 100 255 1 1500' to the process)",
            )
        )
    return out
