"""The lab's Internet: an ISP router per ISP, NAT routers before NATed spokes, DHCP for DHCP WANs.

WANs with an IPv6 address (an IPv6 transport) get their IPv6 gateway on the same "internet"
segment: the ISP router holds the gateway address of every WAN IPv6 prefix (a global one, or
a free host of the prefix plus the link-local address the WANs name as gateway).

The core inventory has one Internet; designs with several ISPs may tag a WAN with ``isp`` (or
``transport``/``provider``). Each ISP router has at most three NICs whatever the network size:
one shared "internet" segment carrying every static WAN gateway (primary address plus
secondaries) and the NAT routers' outside addresses, one "dhcp" segment with a DHCP pool for the
DHCP WANs, and an exchange segment towards the other ISPs (static routes, no routing protocol).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)
from typing import Any

from dmvpngen.lab.wan_model import (
    IX_NETWORK,
    Infra,
    InfraInterface,
    Pool,
    WanAttachment,
    isp_of,
    leased,
)

__all__ = ["Internet"]


def _host(subnet: IPv4Network, index: int) -> IPv4Interface:
    return IPv4Interface((int(subnet.network_address) + index, subnet.prefixlen))


def _free_host(subnet: IPv4Network, taken: set[IPv4Address]) -> IPv4Address:
    for host in subnet.hosts():
        if host not in taken:
            return host
    raise ValueError(f"no free address left in {subnet}")


@dataclass
class _Isp:
    infra: Infra
    internet: dict[IPv4Network, IPv4Address] = field(default_factory=dict)  # subnet -> ISP address
    dhcp: IPv4Network | None = None
    nat_outside: IPv4Network | None = None
    nat_hosts: int = 0
    subnets: list[IPv4Network] = field(default_factory=list)  # everything behind this ISP
    internet6: dict[IPv6Network, IPv6Address] = field(default_factory=dict)  # prefix -> ISP
    link_local: IPv6Address | None = None  # the link-local gateway WANs name


def _attach_v6(isp: _Isp, wan: Any) -> None:
    """The ISP side of a WAN's IPv6 prefix: the global gateway it names, else a free host
    (with the link-local gateway it names on the ISP's interface)."""
    prefix: IPv6Network = wan.ipv6_address.network
    gateway: IPv6Address | None = getattr(wan, "ipv6_gateway", None)
    if gateway is not None and gateway.is_link_local:
        isp.link_local = isp.link_local or gateway
        gateway = None
    if gateway is None:
        taken = {wan.ipv6_address.ip, isp.internet6.get(prefix)}
        gateway = next(
            h for h in (prefix.network_address + i for i in range(1, 9)) if h not in taken
        )
    isp.internet6.setdefault(prefix, gateway)


class Internet:
    """Collects the ISP and NAT routers and where each WAN attaches."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self._isps: dict[str, _Isp] = {}
        self.nats: list[Infra] = []
        self.attachments: list[WanAttachment] = []
        self.taken: dict[IPv4Network, set[IPv4Address]] = {}

    def _isp(self, key: str) -> _Isp:
        if key not in self._isps:
            self._isps[key] = _Isp(Infra(f"isp-{key}" if key != "internet" else "isp", "isp"))
        return self._isps[key]

    def reserve(self, wan: Any) -> None:
        """Note a static WAN address so no ISP picks it for itself."""
        if wan.address is not None:
            self.taken.setdefault(wan.address.network, set()).add(wan.address.ip)

    def attach(self, router: str, wan: Any) -> None:
        """Plug a WAN straight into its ISP."""
        isp = self._isp(isp_of(wan))
        if getattr(wan, "ipv6_address", None) is not None:
            _attach_v6(isp, wan)
        if leased(wan):
            if isp.dhcp is None:
                isp.dhcp = self.pool.take()
            segment = f"{isp.infra.name}-dhcp"
        elif wan.address is None:  # an IPv6-only WAN
            segment = f"{isp.infra.name}-internet"
        else:
            subnet = wan.address.network
            gateway = wan.gateway or _free_host(subnet, self.taken.get(subnet, set()))
            isp.internet.setdefault(subnet, gateway)
            segment = f"{isp.infra.name}-internet"
        self.attachments.append(WanAttachment(router, wan.interface, segment))

    def attach_nat(self, router: str, wan: Any, public: IPv4Address | None) -> None:
        """Put a NAT router between a WAN and its ISP (static NAT to ``public``, else PAT)."""
        isp = self._isp(isp_of(wan))
        nat = Infra(f"nat-{router}", "nat")
        inside_segment = f"{nat.name}-inside"
        if leased(wan):
            inside = self.pool.take()
            inside_ip = _host(inside, 1)
            nat.add_pool(f"{router.upper()}-WAN", inside, inside_ip.ip)
        else:
            inside = wan.address.network
            gw = wan.gateway or _free_host(inside, self.taken.get(inside, set()))
            inside_ip = IPv4Interface((gw, inside.prefixlen))
        if isp.nat_outside is None:
            isp.nat_outside = self.pool.take()
        isp.nat_hosts += 1
        outside_ip = _host(isp.nat_outside, 1 + isp.nat_hosts)
        isp_side = _host(isp.nat_outside, 1).ip
        nat.interfaces.append(
            InfraInterface(
                f"{isp.infra.name}-internet", f"to {isp.infra.name}", outside_ip, nat="outside"
            )
        )
        nat.interfaces.append(
            InfraInterface(inside_segment, f"to {router}", inside_ip, nat="inside")
        )
        nat.add_route(IPv4Network("0.0.0.0/0"), isp_side)
        if public is not None and wan.address is not None:
            nat.nat_static.append({"inside": str(wan.address.ip), "public": str(public)})
            isp.infra.add_route(IPv4Network((public, 32)), outside_ip.ip)
        else:
            nat.nat_pat = {
                "network": str(inside.network_address),
                "wildcard": str(inside.hostmask),
                "interface": "",
            }  # the NIC name is known once slots are given
        self.nats.append(nat)
        self.attachments.append(WanAttachment(router, wan.interface, inside_segment))

    def isps(self) -> list[Infra]:
        """The ISP routers with their interfaces, pools and inter-ISP routes filled in."""
        out = []
        keys = list(self._isps)
        for index, key in enumerate(keys):
            isp = self._isps[key]
            infra = isp.infra
            infra.interfaces.clear()
            subnets = [*sorted(isp.internet), *([isp.nat_outside] if isp.nat_outside else [])]
            addrs = [IPv4Interface((isp.internet[s], s.prefixlen)) for s in sorted(isp.internet)]
            if isp.nat_outside is not None:
                addrs.append(_host(isp.nat_outside, 1))
            v6 = [IPv6Interface((a, s.prefixlen)) for s, a in sorted(isp.internet6.items())]
            if addrs or v6:
                infra.interfaces.append(
                    InfraInterface(
                        f"{infra.name}-internet",
                        "internet",
                        addrs[0] if addrs else None,
                        addrs[1:],
                        ipv6=v6,
                        link_local=isp.link_local,
                    )
                )
            if isp.dhcp is not None:
                gw = _host(isp.dhcp, 1)
                infra.interfaces.append(InfraInterface(f"{infra.name}-dhcp", "DHCP customers", gw))
                infra.add_pool(f"{infra.name.upper()}-DHCP", isp.dhcp, gw.ip)
                subnets.append(isp.dhcp)
            if len(keys) > 1:
                infra.interfaces.append(
                    InfraInterface("ix", "exchange", _host(IX_NETWORK, index + 1))
                )
            isp.subnets = subnets
            out.append(infra)
        if len(keys) > 1:  # every ISP reaches the others' customers through the exchange
            for key in keys:
                for other_index, other in enumerate(keys):
                    if other == key:
                        continue
                    hop = _host(IX_NETWORK, other_index + 1).ip
                    for subnet in self._isps[other].subnets:
                        self._isps[key].infra.add_route(subnet, hop)
        return out
