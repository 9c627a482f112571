"""The routing part of a lab router's FRR config: BGP (groups, neighbours, networks,
aggregates, route-maps) and OSPF (per interface: network type, priority, cost, timers, keys),
computed from the design's render context for ``frr.conf.j2`` to format.
"""

from __future__ import annotations

from ipaddress import ip_address, ip_network
from typing import Any

from dmvpngen.lab.frr.plan import LabPlan, LabRouter

__all__ = [
    "bgp6_values",
    "bgp_values",
    "ospf_timers",
    "ospf_values",
    "prefix_lists",
    "route_maps",
]

# IOS's OSPF hello and dead intervals per network type (Cisco, "Configuring OSPF": 10/40 s on
# broadcast and point-to-point, 30/120 s on point-to-multipoint and non-broadcast); FRR uses
# 10/40 everywhere, so the lab sets IOS's where they differ
_OSPF_TIMERS = {"point-to-multipoint": (30, 120)}

# the names the rendered IOS config gives a regional hub's uplink policy (render/bgp.py)
UPLINK_OUT = "UPLINK-OUT"
UPLINK_SPECIFICS = "UPLINK-SPECIFICS"
DOWN_SUMMARIES = "DOWN-SUMMARIES"


def ospf_timers(network_type: str) -> tuple[int, int]:
    """(hello, dead) seconds IOS uses on an OSPF network of this type."""
    return _OSPF_TIMERS.get(network_type, (10, 40))


def bgp_values(plan: LabPlan, router: LabRouter) -> dict[str, Any] | None:
    """BGP of a router as ``frr.conf.j2`` writes it (its IPv4 sessions), or None without BGP."""
    rt = router.routing
    if rt.get("protocol") != "bgp":
        return None
    family = _bgp_family(
        rt,
        networks=[f"{a}/{_plen(m)}" for a, m in rt["networks"]],
        aggregates=[f"{a}/{_plen(m)}" for a, m in rt["aggregates"]] if rt["hub"] else [],
        # the tunnel subnet: /32 tunnel addresses leave the spokes no route back to each other
        subnets=[str(t.subnet) for t in router.tunnels if t.role == "hub"],
        backup=router.bgp_backup,
        suffix="",
    )
    return {
        **family,
        # a session lost in a failover test re-forms in seconds rather than FRR's 120 s default
        "connect_retry": 10,
        "asn": rt["asn"],
        "router_id": rt["router_id"],
        "keepalive": rt["keepalive"],
        "holdtime": rt["holdtime"],
        "listen_limit": rt.get("listen_limit", 100),
    }


def bgp6_values(router: LabRouter) -> dict[str, Any] | None:
    """The IPv6 sessions of a dual-stack BGP router as ``frr.conf.j2`` writes them (groups,
    neighbours, networks, aggregates under ``address-family ipv6 unicast``), or None."""
    rt6 = router.routing6
    if rt6 is None or rt6.get("protocol") != "bgp" or router.routing.get("protocol") != "bgp":
        return None
    # the IPv4 session settings (AS, timers, password, roles) with the IPv6 peers; addresses
    # in FRR's (lower-case) spelling, as its JSON reports them
    peers = {k: [_v6(x) for x in rt6.get(k, [])] for k in _V6_PEER_KEYS}
    rt = {**router.routing, **peers, "peer_group": rt6["peer_group"]}
    backup = router.bgp_backup
    if backup is not None:
        backup = {**backup, "neighbors": [_v6(x) for x in rt6.get("backup_neighbors", [])]}
    return _bgp_family(
        rt,
        networks=[_v6(n) for n in rt6["networks"]],
        aggregates=[_v6(n) for n in rt6.get("aggregates", [])],
        subnets=[str(t.ipv6.subnet) for t in router.tunnels if t.role == "hub" and t.ipv6],
        backup=backup,
        suffix="-V6",
    )


_V6_PEER_KEYS = (
    "hub_neighbors",
    "core_neighbors",
    "listen_ranges",
    "neighbors",
    "uplink_neighbors",
)


def _v6(text: str) -> str:
    """An IPv6 address or prefix as FRR prints it."""
    return str(ip_network(text, strict=False) if "/" in text else ip_address(text))


def _bgp_family(
    rt: dict[str, Any],
    *,
    networks: list[str],
    aggregates: list[str],
    subnets: list[str],
    backup: dict[str, Any] | None,
    suffix: str,
) -> dict[str, Any]:
    """The peer groups, neighbours, listen ranges, networks and aggregates of one address
    family; ``suffix`` tells the IPv6 groups from the IPv4 ones (``HUBS-V6``)."""
    groups: list[dict[str, Any]] = []
    if rt["hub"]:
        af = ["activate", "soft-reconfiguration inbound"]
        if rt["next_hop_self"]:
            # IOS's 'next-hop-self all' (the rendered config's) also changes reflected routes:
            # FRR's 'force'. A hierarchy's central hub needs it: a reflected route keeping a
            # regional hub's tunnel address as next hop lets another regional hub that holds a
            # CENTRAL cache entry for it (their own pair goes direct) send its spokes' NHRP
            # requests there straight, and FRR's nhrpd takes a requester whose request comes
            # from none of its NHSs for NATed behind the sender (nhrp_handle_resolution_req),
            # binding it to the sender's NBMA (traced with 'debug nhrp common', docs/lab.md)
            af.append("next-hop-self force")
        if rt["next_hop_unchanged"]:
            af.append("attribute-unchanged next-hop")
        if not rt["ebgp"]:
            af.append("route-reflector-client")
        groups.append(
            _group(rt, rt["peer_group"], "external" if rt["ebgp"] else rt["remote_as"], af)
        )
        # hubs keep each other's specifics under the spoke summary, as IOS does
        unsuppress = ["unsuppress-map HUB-SPECIFICS"] if aggregates else []
        groups.append(_group(rt, f"HUBS{suffix}", rt["hub_asn"], ["activate", *unsuppress]))
        neighbors = [{"ip": ip, "group": f"HUBS{suffix}"} for ip in rt["hub_neighbors"]]
        uplinks = rt.get("uplink_neighbors") or []
        if uplinks:
            # a regional hub's sessions with the central hubs (hierarchical DMVPN), as the
            # rendered config has them: IOS's 'next-hop-self all' is FRR's 'force' (reflected
            # routes too), every regional specific goes up despite the summary-only
            # aggregate, the region's own down-summaries stay in the region
            up = ["activate", "next-hop-self force"]
            if aggregates:
                out = f"{UPLINK_OUT}{suffix}"
                up += [f"unsuppress-map {UPLINK_SPECIFICS}", f"route-map {out} out"]
            groups.append(_group(rt, f"UPLINK{suffix}", rt["asn"], up))
            neighbors += [{"ip": ip, "group": f"UPLINK{suffix}"} for ip in uplinks]
        if rt["core_neighbors"]:
            # the hub peering LAN's iBGP: spoke routes keep a tunnel next hop the other hub
            # cannot reach over the core, hence next-hop-self on reflected routes too
            core = _group(rt, f"CORE{suffix}", rt["hub_asn"], ["activate", "next-hop-self force"])
            core["af"] += unsuppress
            core["bfd"] = False
            groups.append(core)
            neighbors += [{"ip": ip, "group": f"CORE{suffix}"} for ip in rt["core_neighbors"]]
        listen = [{"range": r, "group": rt["peer_group"]} for r in rt["listen_ranges"]]
        # a design without listen ranges (an inside VRF: IOS has no 'bgp listen range' there)
        # names each spoke as a member of the group, with its own AS where the spokes' differ
        neighbors += [
            {"ip": ip, "group": rt["peer_group"], "remote_as": asn}
            for ip, asn in rt.get("spoke_members", [])
        ]
        networks = networks + subnets
    else:
        af = ["activate"] + (["allowas-in"] if rt["allowas_in"] else [])
        groups.append(_group(rt, f"HUBS{suffix}", rt["hub_asn"], af))
        neighbors = [{"ip": ip, "group": f"HUBS{suffix}"} for ip in rt["neighbors"]]
        listen, aggregates = [], []
    neighbor_af = []
    if backup is not None:
        # routes learned over a backup cloud get the design's lower local-preference
        neighbor_af = [
            f"neighbor {ip} route-map {backup['route_map']} in" for ip in backup["neighbors"]
        ]
        if backup["peer_group"]:
            groups[0]["af"].append(f"route-map {backup['route_map']} in")
    return {
        "neighbor_af": neighbor_af,
        "groups": groups,
        "neighbors": neighbors,
        "listen": listen,
        "networks": sorted(set(networks)),
        "aggregates": aggregates,
    }


def _group(rt: dict[str, Any], name: str, remote_as: Any, af: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "remote_as": remote_as,
        "password": rt["password"],
        "bfd": rt["bfd"],
        "af": af,
        # IOS sees an eBGP peer's tunnel address on the connected tunnel subnet; a Linux /32
        # tunnel address has no connected peer, and FRR would leave every route it learns
        # over single-hop eBGP unresolved (IOS's 'ebgp-multihop 2' on the hubs is the same
        # one hop over the tunnel)
        "disable_connected_check": rt["ebgp"],
    }


def ospf_values(router: LabRouter) -> dict[str, Any] | None:
    """OSPF of a router as ``frr.conf.j2`` writes it, or None without OSPF."""
    rt = router.routing
    if rt.get("protocol") != "ospf":
        return None
    auth = router.routing_auth
    md5 = auth is not None and auth["algorithm"] == "md5"
    interfaces = [
        {
            "ifname": t.ifname,
            "passive": False,
            "network_type": t.ospf["network_type"],
            "priority": t.ospf["priority"],
            "cost": t.ospf["cost"],
            "timers": _OSPF_TIMERS.get(t.ospf["network_type"]),  # FRR's own are 10/40
            "md5": (auth["key_id"], auth["key"]) if md5 and auth else None,
        }
        for t in router.tunnels
        if t.ospf is not None
    ]
    # LANs and the loopback are in the area but passive ('passive-interface default')
    passive = [ifname for ifname, _ in router.lans] + (["lo"] if router.loopback else [])
    interfaces += [
        {
            "ifname": i,
            "passive": True,
            "network_type": None,
            "priority": None,
            "cost": 1,  # IOS: a GigabitEthernet LAN and a loopback cost 1
            "timers": None,
            "md5": None,
        }
        for i in passive
    ]
    return {
        "router_id": rt["router_id"],
        "area": rt["area"],
        "bfd": rt["bfd"],
        "interfaces": interfaces,
    }


def route_maps(
    router: LabRouter, bgp: dict[str, Any] | None, bgp6: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The route-maps the router's BGP names (both families), each with its entries (action,
    sequence, the match and set lines)."""
    maps: list[dict[str, Any]] = []
    lines = [line for b in (bgp, bgp6) for g in (b or {}).get("groups", []) for line in g["af"]]
    if "unsuppress-map HUB-SPECIFICS" in lines:
        maps.append(_route_map("HUB-SPECIFICS", ("permit", 10, None, None)))
    # a regional hub's uplink filter per family, and its unsuppress-map, as the rendered
    # config has them (UPLINK-OUT over DOWN-SUMMARIES, UPLINK-OUT-V6 over DOWN-SUMMARIES-V6)
    for suffix, family in (("", "ip"), ("-V6", "ipv6")):
        if f"route-map {UPLINK_OUT}{suffix} out" in lines:
            match = f"match {family} address prefix-list {DOWN_SUMMARIES}{suffix}"
            deny, permit = ("deny", 10, match, None), ("permit", 20, None, None)
            maps.append(_route_map(f"{UPLINK_OUT}{suffix}", deny, permit))
    if f"unsuppress-map {UPLINK_SPECIFICS}" in lines:
        maps.append(_route_map(UPLINK_SPECIFICS, ("permit", 10, None, None)))
    if router.bgp_backup:
        backup = router.bgp_backup
        pref = f"set local-preference {backup['local_preference']}"
        maps.append(_route_map(backup["route_map"], ("permit", 10, None, pref)))
    return maps


def _route_map(name: str, *entries: tuple[str, int, str | None, str | None]) -> dict[str, Any]:
    return {
        "name": name,
        "entries": [{"action": a, "seq": n, "match": m, "set": s} for a, n, m, s in entries],
    }


def prefix_lists(router: LabRouter, maps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The prefix lists the route-maps match: a regional hub's down-summaries (exact
    prefixes) per family, which its uplink keeps from the central hubs."""
    names = {m["name"] for m in maps}
    wanted = [
        ("ip", DOWN_SUMMARIES, UPLINK_OUT, router.routing.get("down_summaries") or []),
        (
            "ipv6",
            f"{DOWN_SUMMARIES}-V6",
            f"{UPLINK_OUT}-V6",
            (router.routing6 or {}).get("aggregates") or [],
        ),
    ]
    return [
        {
            "family": family,
            "name": name,
            # in FRR's spelling (lower-case IPv6), as the IPv6 networks and aggregates
            "entries": [(5 * (i + 1), _v6(str(p))) for i, p in enumerate(prefixes)],
        }
        for family, name, route_map, prefixes in wanted
        if route_map in names
    ]


def _plen(mask: str) -> int:
    return sum(bin(int(octet)).count("1") for octet in mask.split("."))
