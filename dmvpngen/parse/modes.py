"""The IOS configuration modes a paste script moves through, as tables.

IOS reads a pasted line in the current mode first and, when the mode has no such command,
leaves the mode and tries its parent (Cisco IOS Configuration Fundamentals, "Using the Cisco
IOS Command-Line Interface": commands of a parent mode are accepted and change the mode).
Indentation means nothing to IOS. So to read a paste script the way the router does we need,
per mode, which commands open a sub-mode and which of its commands could also be global ones;
a command whose first word is not a global command stays in the mode it was typed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GLOBAL", "GLOBAL_HEADS", "MODES", "CommandPattern", "Mode"]


class CommandPattern:
    """A command pattern compiled on its first match.

    Every ``lint``, ``check`` and ``import`` imports these tables, but a running-config meets a
    handful of them (those of the first words it holds); compiling all fifty-odd at import was
    ~10 ms of every start-up.
    """

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern  # the source, as ``re.Pattern.pattern``
        self._compiled: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        """``re.match`` of the pattern at the start of ``text``."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern)
        return compiled.match(text)


@dataclass(frozen=True)
class Mode:
    """One configuration mode: what opens its sub-modes, what keeps a global-looking line in it."""

    name: str
    opens: tuple[tuple[CommandPattern, str], ...] = ()  # (command pattern, sub-mode name)
    keeps: CommandPattern | None = None  # commands that are also global words, valid here


def _rx(*alternatives: str) -> CommandPattern:
    return CommandPattern(r"^(?:" + "|".join(alternatives) + r")(?:\s|$)")


def _opens(*pairs: tuple[str, str]) -> tuple[tuple[CommandPattern, str], ...]:
    return tuple((_rx(pattern), mode) for pattern, mode in pairs)


# First words accepted in global configuration mode (IOS 15 / IOS-XE 17). A line in a sub-mode
# whose first word is not here cannot leave the sub-mode, whatever its indentation.
GLOBAL_HEADS = frozenset(
    [
        "aaa",
        "access-list",
        "alias",
        "app-hosting",
        "archive",
        "authentication",
        "banner",
        "bfd",
        "bfd-template",
        "boot",
        "bridge",
        "call-home",
        "card",
        "cdp",
        "chat-script",
        "class-map",
        "clock",
        "config-register",
        "control-plane",
        "controller",
        "crypto",
        "cts",
        "default",
        "device-tracking",
        "diagnostic",
        "dial-peer",
        "dialer",
        "dialer-list",
        "dot1x",
        "enable",
        "errdisable",
        "ethernet",
        "event",
        "exception",
        "fhrp",
        "file",
        "flow",
        "hostname",
        "hw-module",
        "interface",
        "ip",
        "ipv6",
        "key",
        "l2tp",
        "l2vpn",
        "license",
        "line",
        "lldp",
        "logging",
        "login",
        "mac",
        "macro",
        "memory",
        "mls",
        "monitor",
        "mpls",
        "multilink",
        "netconf",
        "no",
        "ntp",
        "object-group",
        "parameter-map",
        "platform",
        "policy-map",
        "privilege",
        "process-max-time",
        "pseudowire-class",
        "radius",
        "radius-server",
        "redundancy",
        "restconf",
        "rmon",
        "route-map",
        "router",
        "scheduler",
        "sdm",
        "security",
        "service",
        "service-template",
        "snmp",
        "snmp-server",
        "spanning-tree",
        "subscriber",
        "system",
        "tacacs",
        "tacacs-server",
        "telemetry",
        "template",
        "track",
        "transceiver",
        "udld",
        "username",
        "version",
        "vlan",
        "voice",
        "vpdn",
        "vrf",
        "vtp",
        "wsma",
        "zone",
        "zone-pair",
    ]
)

# An 'ip ...' line typed in interface mode stays there unless it is one of the global-only
# forms below (the interface has a far longer list of 'ip' commands than worth enumerating).
_INTERFACE_IP = (
    r"ip (?!route |access-list |prefix-list |domain|name-server |host |cef|routing|ssh |http "
    r"|scp |ftp |tftp |forward-protocol |bgp-community |community-list |as-path "
    r"|extcommunity-list |multicast-routing|local |sla |explicit-path |option |icmp |finger"
    r"|bootp |source-route|subnet-zero|classless|default-gateway |default-network |dns "
    r"|dhcp (?:pool|excluded-address|snooping(?! trust| limit)|database|relay information|ping"
    r"|conflict|use|smart-relay)|nat (?:inside source|outside source|pool|translation|service"
    r"|log)|vrf (?!forwarding|receive)|inspect (?:name|log|audit|alert|tcp|udp|dns|max|one"
    r"|hashtable)|ips (?:config|name|signature)|admission name|flow-export|flow-cache"
    r"|flow-top-talkers|flow-aggregation|accounting-threshold|accounting-list|rcmd|telnet"
    r"|tcp (?!adjust-mss|header-compression)|pim (?:rp-address|ssm|autorp|bsr-candidate"
    r"|rp-candidate|spt-threshold|register-source|send-rp)|igmp (?:snooping|ssm-map)"
    r"|ospf name-lookup|msdp|mroute |multicast (?:route-limit|multipath)|radius |tacacs "
    r"|device |gratuitous-arps|dhcp-client|arp (?!inspection)|wccp (?:version|check))\S+"
)
_INTERFACE_IPV6 = (
    r"ipv6 (?!route|unicast-routing|cef|access-list|prefix-list|router|host|name-server"
    r"|general-prefix|local|multicast-routing|icmp|source-route|dhcp pool|snooping)\S+"
)

_IF_KEEPS = _rx(
    _INTERFACE_IP,
    _INTERFACE_IPV6,
    r"crypto (?:map|ipsec df-bit|ipsec fragmentation|engine)",
    r"snmp trap",
    r"logging event",
    r"bfd (?:interval|echo|template)",
    r"mpls (?:ip|mtu|label|traffic-eng|ldp)",
    r"cdp enable",
    r"lldp (?:transmit|receive)",
    r"ntp (?:disable|broadcast|multicast)",
    r"vrf forwarding",
    r"authentication",
    r"mls",
    r"spanning-tree",
    r"dot1x",
    r"mac access-group",
    r"service-policy",
    r"zone-member",
    r"vlan-range",
    r"ethernet",
    r"dialer",
    r"load-interval",
    r"macro",
    r"cts",
    r"default",
)
_ROUTER_KEEPS = _rx(r"bfd all-interfaces", r"mpls (?:ldp|traffic-eng)", r"default", r"snmp")
_AF_OPENS = (r"address-family", "af")

MODES: dict[str, Mode] = {
    "global": Mode(
        "global",
        opens=_opens(
            (r"interface", "if"),
            (r"router (?:eigrp|ospf|ospfv3|bgp|rip|isis|odr|lisp|mobile)", "router"),
            (r"ipv6 router", "router"),
            (r"crypto isakmp (?:policy|profile)", "crypto"),
            (r"crypto ipsec (?:transform-set|profile)", "crypto"),
            (r"crypto ikev2 (?:proposal|policy|profile|authorization)", "crypto"),
            (r"crypto ikev2 keyring", "ikev2-keyring"),
            (r"crypto keyring", "crypto"),
            (r"crypto map \S+ \d+", "crypto"),
            (r"crypto pki (?:trustpoint|profile|certificate map)", "crypto"),
            (r"crypto pki certificate chain", "cert-chain"),
            (r"crypto isakmp client configuration group", "crypto"),
            (r"key chain", "key-chain"),
            (r"ip access-list (?!log-update|logging|resequence|persistent|role-based)\S+", "acl"),
            (r"ipv6 access-list", "acl"),
            (r"route-map", "opaque"),
            (r"class-map", "opaque"),
            (r"policy-map", "policy-map"),
            (r"line", "line"),
            (r"vrf definition", "vrf"),
            (r"ip vrf (?!forwarding|receive)\S+$", "opaque"),
            (r"ip dhcp pool", "opaque"),
            (r"ipv6 dhcp pool", "opaque"),
            (r"track \d+", "track"),
            (r"ip sla \d+$", "sla"),
            (r"zone security", "opaque"),
            (r"zone-pair", "opaque"),
            (r"parameter-map", "opaque"),
            (r"aaa group server", "aaa-group"),
            (r"object-group", "opaque"),
            (r"control-plane", "opaque"),
            (r"archive", "archive"),
            (r"event manager applet", "opaque"),
            (r"redundancy", "opaque"),
            (r"flow (?:exporter|monitor|record)", "opaque"),
            (r"controller", "opaque"),
            (r"dial-peer", "opaque"),
            (r"call-home", "opaque"),
            (r"template", "if"),
            (r"bfd-template", "opaque"),
            (r"vlan \d+$", "opaque"),
        ),
    ),
    "if": Mode("if", keeps=_IF_KEEPS),
    "router": Mode(
        "router",
        opens=_opens(_AF_OPENS, (r"template peer-(?:session|policy)", "opaque")),
        keeps=_ROUTER_KEEPS,
    ),
    "af": Mode(
        "af",
        opens=_opens((r"af-interface", "af-if"), (r"topology", "opaque")),
        keeps=_ROUTER_KEEPS,
    ),
    "af-if": Mode("af-if", keeps=_rx(r"bfd", r"authentication", r"default")),
    "crypto": Mode(
        "crypto",
        keeps=_rx(
            r"vrf",
            r"aaa",
            r"default",
            r"redundancy",
            r"ip-address",
            r"dialer",
            r"authentication",
            r"banner",  # EzVPN client configuration group: its banner and group key
            r"key (?!chain|config-key)\S+",
        ),
    ),
    "ikev2-keyring": Mode("ikev2-keyring", opens=_opens((r"peer", "ikev2-peer"))),
    "ikev2-peer": Mode("ikev2-peer", keeps=_rx(r"hostname", r"address", r"identity")),
    "cert-chain": Mode("cert-chain", opens=_opens((r"certificate", "cert"))),
    "cert": Mode("cert"),
    "key-chain": Mode("key-chain", opens=_opens((r"key \d+", "opaque"))),
    "acl": Mode("acl", keeps=_rx(r"default")),
    "policy-map": Mode("policy-map", opens=_opens((r"class", "pm-class"))),
    "pm-class": Mode("pm-class", opens=_opens((r"police", "opaque")), keeps=_rx(r"service-policy")),
    "line": Mode(
        "line",
        keeps=_rx(
            r"login",
            r"password",
            r"logging synchronous",
            r"privilege level",
            r"ipv6 access-class",
            r"default",
        ),
    ),
    "vrf": Mode("vrf", opens=_opens(_AF_OPENS), keeps=_rx(r"vnet", r"default")),
    "track": Mode("track", keeps=_rx(r"ip vrf", r"ipv6 vrf", r"default")),
    "sla": Mode(
        "sla",
        opens=_opens(
            (r"(?:icmp-echo|udp-jitter|udp-echo|tcp-connect|http|dns|path-echo)", "opaque")
        ),
    ),
    "aaa-group": Mode("aaa-group", keeps=_rx(r"ip (?:radius|tacacs|vrf)", r"default")),
    "archive": Mode("archive", opens=_opens((r"log config", "archive-log"))),
    "archive-log": Mode("archive-log", keeps=_rx(r"logging (?:enable|size)", r"default")),
    "opaque": Mode("opaque", keeps=_rx(r"default")),
}
GLOBAL = MODES["global"]
