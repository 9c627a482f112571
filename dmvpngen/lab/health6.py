"""Registrations and routing adjacencies of an IPv6-only overlay in a running lab, judged as
``push`` and ``verify`` judge them (:mod:`dmvpngen.push.verify6`): ``show dmvpn ipv6`` and the
IPv6 neighbour tables, each peer known by its tunnel IPv6 address, its tunnel link-local
address and its router id, all three taken from the inventory."""

from __future__ import annotations

from dmvpngen.lab.session import Session
from dmvpngen.model import Hub, Inventory, Router
from dmvpngen.push.model import Check
from dmvpngen.push.parsers import norm6
from dmvpngen.push.verify6 import Expectation6, Peer6, run_checks6

__all__ = ["ipv6_checks"]

# the IPv6 routing dmvpngen renders for each protocol of the inventory
_ROUTING6 = {"eigrp": "eigrp", "ospf": "ospfv3", "bgp": "bgp"}


def _peer(inventory: Inventory, router: Router, address: object) -> Peer6:
    rid = str(router.router_id) if router.router_id is not None else ""
    return Peer6(norm6(str(address)), norm6(str(inventory.link_local(router))), rid)


def ipv6_checks(inventory: Inventory, router: Router, session: Session) -> list[Check]:
    """Per cloud: a hub's spokes (a spoke's hubs) UP in ``show dmvpn ipv6`` and up as IPv6
    routing neighbours (named and detailed per cloud)."""
    hub = isinstance(router, Hub)
    checks = []
    for cloud in inventory.router_clouds(router):
        others = inventory.cloud_spokes(cloud) if hub else inventory.cloud_hubs(cloud)
        peers = tuple(
            _peer(inventory, p, address)
            for p in others
            if p.name != router.name and (address := inventory.tunnel_ipv6(cloud, p)) is not None
        )
        routing = _ROUTING6.get(inventory.routing.protocol, "")
        exp = (
            Expectation6(peers=peers, routing=routing)
            if hub
            else Expectation6(nhs=peers, routing=routing)
        )
        found, _nbmas = run_checks6(session.send_command, exp, "hub" if hub else "spoke")
        checks += [c.model_copy(update={"detail": f"{cloud.name}: {c.detail}"}) for c in found]
    return checks
