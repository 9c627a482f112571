"""Management and monitoring settings of an import (domain, NTP, syslog, SNMPv3, NetFlow).

Values are read from the first router that has them; every router of a dmvpngen network carries
the same ones. Hashed secrets (enable secret, user secrets) cannot be recovered: placeholders.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from dmvpngen.model.monitoring import DEFAULT_TRAPS
from dmvpngen.parse.facts import Device
from dmvpngen.parse.tree import addr_or_none, ip_or_none

__all__ = ["management_doc", "monitoring_doc", "proposed_ssh_allowed", "vty_access_lists"]


def _lines(dev: Device, prefix: str) -> list[list[str]]:
    return [b.text.split() for b in dev.blocks if b.text.startswith(prefix)]


def management_doc(
    devices: list[Device], secrets: dict[str, str], notes: list[str], ipv6_only: bool = False
) -> dict[str, Any]:
    """``management``: domain name, NTP servers, syslog hosts, the config key; a placeholder
    user (local user secrets are one-way hashes)."""
    doc: dict[str, Any] = {}
    dev = devices[0]
    for w in _lines(dev, "ip domain"):
        if len(w) > 3 and w[2] == "name":
            doc["domain_name"] = w[3]
    for w in _lines(dev, "key config-key password-encrypt"):
        if len(w) > 3:
            secrets["config_key"] = w[-1]
            doc["config_key"] = "secret:config_key"
    for b in dev.blocks:
        w = b.text.split(None, 2)
        if w[:2] != ["banner", "login"] or len(w) < 3:
            continue
        text = w[2][1:-1] if len(w[2]) > 2 and w[2][0] == w[2][-1] else ""
        if not text:
            notes.append(f"{dev.file}:{b.line}: multi-line login banner not imported")
        elif text != "Authorized access only. All activity is logged.":
            doc["banner"] = text
    users = [w[1] for w in _lines(dev, "username ") if len(w) > 1]
    secrets["admin_secret"] = "CHANGE-ME-before-push"
    doc["users"] = [{"name": users[0] if users else "netadmin", "secret": "secret:admin_secret"}]
    notes.append(
        "local user and enable secrets are one-way hashes: management.users holds the first "
        "user with placeholder secret admin_secret (change it); enable secret, AAA and SSH "
        "settings are not imported"
    )
    allowed = _vty_prefixes(dev, notes)
    if allowed:
        doc["ssh_allowed"] = allowed
    for key, prefix in (("ntp_servers", "ntp server "), ("syslog_hosts", "logging host ")):
        # an IPv6-only overlay takes IPv6 services, and IPv4 NTP over the WAN
        families = ({6, 4} if key == "ntp_servers" else {6}) if ipv6_only else {4}
        hosts, other = _hosts(dev, prefix, families)
        if hosts:
            doc[key] = hosts
        if other:
            notes.append(
                f"{dev.hostname}: '{prefix.strip()}' lines not imported: {', '.join(other)}"
            )
    return doc


def vty_access_lists(dev: Device, command: str) -> set[str]:
    """Names of the inbound lists the vty lines filter with ``command`` (``access-class`` for
    IPv4, ``ipv6 access-class`` for IPv6)."""
    head = command.split()
    n = len(head)
    return {
        w[n]
        for b in dev.blocks
        if b.text.startswith("line vty ")
        for ch in b.children
        if (w := ch.text.split())[:n] == head and w[n + 1 : n + 2] == ["in"]
    }


def _vty_prefixes(dev: Device, notes: list[str]) -> list[str]:
    """The prefixes the vty lines' standard ``access-class`` ACL permits (its denies are the
    hub-only spokes dmvpngen denies itself)."""
    names = vty_access_lists(dev, "access-class")
    out: list[IPv4Network] = []
    for b in dev.blocks:
        w = b.text.split()
        entries: list[list[str]] = []
        if w[:3] == ["ip", "access-list", "standard"] and len(w) == 4 and w[3] in names:
            entries = [ch.text.split() for ch in b.children]
        elif w[:1] == ["access-list"] and len(w) > 2 and w[1] in names:
            entries = [w[2:]]
        for entry in entries:
            if entry and entry[0].isdigit():  # a sequence number
                entry = entry[1:]
            prefix = _permitted(entry)
            if prefix is not None:
                out.append(prefix)
            elif entry[:1] == ["permit"]:
                notes.append(f"{dev.file}: vty ACL entry '{' '.join(entry)}' not imported")
    return [str(n) for n in sorted(set(out))]


def _permitted(entry: list[str]) -> IPv4Network | None:
    """``permit A W`` / ``permit host A`` / ``permit A`` of a standard ACL as a prefix."""
    if entry[:1] != ["permit"] or len(entry) < 2:
        return None
    words = entry[2:] if entry[1] == "host" else entry[1:]
    if not words or ip_or_none(words[0]) is None:
        return None
    wildcard = words[1] if len(words) > 1 and ip_or_none(words[1]) is not None else "0.0.0.0"
    bits = int(IPv4Address(wildcard))
    if bits & (bits + 1):  # a non-contiguous wildcard has no prefix
        return None
    return IPv4Network(f"{words[0]}/{32 - bits.bit_length()}", strict=False)


def proposed_ssh_allowed(
    hubs: list[dict[str, Any]], clouds: list[dict[str, Any]], notes: list[str]
) -> list[str]:
    """Without a vty ACL to read, a proposal stated in a note: the hubs' LANs, else their
    loopbacks, else the overlay subnets (where an operator reaches a router from at all)."""
    nets = sorted({IPv4Interface(lan["address"]).network for h in hubs for lan in h.get("lan", [])})
    where = "hub LANs"
    if not nets:
        nets = sorted({IPv4Network(h["loopback"]) for h in hubs if h.get("loopback")})
        where = "hub loopbacks"
    if not nets:
        nets = sorted({IPv4Network(c["subnet"]) for c in clouds if c.get("subnet")})
        where = "overlay subnets"
    notes.append(
        "the vty lines have no standard access-class ACL: management.ssh_allowed proposes the "
        f"{where} ({', '.join(map(str, nets))}); narrow it to the NOC before pushing"
    )
    return [str(n) for n in nets]


def _hosts(dev: Device, prefix: str, families: set[int]) -> tuple[list[str], list[str]]:
    """Hosts of '<prefix> [vrf V] A ...' lines of the overlay's address family (IPv6 in an
    IPv6-only overlay, 'logging host ipv6 A' for syslog); names, VRF-bound ones and the other
    family come second, except hosts in the tunnels' inside VRF (the overlay's management
    plane lives there)."""
    hosts: list[str] = []
    other: list[str] = []
    inside = {t.vrf for t in dev.tunnels.values() if t.vrf}
    for w in _lines(dev, prefix):
        rest = w[2:]
        if rest[:1] and rest[0].lower() == "ipv6":
            rest = rest[1:]  # 'logging host ipv6 A'
        if rest[:1] and ":" in rest[0]:
            address = addr_or_none(rest[0])
            if address is not None and address.version in families:
                hosts.append(str(address))
            else:
                other.append(rest[0])
            continue
        if 4 not in families:
            other.append(" ".join(rest[:3]))
            continue
        if len(rest) > 2 and rest[0] == "vrf" and rest[1] in inside and ip_or_none(rest[2]):
            hosts.append(rest[2])
        elif rest and rest[0] == "vrf":
            other.append(" ".join(rest[:3]))
        elif rest and ip_or_none(rest[0]) is not None:
            hosts.append(rest[0])
        elif rest:
            other.append(rest[0])
    return hosts, other


def monitoring_doc(devices: list[Device], secrets: dict[str, str]) -> dict[str, Any]:
    """``monitoring``: source interface, syslog level, NTP key, SNMPv3, NetFlow, IKE logging."""
    dev = devices[0]
    doc: dict[str, Any] = {}
    src = [w[2] for w in _lines(dev, "logging source-interface") if len(w) > 2]
    if src and src[0] != "Loopback0":
        doc["source_interface"] = src[0]
    level = [w[2] for w in _lines(dev, "logging trap ") if len(w) > 2]
    if level and level[0] != "informational":
        doc["syslog_level"] = level[0]
    if _lines(dev, "crypto logging session"):
        doc["crypto_logging"] = True
    for w in _lines(dev, "ntp authentication-key "):
        if len(w) > 4:
            secrets["ntp_key"] = w[-1]
            doc["ntp_auth"] = {"key_id": int(w[2]), "algorithm": w[3], "auth_key": "secret:ntp_key"}
    snmp = _snmp(dev, secrets)
    if snmp:
        doc["snmp"] = snmp
    flow = _netflow(dev)
    if flow:
        doc["netflow"] = flow
    return doc


def _snmp(dev: Device, secrets: dict[str, str]) -> dict[str, Any] | None:
    users = []
    doc: dict[str, Any] = {}
    for w in _lines(dev, "snmp-server "):
        if w[1] == "user" and len(w) > 4 and "auth" in w:
            name = w[2]
            a = w.index("auth")
            p = w.index("priv") if "priv" in w else None
            secrets[f"snmp_auth_{name}"] = w[a + 2]
            user: dict[str, Any] = {"name": name, "auth": w[a + 1]}
            user["auth_key"] = f"secret:snmp_auth_{name}"
            if p is not None:
                bits = w[p + 2] if w[p + 1] == "aes" and w[p + 2].isdigit() else None
                user["privacy"] = f"aes-{bits}" if bits else w[p + 1]
                secrets[f"snmp_priv_{name}"] = w[-1]
                user["priv_key"] = f"secret:snmp_priv_{name}"
            users.append(user)
            doc["group"] = w[3]
        elif w[1] == "view" and len(w) > 2:
            doc["view"] = w[2]
        elif w[1] in {"location", "contact"} and len(w) > 2:
            doc[w[1]] = " ".join(w[2:])
        elif w[1] == "host" and len(w) > 2 and addr_or_none(w[2]) is not None:
            doc.setdefault("trap_hosts", []).append(w[2])  # IPv4, or IPv6 (SNMP over IPv6)
        elif w[1:3] == ["enable", "traps"]:
            doc.setdefault("traps", []).append(" ".join(w[3:]))
    if not users:
        return None
    doc["users"] = users
    if doc.get("traps") == list(DEFAULT_TRAPS):
        doc.pop("traps")
    managers = [
        ch.text.split()[-1]
        for b in dev.blocks
        if b.text == "ip access-list standard SNMP-MANAGERS"
        for ch in b.children
        if ch.text.startswith("permit")
    ]
    managers += [  # 'permit ipv6 host <manager> any' (SNMP over IPv6)
        ch.text.split()[3]
        for b in dev.blocks
        if b.text == "ipv6 access-list SNMP-MANAGERS-V6"
        for ch in b.children
        if ch.text.startswith("permit ipv6 host ") and len(ch.text.split()) > 3
    ]
    if managers and managers != doc.get("trap_hosts"):
        doc["managers"] = managers
    return doc


def _netflow(dev: Device) -> dict[str, Any] | None:
    collectors: list[str] = []
    doc: dict[str, Any] = {}
    for b in dev.blocks:
        if b.text.startswith("flow exporter"):
            for ch in b.children:
                w = ch.text.split()
                if w[0] == "destination" and len(w) > 1 and ip_or_none(w[1]) is not None:
                    collectors.append(w[1])
                elif w[:2] == ["transport", "udp"] and len(w) > 2:
                    doc["port"] = int(w[2])
                elif w[0] == "export-protocol" and len(w) > 1:
                    doc["export_protocol"] = {"netflow-v9": "netflow-v9"}.get(w[1], w[1])
        elif b.text.startswith("flow monitor"):
            for ch in b.children:
                w = ch.text.split()
                if w[:2] == ["cache", "timeout"] and len(w) > 3 and w[3].isdigit():
                    doc[f"{w[2]}_timeout"] = int(w[3])
    if not collectors:
        return None
    doc["collectors"] = collectors
    return doc
