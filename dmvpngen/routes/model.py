"""Routes and routing tables: what the routing model computes for each router.

A :class:`Route` keeps where it came from (protocol, the router that originated it, the
neighbour it was learned from, and the config line on this router that causes it), so a finding
can name the route that drops a flow.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import NamedTuple

__all__ = ["DISTANCE", "STATIC_PATHS", "Rib", "Route", "equal_cost"]

# Administrative distances: Cisco IOS defaults ("What Is Administrative Distance?",
# Cisco document 15986).
DISTANCE: dict[str, int] = {
    "connected": 0,
    "static": 1,
    "eigrp-summary": 5,
    "ebgp": 20,
    "eigrp": 90,
    "ospf": 110,
    "ospf-summary": 110,
    "eigrp-ex": 170,
    "ibgp": 200,
    "bgp-aggregate": 200,
}


# Equal-cost static routes IOS installs for one prefix ("Cisco IOS Cookbook", 5.11: up to four
# paths for most protocols, one for BGP, six for static routes).
STATIC_PATHS = 6


class Route(NamedTuple):
    """One route (a tuple, so whole tables compare and copy at C speed)."""

    prefix: IPv4Network
    protocol: str
    distance: int
    metric: int
    interface: str | None  # outgoing interface; "Null0" for a discard route
    next_hop: IPv4Address | None
    origin: str  # router where the prefix entered routing
    via: str | None  # neighbour it was learned from (None: this router)
    why: str  # provenance, e.g. "summary on Tunnel200", "ip route", "EIGRP 100 from hub-a"
    line: int | None  # the line on this router's config that causes the route
    tag: int = 0  # route tag (EIGRP / OSPF external routes, 'set tag')
    process: int = 0  # the instance a learned route came from (OSPF process, EIGRP AS)
    # BGP: the neighbour of the equal eBGP path this route was taken over by the age step,
    # which configs do not tell (routes.bgpties)
    arrival: str = ""
    # BGP: which late best-path step chose this iBGP path over another, in words (the IGP
    # metric to the next hop, then the router id...: routes.bgpigp); also in 'why'
    decided: str = ""

    @property
    def discard(self) -> bool:
        """A route to Null0 (summary / aggregate discard route, or static to Null0)."""
        return self.interface == "Null0"

    def describe(self) -> str:
        """``10.0.0.0/8 -> Null0, summary on Tunnel200``."""
        if self.discard:
            target = "Null0"
        elif self.protocol == "connected":
            target = f"connected {self.interface}"
        elif self.next_hop is not None:
            target = str(self.next_hop)  # 'why' names the neighbour it came from
        else:
            target = self.interface or "?"
        return f"{self.prefix} -> {target}, {self.why}"


def equal_cost(a: Route, b: Route) -> bool:
    """Two paths a router installs side by side for one prefix: same source, distance and
    metric, another next hop or interface (IOS load-shares over them: static routes by default,
    EIGRP and OSPF up to ``maximum-paths``, BGP only when ``maximum-paths`` is configured)."""
    return (
        a.protocol == b.protocol
        and a.distance == b.distance
        and a.metric == b.metric
        and (a.next_hop, a.interface) != (b.next_hop, b.interface)
    )


def better(a: Route, b: Route) -> bool:
    """True when ``a`` wins over ``b`` for the same prefix (distance, then metric, then name)."""
    if a.distance != b.distance or a.metric != b.metric:
        return (a.distance, a.metric) < (b.distance, b.metric)
    # spelling the next hops out is costly: only on a tie
    return (str(a.next_hop or ""), a.why) < (str(b.next_hop or ""), b.why)


class Rib:
    """A router's routing tables, one per VRF ("" is the global table)."""

    def __init__(self, router: str) -> None:
        self.router = router
        self.tables: dict[str, dict[IPv4Network, Route]] = {}
        self._lengths: dict[str, list[int]] = {}
        # frozen: (network address as int, length) -> route, so a lookup builds no IPv4Network
        self._index: dict[str, dict[tuple[int, int], Route]] = {}
        # the other equal-cost paths of a prefix (the installed route is the first path)
        self.multi: dict[str, dict[IPv4Network, list[Route]]] = {}
        # before freeze(): the same index for lookups between offers (static routes resolving
        # while the RIB is built), dropped for a VRF when a route is offered to it
        self._scratch: dict[str, tuple[list[int], dict[tuple[int, int], Route]]] = {}

    def table(self, vrf: str) -> dict[IPv4Network, Route]:
        """The table of ``vrf`` (created empty when first asked for)."""
        return self.tables.setdefault(vrf, {})

    def offer(self, route: Route, vrf: str) -> None:
        """Install ``route`` unless a better one for the prefix is there."""
        if self._index:
            self._index.clear()  # offered after freeze(): back to the plain lookup
        if self._scratch:
            self._scratch.pop(vrf, None)
        table = self.table(vrf)
        old = table.get(route.prefix)
        if old is None:
            table[route.prefix] = route
            return
        tie = route.protocol == "static" and equal_cost(route, old)
        if better(route, old):
            table[route.prefix] = route
            multi = self.multi.get(vrf)
            if tie:
                self.add_path(old, vrf, STATIC_PATHS)
            elif multi:
                multi.pop(route.prefix, None)
        elif tie:
            self.add_path(route, vrf, STATIC_PATHS)

    def add_path(self, route: Route, vrf: str, limit: int, unequal: bool = False) -> None:
        """Keep ``route`` beside the installed route of its prefix when it costs the same (or,
        ``unequal``: from the same source, as EIGRP's ``variance`` installs), up to ``limit``
        paths in all."""
        installed = self.tables.get(vrf, {}).get(route.prefix)
        if installed is None:
            return
        if unequal:
            same = (route.protocol, route.distance) == (installed.protocol, installed.distance)
            if not same or (route.next_hop, route.interface) == (
                installed.next_hop,
                installed.interface,
            ):
                return
        elif not equal_cost(route, installed):
            return
        paths = self.multi.setdefault(vrf, {}).setdefault(route.prefix, [])
        if len(paths) + 1 < limit and all(
            (p.next_hop, p.interface) != (route.next_hop, route.interface) for p in paths
        ):
            paths.append(route)
            paths.sort(key=lambda r: (str(r.next_hop or ""), r.interface or "", r.why))

    def paths(self, vrf: str, route: Route) -> list[Route]:
        """Every equal-cost path of ``route``'s prefix, ``route`` (the installed one) first."""
        multi = self.multi.get(vrf)
        if not multi:
            return [route]
        return [route, *multi.get(route.prefix, ())]

    def copy(self) -> Rib:
        """An unfrozen copy with the same routes in the same order."""
        out = Rib(self.router)
        out.tables = {vrf: dict(t) for vrf, t in self.tables.items()}
        out.multi = {vrf: {p: list(r) for p, r in m.items()} for vrf, m in self.multi.items()}
        return out

    def freeze(self) -> None:
        """Index prefix lengths for longest-match lookups (call once the table is complete)."""
        self._lengths = {
            vrf: sorted({p.prefixlen for p in t}, reverse=True) for vrf, t in self.tables.items()
        }
        self._index = {
            vrf: {(int(p.network_address), p.prefixlen): r for p, r in t.items()}
            for vrf, t in self.tables.items()
        }

    def lookup(self, vrf: str, address: IPv4Address) -> Route | None:
        """Longest-prefix match for ``address`` in ``vrf``."""
        table = self.tables.get(vrf)
        if not table:
            return None
        lengths = self._lengths.get(vrf)
        if lengths is None:
            lengths = sorted({p.prefixlen for p in table}, reverse=True)
        value = int(address)
        index = self._index.get(vrf)
        width = address.max_prefixlen  # 32, or 128 in an IPv6 view (routes.family)
        if width != 32:
            return _lookup_wide(table, index, lengths, value, width)
        if index is None:
            # not frozen: index the table for this and the next lookups until an offer (a
            # lookup by a new IPv4Network per length cost more than indexing a router's table)
            scratch = self._scratch.get(vrf)
            if scratch is None:
                scratch = self._scratch[vrf] = (
                    lengths,
                    {(int(p.network_address), p.prefixlen): r for p, r in table.items()},
                )
            lengths, index = scratch
        for plen in lengths:
            hit = index.get((value & (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF, plen))
            if hit is not None:
                return hit
        return None

    def routes(self, vrf: str = "") -> list[Route]:
        """Routes of ``vrf`` sorted by prefix."""
        return [self.tables.get(vrf, {})[p] for p in sorted(self.tables.get(vrf, {}))]


def _lookup_wide(
    table: dict[IPv4Network, Route],
    index: dict[tuple[int, int], Route] | None,
    lengths: list[int],
    value: int,
    width: int,
) -> Route | None:
    """Longest-prefix match of an address ``width`` bits long (IPv6)."""
    if index is None:  # not frozen yet (static routes resolving during the fixpoint)
        index = {(int(p.network_address), p.prefixlen): r for p, r in table.items()}
    full = (1 << width) - 1
    for plen in lengths:
        hit = index.get((value & (full << (width - plen)) & full, plen))
        if hit is not None:
            return hit
    return None
