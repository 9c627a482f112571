"""Faithful or explicit: what of a design the FRR lab cannot run, per router and feature.

A *blocking* gap changes what the proof would show (another routing protocol, a missing policy),
so the lab refuses rather than substitute; a non-blocking one leaves the proof meaningful and is
reported beside it (NHRP authentication, QoS shapers, monitoring). Facts about the packaged
FRR 8.4 nhrpd and strongSwan 5.9 are in docs/lab.md.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from dmvpngen.model import BgpRouting, EigrpRouting, Hub, Inventory, OspfRouting
from dmvpngen.render.routing import ospf_network_type

__all__ = ["Gap", "find_gaps"]


class Gap(BaseModel):
    """One feature of one router the lab does not emulate."""

    router: str
    feature: str
    reason: str
    blocking: bool


# measured in the lab VM (docs/lab.md, NAT)
_NAT = (
    "emulated: a NAT namespace between the WAN and the internet (iptables static NAT to the "
    "public address, or PAT behind the NAT's own address); IKE floats to NAT-T (UDP 4500) and "
    "nhrpd registers the post-NAT address"
)

# why OSPFv3 is not built over the tunnel (docs/lab.md, "Faithful or explicit")
_OSPF6 = (
    "; OSPFv3 needs its hellos (ff02::5) replicated by nhrpd, and FRR 8.4's nhrpd sends each "
    "copy with the GRE protocol type of the IPv4 NBMA (0x0800) whatever the packet's family "
    "(nhrp_multicast_send), so the far end's kernel reads an IPv6 hello as IPv4 and drops it"
)


def _all(inv: Inventory) -> list[str]:
    return [r.name for r in (*inv.hubs, *inv.spokes)]


def find_gaps(inv: Inventory) -> list[Gap]:
    """Every feature of the design the FRR lab leaves out, in inventory order."""
    gaps: list[Gap] = []

    def add(routers: list[str], feature: str, reason: str, blocking: bool) -> None:
        gaps.extend(
            Gap(router=r, feature=feature, reason=reason, blocking=blocking) for r in routers
        )

    everyone = _all(inv)
    if isinstance(inv.routing, EigrpRouting):
        _eigrp_gaps(inv, add)
    if isinstance(inv.routing, OspfRouting):
        broadcast = [c for c in inv.clouds if ospf_network_type(inv.routing, c) == "broadcast"]
        for cloud in broadcast:
            add(
                [r.name for r in (*inv.cloud_hubs(cloud), *inv.cloud_spokes(cloud))],
                f"cloud {cloud.name} OSPF network broadcast",
                "nhrpd takes only a /32 tunnel address ('not a host prefix') and FRR 8.4 "
                "ospfd drops a broadcast network's packets from outside the interface's "
                "subnet ('network address is not same'), a /32 included: no adjacency could "
                "form; non-broadcast (unicast hellos to configured neighbours, the same DR and "
                "far-spoke next hop) meets the same check, which ospfd waives only for "
                "point-to-point, virtual links and point-to-multipoint on a /32 "
                "(ospf_check_network_mask), and point-to-multipoint would make the hub every "
                "spoke's next hop, which phase 2 is not",
                True,
            )
        auth = inv.routing.authentication
        if auth is not None and auth.algorithm != "md5":
            add(
                everyone,
                f"OSPF authentication {auth.algorithm}",
                "FRR 8.4 ospfd authenticates with MD5 only (no key chains, RFC 5709): the "
                "adjacencies run unauthenticated",
                False,
            )
    for cloud in inv.clouds:
        members = [r.name for r in (*inv.cloud_hubs(cloud), *inv.cloud_spokes(cloud))]
        if cloud.ipv6_only:
            add(
                members,
                f"cloud {cloud.name} IPv6-only overlay",
                "the lab's tunnels, NHRP registrations, IPsec policies, hosts and probes are "
                "built around each tunnel's IPv4 address: a tunnel without one cannot be laid "
                "out. With EIGRP such a cloud also needs EIGRP for IPv6 (eigrpd has none), over "
                "an IPv6 transport an IPv6 NBMA (nhrpd 8.4 has none); NHRP for IPv6 over an IPv4 "
                "NBMA runs, beside IPv4, in dual-stack clouds with BGP (docs/lab.md)",
                True,
            )
        if cloud.phase == 1:
            add(
                members,
                f"cloud {cloud.name} phase 1",
                "point-to-point GRE spokes are not built",
                True,
            )
        if cloud.phase == 2:
            add(
                [r.name for r in inv.cloud_spokes(cloud)],
                f"cloud {cloud.name} phase 2 spoke-to-spoke resolution",
                "FRR 8.4 nhrpd resolves an address only after a redirect (phase 3), never when "
                "the kernel misses a neighbour: the lab maps the cloud's other spokes "
                "statically, so the path test shows routing's next hop and the spoke-to-spoke "
                "IPsec, not NHRP resolution",
                False,
            )
        if cloud.ipv6_subnet is not None and isinstance(inv.routing, BgpRouting):
            add(
                members,
                f"cloud {cloud.name} IPv6 overlay (partly)",
                "emulated: the IPv6 addresses and link-locals, NHRP for IPv6 over the IPv4 NBMA "
                "(registration, redirect, shortcut), the IPv6 BGP sessions, IPv6 LAN-to-LAN "
                "reachability and spoke-to-spoke path, IPv6 LAN-to-LAN reachability while a hub "
                "or ISP is down and the IPv6 sessions' restore after it (nhrpd's IPv6 "
                "neighbour entries kept reachable: lab additions, docs/lab.md); not emulated: "
                "the IPv6 vty access class (SSH is probed over IPv4), 'ipv6 mtu' and 'ipv6 tcp "
                "adjust-mss', IPv6 service addresses (the services are IPv4)",
                False,
            )
        elif cloud.ipv6_subnet is not None:
            add(
                members,
                f"cloud {cloud.name} IPv6 overlay",
                f"the lab builds IPv6 with BGP only: {inv.routing.protocol.upper()} for IPv6 "
                "(OSPFv3 in ospf6d, EIGRP for IPv6) is not built, so the IPv6 addresses, NHRP "
                "for IPv6 and the IPv6 routing are not emulated (the IPv4 proof stands)"
                + (_OSPF6 if isinstance(inv.routing, OspfRouting) else ""),
                False,
            )
        if cloud.transport_family == "ipv6":
            add(
                members,
                f"cloud {cloud.name} IPv6 transport",
                "GRE over IPv6 ('tunnel mode gre multipoint ipv6') does not run in the lab VM "
                "(measured, docs/lab.md): its 6.1 kernel's multipoint ip6gre tunnel sends "
                "nothing to an NBMA bound by neighbour entry, and FRR 8.4 nhrpd has no IPv6 "
                "NBMA (it runs only on IPv4 GRE interfaces, takes the NBMA from the tunnel's "
                "IPv4 source, and 'ip|ipv6 nhrp map' refuses an IPv6 NBMA); an IPv4 transport in "
                "its place would prove another design (the CML and GNS3 exports carry the "
                "configs as rendered)",
                True,
            )
        if cloud.nhrp_auth:
            add(
                members,
                f"cloud {cloud.name} NHRP authentication",
                "FRR 8.4 nhrpd has no 'ip nhrp authentication'; NHRP runs unauthenticated",
                False,
            )
    for hub in inv.hubs:
        if not isinstance(inv.routing, BgpRouting) and any(lan.hub_peering for lan in hub.lan):
            add(
                [hub.name],
                "hub peering link",
                f"the core link between hubs is built for BGP designs only (its "
                f"{inv.routing.protocol} adjacency is not)",
                True,
            )
        if hub.uplinks:
            add([hub.name], *_regional_hub(inv))
    for router in (*inv.hubs, *inv.spokes):
        for wan in router.wans:
            if wan.nat_kind:
                add([router.name], f"NAT ({wan.nat_kind}) on {wan.interface}", _NAT, False)
            if wan.pppoe or wan.dhcp:
                add(
                    [router.name],
                    f"{'PPPoE' if wan.pppoe else 'DHCP'} on {wan.interface}",
                    "the lab ISP assigns a fixed address from 100.64.0.0/16 instead",
                    False,
                )
    for spoke in inv.spokes:
        if spoke.hub_only:
            add([spoke.name], "hub-only isolation ACL", "tunnel access lists are not built", True)
    for key, prof in sorted(inv.crypto_profiles.items()):
        if prof.authentication != "pre-share":
            add(everyone, f"crypto profile {key} certificates", "PKI is not built", True)
        elif prof.peer_keys:
            add(
                everyone,
                f"crypto profile {key} per-peer keys",
                "emulated: charon signs with the local key; it accepts a peer's AUTH made with "
                "the remote key or, unlike IOS, with the local key too (docs/lab.md)",
                False,
            )
    if inv.qos is not None:
        add([h.name for h in inv.hubs], "per-tunnel QoS", "NHRP-group shapers are not built", False)
    if inv.multicast is not None:
        add(
            everyone,
            "multicast (PIM sparse mode)",
            "pimd over nhrpd is not built: the lab proves unicast only, no stream is sent",
            False,
        )
    if inv.overlay_vrf is not None:
        add(
            everyone,
            f"inside VRF {inv.overlay_vrf.name} (as the main table)",
            "emulated with its tables swapped: FRR 8.4 nhrpd serves the default VRF only "
            "(measured: a tunnel enslaved to a Linux VRF gets no NHS, no cache entry and no "
            "registration until it is moved back), so each router's main table holds the "
            f"VRF (tunnel, LANs, loopback, BGP's 'address-family ipv4 vrf "
            f"{inv.overlay_vrf.name}' as the default instance) and the WANs sit in Linux VRFs "
            "(their front-door VRF, else one standing for the global table): the same two "
            "tables kept apart, under other names (docs/lab.md)",
            False,
        )
    monitored = inv.monitoring.model_dump(exclude_defaults=True)
    if monitored:
        add(
            everyone,
            "monitoring",
            f"{', '.join(sorted(monitored))} not emulated (their addresses are probed)",
            False,
        )
    if isinstance(inv.routing, BgpRouting):
        add(
            [h.name for h in inv.hubs if isinstance(h, Hub)],
            "NHRP multicast",
            "multicast over mGRE is not emulated (BGP needs none)",
            False,
        )
    return gaps


# how the lab builds a regional hub (docs/lab.md, "Hierarchical DMVPN")
_REGIONAL = (
    "emulated: the uplink tunnel as a spoke of the central cloud (NHS, registration, "
    "shortcut, redirect) beside its own cloud's hub tunnel, the uplink iBGP session as the "
    "config has it, the IPsec SAs with the central hub and between the spokes of clouds that "
    "share a network-id; nhrpd forwards resolution requests between tunnels of one "
    "network-id, and the lab's iptables rules hand nhrpd the packets the router forwards from "
    "a tunnel with 'ip nhrp redirect' into any tunnel of that network-id (IOS sends its "
    "redirect in the data path), from the peers it reaches directly only: FRR 8.4's nhrpd can "
    "crash forwarding a redirect (FRR PR 18994), so the central hub sends none about a "
    "region's spoke, whose regional hub sends its own. Left out, as FRR 8.4's nhrpd would "
    "bind a spoke to another region's hub after them: the central hub's redirect of a "
    "regional hub's own traffic towards another region's spokes, and a regional hub's "
    "redirect of its spokes' traffic towards the other regional hub's own prefixes (that "
    "traffic keeps going through the hubs); with them a regional hub forwards its spokes' "
    "requests over its own CENTRAL shortcut, and the responder, reached by none of its NHSs, "
    "takes the requester for NATed behind that hub (nhrp_handle_resolution_req, docs/lab.md)"
)


def _regional_hub(inv: Inventory) -> tuple[str, str, bool]:
    """(feature, reason, blocking) of a regional hub: built with BGP; with OSPF or EIGRP the
    uplink's routing (area design, EIGRP summaries per level) is not built."""
    if isinstance(inv.routing, BgpRouting):
        return "hierarchical uplink", _REGIONAL, False
    return (
        "hierarchical uplink",
        f"regional hubs are built for BGP designs only: the {inv.routing.protocol.upper()} "
        "routing between the hub levels is not built",
        True,
    )


# FRR 8.4 eigrpd, read from its source (eigrpd/eigrp_northbound.c) and its vtysh commands: the
# summary-address and split-horizon settings are accepted but answered "not implemented yet",
# only 'router eigrp <AS>' exists (no named mode), there is no stub, and no next-hop-self
# setting. Its update code never sends a route out of the interface it was learned on.
_EIGRPD = "FRR 8.4 eigrpd"


def _eigrp_gaps(inv: Inventory, add: Callable[[list[str], str, str, bool], None]) -> None:
    """One blocking gap per EIGRP feature of the design that eigrpd cannot carry: running
    eigrpd without it would show another network than the design, so the lab refuses."""
    routing = inv.routing
    assert isinstance(routing, EigrpRouting)
    everyone = _all(inv)
    hubs = [h.name for h in inv.hubs]
    spokes = [s.name for s in inv.spokes]
    add(
        hubs,
        "EIGRP no split-horizon on the tunnel",
        f"{_EIGRPD} has no split-horizon setting ('not implemented yet') and never sends a "
        "route back out of the tunnel it came in on, so a hub cannot pass one spoke's LAN to "
        "another spoke",
        True,
    )
    if any(c.summary for c in inv.clouds):
        add(
            hubs,
            "EIGRP summary (ip summary-address, AD 5 discard)",
            f"{_EIGRPD} accepts 'ip summary-address eigrp' but does not implement it",
            True,
        )
    if any(c.phase == 2 for c in inv.clouds):
        add(hubs, "EIGRP no next-hop-self", f"{_EIGRPD} has no next-hop-self setting", True)
    if routing.spoke_stub:
        add(spokes, f"EIGRP stub {routing.stub_type}", f"{_EIGRPD} has no stub routing", True)
    if routing.mode == "named":
        add(
            everyone,
            "EIGRP named mode (wide metrics)",
            f"{_EIGRPD} has classic 'router eigrp <AS>' only",
            True,
        )
    if routing.authentication is not None and routing.authentication.algorithm != "md5":
        add(
            everyone,
            f"EIGRP authentication {routing.authentication.algorithm}",
            f"{_EIGRPD} authenticates with MD5 key chains only",
            True,
        )
