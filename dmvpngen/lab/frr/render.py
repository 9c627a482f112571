"""Render a lab plan into the files the VM runs: per router ``frr.conf``, ``strongswan.conf`` and
``swanctl.conf``, and ``setup.sh`` that builds the namespaces and starts every daemon.

Templates only format; the values (daemons to run, IPsec peers, BGP groups, the strongSwan
proposals matching the crypto profile) are computed here.
"""

from __future__ import annotations

import sys
from ipaddress import IPv4Address, IPv4Network, IPv6Address
from pathlib import Path
from typing import Any

from dmvpngen.lab.frr.plan import LabPlan, LabRouter, LabTunnel
from dmvpngen.lab.frr.routing import (
    bgp6_values,
    bgp_values,
    ospf_values,
    prefix_lists,
    route_maps,
)
from dmvpngen.lab.templating import lab_environment
from dmvpngen.render.context import CryptoNames

__all__ = [
    "PORTCHECK",
    "PORTCHECK_CMD",
    "ipsec_peers",
    "listeners",
    "redirect_pairs",
    "redirect_skips",
    "render_files",
    "render_teardown",
]

_ENV = lab_environment("dmvpngen.lab.frr")
# the guest's TCP/UDP listener and probe, run by path with the host's interpreter (the guest
# shares the host's root file system). Standard library only, so isolated and without site
# (-I -S): no site-packages and .pth files read over 9p. Measured in the lab VM under load
# (guest load 7.6): 1.6 s to start with site, 0.7 s without, warm; a cold start took 15 s
PORTCHECK = Path(__file__).with_name("portcheck.py")
PORTCHECK_CMD = f"{sys.executable} -I -S {PORTCHECK}"

NFLOG_GROUP = 1
# nhrpd's multicast group: the router's own multicast leaving a tunnel is logged here and
# replicated by nhrpd to each NBMA of the tunnel's multicast map, as IOS does with
# 'ip nhrp map multicast' (FRR's nhrpd manual, "Multicast Functionality")
MCAST_NFLOG_GROUP = 2
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
    (the remote NBMA as this router reaches it: the post-NAT address behind a NAT)
    GRE to: hubs to their spokes and each other, spokes to their hubs and (phase 2/3) to the
    spokes of a cloud, and in phase 3 across clouds of one network-id (``_cross_cloud``). A
    peer met over two transports or tunnels gets one connection per address pair, named
    ``peer_2`` and so on (router names have no underscore)."""
    out: list[tuple[str, IPv4Address, IPv4Address]] = []
    for tun in router.tunnels:
        for other in plan.routers:
            if other is router:
                continue
            for far in other.tunnels:
                if far.cloud == tun.cloud:
                    if tun.role == far.role == "spoke" and tun.phase == 1:
                        continue
                elif not _cross_cloud(tun, far):
                    continue
                # behind a NAT the peer is reached at its post-NAT address
                out.append((other.name, router.nbma(tun.cloud), other.seen_nbma(far.cloud)))
    named: list[tuple[str, str, IPv4Address, IPv4Address]] = []
    seen: dict[str, int] = {}
    for peer, local, remote in sorted(set(out), key=lambda p: (p[0], str(p[1]), str(p[2]))):
        seen[peer] = seen.get(peer, 0) + 1
        conn = peer if seen[peer] == 1 else f"{peer}_{seen[peer]}"
        named.append((conn, peer, local, remote))
    return named


def _cross_cloud(tun: LabTunnel, far: LabTunnel) -> bool:
    """Two tunnels of different clouds that may build GRE to each other: phase 3 both, one
    NHRP network-id (hubs forward resolution between its tunnels: a hierarchy's regional
    hubs), not two hubs. A spoke gets a shortcut to another region's spoke, or to a hub of
    another cloud whose LAN it reaches through its own hub."""
    return (
        tun.phase == far.phase == 3
        and tun.network_id == far.network_id
        and "spoke" in (tun.role, far.role)
    )


def initiated(plan: LabPlan, router: LabRouter) -> list[str]:
    """The IPsec connections ``router`` brings up before its routing starts: with each NBMA of
    ``LabRouter.ike_first`` (its hubs), and, for a tunnel sourced from a WAN behind PAT, with
    every spoke of that cloud it may build a spoke-to-spoke tunnel with.

    A PAT keeps a mapping only for what the router behind it has sent, so another spoke's
    IKE_SA_INIT to the post-NAT address is dropped until this router has sent to that spoke
    (the lab's PAT is iptables MASQUERADE: address-and-port-dependent filtering). Measured in
    the lab VM (dynamic-wan-nat-ospf, 1-minute load 2.5): cloud-03's shortcut to home-04, the
    PAT spoke, held every packet for home-04 behind cloud-03's IKE_SA_INIT, retransmitted
    unanswered three times over two minutes, while home-04 had no traffic of its own for
    cloud-03 to start the exchange from its side, so LAN to LAN got 0 of 3 replies until the
    reachability round ended. Started from the PAT side, the exchange passes the NAT as
    every spoke's exchange with its hubs does."""
    pat = {
        t.cloud
        for t in router.tunnels
        if t.role == "spoke"
        and t.phase in (2, 3)
        and any(
            w.ifname == t.wan and w.nat is not None and w.nat.kind == "pat" for w in router.wans
        )
    }
    out = []
    for conn, peer, local, far in ipsec_peers(plan, router):
        if str(far) in router.ike_first:
            out.append(conn)
            continue
        other = plan.router(peer)
        if any(
            t.cloud in pat
            and t.role == "spoke"
            and other.seen_nbma(t.cloud) == far
            and router.nbma(t.cloud) == local
            for t in other.tunnels
        ):
            out.append(conn)
    return out


def _identity(plan: LabPlan, peer: str, seen: IPv4Address) -> IPv4Address:
    """The WAN address of ``peer`` that the others see as ``seen`` (its address behind NAT)."""
    return next(w.address.ip for w in plan.router(peer).wans if w.seen == seen)


def _router_values(plan: LabPlan, router: LabRouter, state: Path) -> dict[str, Any]:
    bgp = bgp_values(plan, router)
    bgp6 = bgp6_values(router)
    six = [t for t in router.tunnels if t.ipv6 is not None] if bgp6 else []
    ospf = ospf_values(router)
    maps = route_maps(router, bgp, bgp6)
    redirects = redirect_pairs(plan, router)
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
            # the design's 'ip mtu': OSPF puts it in its database description packets, and a
            # neighbour whose is larger stays in ExStart (RFC 2328 10.6; IOS checks it unless
            # 'ip ospf mtu-ignore', as FRR's ospfd does)
            "mtu": t.mtu,
            "network_id": t.network_id,
            "holdtime": t.holdtime,
            "nhs": [nbma for _, _, nbma in t.nhs],
            "maps": [*t.maps, *t.spoke_maps],
            # only a design whose routing uses multicast needs it replicated (OSPF hellos)
            "multicast": list(t.multicast) if ospf else [],
            "no_unique": True,  # lab WAN addresses of DHCP spokes change between runs
            "redirect": t.redirect,
            "shortcut": t.shortcut,
            "v6_built": bool(t.ipv6 and bgp6),
            # NHRP for IPv6 over the same IPv4 NBMA (a dual-stack cloud with BGP)
            "v6": {"nhs": [nbma for _, _, nbma in t.ipv6.nhs], "maps": list(t.ipv6.maps)}
            if t.ipv6 and bgp6
            else None,
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
        "nflog_group": NFLOG_GROUP if redirects else None,
        # (in, out, hashlimit name, source): forwarded packets nhrpd is handed to redirect
        "redirects": redirects,
        # (in, out, destination) never handed to nhrpd, ahead of the redirect rules
        "redirect_skips": redirect_skips(plan, router) if redirects else [],
        "mcast_nflog_group": MCAST_NFLOG_GROUP if ospf else None,
        # the hub's announcement of the tunnel subnet (BGP with /32 tunnel addresses)
        "statics": [str(t.subnet) for t in router.tunnels if t.role == "hub"] if bgp else [],
        # statically mapped peers (other hubs, phase 2 spokes): IOS reaches them through the
        # connected tunnel subnet; with /32 tunnel addresses they need a route into the tunnel
        "mapped": [(ip, t.ifname) for t in router.tunnels for ip, _ in (*t.maps, *t.spoke_maps)],
        "bgp": bgp,
        "bgp6": bgp6,
        # the IPv6 twins of the hub's tunnel subnet and of the routes to statically mapped hubs
        "statics6": [str(t.ipv6.subnet) for t in six if t.role == "hub" and t.ipv6],
        "mapped6": [(ip, t.ifname) for t in six if t.ipv6 for ip, _ in t.ipv6.maps],
        # measured with FRR 8.4: with 'ip nhrp map' and 'ipv6 nhrp map' to one NBMA in the boot
        # config, nhrpd's cache holds only the IPv6 entry (the running config lists both);
        # configured again once nhrpd runs, both stay. So a dual-stack tunnel's static
        # mappings are configured again after start
        "remap": static_map_lines(router) if bgp6 else [],
        "v6": {
            "loopback": router.loopback6,
            "tunnels": [(t.ifname, t.ipv6.ip, t.ipv6.link_local) for t in six if t.ipv6],
            "lans": list(router.lans6),
        }
        if bgp6
        else None,
        "ospf": ospf,
        "route_maps": maps,
        "prefix_lists": prefix_lists(router, maps),
        "daemons": daemons,
        "ipsec": router.ipsec,
        # the IKE and IPsec SAs the router starts before its routing (plan.LabRouter.ike_first)
        "initiate": initiated(plan, router) if router.ipsec else [],
        "ssh_acl": router.ssh_acl,
    }


def redirect_pairs(plan: LabPlan, router: LabRouter) -> list[tuple[str, str, str, str | None]]:
    """(in, out, hashlimit name, source prefix or None for any) of every tunnel-to-tunnel
    forwarding the router hands nhrpd (NFLOG) for a redirect: a hub tunnel's traffic back out
    of itself, and, where the tunnel has 'ip nhrp redirect', traffic into any other tunnel of
    its NHRP network-id (a regional hub forwarding a spoke's packet up to the central hub, or
    the central hub's down). nhrpd answers on the tunnel the packet came in by
    (netlink_log_indication in nhrpd/netlink_arp.c takes the packet's in-interface), to the
    next hop towards the packet's source; where that next hop would have to forward the
    indication, the rule is limited to sources it reaches directly (``_direct_sources``)."""
    pairs = []
    for tun in router.tunnels:
        if tun.role == "hub":
            pairs.append((tun, tun, f"r{tun.ifname}"))
        if tun.redirect:
            pairs += [
                (tun, other, f"r{tun.ifname[3:]}x{other.ifname[3:]}")
                for other in router.tunnels
                if other is not tun and other.network_id == tun.network_id
            ]
    out: list[tuple[str, str, str, str | None]] = []
    for into, onto, name in pairs:
        sources = _direct_sources(plan, router, into)
        if sources is None:
            out.append((into.ifname, onto.ifname, name, None))
        else:
            out += [(into.ifname, onto.ifname, f"{name}s{i}", s) for i, s in enumerate(sources)]
    return out


def redirect_skips(plan: LabPlan, router: LabRouter) -> list[tuple[str, str, str]]:
    """(in, out, destination) of forwarding the router never hands nhrpd, checked before the
    redirect rules. In a hierarchy (one network-id for several clouds) two redirects IOS
    sends are left out, because FRR 8.4's nhrpd would follow them with a wrong binding:

    - the central hub's redirect of a regional hub's own traffic towards another region's
      spokes (hub tunnel back into itself, to the prefixes of routers it does not reach
      directly on it): the regional hub would hold a CENTRAL cache entry for that spoke and
      its LAN hosts, and nhrpd's route lookup takes such a host entry before the BGP route
      (nhrp_route_address over nhrp_route_update_nhrp's routes), so the regional hub would
      forward its own spokes' requests for those hosts straight to the far spoke;
    - a regional hub's redirect of its spokes' traffic up towards another regional hub's own
      prefixes: the regional hubs' pair goes direct, so it holds CENTRAL host entries for the
      other regional hub and would forward its spokes' requests for them straight there.

    A request that reaches its responder from a peer that is none of the responder's NHSs is
    taken for one from a NATed requester (nhrp_handle_resolution_req, "NAT detected using
    ... as cie_nbma"): the responder binds the requester to the forwarding hub's CENTRAL NBMA
    and, as a hub, copies that binding into the NAT extension of the requester's later
    requests it forwards (nhrp_peer_forward), so a spoke of the other region binds it so too
    (traced with 'debug nhrp common' in the lab VM, docs/lab.md)."""
    tunnels = {t.ifname: t for t in router.tunnels}
    skips: list[tuple[str, str, str]] = []
    for into, onto, _, _ in redirect_pairs(plan, router):
        tin, tout = tunnels[into], tunnels[onto]
        if not _spans_clouds(plan, tin):
            continue  # the network-id is one cloud's: nothing is forwarded across clouds
        if tin is tout and _central_hub(plan, router):
            direct = _peers(plan, router, tin)
            far = [
                r
                for r in plan.routers
                if r is not router
                and r.name not in direct
                and any(t.network_id == tin.network_id for t in r.tunnels)
            ]
        elif tin.role == "hub" and tout.role == "spoke":
            far = [
                r
                for r in plan.routers
                if r is not router
                and r.role == "hub"
                and any(t.cloud == tout.cloud and t.role == "spoke" for t in r.tunnels)
            ]
        else:
            continue
        dests = sorted({p for r in far for p in _own_prefixes(r, tin.network_id)})
        skips += [(into, onto, str(p)) for p in dests if (into, onto, str(p)) not in skips]
    return skips


def _central_hub(plan: LabPlan, router: LabRouter) -> bool:
    """The router is a hub of a cloud whose spokes include regional hubs (a hierarchy's
    central hub)."""
    mine = {t.cloud for t in router.tunnels if t.role == "hub"}
    return any(
        r.role == "hub" and t.role == "spoke" and t.cloud in mine
        for r in plan.routers
        for t in r.tunnels
    )


def _peers(plan: LabPlan, router: LabRouter, tun: LabTunnel) -> set[str]:
    """The routers this one reaches directly on the tunnel: its NHSs on a spoke tunnel; the
    spokes of its cloud and the hubs it maps on a hub tunnel."""
    if tun.role == "spoke":
        return {hub for hub, _, _ in tun.nhs}
    mapped = {ip for ip, _ in tun.maps}
    return {
        r.name
        for r in plan.routers
        for t in r.tunnels
        if t.cloud == tun.cloud and r is not router and (t.role == "spoke" or t.ip in mapped)
    }


def _own_prefixes(router: LabRouter, network_id: int) -> set[IPv4Network]:
    """The router's LANs, loopback and tunnel addresses in the NHRP network-id."""
    prefixes = {lan.network for _, lan in router.lans}
    prefixes |= {IPv4Network(f"{t.ip}/32") for t in router.tunnels if t.network_id == network_id}
    if router.loopback is not None:
        prefixes.add(IPv4Network(f"{router.loopback}/32"))
    return prefixes


def _direct_sources(plan: LabPlan, router: LabRouter, tun: LabTunnel) -> list[str] | None:
    """None (any source) where the tunnel's network-id is one cloud's; in a hierarchy (one
    network-id for several clouds) the LANs, loopbacks and tunnel addresses of the routers
    this one reaches directly on the tunnel: its NHSs on a spoke tunnel, the spokes of its
    cloud and the hubs it maps on a hub tunnel. An indication towards any other source goes to
    a hub that must forward it, and FRR 8.4's nhrpd forwards a traffic indication by reading
    the data packet it carries as a CIE (nhrp_peer_forward's nhrp_cie_pull), which crashes it
    when the packet's bytes give an address length past its end (FRR PR 18994, 2025;
    measured: us-hub's nhrpd died with SIGSEGV in nhrp_cie_pull under nhrp_peer_recv)."""
    if not _spans_clouds(plan, tun):
        return None
    prefixes: set[IPv4Network] = set()
    for name in sorted(_peers(plan, router, tun)):
        peer = plan.router(name)
        prefixes |= {lan.network for _, lan in peer.lans}
        prefixes |= {IPv4Network(f"{t.ip}/32") for t in peer.tunnels if t.cloud == tun.cloud}
        if peer.loopback is not None:
            prefixes.add(IPv4Network(f"{peer.loopback}/32"))
    return [str(p) for p in sorted(prefixes)]


def _spans_clouds(plan: LabPlan, tun: LabTunnel) -> bool:
    """The tunnel's NHRP network-id is shared by several clouds (a hierarchy)."""
    clouds = {t.cloud for r in plan.routers for t in r.tunnels if t.network_id == tun.network_id}
    return len(clouds) > 1


def static_map_lines(router: LabRouter, wans: set[str] | None = None) -> list[str]:
    """vtysh lines configuring the router's static NHRP mappings (IPv4 and IPv6) again, for
    the tunnels sourced from ``wans`` (every tunnel when None). A dual-stack tunnel's mapping
    is removed first: measured with FRR 8.4, a mapping of each family to one NBMA leaves one
    of them without its NBMA in nhrpd (the kernel neighbour gets no address, or 0.0.0.0) until
    it is removed and configured again."""
    lines = []
    for tun in router.tunnels:
        maps: list[tuple[str, IPv4Address | IPv6Address, str]] = [
            ("ip", ip, nbma) for ip, nbma in (*tun.maps, *tun.spoke_maps)
        ]
        if tun.ipv6 and router.dual_stack:
            maps += [("ipv6", ip, nbma) for ip, nbma in tun.ipv6.maps]
        if (wans is None or tun.wan in wans) and maps:
            lines.append(f"interface {tun.ifname}")
            for family, ip, nbma in maps:
                if router.dual_stack:
                    lines.append(f"no {family} nhrp map {ip} {nbma}")
                lines.append(f"{family} nhrp map {ip} {nbma}")
    return lines


def listeners(plan: LabPlan) -> list[tuple[str, list[int], list[int]]]:
    """(namespace, TCP ports, UDP ports) of every TCP/UDP listener the lab runs: SSH (22) on
    every router, and each service's port at the host that answers for it."""
    ports: dict[str, set[tuple[str, int]]] = {r.ns: {("tcp", 22)} for r in plan.routers}
    for svc in plan.services:
        if svc.transport is None:
            continue
        kind, _, name = svc.where.partition(" ")
        ns = "isp" if kind == "internet" else plan.router(name).ns if kind == "router" else name
        ports.setdefault(ns, set()).add(svc.transport)
    return [
        (ns, sorted(p for t, p in want if t == "tcp"), sorted(p for t, p in want if t == "udp"))
        for ns, want in sorted(ports.items())
    ]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o640)  # configs hold the pre-shared keys


def render_files(plan: LabPlan, state: Path, *, debug_nhrp: bool = False) -> list[dict[str, Any]]:
    """Write every file of the lab under ``state``; return the per-router values used.
    ``debug_nhrp``: each frr.conf logs at debugging level with ``debug nhrp common`` on (each
    packet nhrpd sends, receives and forwards, its cache and NAT decisions; docs/lab.md)."""
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o755)  # the frr user reads its log directory inside the VM
    routers = [{**_router_values(plan, r, state), "debug_nhrp": debug_nhrp} for r in plan.routers]
    for router, values in zip(plan.routers, routers, strict=True):
        rdir = state / router.ns
        _write(rdir / "frr.conf", _ENV.get_template("frr.conf.j2").render(r=values))
        if values["ipsec"]:
            assert router.crypto is not None
            peers = [
                {
                    "name": name,
                    "local": local,
                    "remote": remote,
                    # the identity the peer sends: its own (pre-NAT) address, as IOS's default
                    "remote_id": _identity(plan, peer, remote),
                    # IOS picks the keyring entry by the address it sees the peer at
                    "keys": router.keys_for(remote),
                }
                for name, peer, local, remote in ipsec_peers(plan, router)
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
        internet=sorted({s.address for s in plan.services if s.where == "internet"}),
        core_links=plan.core_links,
        # the NAT namespaces, built before the routers whose WANs they front
        nats=[
            {"nat": w.nat, "private": w.address.ip, "isp_if": w.isp_if}
            for r in plan.routers
            for w in r.wans
            if w.nat is not None
        ],
        listeners=listeners(plan),
        # LAN hosts of the routers whose IPv6 half the lab builds
        hosts6={h.ns for h in plan.hosts if h.address6 and plan.router(h.router).dual_stack},
        portcheck=PORTCHECK_CMD,
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
