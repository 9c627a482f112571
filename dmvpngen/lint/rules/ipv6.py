"""IPv6 over DMVPN rules (IPV001-IPV007).

Cisco's "Implementing DMVPN for IPv6" configures NHRP for IPv6 apart from NHRP for IPv4 and
sets each tunnel's link-local address by hand (unique in the DMVPN); an IPv4 ``access-class``
does not filter IPv6 vty sessions (``ipv6 access-class`` does).
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._helpers import interface_name
from dmvpngen.lint.rules._index import index
from dmvpngen.lint.view import ConfigView, Line

# a global (or unique-local) address: 'ipv6 address X/len', not '... link-local' / autoconfig
_GLOBAL = r"^ipv6 address [0-9A-Fa-f:]+/\d+"


@rule("IPV001", "ipv6-tunnel-without-nhrp", Severity.HIGH, Role.DMVPN)
def tunnel_without_nhrp(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel with an IPv6 address but no ``ipv6 nhrp network-id``."""
    for tun in cfg.dmvpn_tunnels:
        address = tun.child(_GLOBAL)
        if address is not None and not tun.has_child(r"^ipv6 nhrp network-id\s"):
            yield Hit(
                address.number,
                f"{interface_name(tun)} carries IPv6 without NHRP for IPv6: no IPv6 "
                "registration or resolution, IPv6 over the cloud never forms",
            )


@rule("IPV002", "ipv6-link-local-not-set", Severity.LOW, Role.DMVPN)
def link_local_not_set(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel running NHRP for IPv6 without a configured link-local address."""
    for tun in cfg.dmvpn_tunnels:
        netid = tun.child(r"^ipv6 nhrp network-id\s")
        if netid is not None and not tun.has_child(r"^ipv6 address \S+ link-local"):
            yield Hit(
                netid.number,
                f"{interface_name(tun)} runs NHRP for IPv6 on a derived link-local address: "
                "set 'ipv6 address FE80::<n> link-local', unique in the cloud",
            )


@rule("IPV003", "vty-without-ipv6-access-class", Severity.MEDIUM, Role.ANY)
def vty_without_ipv6_acl(cfg: ConfigView) -> Iterator[Hit]:
    """IPv6 is configured but a vty line filtered for IPv4 has no ``ipv6 access-class``."""
    if not any(intf.has_child(_GLOBAL) for intf in cfg.interfaces):
        return
    for blk in index(cfg).lines_of("vty"):
        transport = blk.all("transport input")
        if transport and transport[-1].words[2:] == ["none"]:
            continue
        if blk.has("access-class ") and not blk.has("ipv6 access-class "):
            yield Hit(
                blk.number,
                "vty line filters IPv4 sources only: SSH over IPv6 reaches it from anywhere "
                "(add 'ipv6 access-class <list> in')",
            )


def _ipv6_tunnels(cfg: ConfigView) -> list[Line]:
    """DMVPN tunnels carrying IPv6 (a global IPv6 address)."""
    return [t for t in cfg.dmvpn_tunnels if t.has_child(_GLOBAL)]


@rule("IPV004", "ipv6-tunnel-redirects", Severity.LOW, Role.DMVPN)
def tunnel_redirects_v6(cfg: ConfigView) -> Iterator[Hit]:
    """DMVPN tunnel carrying IPv6 sends ICMPv6 redirects (no ``no ipv6 redirects``)."""
    for tun in _ipv6_tunnels(cfg):
        if not tun.has_child(r"^no ipv6 redirects"):
            yield Hit(
                tun.number,
                f"{interface_name(tun)} sends ICMPv6 redirects (IOS default)",
                fix=(tun.text, " no ipv6 redirects"),
                assumed_default=True,
            )


@rule("IPV005", "ipv6-nhrp-auth-missing", Severity.LOW, Role.DMVPN)
def nhrp_auth_missing_v6(cfg: ConfigView) -> Iterator[Hit]:
    """NHRP for IPv6 without an ``ipv6 nhrp authentication`` string."""
    for tun in cfg.dmvpn_tunnels:
        netid = tun.child(r"^ipv6 nhrp network-id\s")
        if netid is not None and not tun.has_child(r"^ipv6 nhrp authentication\s"):
            yield Hit(netid.number, f"{interface_name(tun)} has no ipv6 nhrp authentication")


@rule("IPV006", "ipv6-tunnel-routing-unauthenticated", Severity.MEDIUM, Role.DMVPN)
def tunnel_routing_unauth_v6(cfg: ConfigView) -> Iterator[Hit]:
    """EIGRP for IPv6 or OSPFv3 adjacency over a DMVPN tunnel without authentication."""
    tunnels = {interface_name(t): t for t in _ipv6_tunnels(cfg)}
    for router in cfg.find(r"^router eigrp\s+\S+"):
        for family in router.children_matching(r"^address-family ipv6\b.*autonomous-system"):
            default = family.child(r"^af-interface default\s*$")
            default_auth = default is not None and default.has_child(r"^authentication mode\s")
            default_passive = default is not None and default.has_child(r"^passive-interface")
            for name in tunnels:
                af = family.child(rf"^af-interface {name}\s*$")
                passive, auth = default_passive, default_auth
                if af is not None:
                    passive = (passive or af.has_child(r"^passive-interface")) and not (
                        af.has_child(r"^no passive-interface")
                    )
                    auth = auth or af.has_child(r"^authentication mode\s")
                if not passive and not auth:
                    yield Hit(
                        (af or family).number,
                        f"EIGRP {router.words[2]} IPv6 runs over {name} without authentication",
                    )
    process_auth = any(r.has_child(r"authentication") for r in cfg.find(r"^router ospfv3\s+\d+"))
    for name, tun in tunnels.items():
        area = tun.child(r"^ospfv3 \d+ ipv6 area\s")
        if area is not None and not process_auth and not tun.has_child(r"^ospfv3 authentication"):
            yield Hit(area.number, f"OSPFv3 runs over {name} without authentication")


@rule("IPV007", "ipv6-underlay-unfiltered", Severity.MEDIUM, Role.DMVPN)
def underlay_unfiltered_v6(cfg: ConfigView) -> Iterator[Hit]:
    """Tunnel-source interface with a global IPv6 address but no inbound IPv6 filter."""
    for intf in cfg.external_interfaces:
        address = intf.child(_GLOBAL)
        if address is not None and not intf.has_child(r"^ipv6 traffic-filter\s+\S+\s+in\b"):
            yield Hit(
                address.number,
                f"{interface_name(intf)} (tunnel source) takes IPv6 from the Internet with no "
                "'ipv6 traffic-filter <list> in': its IPv4 access-group does not apply to IPv6",
            )
