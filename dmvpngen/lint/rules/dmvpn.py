"""DMVPN / NHRP rules (DMV001-DMV014).

A DMVPN tunnel is a tunnel interface in ``gre multipoint`` mode or carrying any ``ip nhrp`` line
(phase 1 spokes use point-to-point GRE with NHRP).
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._helpers import interface_addresses, interface_name
from dmvpngen.lint.rules._routing import (
    bgp_peers,
    eigrp_adjacencies,
    ospf_adjacencies,
    tunnel_adjacency,
    tunnel_peer,
)
from dmvpngen.lint.view import ConfigView, Line

_PROTECTED = r"^tunnel protection ipsec profile\s+\S+"


def _unprotected(cfg: ConfigView) -> list[Line]:
    return [t for t in cfg.dmvpn_tunnels if not t.has_child(_PROTECTED)]


@rule("DMV001", "mgre-without-ipsec", Severity.CRITICAL, Role.DMVPN)
def mgre_no_ipsec(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel without ``tunnel protection ipsec profile``."""
    for tun in _unprotected(cfg):
        yield Hit(tun.number, f"{interface_name(tun)} carries DMVPN traffic without IPsec")


@rule("DMV002", "nhrp-auth-missing", Severity.LOW, Role.DMVPN)
def nhrp_auth_missing(cfg: ConfigView) -> Iterator[Hit]:
    """NHRP network without an ``ip nhrp authentication`` string."""
    for tun in cfg.dmvpn_tunnels:
        if tun.has_child(r"^ip nhrp network-id\s") and not tun.has_child(
            r"^ip nhrp authentication\s"
        ):
            yield Hit(tun.number, f"{interface_name(tun)} has no ip nhrp authentication")


@rule("DMV003", "nhrp-auth-only-control", Severity.HIGH, Role.DMVPN)
def nhrp_auth_only(cfg: ConfigView) -> Iterator[Hit]:
    """NHRP authentication string is the only protection of an unencrypted DMVPN tunnel."""
    for tun in _unprotected(cfg):
        line = tun.child(r"^ip nhrp authentication\s")
        if line is not None:
            yield Hit(
                line.number,
                f"{interface_name(tun)}: the NHRP string travels in clear and is not "
                "authentication; protect the tunnel with IPsec",
            )


@rule("DMV004", "nhrp-auth-weak", Severity.LOW, Role.DMVPN)
def nhrp_auth_weak(cfg: ConfigView) -> Iterator[Hit]:
    """NHRP authentication string shorter than 8 characters or reused across clouds."""
    by_value: dict[str, set[str]] = {}
    lines: list[tuple[Line, str, str]] = []
    for tun in cfg.tunnels:
        line = tun.child(r"^ip nhrp authentication\s+\S+")
        if line is None:
            continue
        value = line.words[3]
        netid = tun.child(r"^ip nhrp network-id\s+\S+")
        cloud = netid.words[3] if netid is not None else interface_name(tun)
        by_value.setdefault(value, set()).add(cloud)
        lines.append((line, value, cloud))
    for line, value, _ in lines:
        if len(value) < 8:
            yield Hit(line.number, f"NHRP authentication string has {len(value)} characters (< 8)")
        elif len(by_value[value]) > 1:
            yield Hit(line.number, "the same NHRP authentication string is used by other clouds")


@rule("DMV005", "spoke-multicast-dynamic", Severity.LOW, Role.DMVPN)
def spoke_multicast_dynamic(cfg: ConfigView) -> Iterator[Hit]:
    """Tunnel with an NHS (a spoke) also replicates multicast to dynamic peers."""
    for tun in cfg.tunnels:
        line = tun.child(r"^ip nhrp map multicast dynamic")
        if line is None or not tun.has_child(r"^ip nhrp nhs\s"):
            continue
        if tun.has_child(r"^ip nhrp redirect"):
            continue  # a phase-3 hub peering with another hub: legitimate
        yield Hit(
            line.number,
            f"{interface_name(tun)} registers to an NHS and sends multicast to every dynamic "
            "peer; on a spoke this floods routing updates to other spokes",
        )


@rule("DMV006", "nhrp-no-unique-static", Severity.LOW, Role.DMVPN)
def no_unique_static(cfg: ConfigView) -> Iterator[Hit]:
    """``ip nhrp registration no-unique`` while the NBMA address is static."""
    for tun in cfg.tunnels:
        line = tun.child(r"^ip nhrp registration no-unique")
        src = tun.child(r"^tunnel source\s+\S+")
        if line is None or src is None:
            continue
        value = src.words[2]
        if value[0].isdigit():
            static = True
        else:
            intf = cfg.interface(value)
            static = intf is not None and bool(interface_addresses(intf))
        if static:
            yield Hit(
                line.number,
                f"{interface_name(tun)}: no-unique with a static NBMA address lets another "
                "router take over this spoke's registration",
            )


@rule("DMV007", "no-front-door-vrf", Severity.INFO, Role.DMVPN)
def no_fvrf(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel without a front-door VRF (``tunnel vrf``)."""
    for tun in cfg.dmvpn_tunnels:
        if not tun.has_child(r"^tunnel vrf\s"):
            yield Hit(tun.number, f"{interface_name(tun)} has no front-door VRF (tunnel vrf)")


@rule("DMV008", "fvrf-crypto-unbound", Severity.LOW, Role.DMVPN)
def fvrf_unbound(cfg: ConfigView) -> Iterator[Hit]:
    """Front-door VRF in use but the keyring or IKE profile/policy is not bound to it."""
    fvrfs = {line.words[2] for t in cfg.dmvpn_tunnels if (line := t.child(r"^tunnel vrf\s+\S+"))}
    if not fvrfs:
        return
    for line in cfg.find(r"^crypto isakmp key\s"):
        yield Hit(line.number, "global ISAKMP key with a front-door VRF: use a keyring with vrf")
    for ring in cfg.find(r"^crypto keyring\s+\S+"):
        words = ring.words
        at = words.index("vrf") + 1 if "vrf" in words else len(words)
        if at >= len(words) or words[at] not in fvrfs:
            yield Hit(ring.number, f"keyring {words[2]} is not bound to the front-door VRF")
    for block in cfg.find(r"^crypto ikev2 (profile|policy)\s+\S+"):
        match = block.child(r"^match fvrf\s+\S+")
        if match is None or match.words[2] not in fvrfs | {"any"}:
            yield Hit(block.number, f"{block.text} does not match the front-door VRF")


@rule("DMV009", "underlay-unfiltered", Severity.MEDIUM, Role.DMVPN)
def underlay_unfiltered(cfg: ConfigView) -> Iterator[Hit]:
    """Tunnel-source interface without an inbound ACL or zone-based firewall."""
    for intf in cfg.external_interfaces:
        if not intf.has_child(r"^ip access-group\s+\S+\s+in\b") and not intf.has_child(
            r"^zone-member security\s"
        ):
            yield Hit(
                intf.number,
                f"{interface_name(intf)} (tunnel source) has no inbound ACL or security zone",
            )


@rule("DMV010", "tunnel-icmp-redirects", Severity.LOW, Role.DMVPN)
def tunnel_redirects(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel sends ICMP redirects (no ``no ip redirects``)."""
    for tun in cfg.dmvpn_tunnels:
        if not tun.has_child(r"^no ip redirects"):
            yield Hit(
                tun.number,
                f"{interface_name(tun)} sends ICMP redirects (IOS default)",
                fix=(tun.text, " no ip redirects"),
                assumed_default=True,
            )


@rule("DMV011", "tunnel-routing-unauthenticated", Severity.MEDIUM, Role.DMVPN)
def tunnel_routing_unauth(cfg: ConfigView) -> Iterator[Hit]:
    """Routing adjacency over a DMVPN tunnel without authentication.

    The one finding for such an adjacency: RTA001/RTA003/RTA006 leave DMVPN tunnels to this rule.
    """
    for adj in (*eigrp_adjacencies(cfg), *ospf_adjacencies(cfg)):
        if tunnel_adjacency(cfg, adj) and not adj.authenticated:
            name = interface_name(adj.interface)
            yield Hit(adj.anchor.number, f"{adj.process} runs over {name} without authentication")
    for peer in bgp_peers(cfg):
        if not peer.listen_range and not peer.peer[:1].isdigit():
            continue  # a peer group: reported at its listen range
        tunnel = tunnel_peer(cfg, peer)
        if tunnel is not None and not peer.has_password:
            yield Hit(peer.line.number, f"BGP {peer.peer} over {tunnel} has no password")


@rule("DMV012", "tunnel-no-inbound-acl", Severity.INFO, Role.DMVPN)
def tunnel_no_acl(cfg: ConfigView) -> Iterator[Hit]:
    """Tunnel interface without an inbound ACL."""
    for tun in cfg.tunnels:
        if not tun.has_child(r"^ip access-group\s+\S+\s+in\b"):
            yield Hit(tun.number, f"{interface_name(tun)} has no inbound ACL")


@rule("DMV013", "tunnel-not-declared", Severity.INFO)
def tunnel_not_declared(cfg: ConfigView) -> Iterator[Hit]:
    """Tunnel interface not listed in the lint configuration's ``overlay-tunnels``."""
    declared = cfg.settings.overlay_tunnels if cfg.settings is not None else None
    if declared is None:
        return
    allowed = {d.lower() for d in declared}
    for tun in cfg.tunnels:
        if interface_name(tun).lower() not in allowed:
            yield Hit(tun.number, f"{interface_name(tun)} is not a declared overlay tunnel")


def _vrf_peer_groups(router: Line) -> dict[str, str]:
    """Peer groups created inside an ``address-family ipv4 [unicast] vrf V``: name -> V."""
    out: dict[str, str] = {}
    for af in router.children_matching(r"^address-family ipv4\s+(?:unicast\s+)?vrf\s+\S+"):
        vrf = af.words[-1]
        for line in af.children_matching(r"^neighbor\s+\S+\s+peer-group\s*$"):
            out[line.words[1]] = vrf
    return out


@rule("DMV014", "bgp-listen-range-vrf", Severity.LOW, Role.DMVPN)
def bgp_listen_range_vrf(cfg: ConfigView) -> Iterator[Hit]:
    """``bgp listen range`` feeding a peer group of a VRF: no Cisco text documents the form."""
    for router in cfg.find(r"^router bgp\s+\d"):
        groups = _vrf_peer_groups(router)
        for line in router.children_matching(r"^bgp listen range\s+\S+\s+peer-group\s+\S+"):
            vrf = groups.get(line.words[5])
            if vrf is not None:
                yield Hit(
                    line.number,
                    f"listen range {line.words[3]} feeds peer group {line.words[5]} of VRF "
                    f"{vrf}: Cisco documents no IPv4 listen range for a VRF",
                )
        for af in router.children_matching(r"^address-family ipv4\s+(?:unicast\s+)?vrf\s"):
            for line in af.children_matching(r"^bgp listen range\s"):
                yield Hit(
                    line.number,
                    f"listen range inside {' '.join(af.words)}: Cisco documents no IPv4 "
                    "listen range for a VRF",
                )
