"""Health of every router of a running lab: NHRP registrations, IKE SAs, routing adjacencies
and, with multicast, PIM neighbours over the tunnels.

Each check reads one show command and compares it with what the inventory says the router's
peers are (a hub's spokes, a spoke's hubs).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import IPv4Address

from pydantic import BaseModel

from dmvpngen.lab.health6 import ipv6_checks
from dmvpngen.lab.parsers import (
    parse_dmvpn,
    parse_ike_sas,
    parse_neighbors,
    parse_pim_neighbors,
)
from dmvpngen.lab.session import Session, SessionFactory, Target
from dmvpngen.model import Cloud, Hub, Inventory, Router

__all__ = ["Check", "Sessions", "open_sessions", "peers_expected", "registrations"]


class Check(BaseModel):
    """One verification step on one router."""

    router: str
    check: str
    ok: bool
    detail: str


class Sessions:
    """Opens each router's session once, remembering which could not be opened."""

    def __init__(self, factory: SessionFactory, targets: dict[str, Target]) -> None:
        self.factory = factory
        self.targets = targets
        self.open: dict[str, Session] = {}
        self.failed: dict[str, str] = {}

    def get(self, name: str) -> Session | None:
        if name in self.open:
            return self.open[name]
        if name in self.failed:
            return None
        target = self.targets[name]
        if not target.host:
            self.failed[name] = "no address to reach it (give --mgmt or an access host)"
            return None
        try:
            self.open[name] = self.factory(target)
        except Exception as exc:  # any transport error is a failed check, not a crash
            self.failed[name] = (
                f"cannot connect to {target.host}:{target.port}: {type(exc).__name__}"
            )
            return None
        return self.open[name]

    def close(self) -> None:
        for session in self.open.values():
            # closing a dead session must not hide the report
            with contextlib.suppress(Exception):
                session.close()


@contextmanager
def open_sessions(factory: SessionFactory, targets: dict[str, Target]) -> Iterator[Sessions]:
    pool = Sessions(factory, targets)
    try:
        yield pool
    finally:
        pool.close()


def peers_expected(inventory: Inventory, router: Router, cloud: Cloud) -> dict[IPv4Address, str]:
    # an IPv6-only cloud has no IPv4 peers: 'show dmvpn' (IPv4) lists none of them
    return {
        ip: p.name
        for p in _peers(inventory, router, cloud)
        if (ip := inventory.tunnel_ip(cloud, p)) is not None
    }


def _peers(inventory: Inventory, router: Router, cloud: Cloud) -> list[Router]:
    """The routers ``router`` peers with in ``cloud``: its spokes (hub) or its hubs (spoke)."""
    if isinstance(router, Hub):
        return list(inventory.cloud_spokes(cloud))
    return list(inventory.cloud_hubs(cloud))


def registrations(inventory: Inventory, sessions: Sessions) -> list[Check]:
    """``show dmvpn`` on every router: hubs see each spoke UP, spokes see each hub UP."""
    checks = []
    for router in [*inventory.hubs, *inventory.spokes]:
        session = sessions.get(router.name)
        if session is None:
            checks.append(
                Check(
                    router=router.name,
                    check="connect",
                    ok=False,
                    detail=sessions.failed[router.name],
                )
            )
            continue
        checks.append(_ike_check(inventory, router, session))
        if inventory.ipv6_only:
            # nothing in the IPv4 tables: registrations and adjacencies are read for IPv6
            checks += [
                Check(router=router.name, check=c.name, ok=c.ok, detail=c.detail)
                for c in ipv6_checks(inventory, router, session)
            ]
            continue
        peers = parse_dmvpn(session.send_command("show dmvpn"))
        up = {p.tunnel for p in peers if p.state == "UP"}
        checks.append(_routing_check(inventory, router, session))
        if inventory.multicast is not None:
            checks.append(_pim_check(inventory, router, session))
        for cloud in inventory.router_clouds(router):
            expected = peers_expected(inventory, router, cloud)
            missing = sorted(name for ip, name in expected.items() if ip not in up)
            what = "spokes" if isinstance(router, Hub) else "hubs"
            detail = f"{cloud.name}: {len(expected) - len(missing)}/{len(expected)} {what} UP" + (
                f"; not up: {', '.join(missing)}" if missing else ""
            )
            checks.append(
                Check(router=router.name, check="registrations", ok=not missing, detail=detail)
            )
    return checks


def _ike_check(inventory: Inventory, router: Router, session: Session) -> Check:
    """Enough established IKE SAs for every hub (spoke) or spoke (hub) this router peers with."""
    clouds = inventory.router_clouds(router)
    peers = {p.name for c in clouds for p in _peers(inventory, router, c)}
    versions = {
        inventory.crypto_profiles[c.crypto].ike_version
        for c in clouds
        if c.crypto in inventory.crypto_profiles
    }
    sas = []
    if 2 in versions or not versions:
        sas += parse_ike_sas(session.send_command("show crypto ikev2 sa"))
    if 1 in versions:
        sas += parse_ike_sas(session.send_command("show crypto isakmp sa"))
    ready = len({sa.peer for sa in sas if sa.up})
    detail = f"{ready} established IKE SA(s) for {len(peers)} peer(s)"
    return Check(router=router.name, check="ike-sas", ok=ready >= len(peers), detail=detail)


_NEIGHBOR_COMMANDS = {
    "eigrp": "show ip eigrp neighbors",
    "ospf": "show ip ospf neighbor",
    "bgp": "show ip bgp summary",
}


def _routing_check(inventory: Inventory, router: Router, session: Session) -> Check:
    """Routing adjacencies up over the tunnels with at least every expected peer."""
    protocol = inventory.routing.protocol
    clouds = inventory.router_clouds(router)
    peers = {ip for c in clouds for ip in peers_expected(inventory, router, c)}
    command = _NEIGHBOR_COMMANDS[protocol]
    if inventory.overlay_vrf is not None and protocol == "eigrp":
        # EIGRP lists a VRF's neighbours only when asked for the VRF ('show ip ospf neighbor'
        # already covers every process, VRF ones included)
        command = f"show ip eigrp vrf {inventory.overlay_vrf.name} neighbors"
    elif inventory.overlay_vrf is not None and protocol == "bgp":
        # so does BGP, in the table form of 'show ip bgp summary'
        command = f"show ip bgp vpnv4 vrf {inventory.overlay_vrf.name} summary"
    found = parse_neighbors(protocol, session.send_command(command))
    up = {n.address for n in found if n.up and (protocol == "bgp" or n.interface.startswith("Tu"))}
    missing = sorted(str(ip) for ip in peers - up)
    detail = f"{protocol}: {len(peers) - len(missing)}/{len(peers)} tunnel peers up" + (
        f"; missing {', '.join(missing)}" if missing else ""
    )
    return Check(router=router.name, check="routing", ok=not missing, detail=detail)


def _pim_check(inventory: Inventory, router: Router, session: Session) -> Check:
    """PIM neighbours over the tunnels: a hub hears every spoke, a spoke every hub (spokes are
    never PIM neighbours of each other: they map multicast to their hubs only)."""
    peers = {
        ip for c in inventory.router_clouds(router) for ip in peers_expected(inventory, router, c)
    }
    vrf = inventory.overlay_vrf
    # PIM neighbours of a VRF are listed only when asked for it ('show ip pim [vrf V] neighbor')
    command = f"show ip pim vrf {vrf.name} neighbor" if vrf is not None else "show ip pim neighbor"
    found = parse_pim_neighbors(session.send_command(command))
    up = {n.address for n in found if n.interface.startswith("Tu")}
    missing = sorted(str(ip) for ip in peers - up)
    detail = f"pim: {len(peers) - len(missing)}/{len(peers)} tunnel neighbours" + (
        f"; missing {', '.join(missing)}" if missing else ""
    )
    return Check(router=router.name, check="pim", ok=not missing, detail=detail)
