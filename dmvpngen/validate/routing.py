"""Routing protocol options: adjacency authentication, EIGRP modes, eBGP autonomous systems."""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.errors import Problem
from dmvpngen.model import BgpRouting, EigrpRouting, Inventory, OspfRouting
from dmvpngen.model.loader import Locator
from dmvpngen.render.bgp import MAX_ALTERNATE_AS, spoke_asn

__all__ = ["check"]

_MAX_ASN = 4294967295


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Routing problems that the schema alone cannot see."""
    routing = inv.routing
    yield from _check_opt_out(routing, loc)
    if isinstance(routing, (EigrpRouting, OspfRouting)) and routing.authentication is not None:
        where = ("routing", "authentication", "algorithm")
        algorithm = routing.authentication.algorithm
        classic = isinstance(routing, EigrpRouting) and routing.mode == "classic"
        if classic and algorithm != "md5":
            yield loc.problem(
                where,
                "EIGRP classic mode authenticates with MD5 only",
                "set 'mode: named' for HMAC-SHA-256 (recommended), or 'algorithm: md5'",
            )
        elif algorithm == "md5" and not classic:
            yield loc.problem(
                where,
                "MD5 routing authentication is legacy",
                "use 'algorithm: hmac-sha-256' (EIGRP named mode, OSPF key chain)",
                severity="warning",
            )
    if isinstance(routing, BgpRouting):
        yield from _check_bgp(inv, routing, loc)


def _check_opt_out(
    routing: EigrpRouting | OspfRouting | BgpRouting, loc: Locator
) -> Iterator[Problem]:
    """Authentication is on by default: without a key the inventory must say why."""
    bgp = isinstance(routing, BgpRouting)
    keyed = routing.password is not None if bgp else routing.authentication is not None  # type: ignore[union-attr]
    field = "password" if bgp else "authentication"
    if keyed and routing.no_authentication is not None:
        yield loc.problem(
            ("routing", "no_authentication"),
            f"'no_authentication' contradicts 'routing.{field}'",
            f"keep 'routing.{field}' (recommended) and drop 'no_authentication'",
        )
    elif not keyed and routing.no_authentication is None:
        example = "password: secret:bgp_password"
        if not bgp:
            # EIGRP classic mode knows MD5 only; named mode and OSPF take HMAC-SHA-256
            algorithm = "md5" if _classic(routing) else "hmac-sha-256"
            example = f"authentication: {{algorithm: {algorithm}, auth_key: secret:routing_key}}"
        yield loc.problem(
            ("routing", "protocol"),
            f"{routing.protocol.upper()} runs without authentication: any router that holds the "
            "IPsec key can join the cloud and inject routes",
            f"add '{example}' under routing, or opt out explicitly with "
            "'no_authentication: <reason>'",
        )


def _classic(routing: EigrpRouting | OspfRouting | BgpRouting) -> bool:
    return isinstance(routing, EigrpRouting) and routing.mode == "classic"


def _check_bgp(inv: Inventory, routing: BgpRouting, loc: Locator) -> Iterator[Problem]:
    dual_stack = [c.name for c in inv.clouds if c.ipv6_subnet is not None]
    # With an inside VRF, IPv6 is refused as a whole (ipv6_design): the static spoke
    # neighbours the VRF implies are not a second problem to report.
    if dual_stack and inv.overlay_vrf is None and not routing.listens(False):
        # the IPv6 sessions keep their listen range, whose peer group copies the IPv4 group's
        # remote-as and alternate-as: one neighbour per spoke is rendered for IPv4 only
        only = inv.ipv6_only  # no IPv4 session at all: the IPv6 ones are the whole design
        yield loc.problem(
            ("routing", "spoke_neighbors"),
            "one neighbour per spoke is rendered for IPv4 sessions only, and clouds "
            f"{', '.join(dual_stack)} {'carry only' if only else 'also carry'} IPv6 sessions, "
            "which hubs accept by listen range",
            "drop 'spoke_neighbors' (hubs accept spokes by listen range)"
            if only
            else "drop 'spoke_neighbors' (listen ranges for both families), or the clouds' "
            "ipv6_subnet",
        )
    if routing.spoke_asn is None:
        if routing.spoke_asn_per_spoke:
            yield loc.problem(
                ("routing", "spoke_asn_per_spoke"),
                "per-spoke AS numbers need 'spoke_asn' (the base they are counted from)",
                "add 'spoke_asn: 65100' (spoke AS = 65100 + spoke id)",
            )
        return
    if routing.spoke_asn == routing.asn:
        yield loc.problem(
            ("routing", "spoke_asn"),
            f"spoke AS {routing.spoke_asn} is the hubs' AS: that is iBGP",
            "drop 'spoke_asn' for iBGP, or give the spokes another AS",
        )
        return
    if routing.spoke_asn_per_spoke:
        for i, spoke in enumerate(inv.spokes):
            asn = routing.spoke_asn + spoke.id
            if asn > _MAX_ASN:
                yield loc.problem(("spokes", i, "id"), f"spoke AS {asn} is out of range")
            elif asn == routing.asn:
                yield loc.problem(
                    ("spokes", i, "id"),
                    f"spoke '{spoke.name}' would run AS {asn}, the hubs' AS",
                    "move 'spoke_asn' so no spoke id lands on the hubs' AS",
                )
    if not routing.listens(inv.overlay_vrf is not None):
        return  # one neighbour per spoke takes any number of ASes
    for i, hub in enumerate(inv.hubs):
        spokes = {s.name: s for c in inv.router_clouds(hub) for s in inv.cloud_spokes(c)}
        ases = {spoke_asn(routing, s) for s in spokes.values()}
        if len(ases) > MAX_ALTERNATE_AS + 1:
            yield loc.problem(
                ("hubs", i, "name"),
                f"hub '{hub.name}' would accept {len(ases)} spoke AS numbers; a listen-range "
                f"peer-group takes one remote-as plus {MAX_ALTERNATE_AS} alternate-as",
                "use one shared 'spoke_asn' (spoke_asn_per_spoke: false), or "
                "'spoke_neighbors: static' (one neighbour per spoke, any AS each)",
            )
