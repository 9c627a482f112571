"""Rehearse a rollout in the lab: push targets whose intended config is the lab's day-0 config.

A lab router boots with its rendered config after the interface-name mapping, plus what the lab
adds (the management interface and its vty ACL permit). Pushing exactly that text means a freshly
booted lab shows no diff, and an inventory change reaches the lab with the lab's interface names.
The rollout itself (diff, guards, hubs -> canary -> waves, revert timer, verify, save) is
``dmvpngen.push``'s; this module only says what to push where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dmvpngen.errors import UsageError
from dmvpngen.lab.model import LabTopology
from dmvpngen.lab.source import RenderedNetwork
from dmvpngen.lab.verify import router_address
from dmvpngen.masking import Masker
from dmvpngen.push.model import Target
from dmvpngen.sshkey import without_generate

__all__ = ["lab_masker", "lab_push_targets", "node_platform", "parse_addresses"]

# Lab node types that run classic IOS; every other router node type runs IOS-XE.
_IOS_NODES = frozenset({"iosv"})


def node_platform(kind: str) -> str:
    """The push platform ("ios" | "iosxe") of a lab node type: what the node actually runs."""
    return "ios" if kind in _IOS_NODES else "iosxe"


def parse_addresses(items: Iterable[str] | None) -> dict[str, tuple[str, int]]:
    """``NAME=HOST[:PORT]`` overrides of where to reach a router (port 22 when omitted)."""
    out: dict[str, tuple[str, int]] = {}
    for item in items or ():
        name, sep, where = item.partition("=")
        host, _, port_text = where.rpartition(":") if ":" in where else (where, "", "22")
        if not (sep and name.strip() and host.strip() and port_text.isdigit()):
            raise UsageError(
                f"--address {item}: expected NAME=HOST[:PORT]", "e.g. --address hub1=10.9.0.11:22"
            )
        port = int(port_text)
        if not 0 < port < 65536:
            raise UsageError(f"--address {item}: port {port} is out of range", "use 1-65535")
        out[name.strip()] = (host.strip(), port)
    return out


def lab_push_targets(
    network: RenderedNetwork,
    topo: LabTopology,
    addresses: Mapping[str, tuple[str, int]] | None = None,
) -> list[Target]:
    """One push target per router (hubs, then spokes): the lab node's day-0 config as intent,
    reached at its lab management address unless ``addresses`` names another."""
    addresses = dict(addresses or {})
    routers = [*network.inventory.hubs, *network.inventory.spokes]
    unknown = sorted(set(addresses) - {r.name for r in routers})
    if unknown:
        raise UsageError(
            f"--address names routers not in the inventory: {', '.join(unknown)}",
            f"known routers: {', '.join(sorted(r.name for r in routers))}",
        )
    targets = []
    for router in routers:
        node = topo.node(router.name)
        host, port = addresses.get(router.name) or router_address(router, topo)
        if not host:
            raise UsageError(
                f"{router.name}: no address to reach it in the lab",
                "build the lab with --mgmt SUBNET, or give --address NAME=HOST[:PORT]",
            )
        # the day-0 key generation line is a step, not configuration: push runs it as its
        # own bootstrap step where the key is missing
        intended = without_generate(node.config)
        platform = node_platform(node.kind)
        bits = network.inventory.management.ssh_key_bits
        targets.append(Target(router.name, node.role, platform, host, port, intended, "", bits))
    return targets


def lab_masker(network: RenderedNetwork) -> Masker:
    """Masks the inventory's resolved secrets in every diff and error the push reports."""
    return Masker(network.secrets)
