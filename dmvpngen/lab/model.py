"""The lab topology exporters and drivers work from: nodes, interfaces, links, day-0 configs."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from dmvpngen.lab.ifmap import MappingRow
from dmvpngen.lab.nodes import RouterNode, node_type

__all__ = ["LabLink", "LabNode", "LabOptions", "LabTopology"]


@dataclass(frozen=True)
class LabOptions:
    """Choices the user makes when turning an inventory into a lab."""

    ios_node: RouterNode = RouterNode.IOSV
    xe_node: RouterNode = RouterNode.CAT8000V
    infra_node: RouterNode = RouterNode.IOSV  # ISP and NAT routers
    nat: frozenset[str] = frozenset()  # spokes to put behind a NAT router
    lan_hosts: bool = False  # a host on every LAN (else a switch keeps the LAN up)
    mgmt: IPv4Network | None = None  # out-of-band management subnet, via an external connector
    mgmt_gateway: IPv4Address | None = None
    mgmt_offset: int = 10  # router management address = mgmt subnet + offset + router id
    bridge: str = "bridge0"  # CML external connector configuration / GNS3 cloud interface


@dataclass
class LabNode:
    """One node of the lab."""

    name: str
    role: str  # hub, spoke, isp, nat, switch, host, external
    kind: str  # key of NODE_TYPES
    x: int
    y: int
    config: str = ""
    used: dict[str, str] = field(default_factory=dict)  # interface label -> what it connects to
    mgmt_address: IPv4Address | None = None
    host_address: IPv4Interface | None = None  # LAN hosts: address and gateway
    host_gateway: IPv4Address | None = None

    @property
    def interfaces(self) -> tuple[str, ...]:
        """Interface labels of the node type, in slot order."""
        return node_type(self.kind).interfaces

    def slot_of(self, label: str) -> int:
        """Slot (index) of interface ``label``."""
        return self.interfaces.index(label)

    def slot_count(self) -> int:
        """How many slots the exported node declares: all used ones and the type's default."""
        used = [self.slot_of(label) for label in self.used]
        return max([node_type(self.kind).default_interfaces - 1, *used]) + 1


@dataclass(frozen=True)
class LabLink:
    """A cable between two node interfaces."""

    a_node: str
    a_intf: str
    b_node: str
    b_intf: str


@dataclass
class LabTopology:
    """A whole lab: what ``lab export`` writes and ``lab up`` builds."""

    title: str
    description: str
    nodes: list[LabNode]
    links: list[LabLink]
    mapping: list[MappingRow]
    notes: list[str]
    options: LabOptions

    def node(self, name: str) -> LabNode:
        """The node called ``name``."""
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)

    def routers(self) -> list[LabNode]:
        """Hubs and spokes, in inventory order."""
        return [n for n in self.nodes if n.role in {"hub", "spoke"}]
