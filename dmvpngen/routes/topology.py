"""The network as the routing model sees it: routers, their live interfaces, the segments they
share, and who owns which address."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, ip_address

from dmvpngen.parse.facts import Device, Interface, Tunnel
from dmvpngen.parse.halves import known_route_facts
from dmvpngen.parse.routefacts import RouteFacts, route_facts
from dmvpngen.routes.prefixes import interned, interned_address

__all__ = ["Port", "Router", "Topology", "build_routers", "build_topology"]

# Default bandwidth (kbit/s) and delay (tens of microseconds) per interface kind, as IOS sets them
# (EIGRP metric inputs; "show interface" on IOS 15 / IOS-XE 17).
_BW_DELAY = {
    "Tunnel": (100, 5000),
    "Loopback": (8000000, 500),
    "Dialer": (56, 2000),
    "GigabitEthernet": (1000000, 1),
    "TenGigabitEthernet": (10000000, 1),
    "FastEthernet": (100000, 10),
}


@dataclass
class Port:
    """A live interface with an address."""

    router: str
    name: str
    address: IPv4Interface
    vrf: str
    line: int
    bandwidth: int
    delay: int
    tunnel: Tunnel | None = None
    # secondary addresses ('ip address ... secondary'; an IPv6 view: the other global
    # addresses): connected subnets and addresses of the router, no adjacency over them
    extra: tuple[IPv4Interface, ...] = ()

    @functools.cached_property
    def network(self) -> IPv4Network:
        """The connected subnet (read for every route and segment: kept once read), one
        shared object per prefix (:mod:`dmvpngen.routes.prefixes`)."""
        return interned(self.address.network)

    @functools.cached_property
    def ip(self) -> IPv4Address:
        """The interface's address (``address.ip`` builds a new object at every read), one
        shared object per address (:mod:`dmvpngen.routes.prefixes`)."""
        return interned_address(self.address.ip)

    @property
    def multipoint(self) -> bool:
        """An mGRE tunnel with NHRP: peers are reached through NHRP, not a shared wire."""
        return self.tunnel is not None and self.tunnel.mode == "gre-multipoint"


@dataclass
class Router:
    """One router: its parsed facts and live ports."""

    device: Device
    facts: RouteFacts
    ports: dict[str, Port] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Hostname."""
        return self.device.hostname


@dataclass
class Topology:
    """Routers, segments (subnet -> ports on it) and address ownership."""

    routers: dict[str, Router]
    segments: dict[tuple[str, IPv4Network], list[Port]]
    owners: dict[IPv4Address, list[Port]]
    # pairs of routers that exchange packets over a multipoint tunnel (NHRP / IPsec form)
    overlay: set[tuple[str, str]]
    partners: dict[str, set[str]] = field(default_factory=dict)

    def overlay_ok(self, a: str, b: str) -> bool:
        """Do ``a`` and ``b`` talk over their cloud without NHRP resolution?"""
        return (a, b) in self.overlay

    def owner(self, address: IPv4Address) -> Port | None:
        """The port that holds ``address`` (first by router name when duplicated)."""
        ports = self.owners.get(address)
        return ports[0] if ports else None


def _kind(name: str) -> str:
    return "".join(ch for ch in name if ch.isalpha() or ch == "-")


def _port(device: Device, intf: Interface, tunnel: Tunnel | None) -> Port | None:
    if intf.address is None or intf.shutdown is not None:
        return None
    bw, delay = _BW_DELAY.get(_kind(intf.name), (1000000, 1))
    if tunnel is not None:
        bw = tunnel.bandwidth or bw
        delay = tunnel.delay or delay
    return Port(
        device.hostname,
        intf.name,
        intf.address,
        intf.vrf or "",
        intf.line,
        bw,
        delay,
        tunnel,
        intf.secondaries,
    )


def source_interface(device: Device, tun: Tunnel) -> Interface | None:
    """The interface a tunnel is sourced from: the one it names, or the one holding the
    address it names (``tunnel source 198.51.100.2``), so the tunnel goes down with it."""
    if not tun.source:
        return None
    named = device.interface(tun.source)
    if named is not None:
        return named
    try:
        wanted = ip_address(tun.source)
    except ValueError:
        return None  # an interface name the router does not have
    for intf in device.interfaces.values():
        if intf.address is not None and intf.address.ip == wanted:
            return intf
        if intf.ipv6 is not None and any(a.ip == wanted for a, _line in intf.ipv6.addresses):
            return intf
    return None


def _tunnel_up(device: Device, tun: Tunnel, down: set[str]) -> bool:
    # an address family's view rides the router's (IPv4) transport: its source decides
    underlay = getattr(device, "underlay", None)
    if isinstance(underlay, Device):
        device = underlay
        tun = underlay.tunnels.get(tun.name, tun)
    src = source_interface(device, tun)
    if tun.source and src is None:
        return False
    if src is not None:
        if src.shutdown is not None or src.name in down:
            return False
        # GRE over IPv6 is sourced from the interface's IPv6 address
        v6_source = tun.transport_v6 and src.ipv6 is not None and src.ipv6.address is not None
        if src.address is None and not src.dynamic and not v6_source:
            return False
    return True


def build_topology(
    devices: list[Device],
    overlay: set[tuple[str, str]] | None = None,
    down: dict[str, set[str]] | None = None,
) -> Topology:
    """Index ``devices``; ``down`` maps a router to interfaces taken down (failover cases)."""
    down = down or {}
    routers: dict[str, Router] = {}
    segments: dict[tuple[str, IPv4Network], list[Port]] = {}
    owners: dict[IPv4Address, list[Port]] = {}
    for device in devices:
        router = routers[device.hostname] = _router(device, down.get(device.hostname))
        for p in router.ports.values():
            # tunnels of one cloud share a subnet whatever their inside VRF: key tunnels apart
            domain = "tunnel" if p.tunnel is not None else "lan"
            segments.setdefault((domain, p.network), []).append(p)
            owners.setdefault(p.ip, []).append(p)
            for extra in p.extra:
                # a secondary address is the router's too: flows to it end here
                owners.setdefault(interned_address(extra.ip), []).append(p)
    pairs = overlay if overlay is not None else nhrp_pairs(routers)
    partners: dict[str, set[str]] = {}
    for a, b in pairs:
        partners.setdefault(a, set()).add(b)
    return Topology(routers, segments, owners, pairs, partners)


def build_routers(devices: list[Device]) -> dict[str, Router]:
    """Each router with its live ports, by hostname, without indexing the network."""
    return {d.hostname: _router(d, None) for d in devices}


# id(device) -> (device, hostname, interfaces taken down, its Router). A network's routers are
# built once and shared by every computation of the run (the base network, each failover case
# and each cloud on its own): nothing changes a Router once built.
_ROUTERS: dict[tuple[int, frozenset[str]], tuple[Device, str, Router]] = {}


def _router(device: Device, dead: set[str] | None) -> Router:
    key = (id(device), frozenset(dead or ()))
    hit = _ROUTERS.get(key)
    # a device renamed since (duplicate hostnames get a suffix) is built again
    if hit is not None and hit[0] is device and hit[1] == device.hostname:
        return hit[2]
    if len(_ROUTERS) > 100_000:
        _ROUTERS.clear()
    router = Router(device, _facts(device))
    gone = key[1]
    for intf in device.interfaces.values():
        if intf.name in gone:
            continue
        p = _port(device, intf, None)
        if p is not None:
            router.ports[p.name] = p
    for tun in device.tunnels.values():
        if tun.name in gone or not _tunnel_up(device, tun, set(gone)):
            continue
        p = _port(device, tun, tun)
        if p is not None:
            router.ports[p.name] = p
    _ROUTERS[key] = (device, device.hostname, router)
    return router


_FACTS: dict[int, tuple[Device, RouteFacts]] = {}


def _facts(device: Device) -> RouteFacts:
    """Route facts of ``device``, read once (failover cases rebuild the topology many times)."""
    own = getattr(device, "family_facts", None)
    if isinstance(own, RouteFacts):
        return own  # an address family's view brings its own
    hit = _FACTS.get(id(device))
    if hit is None or hit[0] is not device:
        if len(_FACTS) > 100_000:
            _FACTS.clear()
        hit = (device, known_route_facts(device) or route_facts(device))
        _FACTS[id(device)] = hit
    return hit[1]


def nhrp_pairs(routers: dict[str, Router]) -> set[tuple[str, str]]:
    """Default overlay rule: two routers talk over mGRE when one maps the other by NHRP (an NHS
    entry or a static ``ip nhrp map``); spokes reach each other only after resolution."""
    known: set[tuple[str, str]] = set()
    by_ip: dict[IPv4Address, str] = {}
    for r in routers.values():
        for p in r.ports.values():
            if p.tunnel is not None:
                by_ip[p.ip] = r.name
    for r in routers.values():
        for p in r.ports.values():
            if p.tunnel is None:
                continue
            for target in [n.address for n in p.tunnel.nhs] + [m.address for m in p.tunnel.maps]:
                other = by_ip.get(target) if target is not None else None
                if other is not None:
                    known.add((r.name, other))
                    known.add((other, r.name))
    return known
