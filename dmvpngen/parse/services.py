"""Addresses a router's config says it must reach (NTP, syslog, SNMP, NetFlow, PKI, AAA,
DNS, the static PIM RP), each with the source interface the config names for it; the routing
model traces each one."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address
from urllib.parse import urlparse

from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.tree import Node, ip_or_none, lower_words, words

__all__ = ["SOURCE_CMDS", "Service", "read_service", "vrf_after", "with_source"]


@dataclass(frozen=True)
class Service:
    """An address the config says the router must reach, e.g. ``ntp server 10.1.0.10``."""

    kind: str  # "ntp server", "syslog host", "snmp trap receiver", ...
    address: IPv4Address
    vrf: str
    line: int
    source: str | None = None  # source interface the config names for this service
    strict: int | None = None  # PKI: line of 'revocation-check crl' without a 'none' fallback


SOURCE_CMDS = {
    ("ntp", "source"): "ntp",
    ("logging", "source-interface"): "syslog",
    ("snmp-server", "trap-source"): "snmp",
    ("ip", "tacacs"): "aaa",
    ("ip", "radius"): "aaa",
}


def vrf_after(low: list[str], w: list[str]) -> str:
    """The VRF a ``... vrf V`` line names ("" for none)."""
    return w[low.index("vrf") + 1] if "vrf" in low[:-1] else ""


def with_source(svc: Service, sources: dict[tuple[str, str | None], str]) -> Service:
    family = svc.kind.split()[0]
    family = {"netflow": "netflow", "dns": "dns"}.get(family, family)
    if family == "syslog":
        # a VRF's syslog hosts take that VRF's source only; the plain one serves the global table
        src = sources.get((family, svc.vrf or None))
    else:
        src = sources.get((family, None))
    if src is None or svc.source is not None:
        return svc
    return Service(svc.kind, svc.address, svc.vrf, svc.line, src, svc.strict)


def read_service(services: list[Service], node: Node, w: list[str], low: list[str]) -> bool:
    """Read the service address(es) of a top-level line (True when it names one)."""
    if low[:2] == ["ntp", "server"]:
        addr = next((a for x in w[2:] if (a := ip_or_none(x)) is not None), None)
        if addr is not None:
            services.append(Service("ntp server", addr, vrf_after(low, w), node.line))
    elif low[0] == "logging" and len(w) > 1:
        rest = w[2:] if low[1] == "host" else w[1:]
        addr = ip_or_none(rest[0]) if rest else None
        if addr is not None:
            services.append(Service("syslog host", addr, vrf_after(low, w), node.line))
    elif low[:2] == ["snmp-server", "host"] and len(w) > 2:
        addr = ip_or_none(w[2])
        if addr is not None:
            kind = "snmp trap receiver"
            services.append(Service(kind, addr, vrf_after(low, w), node.line))
    elif low[:2] == ["ip", "pim"] and "rp-address" in low[:-1]:
        # every router sends registers and joins to a static RP: it must be reachable
        addr = ip_or_none(w[low.index("rp-address") + 1])
        if addr is not None:
            kind = "pim rendezvous point"
            services.append(Service(kind, addr, vrf_after(low, w), node.line))
    elif low[:2] == ["ip", "name-server"]:
        vrf = vrf_after(low, w)
        for x in w[2:]:
            if (addr := ip_or_none(x)) is not None:
                services.append(Service("dns server", addr, vrf, node.line))
    elif low[:2] in (["tacacs-server", "host"], ["radius-server", "host"]) and len(w) > 2:
        addr = ip_or_none(w[2])
        if addr is not None:
            services.append(Service(f"aaa {low[0][:-7]} server", addr, "", node.line))
    elif low[0] in {"tacacs", "radius"} and len(low) > 1 and low[1] == "server":
        _aaa_block(services, node, low[0])
    elif low[:2] == ["flow", "exporter"]:
        _exporter(services, node)
    elif low[:3] == ["crypto", "pki", "trustpoint"]:
        _trustpoint(services, node)
    else:
        return False
    return True


def _aaa_block(services: list[Service], node: Node, kind: str) -> None:
    for child in node.children:
        cw = words(child.text)
        if cw[0].lower() == "address" and len(cw) > 2 and (a := ip_or_none(cw[2])) is not None:
            services.append(Service(f"aaa {kind} server", a, "", child.line))


def _exporter(services: list[Service], node: Node) -> None:
    src = None
    found: list[tuple[IPv4Address, str, int]] = []
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[0] == "destination" and len(cw) > 1 and (a := ip_or_none(cw[1])) is not None:
            found.append((a, vrf_after(cl, cw), child.line))
        elif cl[0] == "source" and len(cw) > 1:
            src = canonical_interface(cw[1])
    for addr, vrf, line in found:
        services.append(Service("netflow collector", addr, vrf, line, src))


def _trustpoint(services: list[Service], node: Node) -> None:
    strict: int | None = None
    url: tuple[str, int] | None = None
    vrf = ""
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[:2] == ["enrollment", "url"] and len(cw) > 2:
            url = (cw[2], child.line)
        elif cl[0] == "revocation-check":
            # 'crl' alone fails the handshake when the CRL cannot be fetched; 'crl none' falls
            # back to accepting the certificate (Cisco PKI configuration guide, revocation-check).
            strict = child.line if "crl" in cl[1:] and "none" not in cl[1:] else None
        elif cl[0] == "vrf" and len(cw) > 1:
            vrf = cw[1]
    if url is None:
        return
    host = urlparse(url[0]).hostname or ""
    addr = ip_or_none(host)
    if addr is not None:
        services.append(Service("pki enrollment/crl", addr, vrf, url[1], None, strict))
