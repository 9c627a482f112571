"""The routing part of a lab router's FRR config: BGP (groups, neighbours, networks,
aggregates, route-maps) and OSPF (per interface: network type, priority, cost, timers, keys),
computed from the design's render context for ``frr.conf.j2`` to format.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.lab.frr.plan import LabPlan, LabRouter

__all__ = ["bgp_values", "ospf_timers", "ospf_values", "route_maps"]

# IOS's OSPF hello and dead intervals per network type (Cisco, "Configuring OSPF": 10/40 s on
# broadcast and point-to-point, 30/120 s on point-to-multipoint and non-broadcast); FRR uses
# 10/40 everywhere, so the lab sets IOS's where they differ
_OSPF_TIMERS = {"point-to-multipoint": (30, 120)}


def ospf_timers(network_type: str) -> tuple[int, int]:
    """(hello, dead) seconds IOS uses on an OSPF network of this type."""
    return _OSPF_TIMERS.get(network_type, (10, 40))


def bgp_values(plan: LabPlan, router: LabRouter) -> dict[str, Any] | None:
    """BGP of a router as ``frr.conf.j2`` writes it, or None without BGP."""
    rt = router.routing
    if rt.get("protocol") != "bgp":
        return None
    networks = [f"{a}/{_plen(m)}" for a, m in rt["networks"]]
    groups: list[dict[str, Any]] = []
    if rt["hub"]:
        af = ["activate", "soft-reconfiguration inbound"]
        if rt["next_hop_self"]:
            af.append("next-hop-self")
        if rt["next_hop_unchanged"]:
            af.append("attribute-unchanged next-hop")
        if not rt["ebgp"]:
            af.append("route-reflector-client")
        groups.append(
            {
                "name": rt["peer_group"],
                "remote_as": "external" if rt["ebgp"] else rt["remote_as"],
                "password": rt["password"],
                "bfd": rt["bfd"],
                "af": af,
            }
        )
        groups.append(
            {
                "name": "HUBS",
                "remote_as": rt["hub_asn"],
                "password": rt["password"],
                "bfd": rt["bfd"],
                # hubs keep each other's specifics under the spoke summary, as IOS does
                "af": ["activate"] + (["unsuppress-map HUB-SPECIFICS"] if rt["aggregates"] else []),
            }
        )
        neighbors = [{"ip": ip, "group": "HUBS"} for ip in rt["hub_neighbors"]]
        if rt["core_neighbors"]:
            # the hub peering LAN's iBGP: spoke routes keep a tunnel next hop the other hub
            # cannot reach over the core, hence next-hop-self on reflected routes too
            groups.append(
                {
                    "name": "CORE",
                    "remote_as": rt["hub_asn"],
                    "password": rt["password"],
                    "bfd": False,
                    "af": ["activate", "next-hop-self force"]
                    + (["unsuppress-map HUB-SPECIFICS"] if rt["aggregates"] else []),
                }
            )
            neighbors += [{"ip": ip, "group": "CORE"} for ip in rt["core_neighbors"]]
        listen = [{"range": r, "group": rt["peer_group"]} for r in rt["listen_ranges"]]
        aggregates = [f"{a}/{_plen(m)}" for a, m in rt["aggregates"]]
        # the tunnel subnet: /32 tunnel addresses leave the spokes no route back to each other
        networks += [str(t.subnet) for t in router.tunnels if t.role == "hub"]
    else:
        af = ["activate"] + (["allowas-in"] if rt["allowas_in"] else [])
        groups.append(
            {
                "name": "HUBS",
                "remote_as": rt["hub_asn"],
                "password": rt["password"],
                "bfd": rt["bfd"],
                "af": af,
            }
        )
        neighbors = [{"ip": ip, "group": "HUBS"} for ip in rt["neighbors"]]
        listen, aggregates = [], []
    backup = router.bgp_backup
    neighbor_af = []
    if backup is not None:
        # routes learned over a backup cloud get the design's lower local-preference
        neighbor_af = [
            f"neighbor {ip} route-map {backup['route_map']} in" for ip in backup["neighbors"]
        ]
        if backup["peer_group"]:
            groups[0]["af"].append(f"route-map {backup['route_map']} in")
    for group in groups:
        # IOS sees an eBGP peer's tunnel address on the connected tunnel subnet; a Linux /32
        # tunnel address has no connected peer, and FRR would leave every route it learns
        # over single-hop eBGP unresolved (IOS's 'ebgp-multihop 2' on the hubs is the same
        # one hop over the tunnel)
        group["disable_connected_check"] = rt["ebgp"]
    return {
        "neighbor_af": neighbor_af,
        # a session lost in a failover test re-forms in seconds rather than FRR's 120 s default
        "connect_retry": 10,
        "asn": rt["asn"],
        "router_id": rt["router_id"],
        "keepalive": rt["keepalive"],
        "holdtime": rt["holdtime"],
        "groups": groups,
        "neighbors": neighbors,
        "listen": listen,
        "listen_limit": rt.get("listen_limit", 100),
        "networks": sorted(set(networks)),
        "aggregates": aggregates,
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


def route_maps(router: LabRouter, bgp: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The route-maps the router's BGP names."""
    maps = []
    if bgp and any("unsuppress-map HUB-SPECIFICS" in g["af"] for g in bgp["groups"]):
        maps.append({"name": "HUB-SPECIFICS", "local_pref": None})
    if router.bgp_backup:
        backup = router.bgp_backup
        maps.append({"name": backup["route_map"], "local_pref": backup["local_preference"]})
    return maps


def _plen(mask: str) -> int:
    return sum(bin(int(octet)).count("1") for octet in mask.split("."))
