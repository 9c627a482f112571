"""The transport and port a router's config sends each service to, and who its vty access class
lets in over SSH, read from the rendered config (what the lab probes beyond ICMP).

Ports, as the IOS commands give them (Cisco IOS command references):

- ``ntp server``: UDP 123 (NTP has no other port);
- ``logging host A [transport udp|tcp [port N]]``: UDP 514 unless the line names a transport or
  port ("Configuring System Message Logging": TCP's default is 601);
- ``snmp-server host A ... [udp-port N]``: UDP 162;
- ``flow exporter``: ``transport udp N`` in the exporter (IOS's default without it is 9995);
- ``tacacs server``: ``port N`` in the block, else TCP 49; ``tacacs-server host A [port N]``;
- ``radius server``: ``address ipv4 A auth-port N``, else UDP 1645, IOS's default
  authentication port; ``radius-server host A [auth-port N]``;
- ``ip name-server``: UDP 53; a PKI URL: TCP, its port or 80.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING

from dmvpngen.parse.tree import Node, words

if TYPE_CHECKING:
    from dmvpngen.parse.facts import Device
    from dmvpngen.parse.routemaps import Policies

__all__ = ["VtyAccess", "service_port", "vty_access", "vty_access_class"]

Transport = tuple[str, int]  # ("udp" | "tcp", port)


def _after(low: list[str], word: str) -> int | None:
    """The number after ``word`` in the line, if any."""
    if word in low[:-1] and low[low.index(word) + 1].isdigit():
        return int(low[low.index(word) + 1])
    return None


def _find(device: Device, line: int) -> tuple[Node, Node] | None:
    """The node at config line ``line`` and its top-level block."""
    for block in device.blocks:
        if block.line == line:
            return block, block
        for node in block.walk():
            if node.line == line:
                return node, block
    return None


def _block_number(block: Node, word: str) -> int | None:
    for child in block.children:
        found = _after([x.lower() for x in words(child.text)], word)
        if found is not None and words(child.text)[0].lower() in (word, "transport"):
            return found
    return None


def service_port(device: Device, kind: str, line: int) -> Transport | None:
    """The transport and port of the service ``kind`` named at config ``line`` (None: a
    service without one the lab probes, e.g. a PIM rendezvous point)."""
    found = _find(device, line)
    if found is None:
        return None
    node, block = found
    low = [x.lower() for x in words(node.text)]
    if kind == "ntp server":
        return ("udp", 123)
    if kind == "syslog host":
        proto = "tcp" if "tcp" in low else "udp"
        return (proto, _after(low, "port") or (601 if proto == "tcp" else 514))
    if kind == "snmp trap receiver":
        return ("udp", _after(low, "udp-port") or 162)
    if kind == "netflow collector":
        return ("udp", _after([x.lower() for x in _transport_line(block)], "udp") or 9995)
    if kind == "aaa tacacs server":
        return ("tcp", _after(low, "port") or _block_number(block, "port") or 49)
    if kind == "aaa radius server":
        return ("udp", _after(low, "auth-port") or 1645)
    if kind == "dns server":
        return ("udp", 53)
    return None


def _transport_line(block: Node) -> list[str]:
    for child in block.children:
        w = words(child.text)
        if w and w[0].lower() == "transport":
            return w
    return []


def vty_access_class(device: Device) -> str | None:
    """The IPv4 access list the router's vty lines check incoming sessions against
    (``access-class NAME in`` under ``line vty``), None when they check none."""
    for block in device.blocks:
        if not block.text.lower().startswith("line vty"):
            continue
        for child in block.children:
            low = [x.lower() for x in words(child.text)]
            if low[:1] == ["access-class"] and len(low) > 2 and low[2] == "in":
                return words(child.text)[1]
    return None


@dataclass(frozen=True)
class VtyAccess:
    """Who the router's vty access class lets in, as its rendered config says."""

    router: str
    acl: str | None  # None: the vty lines check no access class
    policies: Policies = field(repr=False, compare=False)

    def permits(self, source: IPv4Address) -> bool:
        """Does an SSH session from ``source`` get in? (First match decides, implicit deny;
        no access class lets everyone in.)"""
        return self.acl is None or self.policies.acl(self.acl, IPv4Network(f"{source}/32"))


def vty_access(device: Device) -> VtyAccess:
    """The router's vty access class, read from its config."""
    from dmvpngen.parse.routefacts import route_facts

    return VtyAccess(device.hostname, vty_access_class(device), route_facts(device).policies)
