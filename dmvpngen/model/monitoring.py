"""Monitoring: syslog source, SNMPv3, Flexible NetFlow export, NTP authentication, IKE logging."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from typing import Literal

from pydantic import Field

from dmvpngen.model.base import StrictModel
from dmvpngen.model.routing import REASON_PATTERN
from dmvpngen.model.text import INTERFACE_PATTERN, Keywords, SecretText, SnmpText

__all__ = ["DEFAULT_TRAPS", "Monitoring", "NetFlow", "NtpAuth", "Snmp", "SnmpUser"]

_NAME = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"

DEFAULT_TRAPS = (
    "snmp authentication linkdown linkup coldstart warmstart",
    "config",
    "ipsec tunnel start",
    "ipsec tunnel stop",
    "nhrp nhs",
    "nhrp nhc",
)


class SnmpUser(StrictModel):
    """An SNMPv3 user (authPriv); its keys never appear in 'show running-config'."""

    name: str = Field(pattern=_NAME)
    auth: Literal["sha", "md5"] = Field("sha", description="Authentication hash (sha only).")
    auth_key: SecretText = Field(description="Authentication password, or a reference.")
    privacy: Literal["aes-128", "aes-192", "aes-256", "des", "3des"] = "aes-128"
    priv_key: SecretText = Field(description="Privacy (encryption) password, or a reference.")


class Snmp(StrictModel):
    """SNMPv3 read-only monitoring with traps to the NMS."""

    group: str = Field("DMVPN-MON", pattern=_NAME)
    view: str = Field("DMVPN-VIEW", pattern=_NAME)
    users: list[SnmpUser] = Field(min_length=1)
    managers: list[IPv4Address | IPv6Address] = Field(
        default_factory=list,
        description="Hosts allowed to poll (default: the trap hosts). IPv6 addresses in an "
        "IPv6-only overlay (inside its prefixes), IPv4 ones elsewhere.",
    )
    trap_hosts: list[IPv4Address | IPv6Address] = Field(
        default_factory=list,
        description="Trap receivers: IPv6 addresses in an IPv6-only overlay, IPv4 elsewhere.",
    )
    traps: list[Keywords] = Field(
        default_factory=lambda: list(DEFAULT_TRAPS),
        description="'snmp-server enable traps ...' keywords.",
    )
    location: SnmpText | None = None
    contact: SnmpText | None = None


class NetFlow(StrictModel):
    """Flexible NetFlow on every tunnel, exported to the collectors."""

    collectors: list[IPv4Address] = Field(min_length=1)
    port: int = Field(2055, ge=1, le=65535)
    export_protocol: Literal["netflow-v9", "ipfix"] = "netflow-v9"
    active_timeout: int = Field(60, ge=1, le=604800, description="Seconds.")
    inactive_timeout: int = Field(15, ge=1, le=604800, description="Seconds.")


class NtpAuth(StrictModel):
    """One authentication key for every NTP server of management.ntp_servers."""

    key_id: int = Field(1, ge=1, le=65535)
    algorithm: Literal["hmac-sha2-256", "md5"] = Field(
        "hmac-sha2-256", description="hmac-sha2-256 on IOS-XE 17.x; IOS 15 knows md5 only."
    )
    auth_key: SecretText = Field(description="The NTP key, or a reference.")


class Monitoring(StrictModel):
    """What every router reports, and how."""

    source_interface: str | None = Field(
        None,
        pattern=INTERFACE_PATTERN,
        description="Source of syslog, SNMP traps, NetFlow and NTP (default: Loopback0 when "
        "the router has a loopback).",
    )
    syslog_level: Literal["informational", "notifications", "warnings", "debugging"] = (
        "informational"
    )
    ntp_auth: NtpAuth | None = Field(
        None, description="NTP key; required when management.ntp_servers are given."
    )
    no_ntp_authentication: str | None = Field(
        None,
        pattern=REASON_PATTERN,
        description="Explicit opt-out: why the NTP servers are used without a key (for "
        "example servers that offer none); written into the configs as the lint suppression "
        "reason.",
    )
    snmp: Snmp | None = None
    netflow: NetFlow | None = None
    crypto_logging: bool = Field(
        False, description="'crypto logging session': IKE/IPsec session up/down messages."
    )
