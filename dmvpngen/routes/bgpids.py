"""A BGP speaker's identifiers as the best-path steps and route reflection read them: its
router id and its route reflector cluster id, each worked out once per router."""

from __future__ import annotations

from dmvpngen.parse.tree import ip_or_none
from dmvpngen.routes.perobject import per_object
from dmvpngen.routes.topology import Router

__all__ = ["bgp_router_id", "cluster_id"]


@per_object
def bgp_router_id(router: Router) -> int:
    """The BGP router id of ``router`` as an integer: ``bgp router-id``, else the highest
    loopback address, else the highest interface address (Cisco "IP Routing: BGP
    Configuration Guide", *BGP router ID*); worked out once per Router object (shared by the
    base network, every failover case and every view, and never changed once built)."""
    return _router_id(router)


def cluster_id(router: Router) -> int:
    """The CLUSTER_ID a route reflector adds to the paths it reflects: ``bgp cluster-id``,
    else its router id (RFC 4456 section 7; Cisco "IP Routing: BGP Configuration Guide",
    *BGP Route Reflector*: "by default, the router ID of the route reflector is used")."""
    given = router.facts.bgp_cluster_id
    if given is not None:
        return given
    return bgp_router_id(router)


def _router_id(router: Router) -> int:
    given = router.facts.bgp_router_id
    if given is not None:
        rid = ip_or_none(given)
        if rid is not None:
            return int(rid)
    # an IPv6 view's router id is still its router's: the IPv4 interfaces of the underlay
    device = getattr(router.device, "underlay", None) or router.device
    up = [
        (name, i.address.ip)
        for name, i in (*device.interfaces.items(), *device.tunnels.items())
        if i.address is not None and i.address.version == 4 and i.shutdown is None
    ]
    loops = [ip for name, ip in up if name.startswith("Loopback")]
    pool = loops or [ip for _name, ip in up]
    return int(max(pool)) if pool else 0
