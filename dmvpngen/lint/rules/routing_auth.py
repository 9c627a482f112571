"""Routing-protocol authentication rules (RTA001-RTA010).

HMAC-SHA-256 (EIGRP named mode, OSPF key chains) is stronger than the MD5 the CIS benchmark asks
for and counts as compliant everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Severity, rule
from dmvpngen.lint.rules._helpers import classful_wildcard, covered_by, interface_name
from dmvpngen.lint.rules._routing import (
    bgp_peers,
    eigrp_adjacencies,
    ospf_adjacencies,
    tunnel_adjacency,
    tunnel_peer,
)
from dmvpngen.lint.view import ConfigView


@rule("RTA001", "eigrp-no-auth", Severity.MEDIUM)
def eigrp_no_auth(cfg: ConfigView) -> Iterator[Hit]:
    """EIGRP runs on an interface without authentication (DMVPN tunnels: DMV011)."""
    for adj in eigrp_adjacencies(cfg):
        if not adj.authenticated and not tunnel_adjacency(cfg, adj):
            name = interface_name(adj.interface)
            yield Hit(adj.anchor.number, f"{adj.process} on {name} has no authentication")


@rule("RTA002", "eigrp-md5", Severity.LOW)
def eigrp_md5(cfg: ConfigView) -> Iterator[Hit]:
    """EIGRP authenticates with MD5 (prefer HMAC-SHA-256, named mode)."""
    for intf in cfg.interfaces:
        for line in intf.children_matching(r"^ip authentication mode eigrp\s+\S+\s+md5"):
            yield Hit(line.number, f"{interface_name(intf)}: EIGRP MD5 authentication")
    for router in cfg.find(r"^router eigrp\s+\S+"):
        for family in router.children_matching(r"^address-family\s"):
            for af in family.children_matching(r"^af-interface\s"):
                for line in af.children_matching(r"^authentication mode md5"):
                    yield Hit(line.number, f"{af.text}: EIGRP MD5 authentication")


@rule("RTA003", "ospf-no-auth", Severity.MEDIUM)
def ospf_no_auth(cfg: ConfigView) -> Iterator[Hit]:
    """OSPF runs on an interface without authentication (DMVPN tunnels: DMV011)."""
    for adj in ospf_adjacencies(cfg):
        if not adj.authenticated and not tunnel_adjacency(cfg, adj):
            name = interface_name(adj.interface)
            yield Hit(adj.anchor.number, f"{adj.process} on {name} has no authentication")


@rule("RTA004", "ospf-cleartext-auth", Severity.HIGH)
def ospf_cleartext(cfg: ConfigView) -> Iterator[Hit]:
    """OSPF uses clear-text (type 1) authentication."""
    for intf in cfg.interfaces:
        for line in intf.children_matching(r"^ip ospf authentication(-key\s|\s*$)"):
            yield Hit(line.number, f"{interface_name(intf)}: OSPF clear-text authentication")
    for router in cfg.find(r"^router ospf\s+\d+"):
        for line in router.children_matching(r"^area\s+\S+\s+authentication\s*$"):
            yield Hit(line.number, f"area {line.words[1]}: OSPF clear-text authentication")


@rule("RTA005", "ospf-md5", Severity.LOW)
def ospf_md5(cfg: ConfigView) -> Iterator[Hit]:
    """OSPF uses MD5 message-digest keys (prefer a key chain with HMAC-SHA)."""
    for intf in cfg.interfaces:
        for line in intf.children_matching(r"^ip ospf message-digest-key\s+\d+\s+md5"):
            yield Hit(line.number, f"{interface_name(intf)}: OSPF MD5 key")


@rule("RTA006", "bgp-no-password", Severity.MEDIUM)
def bgp_no_password(cfg: ConfigView) -> Iterator[Hit]:
    """BGP neighbour or listen range without a TCP MD5 password (DMVPN tunnels: DMV011)."""
    for peer in bgp_peers(cfg):
        if not peer.has_password and tunnel_peer(cfg, peer) is None:
            what = f"listen range {peer.listen_range}" if peer.listen_range else "neighbor"
            yield Hit(peer.line.number, f"BGP {what} {peer.peer} has no password")


@rule("RTA007", "rip-no-md5", Severity.MEDIUM)
def rip_no_md5(cfg: ConfigView) -> Iterator[Hit]:
    """RIP version 1, or RIP interfaces without MD5 authentication."""
    for router in cfg.find(r"^router rip\s*$"):
        if not router.has_child(r"^version 2\s*$"):
            yield Hit(
                router.number,
                "RIP runs version 1 (the default), which cannot authenticate",
                assumed_default=not router.has_child(r"^version\s"),
            )
        statements = [
            (line.words[1], classful_wildcard(line.words[1]))
            for line in router.children_matching(r"^network\s+\d")
        ]
        for intf in covered_by(cfg, statements):
            if not intf.has_child(r"^ip rip authentication mode md5"):
                yield Hit(intf.number, f"RIP on {interface_name(intf)} without MD5 authentication")


@rule("RTA008", "key-without-lifetime", Severity.LOW)
def key_lifetime(cfg: ConfigView) -> Iterator[Hit]:
    """Key-chain key without ``accept-lifetime`` and ``send-lifetime``."""
    for chain in cfg.find(r"^key chain\s+\S+"):
        for key in chain.children_matching(r"^key\s+\d+"):
            missing = [
                kw for kw in ("accept-lifetime", "send-lifetime") if not key.has_child(rf"^{kw}\s")
            ]
            if missing:
                yield Hit(
                    key.number, f"key chain {chain.words[2]} {key.text}: no {', '.join(missing)}"
                )


@rule("RTA009", "routing-key-weak-storage", Severity.MEDIUM)
def routing_key_storage(cfg: ConfigView) -> Iterator[Hit]:
    """Routing key stored in clear text or as reversible type 7."""
    for chain in cfg.find(r"^key chain\s+\S+"):
        for key in chain.children_matching(r"^key\s+\d+"):
            for line in key.children_matching(r"^key-string\s"):
                words = line.words
                if len(words) < 3 or words[1] not in ("6",):
                    kind = "type 7" if words[1:2] == ["7"] else "clear text"
                    yield Hit(line.number, f"key chain {chain.words[2]}: key-string in {kind}")
    for intf in cfg.interfaces:
        for line in intf.children_matching(r"^ip ospf (authentication-key|message-digest-key)\s"):
            kind = "type 7" if " 7 " in f" {line.text} " else "clear text"
            yield Hit(line.number, f"{interface_name(intf)}: OSPF key in {kind}")
    for router in cfg.find(r"^router bgp\s+\d"):
        lines = [*router.children, *(c for b in router.children for c in b.children)]
        for line in lines:
            words = line.words
            is_password = len(words) >= 4 and words[0] == "neighbor" and words[2] == "password"
            if is_password and (words[3] != "6" or len(words) < 5):
                kind = "type 7" if words[3] == "7" and len(words) > 4 else "clear text"
                yield Hit(line.number, f"BGP {words[1]} password in {kind}")


@rule("RTA010", "fhrp-no-auth", Severity.LOW)
def fhrp_no_auth(cfg: ConfigView) -> Iterator[Hit]:
    """HSRP or VRRP group without MD5 authentication."""
    for intf in cfg.interfaces:
        for proto in ("standby", "vrrp"):
            groups: dict[str, int] = {}
            secured: set[str] = set()
            for line in intf.children_matching(rf"^{proto}\s"):
                words = line.words
                if len(words) > 1 and words[1].isdigit():
                    group, rest = words[1], words[2:]
                else:
                    group, rest = "0", words[1:]
                if not rest:
                    continue
                if rest[0] in ("ip", "address-family"):
                    groups.setdefault(group, line.number)
                elif rest[0] == "authentication" and "md5" in rest:
                    secured.add(group)
            for group, number in sorted(groups.items()):
                if group not in secured:
                    name = "HSRP" if proto == "standby" else "VRRP"
                    yield Hit(
                        number,
                        f"{interface_name(intf)}: {name} group {group} has no MD5 authentication",
                    )
