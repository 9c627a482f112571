"""Lab options as the command line gives them (strings) turned into checked values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network

from dmvpngen.errors import UsageError
from dmvpngen.lab.model import LabOptions
from dmvpngen.lab.nodes import RouterNode

__all__ = ["NODE_CHOICES", "lab_options", "router_login", "template_overrides"]

NODE_CHOICES = ", ".join(n.value for n in RouterNode)


def _node(value: str, flag: str) -> RouterNode:
    try:
        return RouterNode(value)
    except ValueError:
        raise UsageError(
            f"{flag} {value}: unknown node type", f"use one of: {NODE_CHOICES}"
        ) from None


def lab_options(
    *,
    xe_node: str = "cat8000v",
    ios_node: str = "iosv",
    infra_node: str = "iosv",
    nat: Iterable[str] | None = None,
    lan_hosts: bool = False,
    mgmt: str | None = None,
    mgmt_offset: int = 10,
    mgmt_gateway: str | None = None,
    bridge: str = "bridge0",
) -> LabOptions:
    """Checked :class:`LabOptions`; a bad value is a UsageError naming the option."""
    try:
        subnet = IPv4Network(mgmt) if mgmt else None
        gateway = IPv4Address(mgmt_gateway) if mgmt_gateway else None
    except ValueError as exc:
        raise UsageError(f"--mgmt/--mgmt-gateway: {exc}", "e.g. --mgmt 192.168.255.0/24") from None
    return LabOptions(
        ios_node=_node(ios_node, "--ios-node"),
        xe_node=_node(xe_node, "--xe-node"),
        infra_node=_node(infra_node, "--infra-node"),
        nat=frozenset(nat or ()),
        lan_hosts=lan_hosts,
        mgmt=subnet,
        mgmt_gateway=gateway,
        mgmt_offset=mgmt_offset,
        bridge=bridge,
    )


def template_overrides(items: Iterable[str] | None) -> dict[str, str]:
    """``KIND=NAME`` pairs of ``--gns3-template``."""
    out = {}
    for item in items or ():
        kind, sep, name = item.partition("=")
        if not sep or not name:
            raise UsageError(
                f"--gns3-template {item}: expected KIND=NAME", "e.g. iosv='Cisco IOSv'"
            )
        out[kind] = name
    return out


def router_login(
    users: Sequence[tuple[str, str]], user: str | None, password: str | None
) -> tuple[str, str] | None:
    """Router login: the options, else the first privilege-15 inventory user; None if neither."""
    if user:
        return user, password or ""
    if users:
        name, secret = users[0]
        return name, password or secret
    return None
