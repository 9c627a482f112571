"""The parts of the lab's Internet: which WANs a router has and who leases their addresses, the
pool of lab-only /24s, and the records of the ISP and NAT routers (interfaces, DHCP pools,
static routes, NAT) that ``dmvpngen.lab.wan.Internet`` assembles.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Interface
from typing import Any

from dmvpngen.errors import UsageError

__all__ = [
    "IX_NETWORK",
    "Infra",
    "InfraInterface",
    "Pool",
    "WanAttachment",
    "isp_of",
    "leased",
    "parse_public",
    "wans_of",
]

# the exchange segment between ISPs (shared address space, never an inventory prefix)
IX_NETWORK = IPv4Network("100.127.255.0/24")


def wans_of(router: Any) -> list[Any]:
    """Every WAN of ``router``: ``wan`` plus any extra ones a richer model declares."""
    found = [router.wan]
    for attr in ("wans", "extra_wans"):
        extra = getattr(router, attr, None)
        if extra:
            # a model may offer both (``wans`` = wan + extra_wans): count each WAN once
            found.extend(w for w in extra if all(w is not f for f in found))
    wan2 = getattr(router, "wan2", None)
    if wan2 is not None:
        found.append(wan2)
    return found


def leased(wan: Any) -> bool:
    """The ISP hands the address out (DHCP, or PPPoE, which the lab ISP serves as DHCP)."""
    return bool(wan.dhcp) or getattr(wan, "pppoe", None) is not None


def isp_of(wan: Any) -> str:
    """ISP name of a WAN: an explicit ``isp``/``transport``/``provider`` tag, else ``internet``."""
    for attr in ("isp", "transport", "provider"):
        value = getattr(wan, attr, None)
        if isinstance(value, str) and value:
            return re.sub(r"[^A-Za-z0-9-]", "-", value).lower()
    return "internet"


class Pool:
    """Hands out /24s from 100.64.0.0/10 (shared address space) that clash with nothing in use."""

    def __init__(self, used: Iterable[IPv4Network]) -> None:
        self._used = [*used, IX_NETWORK]
        self._next = IPv4Network("100.64.0.0/24")

    def take(self) -> IPv4Network:
        """The next free /24."""
        while True:
            candidate = self._next
            if int(candidate.network_address) >= 2**32 - 256:
                raise UsageError(
                    "no free /24 left for the lab's ISP links: the inventory's WAN and LAN "
                    "prefixes cover the whole address space",
                    "give the WAN and LAN interfaces their real, narrower prefixes",
                )
            self._next = IPv4Network((int(candidate.network_address) + 256, 24))
            if not any(candidate.overlaps(u) for u in self._used):
                self._used.append(candidate)
                return candidate


@dataclass
class InfraInterface:
    """An interface of an ISP or NAT router before it gets a NIC name."""

    segment: str
    description: str
    address: IPv4Interface | None  # None: an IPv6-only segment
    secondaries: list[IPv4Interface] = field(default_factory=list)
    nat: str | None = None
    ipv6: list[IPv6Interface] = field(default_factory=list)
    link_local: IPv6Address | None = None


@dataclass
class Infra:
    """An ISP or NAT router: interfaces, DHCP pools, static routes and NAT rules."""

    name: str
    role: str
    interfaces: list[InfraInterface] = field(default_factory=list)
    dhcp_pools: list[dict[str, str]] = field(default_factory=list)
    routes: list[dict[str, str]] = field(default_factory=list)
    nat_static: list[dict[str, str]] = field(default_factory=list)
    nat_pat: dict[str, str] | None = None

    def add_route(self, prefix: IPv4Network, nexthop: IPv4Address) -> None:
        """A static route."""
        self.routes.append(
            {
                "prefix": str(prefix.network_address),
                "mask": str(prefix.netmask),
                "nexthop": str(nexthop),
            }
        )

    def add_pool(self, name: str, subnet: IPv4Network, gateway: IPv4Address) -> None:
        """A DHCP pool for ``subnet`` with ``gateway`` as default router."""
        self.dhcp_pools.append(
            {
                "name": name,
                "network": str(subnet.network_address),
                "mask": str(subnet.netmask),
                "gateway": str(gateway),
            }
        )


@dataclass(frozen=True)
class WanAttachment:
    """Where one router WAN plugs in: a segment name (its peer is an ISP or NAT router)."""

    router: str
    interface: str  # inventory name
    segment: str


def parse_public(value: Any) -> IPv4Address | None:
    """A post-NAT address given by a richer model (``nat: {public: ...}`` or an address)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, IPv4Address):
        return value
    for attr in ("public", "address", "outside", "public_address"):
        inner = getattr(value, attr, None)
        if inner is None and isinstance(value, dict):
            inner = value.get(attr)
        if inner is not None:
            try:
                return ipaddress.IPv4Address(str(inner).split("/")[0])
            except ValueError:
                return None
    return None
