"""Verify a running lab: every NHRP registration is up, and spoke-to-spoke traffic takes the path
the design promises.

The proof on two spokes A and B of one cloud: clear the NHRP cache on both, check A has no entry
for B, ping B's LAN from A's LAN, then require what the phase gives: a dynamic A->B entry (phase 2
and 3), a shortcut or next-hop-override route to B's LAN (phase 3), and a traceroute of one hop;
in phase 1 the hub must be in the path instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from ipaddress import IPv4Address

from pydantic import BaseModel

from dmvpngen.lab.health import Check, Sessions, open_sessions, registrations
from dmvpngen.lab.ifmap import remap_config
from dmvpngen.lab.model import LabTopology
from dmvpngen.lab.parsers import (
    invalid_command,
    parse_nhrp,
    parse_ping,
    parse_routes,
    parse_traceroute,
)
from dmvpngen.lab.session import Session, SessionFactory, Target
from dmvpngen.model import Cloud, Inventory, Router, Spoke

__all__ = [
    "Check",
    "VerifyReport",
    "lab_targets",
    "registrations",
    "router_address",
    "verify_lab",
    "wait_for_overlay",
]


class VerifyReport(BaseModel):
    """All checks; ``ok`` only when every one passed."""

    ok: bool
    pair: list[str]
    checks: list[Check]


def router_address(router: Router, topo: LabTopology) -> tuple[str, int]:
    """Where to SSH to ``router`` in the lab: its management address (port 22), else its
    inventory access, loopback or WAN address; ("", 22) when it has none."""
    node = topo.node(router.name)
    if node.mgmt_address is not None:
        return str(node.mgmt_address), 22
    if router.access is not None:
        return router.access.host, router.access.port
    if router.loopback is not None:
        return str(router.loopback), 22
    if router.wan.address is not None:
        return str(router.wan.address.ip), 22
    return "", 22


def lab_targets(
    inventory: Inventory, topo: LabTopology, username: str, password: str
) -> dict[str, Target]:
    """SSH target of every router: its lab management address, else its inventory access."""
    targets = {}
    for router in [*inventory.hubs, *inventory.spokes]:
        host, port = router_address(router, topo)
        targets[router.name] = Target(router.name, host, port, username, password)
    return targets


def _source(router: Router, names: dict[str, str]) -> tuple[str, IPv4Address] | None:
    lan = next((lan for lan in router.lan if lan.address is not None), None)
    if lan is not None and lan.address is not None:
        return remap_config(lan.interface, names), lan.address.ip
    if router.loopback is not None:
        return "Loopback0", router.loopback
    return None


def _pick_pair(
    inventory: Inventory, pair: tuple[str, str] | None
) -> tuple[Cloud, Spoke, Spoke] | None:
    spokes = {s.name: s for s in inventory.spokes}
    for cloud in inventory.clouds:
        members = inventory.cloud_spokes(cloud)
        if pair is not None:
            chosen = [spokes[n] for n in pair if n in spokes]
            if len(chosen) == 2 and all(c in members for c in chosen):
                return cloud, chosen[0], chosen[1]
            continue
        if len(members) >= 2:
            return cloud, members[0], members[1]
    return None


def _proof(
    inventory: Inventory,
    topo: LabTopology,
    sessions: Sessions,
    cloud: Cloud,
    a: Spoke,
    b: Spoke,
    sleep: Callable[[float], None],
) -> list[Check]:
    names = {row.inventory_name: row.lab_name for row in topo.mapping if row.router == a.name}
    src = _source(a, names)
    dst = _source(b, {})
    sa, sb = sessions.get(a.name), sessions.get(b.name)
    if sa is None or sb is None or src is None or dst is None:
        why = "no session" if sa is None or sb is None else "no LAN or loopback to send from/to"
        return [Check(router=a.name, check="spoke-to-spoke", ok=False, detail=why)]
    b_tunnel = inventory.tunnel_ip(cloud, b)
    if b_tunnel is None:
        why = f"cloud {cloud.name} is IPv6-only: the lab proof reads IPv4 NHRP and routes only"
        return [Check(router=a.name, check="spoke-to-spoke", ok=False, detail=why)]
    hubs = {inventory.tunnel_ip(cloud, h) for h in inventory.cloud_hubs(cloud)}
    direct = cloud.phase in (2, 3)
    checks: list[Check] = []

    def add(check: str, ok: bool, detail: str) -> None:
        checks.append(Check(router=a.name, check=check, ok=ok, detail=detail))

    for session in (sa, sb):
        session.send_command("clear ip nhrp")
    before = [
        e
        for e in parse_nhrp(sa.send_command("show ip nhrp"))
        if e.via == b_tunnel and e.type != "static"
    ]
    add("nhrp-cleared", not before, f"entries for {b.name} ({b_tunnel}) after clear: {len(before)}")
    intf, src_ip = src
    # LANs and loopbacks of an inside-VRF design answer only inside that VRF
    vrf = f"vrf {inventory.overlay_vrf.name} " if inventory.overlay_vrf is not None else ""
    ping = parse_ping(sa.send_command(f"ping {vrf}{dst[1]} source {intf}"))
    sleep(2.0)  # the first packets trigger the NHRP redirect and resolution
    ping2 = parse_ping(sa.send_command(f"ping {vrf}{dst[1]} source {intf}"))
    add(
        "ping",
        ping2.ok,
        f"{src_ip} -> {dst[1]} ({b.name}): {ping.received}/{ping.sent}, "
        f"then {ping2.received}/{ping2.sent}",
    )
    if direct:
        after = [
            e
            for e in parse_nhrp(sa.send_command("show ip nhrp"))
            if e.via == b_tunnel and e.type == "dynamic"
        ]
        add(
            "nhrp-dynamic",
            bool(after),
            f"dynamic entries via {b_tunnel}: {', '.join(str(e.prefix) for e in after) or 'none'}",
        )
    if cloud.phase == 3:
        add(*_shortcut(sa, dst[1], b_tunnel, vrf))
    # Short timeouts and at most 5 hops keep a broken path from taking minutes; releases that
    # reject those keywords get the plain form.
    trace = sa.send_command(
        f"traceroute {vrf}{dst[1]} source {intf} numeric timeout 2 probe 2 ttl 1 5"
    )
    if invalid_command(trace):
        trace = sa.send_command(f"traceroute {vrf}{dst[1]} source {intf} numeric")
    hops = parse_traceroute(trace)
    path = " > ".join("/".join(str(a) for a in h.addresses) or "*" for h in hops)
    if direct:
        add("one-hop", len(hops) == 1, f"{len(hops)} hop(s): {path}")
    else:
        via_hub = any(addr in hubs for h in hops for addr in h.addresses)
        add("via-hub", via_hub and len(hops) >= 2, f"{len(hops)} hop(s): {path}")
    return checks


def _shortcut(
    session: Session, dest: IPv4Address, b_tunnel: IPv4Address, vrf: str = ""
) -> tuple[str, bool, str]:
    text = session.send_command("show ip nhrp shortcut")
    if not invalid_command(text):
        found = [e for e in parse_nhrp(text) if dest in e.prefix and e.via == b_tunnel]
        return "shortcut", bool(found), f"shortcut entries to {dest}: {len(found)}"
    routes = parse_routes(session.send_command(f"show ip route {vrf}nhrp"))
    routes += parse_routes(session.send_command(f"show ip route {vrf}next-hop-override"))
    found_routes = [
        r for r in routes if dest in r.prefix and ("H" in r.codes or r.next_hop_override)
    ]
    return "shortcut", bool(found_routes), f"NHRP/override routes to {dest}: {len(found_routes)}"


def verify_lab(
    inventory: Inventory,
    topo: LabTopology,
    factory: SessionFactory,
    targets: dict[str, Target],
    *,
    pair: tuple[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> VerifyReport:
    """Run every check; the report is ``ok`` only if all passed."""
    with open_sessions(factory, targets) as sessions:
        checks = registrations(inventory, sessions)
        chosen = _pick_pair(inventory, pair)
        if chosen is None:
            why = (
                f"spokes {pair[0]} and {pair[1]} share no cloud"
                if pair
                else "fewer than two spokes in any cloud: nothing to prove"
            )
            checks.append(Check(router="-", check="spoke-to-spoke", ok=pair is None, detail=why))
            names: list[str] = []
        else:
            cloud, a, b = chosen
            checks += _proof(inventory, topo, sessions, cloud, a, b, sleep)
            names = [a.name, b.name]
    return VerifyReport(ok=all(c.ok for c in checks), pair=names, checks=checks)


def wait_for_overlay(
    inventory: Inventory,
    factory: SessionFactory,
    targets: dict[str, Target],
    *,
    timeout: float,
    interval: float = 15.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[Check]:
    """Poll registrations until all are up or ``timeout`` seconds pass; the last checks."""
    deadline = clock() + timeout
    while True:
        with open_sessions(factory, targets) as sessions:
            checks = registrations(inventory, sessions)
        if all(c.ok for c in checks) or clock() >= deadline:
            return checks
        sleep(interval)
