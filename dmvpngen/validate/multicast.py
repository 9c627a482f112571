"""Multicast: refuse what PIM sparse mode over a DMVPN cannot do as rendered.

- the RP must be at or behind a hub (Cisco's DMVPN guide): a hub's Loopback0 or LAN address, or
  a host on a hub LAN that takes part; never a spoke, never an address no router owns;
- BSR / Auto-RP candidates are hubs with a Loopback0 (the candidate interface);
- every listed LAN exists, is no hub-only spoke's (isolation), and the LAN of a LAN-side RP
  and every hub interconnect (``hub_peering``) take part;
- the RP is never a WAN address: the WANs run no PIM, and with an inside VRF they are not even
  in the overlay's table (its address space is the loopbacks, tunnels and site LANs).

With an inside VRF the same rules hold in the VRF's table, where every LAN and Loopback0 sits.

Whether every router can reach a static RP is decided by the routing model
(:mod:`dmvpngen.validate.routed`, 'pim rendezvous point' flows).
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Address

from dmvpngen.errors import Problem
from dmvpngen.model import Hub, Inventory, Router
from dmvpngen.model.loader import Locator
from dmvpngen.model.multicast import Multicast, RpMode

__all__ = ["check"]

RP = ("multicast", "rp")


def check(inv: Inventory, loc: Locator) -> Iterator[Problem]:
    """Multicast problems (none without a ``multicast`` section)."""
    mc = inv.multicast
    if mc is None:
        return
    yield from _lans(inv, loc, mc)
    if mc.rp.mode is RpMode.STATIC:
        yield from _static(inv, loc, mc)
    else:
        yield from _candidates(inv, loc, mc)


def _lans(inv: Inventory, loc: Locator, mc: Multicast) -> Iterator[Problem]:
    known = {lan.prefix for r in (*inv.hubs, *inv.spokes) for lan in r.lan}
    isolated = {lan.prefix: s.name for s in inv.spokes if s.hub_only for lan in s.lan}
    seen = set()
    for i, prefix in enumerate(mc.lans or []):
        if prefix in seen:
            yield loc.problem(("multicast", "lans", i), f"LAN {prefix} listed twice")
        seen.add(prefix)
        if prefix in isolated:
            yield loc.problem(
                ("multicast", "lans", i),
                f"{prefix} belongs to hub-only spoke '{isolated[prefix]}': its streams would "
                "reach the other spokes through the hub, past the isolation",
                "leave hub-only spokes' LANs out of multicast.lans",
            )
        elif prefix not in known:
            yield loc.problem(
                ("multicast", "lans", i),
                f"{prefix} is no router's LAN",
                "list the prefixes of hubs[].lan / spokes[].lan entries that take part",
            )
    if mc.lans is None:
        return
    for hub in inv.hubs:
        for lan in hub.lan:
            if lan.hub_peering and lan.prefix not in mc.lans:
                yield loc.problem(
                    ("multicast", "lans"),
                    f"hub interconnect {lan.prefix} of '{hub.name}' is left out: joins and "
                    "streams between the hubs may cross it",
                    f"add {lan.prefix} to multicast.lans",
                )


def _takes_part(mc: Multicast, prefix: object) -> bool:
    return mc.lans is None or prefix in mc.lans


def _static(inv: Inventory, loc: Locator, mc: Multicast) -> Iterator[Problem]:
    rp = mc.rp
    if rp.candidates:
        yield loc.problem(
            (*RP, "candidates"),
            "candidates are for mode bsr or auto-rp; a static RP is one address",
            "drop candidates, or set mode: bsr / auto-rp",
        )
    if rp.address is None:
        yield loc.problem(
            (*RP, "address"),
            "a static RP needs an address",
            "give the Loopback0 or LAN address of a hub (RP at or behind the hub)",
        )
        return
    yield from _rp_owner(inv, loc, mc, rp.address)


def _rp_owner(
    inv: Inventory, loc: Locator, mc: Multicast, address: IPv4Address
) -> Iterator[Problem]:
    where = (*RP, "address")
    for router in (*inv.hubs, *inv.spokes):
        own = router.loopback == address or any(
            lan.address is not None and lan.address.ip == address for lan in router.lan
        )
        behind = [lan for lan in router.lan if lan.prefix is not None and address in lan.prefix]
        if not own and not behind:
            continue
        if not isinstance(router, Hub):
            yield loc.problem(
                where,
                f"RP {address} is at spoke '{router.name}': every stream and join of the "
                "network would cross that spoke's Internet line",
                "put the RP at or behind a hub (its Loopback0 or a hub LAN)",
            )
            return
        lan = behind[0] if behind else None
        if lan is not None and not _takes_part(mc, lan.prefix):
            yield loc.problem(
                where,
                f"RP {address} is on LAN {lan.prefix} of '{router.name}', which does not take "
                "part in multicast (no PIM there)",
                f"add {lan.prefix} to multicast.lans",
            )
        elif lan is not None and not own:
            yield loc.problem(
                where,
                f"RP {address} is a host on LAN {lan.prefix} of hub '{router.name}': dmvpngen "
                "does not configure that router",
                "give it 'ip pim rp-address' and PIM sparse mode on the LAN yourself",
                severity="warning",
            )
        return
    wan = next((r.name for r in (*inv.hubs, *inv.spokes) if _wan_holds(r, address)), None)
    vrf = inv.overlay_vrf
    if wan is not None:
        outside = (
            f"it is outside the inside VRF '{vrf.name}', where PIM and the RP live"
            if vrf is not None
            else "the WANs run no PIM"
        )
        yield loc.problem(
            where,
            f"RP {address} is on the WAN of '{wan}': {outside}",
            "use the Loopback0 or LAN address of a hub (RP at or behind the hub)",
        )
        return
    yield loc.problem(
        where,
        f"RP {address} is on no router and no site LAN of the inventory"
        + (f" (the address space of the inside VRF '{vrf.name}')" if vrf is not None else ""),
        "use the Loopback0 or LAN address of a hub (RP at or behind the hub)",
    )


def _wan_holds(router: Router, address: IPv4Address) -> bool:
    """True when ``address`` is on one of the router's WAN subnets (its address or the ISP's)."""
    return any(w.address is not None and address in w.address.network for w in router.wans)


def _candidates(inv: Inventory, loc: Locator, mc: Multicast) -> Iterator[Problem]:
    rp = mc.rp
    if rp.address is not None:
        yield loc.problem(
            (*RP, "address"),
            f"mode {rp.mode.value} learns the RP from candidates; an address is static",
            "drop address, or set mode: static",
        )
    if not rp.candidates:
        yield loc.problem(
            (*RP, "candidates"),
            f"mode {rp.mode.value} needs at least one candidate hub",
            "name the hubs that offer their Loopback0 as RP (two for redundancy)",
        )
    routers: dict[str, Router] = {r.name: r for r in (*inv.hubs, *inv.spokes)}
    seen = set()
    for i, name in enumerate(rp.candidates):
        where = (*RP, "candidates", i)
        router = routers.get(name)
        if name in seen:
            yield loc.problem(where, f"candidate '{name}' listed twice")
        seen.add(name)
        if router is None:
            yield loc.problem(where, f"unknown router '{name}'", "name a hub of hubs[]")
        elif not isinstance(router, Hub):
            yield loc.problem(
                where,
                f"'{name}' is a spoke: the RP belongs at or behind a hub",
                "name a hub of hubs[]",
            )
        elif router.loopback is None:
            yield loc.problem(
                where,
                f"hub '{name}' has no loopback: candidates announce Loopback0",
                f"give '{name}' a loopback address",
            )
