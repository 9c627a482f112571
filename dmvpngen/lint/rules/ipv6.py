"""IPv6 over DMVPN rules (IPV001-IPV003).

Cisco's "Implementing DMVPN for IPv6" configures NHRP for IPv6 apart from NHRP for IPv4 and
sets each tunnel's link-local address by hand (unique in the DMVPN); an IPv4 ``access-class``
does not filter IPv6 vty sessions (``ipv6 access-class`` does).
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._helpers import interface_name
from dmvpngen.lint.rules._index import index
from dmvpngen.lint.view import ConfigView

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
