"""Turn an inventory and its rendered configs into a lab topology.

Routers keep their rendered config with interface names mapped to the lab node's NICs; the lab
adds what production gets from elsewhere: ISP routers, NAT routers for NATed spokes, DHCP for DHCP
WANs, something on every LAN so it comes up, and optionally an out-of-band management network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from dmvpngen.errors import UsageError
from dmvpngen.lab.ifmap import MappingRow, remap_config
from dmvpngen.lab.infra import infra_config
from dmvpngen.lab.model import LabLink, LabNode, LabOptions, LabTopology
from dmvpngen.lab.nodes import node_type
from dmvpngen.lab.wan import Internet
from dmvpngen.lab.wan_model import Infra, Pool, parse_public, wans_of
from dmvpngen.model import Hub, Inventory, Platform
from dmvpngen.sshkey import with_generate

__all__ = ["build_lab", "lab_title"]

_ROW_Y = {"mgmt": -200, "hub": 0, "isp": 200, "nat": 350, "spoke": 500, "lan": 650}


def lab_title(inventory: Inventory) -> str:
    """The lab's title on the controller: how ``up``, ``verify`` and ``down`` find it again."""
    return f"dmvpngen-{inventory.name}"


def _behind_nat(router: Any, options: LabOptions) -> bool:
    if router.name in options.nat:
        return True
    return bool(
        getattr(router, "behind_nat", False)
        or getattr(router, "nat", None)
        or getattr(router.wan, "nat", None)
    )


def _used_prefixes(inventory: Inventory) -> list[IPv4Network]:
    used: list[IPv4Network] = [c.subnet for c in inventory.clouds if c.subnet is not None]
    for router in [*inventory.hubs, *inventory.spokes]:
        used += [w.address.network for w in wans_of(router) if w.address is not None]
        used += [lan.prefix for lan in router.lan if lan.prefix is not None]
        if router.loopback is not None:
            used.append(IPv4Network((router.loopback, 32)))
    return used


def _ssh_acl(config: str) -> str | None:
    """Name of the standard ACL guarding the vty lines, if the config has one."""
    match = re.search(r"^ access-class (\S+) in\b", config, re.MULTILINE)
    if match and re.search(
        rf"^ip access-list standard {re.escape(match.group(1))}$", config, re.MULTILINE
    ):
        return match.group(1)
    return None


def _mgmt_block(label: str, address: IPv4Address, subnet: IPv4Network) -> str:
    return (
        f"interface {label}\n description lab management\n"
        f" ip address {address} {subnet.netmask}\n no shutdown\n!\n"
    )


def _with_permit(config: str, acl: str, subnet: IPv4Network) -> str:
    """Add ``5 permit <subnet>`` as the first entry of standard ACL ``acl``.

    Sequence 5 puts the management subnet ahead of the ACL's final deny, so the lab's management
    host can log in for verify and push. It goes inside the existing ACL block, so the config has
    one block per ACL, as the router's running config shows it.
    """
    head = f"ip access-list standard {acl}\n"
    permit = f" 5 permit {subnet.network_address} {subnet.hostmask}\n"
    return config.replace(head, head + permit, 1)


def _with_block(config: str, block: str) -> str:
    """Insert ``block`` before the final ``end`` of ``config``."""
    body = config.rstrip("\n")
    if body.endswith("\nend") or body == "end":
        return body[: -len("end")] + block + "end\n"
    return body + "\n" + block + "end\n"


class _Builder:
    def __init__(self, inventory: Inventory, configs: Mapping[str, str], options: LabOptions):
        self.inv = inventory
        self.configs = configs
        self.opt = options
        self.nodes: list[LabNode] = []
        self.segments: dict[str, list[tuple[str, str]]] = {}
        self.mapping: list[MappingRow] = []
        self.notes: list[str] = []
        self.maps: dict[str, dict[str, str]] = {}
        self.widened: list[str] = []  # routers whose vty ACL lets the management subnet in

    def endpoint(self, segment: str, node: LabNode, label: str) -> None:
        node.used[label] = segment
        self.segments.setdefault(segment, []).append((node.name, label))

    def place(self, row: str) -> tuple[int, int]:
        count = sum(1 for n in self.nodes if n.y == _ROW_Y[row])
        return count * 180, _ROW_Y[row]

    def kind_of(self, router: Any) -> str:
        platform = self.inv.platform_of(router)
        node = self.opt.ios_node if platform is Platform.IOS else self.opt.xe_node
        return node.value

    def map_router(self, router: Any) -> dict[str, str]:
        kind = self.kind_of(router)
        labels = node_type(kind).interfaces
        # A sub-interface (Gi0/0.100) goes with its port: map the port, the suffix follows.
        wanted: list[tuple[str, str]] = [(_port(w.interface), "wan") for w in wans_of(router)]
        wanted += [(_port(lan.interface), "lan") for lan in router.lan]
        ports = [name for name, _ in wanted]
        shared = sorted({p for p in ports if ports.count(p) > 1})
        if shared:
            raise UsageError(
                f"{router.name}: {', '.join(shared)} carries several inventory interfaces; "
                "a lab port connects to one segment",
                "give each WAN and LAN its own port for the lab",
            )
        first = 1 if self.opt.mgmt is not None else 0
        needed = first + len(ports)
        if needed > len(labels):
            raise UsageError(
                f"{router.name}: needs {needed} interfaces, a {kind} lab node has {len(labels)}",
                "pick another node type (--ios-node / --xe-node) or drop --mgmt",
            )
        if first:
            self.mapping.append(MappingRow(router.name, "management", "-", labels[0], 0))
        result: dict[str, str] = {}
        slot = first
        for name, purpose in wanted:
            result[name] = labels[slot]
            self.mapping.append(MappingRow(router.name, purpose, name, labels[slot], slot))
            slot += 1
        return result

    def add_routers(self) -> None:
        for router in [*self.inv.hubs, *self.inv.spokes]:
            role = "hub" if isinstance(router, Hub) else "spoke"
            if router.name not in self.configs:
                raise UsageError(f"{router.name}: no rendered config", "render the inventory first")
            names = self.map_router(router)
            self.maps[router.name] = names
            # day 0: the router's own SSH key pair is generated while the config loads
            bits = self.inv.management.ssh_key_bits
            config = with_generate(remap_config(self.configs[router.name], names), bits)
            x, y = self.place(role)
            node = LabNode(router.name, role, self.kind_of(router), x, y, config)
            if self.opt.mgmt is not None:
                node.mgmt_address = self.mgmt_address(router)
                label = node.interfaces[0]
                acl = _ssh_acl(config)
                if acl is not None:
                    self.widened.append(router.name)
                if acl is not None:
                    config = _with_permit(config, acl, self.opt.mgmt)
                block = _mgmt_block(label, node.mgmt_address, self.opt.mgmt)
                node.config = _with_block(config, block)
            self.nodes.append(node)
            for w in wans_of(router):
                if getattr(w, "pppoe", None) is not None:
                    self.notes.append(
                        f"{router.name}: PPPoE WAN {w.interface} is plugged into the ISP's DHCP "
                        "segment; the lab ISP runs no PPPoE server, so its session stays down"
                    )
                elif not w.dhcp and w.gateway is None:
                    self.notes.append(
                        f"{router.name}: WAN {w.interface} has no gateway; "
                        "it reaches only its own WAN subnet"
                    )

    def note_ssh_access(self) -> None:
        """Say where the lab widened a router's vty ACL for the management subnet."""
        if self.opt.mgmt is not None and self.widened:
            self.notes.append(
                f"lab management {self.opt.mgmt} is permitted (sequence 5) in the vty ACL of "
                f"{', '.join(self.widened)}: a lab-only addition to the rendered config"
            )

    def mgmt_address(self, router: Any) -> IPv4Address:
        subnet = self.opt.mgmt
        assert subnet is not None
        value = int(subnet.network_address) + self.opt.mgmt_offset + router.id
        # past 255.255.255.255 there is no address to name: keep the number for the message
        address: IPv4Address | int = IPv4Address(value) if value < 2**32 else value
        if (
            not isinstance(address, IPv4Address)
            or address not in subnet
            or address
            in {
                subnet.network_address,
                subnet.broadcast_address,
                self.opt.mgmt_gateway,
            }
        ):
            raise UsageError(
                f"{router.name}: management address {address} (offset "
                f"{self.opt.mgmt_offset} + id {router.id}) is not usable in {subnet}",
                "use a larger --mgmt subnet or another --mgmt-offset",
            )
        return address

    def add_internet(self) -> None:
        used = _used_prefixes(self.inv)
        if self.opt.mgmt is not None:
            clash = sorted(str(u) for u in used if u.overlaps(self.opt.mgmt))
            if clash:
                raise UsageError(
                    f"--mgmt {self.opt.mgmt} overlaps the inventory's {', '.join(clash)}",
                    "pick a management subnet the network does not use",
                )
            used.append(self.opt.mgmt)
        internet = Internet(Pool(used))
        routers = [*self.inv.hubs, *self.inv.spokes]
        for router in routers:
            for w in wans_of(router):
                internet.reserve(w)
        for router in routers:
            nat = _behind_nat(router, self.opt)
            for w in wans_of(router):
                if nat:
                    internet.attach_nat(
                        router.name,
                        w,
                        parse_public(
                            getattr(router, "nat", None)
                            or getattr(w, "public_address", None)  # post-NAT address of a WAN
                            or getattr(w, "nat", None)
                        ),
                    )
                else:
                    internet.attach(router.name, w)
        for infra in [*internet.isps(), *internet.nats]:
            self.add_infra(infra)
        for att in internet.attachments:
            node = self.node(att.router)
            self.endpoint(att.segment, node, self.maps[att.router][_port(att.interface)])

    def add_infra(self, infra: Infra) -> None:
        kind = self.opt.infra_node.value
        labels = node_type(kind).interfaces
        x, y = self.place(infra.role)
        node = LabNode(infra.name, infra.role, kind, x, y)
        for index, intf in enumerate(infra.interfaces):
            self.endpoint(intf.segment, node, labels[index])
            if intf.nat == "outside" and infra.nat_pat is not None:
                infra.nat_pat["interface"] = labels[index]
        node.config = infra_config(infra, labels)
        self.nodes.append(node)

    def add_lans(self) -> None:
        for router in [*self.inv.hubs, *self.inv.spokes]:
            node = self.node(router.name)
            for index, lan in enumerate(router.lan):
                segment = f"lan-{router.name}-{index}"
                self.endpoint(segment, node, self.maps[router.name][_port(lan.interface)])
                # a host needs an IPv4 LAN: IPv6-only LANs get none (the host script is IPv4)
                if self.opt.lan_hosts and lan.address is not None:
                    host_ip = _last_host(lan.address)
                    x, y = self.place("lan")
                    host = LabNode(f"host-{router.name}-{index}", "host", "alpine", x, y)
                    host.host_address = IPv4Interface((host_ip, lan.address.network.prefixlen))
                    host.host_gateway = lan.address.ip
                    host.config = _host_script(host)
                    self.nodes.append(host)
                    self.endpoint(segment, host, host.interfaces[0])

    def add_mgmt(self) -> None:
        if self.opt.mgmt is None:
            return
        x, y = self.place("mgmt")
        ext = LabNode("mgmt-bridge", "external", "external_connector", x, y, self.opt.bridge)
        self.nodes.append(ext)
        self.endpoint("mgmt", ext, ext.interfaces[0])
        for node in self.routers():
            self.endpoint("mgmt", node, node.interfaces[0])

    def node(self, name: str) -> LabNode:
        return next(n for n in self.nodes if n.name == name)

    def routers(self) -> list[LabNode]:
        return [n for n in self.nodes if n.role in {"hub", "spoke"}]

    def links(self) -> list[LabLink]:
        links: list[LabLink] = []
        for segment, ends in self.segments.items():
            if len(ends) == 2:
                (a, ai), (b, bi) = ends
                links.append(LabLink(a, ai, b, bi))
                continue
            first = self.node(ends[0][0])
            switch = LabNode(
                f"sw-{segment}", "switch", "unmanaged_switch", first.x + 90, first.y + 75
            )
            ports = switch.interfaces
            if len(ends) > len(ports):
                raise UsageError(
                    f"segment {segment} has {len(ends)} members, a lab switch "
                    f"has {len(ports)} ports",
                    "split the inventory into smaller labs",
                )
            self.nodes.append(switch)
            for port, (name, label) in zip(ports, ends, strict=False):
                switch.used[port] = segment
                links.append(LabLink(name, label, switch.name, port))
        return links


def _port(interface: str) -> str:
    """The physical port of an interface name (``Gi0/0.100`` -> ``Gi0/0``)."""
    return interface.split(".", 1)[0]


def _last_host(address: IPv4Interface) -> IPv4Address:
    hosts = list(address.network.hosts())
    return hosts[-1] if hosts[-1] != address.ip else hosts[-2]


def _host_script(host: LabNode) -> str:
    # CML runs an alpine node's configuration as a shell script at boot.
    return (
        f"hostname {host.name}\n"
        f"ip address add {host.host_address} dev eth0\n"
        f"ip link set dev eth0 up\n"
        f"ip route add default via {host.host_gateway}\n"
    )


def build_lab(inventory: Inventory, configs: Mapping[str, str], options: LabOptions) -> LabTopology:
    """Build the lab topology for ``inventory`` from its rendered ``configs`` (hostname -> text)."""
    spokes = {s.name for s in inventory.spokes}
    unknown = sorted(options.nat - spokes)
    if unknown:
        raise UsageError(
            f"--nat {', '.join(unknown)}: not a spoke of this inventory",
            "name spokes only: a hub may sit behind static NAT only, set in the inventory",
        )
    builder = _Builder(inventory, configs, options)
    builder.add_routers()
    builder.add_internet()
    builder.add_lans()
    builder.add_mgmt()
    builder.note_ssh_access()
    links = builder.links()
    hubs, spoke_count = len(inventory.hubs), len(inventory.spokes)
    description = (
        f"DMVPN lab of inventory '{inventory.name}': {hubs} hub(s), {spoke_count} "
        "spoke(s); written by dmvpngen lab export"
    )
    return LabTopology(
        lab_title(inventory),
        description,
        builder.nodes,
        links,
        builder.mapping,
        builder.notes,
        options,
    )
