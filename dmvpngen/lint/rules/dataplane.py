"""Data-plane rules DAT001-DAT012: source routing, ARP, ICMP, uRPF, edge ACLs, unused ports.

"External" interfaces are the tunnel-source interfaces (``ConfigView.external_interfaces``):
the ones facing the Internet or WAN on a DMVPN router.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._index import Entry, Index, Intf, canon_ifname, index
from dmvpngen.lint.view import ConfigView

# Interfaces without ARP / MOP (point-to-point or virtual): per-interface ARP rules skip them.
_NO_ARP = ("loopback", "tunnel", "null", "serial", "virtual-", "dialer", "multilink", "cellular")
_ETHERNET = (
    "gigabitethernet",
    "fastethernet",
    "tengigabitethernet",
    "ethernet",
    "twentyfive",
    "fortygig",
    "hundredgig",
)
_BOGONS = tuple(
    ipaddress.IPv4Network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8")
)
# Interfaces that carry traffic without an address of their own.
_IN_USE = (
    "channel-group",
    "switchport",
    "bridge-group",
    "service-instance",
    "xconnect",
    "pppoe",
    "pvc ",
    "encapsulation",
    "mpls",
)


def _fix(intf: Intf, line: str) -> tuple[str, str]:
    return (intf.entry.line.text, f" {line}")


@rule("DAT001", "ip-source-route", Severity.MEDIUM, Role.ANY)
def source_route(cfg: ConfigView) -> Iterator[Hit]:
    """IP source routing is on (IOS default): senders can dictate the path through the router."""
    idx = index(cfg)
    if idx.has("no ip source-route"):
        return
    explicit = idx.first("ip source-route")
    yield Hit(
        explicit.number if explicit else 0,
        "IP source routing enabled" + ("" if explicit else " (IOS default)"),
        fix=("no ip source-route",),
        assumed_default=explicit is None,
    )


def _arp_interfaces(idx: Index) -> Iterator[Intf]:
    """Up, IPv4-addressed, broadcast-medium interfaces (where ARP features matter: an
    IPv6-only interface resolves neighbours by IPv6 neighbour discovery, not ARP)."""
    for intf in idx.interfaces.values():
        if not intf.canon.startswith(_NO_ARP) and intf.has_ipv4 and not intf.shutdown:
            yield intf


@rule("DAT002", "proxy-arp", Severity.MEDIUM, Role.ANY)
def proxy_arp(cfg: ConfigView) -> Iterator[Hit]:
    """Proxy ARP is on (IOS default) on an addressed Ethernet-type interface."""
    idx = index(cfg)
    if idx.has("ip arp proxy disable"):
        return
    for intf in _arp_interfaces(idx):
        if not intf.has("no ip proxy-arp"):
            yield Hit(
                intf.number,
                f"proxy ARP on {intf.name} (IOS default)",
                fix=_fix(intf, "no ip proxy-arp"),
                assumed_default=True,
            )


@rule("DAT003", "no-urpf-external", Severity.MEDIUM, Role.ANY)
def urpf(cfg: ConfigView) -> Iterator[Hit]:
    """An external interface has no unicast RPF check against spoofed sources."""
    for intf in index(cfg).external:
        if not (
            intf.has("ip verify unicast source reachable-via")
            or intf.has("ip verify unicast reverse-path")
        ):
            yield Hit(
                intf.number, f"external interface {intf.name} has no uRPF (ip verify unicast)"
            )


@rule("DAT004", "directed-broadcast", Severity.HIGH, Role.ANY)
def directed_broadcast(cfg: ConfigView) -> Iterator[Hit]:
    """`ip directed-broadcast` on an interface: smurf amplification."""
    for intf in index(cfg).interfaces.values():
        for e in intf.all("ip directed-broadcast"):
            yield Hit(
                e.number,
                f"directed broadcast on {intf.name}",
                fix=_fix(intf, "no ip directed-broadcast"),
            )


def _external_missing(cfg: ConfigView, line: str, what: str) -> Iterator[Hit]:
    """Hit each external interface lacking ``line`` (a ``no ...`` that overrides an IOS default)."""
    for intf in index(cfg).external:
        if not intf.has(line):
            msg = f"{what} on external interface {intf.name} (IOS default)"
            yield Hit(intf.number, msg, fix=_fix(intf, line), assumed_default=True)


@rule("DAT005", "unreachables-external", Severity.LOW, Role.ANY)
def unreachables(cfg: ConfigView) -> Iterator[Hit]:
    """An external interface sends ICMP unreachables (helps scans, costs CPU)."""
    yield from _external_missing(cfg, "no ip unreachables", "ICMP unreachables")


@rule("DAT006", "redirects-external", Severity.LOW, Role.ANY)
def redirects(cfg: ConfigView) -> Iterator[Hit]:
    """An external interface sends ICMP redirects."""
    yield from _external_missing(cfg, "no ip redirects", "ICMP redirects")


@rule("DAT007", "icmp-mask-reply", Severity.LOW, Role.ANY)
def mask_reply(cfg: ConfigView) -> Iterator[Hit]:
    """`ip mask-reply` answers ICMP mask requests and discloses the subnet."""
    for intf in index(cfg).interfaces.values():
        for e in intf.all("ip mask-reply"):
            yield Hit(
                e.number, f"ICMP mask reply on {intf.name}", fix=_fix(intf, "no ip mask-reply")
            )


def _self_protected_zones(idx: Index) -> set[str]:
    """Zones that have a zone-pair towards ``self`` (ZBFW otherwise allows all traffic to self)."""
    zones: set[str] = set()
    for e in idx.starting("zone-pair security "):
        w = e.words
        if "source" in w and "destination" in w:
            src, dst = w[w.index("source") + 1 :], w[w.index("destination") + 1 :]
            if src and dst and dst[0] == "self":
                zones.add(src[0])
    return zones


@rule("DAT008", "external-no-inbound-acl", Severity.MEDIUM, Role.ANY)
def inbound_acl(cfg: ConfigView) -> Iterator[Hit]:
    """An external interface has no inbound ACL (and no zone policy towards the router itself)."""
    idx = index(cfg)
    protected = _self_protected_zones(idx)
    for intf in idx.external:
        if any(e.words[-1] == "in" for e in intf.all("ip access-group ")):
            continue
        zone = intf.find("zone-member security ")
        if zone is not None and zone.words[-1] in protected:
            continue
        extra = " (its zone has no zone-pair to self)" if zone else ""
        yield Hit(intf.number, f"external interface {intf.name} has no inbound ACL{extra}")


def _acl_entries(idx: Index, name: str) -> list[Entry] | None:
    """Entries of the named or numbered ACL, or None when it is not defined."""
    blocks = [
        idx.block(e)
        for e in idx.starting("ip access-list ")
        if len(e.raw_words) > 3 and e.raw_words[3] == name
    ]
    if blocks:
        return [c for b in blocks for c in b.children]
    return idx.starting(f"access-list {name.lower()} ") or None


def _denied_bogons(entries: list[Entry]) -> set[ipaddress.IPv4Network]:
    """Bogon blocks denied as source (object-group sources are trusted to be bogon lists)."""
    out: set[ipaddress.IPv4Network] = set()
    for e in entries:
        w = e.words
        if "deny" not in w:
            continue
        rest = w[w.index("deny") + 1 :]
        if rest and rest[0] not in {"any", "host", "object-group"} and not rest[0][0].isdigit():
            rest = rest[1:]  # protocol
        if rest and rest[0] == "object-group":
            out.update(_BOGONS)
            continue
        if len(rest) >= 2 and rest[0][:1].isdigit():
            try:
                net = ipaddress.ip_network(f"{rest[0]}/{rest[1]}", strict=False)
            except ValueError:
                continue
            if isinstance(net, ipaddress.IPv4Network):
                out.update(b for b in _BOGONS if b.subnet_of(net))
    return out


@rule("DAT009", "no-antispoofing", Severity.LOW, Role.ANY)
def antispoofing(cfg: ConfigView) -> Iterator[Hit]:
    """The inbound ACL of a public external interface does not deny RFC 1918 / loopback sources."""
    idx = index(cfg)
    dhcp_acls = {
        e.raw_words[2]
        for intf in idx.external
        if intf.has("ip address dhcp")
        for e in intf.all("ip access-group ")
        if e.words[-1] == "in" and len(e.raw_words) >= 3
    }
    for intf in idx.external:
        addr = intf.address
        if addr is None or _private(addr):
            continue  # private underlay (MPLS, lab): RFC 1918 sources are legitimate
        for e in intf.all("ip access-group "):
            if e.words[-1] != "in" or len(e.raw_words) < 3:
                continue
            if e.raw_words[2] in dhcp_acls:
                # the same ACL guards a DHCP WAN: cable and DSL access networks hand out leases
                # and renew them from private addresses, so denying RFC 1918 there breaks DHCP
                continue
            entries = _acl_entries(idx, e.raw_words[2])
            missing = set(_BOGONS) - (_denied_bogons(entries) if entries else set())
            if missing:
                nets = ", ".join(str(n) for n in sorted(missing, key=str))
                yield Hit(e.number, f"inbound ACL {e.raw_words[2]} does not deny sources {nets}")


_PRIVATE_UNDERLAY = (*_BOGONS[:3], ipaddress.IPv4Network("100.64.0.0/10"))


def _private(addr: str) -> bool:
    """RFC 1918 / CGNAT address (documentation ranges count as public, like real ones)."""
    try:
        ip = ipaddress.IPv4Address(addr)
    except ValueError:
        return True
    return any(ip in net for net in _PRIVATE_UNDERLAY)


@rule("DAT010", "unused-interface-up", Severity.LOW, Role.ANY)
def unused(cfg: ConfigView) -> Iterator[Hit]:
    """An interface with no address and no other use is not shut down."""
    idx = index(cfg)
    parents = {c.split(".", 1)[0] for c in idx.interfaces if "." in c}
    used = {canon_ifname(e.words[2]) for e in idx.every if e.norm.startswith("tunnel source ")}
    for intf in idx.interfaces.values():
        if intf.shutdown or intf.has_ip or intf.canon.startswith(("null", "virtual-", "vlan1")):
            continue
        if intf.canon in parents or intf.canon in used:
            continue
        if any(c.norm.startswith(_IN_USE) for c in intf.children):
            continue
        msg = f"{intf.name} has no address and is not shut down"
        yield Hit(intf.number, msg, fix=_fix(intf, "shutdown"))


@rule("DAT011", "mop-enabled", Severity.LOW, Role.ANY)
def mop(cfg: ConfigView) -> Iterator[Hit]:
    """An Ethernet interface that is up lacks `no mop enabled` (on by default on older IOS)."""
    for intf in index(cfg).interfaces.values():
        physical = intf.canon.startswith(_ETHERNET) and "." not in intf.canon
        if physical and not intf.shutdown and not intf.has("no mop enabled"):
            msg = f"MOP not disabled on {intf.name}"
            yield Hit(intf.number, msg, fix=_fix(intf, "no mop enabled"), assumed_default=True)


@rule("DAT012", "gratuitous-arp", Severity.LOW, Role.ANY)
def gratuitous_arp(cfg: ConfigView) -> Iterator[Hit]:
    """Gratuitous ARPs are sent (global IOS default) on a router with external interfaces."""
    idx = index(cfg)
    if not idx.external or idx.has("no ip gratuitous-arps"):
        return
    msg = "gratuitous ARPs enabled (IOS default)"
    yield Hit(0, msg, fix=("no ip gratuitous-arps",), assumed_default=True)
