"""Control-plane rules CTL001-CTL012: NTP, discovery protocols, small services, CoPP, sources.

Several services are on unless a ``no`` line says otherwise (CDP, PAD, BOOTP, DHCP, domain lookup);
those findings say that the IOS default was assumed.
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._index import Entry, Index, index, is_loopback
from dmvpngen.lint.view import ConfigView

_LEGACY = (
    "service tcp-small-servers",
    "service udp-small-servers",
    "service finger",
    "ip finger",
    "ip identd",
    "service config",
    "boot network",
)


def _ntp_servers(idx: Index) -> list[Entry]:
    return idx.starting("ntp server ")


@rule("CTL001", "ntp-not-authenticated", Severity.MEDIUM, Role.ANY)
def ntp_auth(cfg: ConfigView) -> Iterator[Hit]:
    """NTP servers are used without `ntp authenticate`, a trusted key and a key per server."""
    idx = index(cfg)
    servers = _ntp_servers(idx) + idx.starting("ntp peer ")
    if not servers:
        return
    missing = [g for g in ("ntp authenticate", "ntp trusted-key") if not idx.has(g)]
    keyless = [e for e in servers if "key" not in e.words[2:]]
    if missing:
        # one fact, one finding: without 'ntp authenticate' no server is authenticated at all
        also = f"; {len(keyless)} server(s) without `key`" if keyless else ""
        yield Hit(0, "NTP time is not authenticated: missing " + " and ".join(missing) + also)
        return
    for e in keyless:
        yield Hit(e.number, "NTP server without `key`: time can be spoofed")


@rule("CTL002", "ntp-single-source", Severity.LOW, Role.ANY)
def ntp_count(cfg: ConfigView) -> Iterator[Hit]:
    """Fewer than two NTP servers: no redundancy and no way to out-vote a false clock."""
    servers = _ntp_servers(index(cfg))
    if not servers:
        yield Hit(0, "no NTP server: log timestamps and certificate checks drift")
    elif len(servers) == 1:
        yield Hit(servers[0].number, "only one NTP server configured; use at least two")


@rule("CTL003", "cdp-enabled", Severity.MEDIUM, Role.ANY)
def cdp(cfg: ConfigView) -> Iterator[Hit]:
    """CDP runs (IOS default), globally or on an external (tunnel-source) interface."""
    idx = index(cfg)
    if idx.has("no cdp run"):
        return
    explicit = idx.first("cdp run")
    yield Hit(
        explicit.number if explicit else 0,
        "CDP is running" + ("" if explicit else " (IOS default)"),
        fix=("no cdp run",),
        assumed_default=explicit is None,
    )
    for intf in idx.external:
        if not intf.has("no cdp enable"):
            yield Hit(
                intf.number,
                f"CDP advertised on external interface {intf.name}",
                fix=(intf.entry.line.text, " no cdp enable"),
                assumed_default=not intf.has("cdp enable"),
            )


@rule("CTL004", "lldp-external", Severity.LOW, Role.ANY)
def lldp(cfg: ConfigView) -> Iterator[Hit]:
    """LLDP runs and an external interface still transmits or receives it."""
    idx = index(cfg)
    if not idx.has("lldp run"):
        return  # off by default on IOS routers
    for intf in idx.external:
        missing = [f" no lldp {d}" for d in ("transmit", "receive") if not intf.has(f"no lldp {d}")]
        if missing:
            fix = (intf.entry.line.text, *missing)
            yield Hit(intf.number, f"LLDP active on external interface {intf.name}", fix=fix)


@rule("CTL005", "smart-install-enabled", Severity.HIGH, Role.ANY)
def vstack(cfg: ConfigView) -> Iterator[Hit]:
    """Smart Install (`vstack`) is on: unauthenticated config and image changes (TCP 4786)."""
    idx = index(cfg)
    if idx.has("no vstack"):
        return
    explicit = idx.first("vstack")
    if explicit is not None and explicit.norm == "vstack":
        yield Hit(explicit.number, "Smart Install client enabled", fix=("no vstack",))
    elif any(e.words[2:3] == ["provision"] for e in idx.starting("switch ")):
        # a stackable Catalyst: Smart Install client is on unless disabled
        msg = "Catalyst switch without `no vstack` (Smart Install on by default)"
        yield Hit(0, msg, fix=("no vstack",), assumed_default=True)


def _on_by_default(idx: Index, prefix: str, what: str, fix: str) -> Iterator[Hit]:
    """Hit for a service that IOS runs unless ``fix`` (its ``no`` form) is configured."""
    if idx.has(fix):
        return
    explicit = idx.first(prefix)
    if explicit is not None:
        yield Hit(explicit.number, f"{what} is enabled", fix=(fix,))
    else:
        yield Hit(0, f"{what} is on (IOS default)", fix=(fix,), assumed_default=True)


@rule("CTL006", "pad-enabled", Severity.LOW, Role.ANY)
def pad(cfg: ConfigView) -> Iterator[Hit]:
    """The X.25 PAD service runs (IOS default)."""
    yield from _on_by_default(index(cfg), "service pad", "PAD service", "no service pad")


@rule("CTL007", "bootp-dhcp-on", Severity.LOW, Role.ANY)
def bootp_dhcp(cfg: ConfigView) -> Iterator[Hit]:
    """The BOOTP server runs, or the DHCP service runs with no pool and no relay using it."""
    idx = index(cfg)
    yield from _on_by_default(idx, "ip bootp server", "BOOTP server", "no ip bootp server")
    if idx.has("no service dhcp") or idx.has("ip dhcp pool "):
        return
    if any(
        c.norm.startswith("ip helper-address ") for i in idx.interfaces.values() for c in i.children
    ):
        return  # the relay needs the service
    explicit = idx.first("service dhcp")
    yield Hit(
        explicit.number if explicit else 0,
        "DHCP service on without pools or relays",
        fix=("no service dhcp",),
        assumed_default=explicit is None,
    )


@rule("CTL008", "legacy-services", Severity.MEDIUM, Role.ANY)
def legacy(cfg: ConfigView) -> Iterator[Hit]:
    """Small servers, finger, identd, `service config` or `boot network` are enabled."""
    idx = index(cfg)
    for prefix in _LEGACY:
        for e in idx.starting(prefix):
            if e.norm == prefix or prefix == "boot network":
                yield Hit(
                    e.number, f"legacy service `{prefix}` enabled", fix=(f"no {e.line.text}",)
                )


@rule("CTL009", "tcp-keepalives-missing", Severity.LOW, Role.ANY)
def keepalives(cfg: ConfigView) -> Iterator[Hit]:
    """`service tcp-keepalives-in`/`-out` missing: dead management sessions hold vty lines."""
    idx = index(cfg)
    missing = tuple(
        f"service tcp-keepalives-{d}"
        for d in ("in", "out")
        if not idx.has(f"service tcp-keepalives-{d}")
    )
    if missing:
        yield Hit(0, "missing " + " and ".join(missing), fix=missing, assumed_default=True)


@rule("CTL010", "no-copp", Severity.MEDIUM, Role.ANY)
def copp(cfg: ConfigView) -> Iterator[Hit]:
    """No control-plane policing policy (`control-plane` -> `service-policy input`)."""
    idx = index(cfg)
    blocks = [idx.block(e) for e in idx.starting("control-plane")]
    if any(b.has("service-policy input ") for b in blocks):
        return
    where = next((b.number for b in blocks if b.entry.norm == "control-plane"), 0)
    yield Hit(where, "no control-plane service-policy input (CoPP)")


@rule("CTL011", "source-interface-not-loopback", Severity.LOW, Role.ANY)
def sources(cfg: ConfigView) -> Iterator[Hit]:
    """NTP, AAA, syslog or SNMP traffic is not sourced from a loopback."""
    idx = index(cfg)
    checks = [
        ("NTP", bool(_ntp_servers(idx)), idx.first("ntp source ")),
        ("TACACS+", _has_aaa_servers(idx, "tacacs"), _aaa_source(idx, "tacacs")),
        ("RADIUS", _has_aaa_servers(idx, "radius"), _aaa_source(idx, "radius")),
    ]
    for what, used, src in checks:
        if not used:
            continue
        if src is None:
            yield Hit(0, f"{what} has no source interface; use a loopback")
        elif not is_loopback(src.raw_words[-1]):
            yield Hit(src.number, f"{what} sourced from {src.raw_words[-1]}, not a loopback")
    # missing logging source-interface is LOG006; only a non-loopback value is reported here
    for prefix in ("logging source-interface ", "snmp-server trap-source "):
        for e in idx.starting(prefix):
            name = e.raw_words[2] if len(e.raw_words) > 2 else ""
            if name and not is_loopback(name):
                yield Hit(e.number, f"{prefix.strip()} {name} is not a loopback")


def _has_aaa_servers(idx: Index, proto: str) -> bool:
    return (
        idx.has(f"{proto}-server host ")
        or idx.has(f"{proto} server ")
        or idx.has(f"aaa group server {proto}")
    )


def _aaa_source(idx: Index, proto: str) -> Entry | None:
    found = idx.first(f"ip {proto} source-interface ")
    if found is not None:
        return found
    for group in idx.starting(f"aaa group server {proto}"):
        child = idx.block(group).find(f"ip {proto} source-interface ")
        if child is not None:
            return child
    return None


@rule("CTL012", "domain-lookup-broadcast", Severity.INFO, Role.ANY)
def domain_lookup(cfg: ConfigView) -> Iterator[Hit]:
    """Domain lookup on with no name server: typos are broadcast as DNS queries."""
    idx = index(cfg)
    if idx.has("no ip domain lookup") or idx.has("ip name-server "):
        return
    msg = "domain lookup on (IOS default) without a name server"
    yield Hit(0, msg, fix=("no ip domain lookup",), assumed_default=True)
