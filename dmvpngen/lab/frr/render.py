"""Render a lab plan into the files the VM runs: per router ``frr.conf``, ``strongswan.conf`` and
``swanctl.conf``, and ``setup.sh`` that builds the namespaces and starts every daemon.

Templates only format; the values (daemons to run, IPsec peers, BGP groups, the strongSwan
proposals matching the crypto profile) are computed here.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.templating import lab_environment
from dmvpngen.render.context import CryptoNames

__all__ = ["ipsec_peers", "ospf_timers", "render_files", "render_teardown"]

_ENV = lab_environment("dmvpngen.lab.frr")

NFLOG_GROUP = 1
# nhrpd's multicast group: the router's own multicast leaving a tunnel is logged here and
# replicated by nhrpd to each NBMA of the tunnel's multicast map, as IOS does with
# 'ip nhrp map multicast' (FRR's nhrpd manual, "Multicast Functionality")
MCAST_NFLOG_GROUP = 2
# IOS's OSPF hello and dead intervals per network type (Cisco, "Configuring OSPF": 10/40 s on
# broadcast and point-to-point, 30/120 s on point-to-multipoint and non-broadcast); FRR uses
# 10/40 everywhere, so the lab sets IOS's where they differ
_OSPF_TIMERS = {"point-to-multipoint": (30, 120)}


def ospf_timers(network_type: str) -> tuple[int, int]:
    """(hello, dead) seconds IOS uses on an OSPF network of this type."""
    return _OSPF_TIMERS.get(network_type, (10, 40))


# guest-local (tmpfs) directory for the VICI sockets: 9p cannot carry unix sockets
GUEST_SOCKETS = "/var/tmp/dmvpngen-lab"
# the state directory bind-mounted under a guest-local path: the frr user can write its logs
# there even when a parent of the state directory (a private temporary directory) is closed to
# it (router names have no underscore, so this never meets a router's socket directory)
GUEST_STATE = f"{GUEST_SOCKETS}/_state"
# IKEv2 names of the profile's algorithms in strongSwan's proposal syntax
_ENC = {
    "aes-gcm-256": "aes256gcm16",
    "aes-gcm-128": "aes128gcm16",
    "aes-cbc-256": "aes256",
    "aes-cbc-128": "aes128",
    "aes-cbc-192": "aes192",
    "esp-gcm 256": "aes256gcm16",
    "esp-gcm 128": "aes128gcm16",
    "esp-aes 256": "aes256",
    "esp-aes 128": "aes128",
}
_PRF = {"sha512": "prfsha512", "sha384": "prfsha384", "sha256": "prfsha256", "sha1": "prfsha1"}
_INTEG = {"sha512": "sha512", "sha384": "sha384", "sha256": "sha256", "sha1": "sha1", "md5": "md5"}
_DH = {
    14: "modp2048",
    15: "modp3072",
    16: "modp4096",
    19: "ecp256",
    20: "ecp384",
    21: "ecp521",
    24: "modp2048s256",
}


def _ike_proposal(crypto: CryptoNames) -> dict[str, Any]:
    prof = crypto.profile
    enc = _ENC.get(prof.encryption, prof.encryption)
    integ = prof.integrity or "sha384"
    parts = [enc]
    if "gcm" not in enc:
        parts.append(_INTEG[integ])
    parts.append(_PRF.get(integ, "prfsha384"))
    groups = [_DH[g] for g in prof.dh_groups if g in _DH]
    esp_enc = _ENC.get(prof.esp_encryption, prof.esp_encryption)
    esp = (
        [esp_enc] if "gcm" in esp_enc else [esp_enc, _INTEG.get(prof.esp_integrity or "", "sha256")]
    )
    if prof.pfs is not None and prof.pfs in _DH:
        esp.append(_DH[prof.pfs])
    return {
        "version": prof.ike_version,
        "ike": "-".join(parts + groups),
        "esp": "-".join(esp),
        "psk": crypto.psk or "",
        "dpd": prof.dpd_interval,
        "ike_lifetime": prof.ike_lifetime,
        "ipsec_lifetime": prof.ipsec_lifetime,
    }


def ipsec_peers(
    plan: LabPlan, router: LabRouter
) -> list[tuple[str, str, IPv4Address, IPv4Address]]:
    """(connection name, peer name, local NBMA, remote NBMA) for every router this one may build
    GRE to: hubs to their spokes and each other, spokes to their hubs and (phase 2/3) to the
    spokes of a cloud. A peer met over two transports gets one connection per address pair,
    named ``peer_2`` and so on (router names have no underscore)."""
    out: list[tuple[str, IPv4Address, IPv4Address]] = []
    for tun in router.tunnels:
        for other in plan.routers:
            if other is router:
                continue
            far = next((t for t in other.tunnels if t.cloud == tun.cloud), None)
            if far is None or (tun.role == far.role == "spoke" and tun.phase == 1):
                continue
            out.append((other.name, router.nbma(tun.cloud), other.nbma(tun.cloud)))
    named: list[tuple[str, str, IPv4Address, IPv4Address]] = []
    seen: dict[str, int] = {}
    for peer, local, remote in sorted(set(out), key=lambda p: (p[0], str(p[1]), str(p[2]))):
        seen[peer] = seen.get(peer, 0) + 1
        conn = peer if seen[peer] == 1 else f"{peer}_{seen[peer]}"
        named.append((conn, peer, local, remote))
    return named


def _bgp(plan: LabPlan, router: LabRouter) -> dict[str, Any] | None:
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


def _ospf(router: LabRouter) -> dict[str, Any] | None:
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


def _route_maps(router: LabRouter, bgp: dict[str, Any] | None) -> list[dict[str, Any]]:
    maps = []
    if bgp and any("unsuppress-map HUB-SPECIFICS" in g["af"] for g in bgp["groups"]):
        maps.append({"name": "HUB-SPECIFICS", "local_pref": None})
    if router.bgp_backup:
        backup = router.bgp_backup
        maps.append({"name": backup["route_map"], "local_pref": backup["local_preference"]})
    return maps


def _plen(mask: str) -> int:
    return sum(bin(int(octet)).count("1") for octet in mask.split("."))


def _router_values(plan: LabPlan, router: LabRouter, state: Path) -> dict[str, Any]:
    bgp = _bgp(plan, router)
    ospf = _ospf(router)
    hub = any(t.role == "hub" for t in router.tunnels)
    daemons = (
        ["zebra", "staticd", "nhrpd"] + (["bgpd"] if bgp else []) + (["ospfd"] if ospf else [])
    )
    if (bgp and any(g["bfd"] for g in bgp["groups"])) or (ospf and ospf["bfd"]):
        daemons.append("bfdd")
    tunnels = [
        {
            "ifname": t.ifname,
            "role": t.role,
            "key": t.key,
            "local": router.nbma(t.cloud),
            "wan": t.wan,
            "ip": t.ip,
            "mtu": 1400,
            "network_id": t.network_id,
            "holdtime": t.holdtime,
            "nhs": [nbma for _, _, nbma in t.nhs],
            "maps": [*t.maps, *t.spoke_maps],
            # only a design whose routing uses multicast needs it replicated (OSPF hellos)
            "multicast": list(t.multicast) if ospf else [],
            "no_unique": True,  # lab WAN addresses of DHCP spokes change between runs
            "redirect": t.redirect,
            "shortcut": t.shortcut,
        }
        for t in router.tunnels
    ]
    return {
        "name": router.name,
        "ns": router.ns,
        "loopback": router.loopback,
        "wans": router.wans,
        "tunnels": tunnels,
        "log": f"{GUEST_STATE}/{router.ns}/frr.log",
        "nflog_group": NFLOG_GROUP if hub else None,
        "mcast_nflog_group": MCAST_NFLOG_GROUP if ospf else None,
        # the hub's announcement of the tunnel subnet (BGP with /32 tunnel addresses)
        "statics": [str(t.subnet) for t in router.tunnels if t.role == "hub"] if bgp else [],
        # statically mapped peers (other hubs, phase 2 spokes): IOS reaches them through the
        # connected tunnel subnet; with /32 tunnel addresses they need a route into the tunnel
        "mapped": [(ip, t.ifname) for t in router.tunnels for ip, _ in (*t.maps, *t.spoke_maps)],
        "bgp": bgp,
        "ospf": ospf,
        "route_maps": _route_maps(router, bgp),
        "daemons": daemons,
        "ipsec": router.ipsec,
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o640)  # configs hold the pre-shared keys


def render_files(plan: LabPlan, state: Path) -> list[dict[str, Any]]:
    """Write every file of the lab under ``state``; return the per-router values used."""
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o755)  # the frr user reads its log directory inside the VM
    routers = [_router_values(plan, r, state) for r in plan.routers]
    for router, values in zip(plan.routers, routers, strict=True):
        rdir = state / router.ns
        _write(rdir / "frr.conf", _ENV.get_template("frr.conf.j2").render(r=values))
        if values["ipsec"]:
            assert router.crypto is not None
            peers = [
                {"name": name, "local": local, "remote": remote, "keys": router.keys_for(remote)}
                for name, _, local, remote in ipsec_peers(plan, router)
            ]
            ipsec = _ike_proposal(router.crypto)
            _write(
                rdir / "strongswan.conf",
                _ENV.get_template("strongswan.conf.j2").render(
                    dir=rdir, sockets=f"{GUEST_SOCKETS}/{router.ns}"
                ),
            )
            _write(
                rdir / "swanctl.conf",
                _ENV.get_template("swanctl.conf.j2").render(peers=peers, ipsec=ipsec),
            )
    script = _ENV.get_template("setup.sh.j2").render(
        state=state,
        sockets=GUEST_SOCKETS,
        guest_state=GUEST_STATE,
        routers=routers,
        hosts=plan.hosts,
        core_links=plan.core_links,
    )
    _write(state / "setup.sh", script)
    (state / "setup.sh").chmod(0o750)
    return routers


def render_teardown(plan: LabPlan, state: Path) -> None:
    """Write ``teardown.sh``: the lab taken down inside a running VM, for the next lab."""
    script = _ENV.get_template("teardown.sh.j2").render(
        routers=plan.routers, sockets=GUEST_SOCKETS, guest_state=GUEST_STATE
    )
    _write(state / "teardown.sh", script)
