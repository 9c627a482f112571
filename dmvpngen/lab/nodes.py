"""Node types a lab can use: their controller names and their real interface names.

The inventory names interfaces as the production router does (``GigabitEthernet0/1``,
``GigabitEthernet2``...). A lab node has its own fixed set of NICs; every inventory interface is
mapped to one of them, in a fixed order (management first when asked for, then the WAN, then the
LANs), so the day-0 config is the rendered config with only those names changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["NODE_TYPES", "NodeType", "RouterNode", "node_type"]


class RouterNode(str, Enum):
    """Router images a lab can run; the value is the CML node definition."""

    IOSV = "iosv"
    CSR1000V = "csr1000v"
    CAT8000V = "cat8000v"
    IOL_XE = "iol-xe"


@dataclass(frozen=True)
class NodeType:
    """One controller node definition and what the exporters need to know about it."""

    cml: str  # CML node_definition
    interfaces: tuple[str, ...]  # interface labels, index = CML slot
    default_interfaces: int  # CML creates at least this many slots
    gns3_node_type: str  # qemu, iou, ethernet_switch, cloud, vpcs
    gns3_template: str  # template name the GNS3 driver looks up (overridable)
    gns3_day0: str = ""  # file name the image reads its day-0 config from
    gns3_ports_per_adapter: int = 1  # IOL groups four ports per adapter
    is_router: bool = True

    def gns3_port(self, slot: int) -> tuple[int, int]:
        """(adapter_number, port_number) of ``slot`` in a GNS3 link."""
        if self.gns3_node_type in {"ethernet_switch", "cloud"}:
            return 0, slot
        return divmod(slot, self.gns3_ports_per_adapter)


def _iol_names(count: int) -> tuple[str, ...]:
    return tuple(f"Ethernet{i // 4}/{i % 4}" for i in range(count))


NODE_TYPES: dict[str, NodeType] = {
    "iosv": NodeType(
        cml="iosv",
        interfaces=tuple(f"GigabitEthernet0/{i}" for i in range(8)),
        default_interfaces=4,
        gns3_node_type="qemu",
        gns3_template="Cisco IOSv",
        gns3_day0="ios_config.txt",
    ),
    "csr1000v": NodeType(
        cml="csr1000v",
        interfaces=tuple(f"GigabitEthernet{i}" for i in range(1, 9)),
        default_interfaces=4,
        gns3_node_type="qemu",
        gns3_template="Cisco CSR1000v",
        gns3_day0="iosxe_config.txt",
    ),
    "cat8000v": NodeType(
        cml="cat8000v",
        interfaces=tuple(f"GigabitEthernet{i}" for i in range(1, 9)),
        default_interfaces=4,
        gns3_node_type="qemu",
        gns3_template="Cisco Catalyst 8000V",
        gns3_day0="iosxe_config.txt",
    ),
    "iol-xe": NodeType(
        cml="iol-xe",
        interfaces=_iol_names(8),
        default_interfaces=4,
        gns3_node_type="iou",
        gns3_template="Cisco IOU L3",
        gns3_day0="startup-config.cfg",
        gns3_ports_per_adapter=4,
    ),
    "unmanaged_switch": NodeType(
        cml="unmanaged_switch",
        interfaces=tuple(f"port{i}" for i in range(32)),
        default_interfaces=8,
        gns3_node_type="ethernet_switch",
        gns3_template="Ethernet switch",
        is_router=False,
    ),
    "external_connector": NodeType(
        cml="external_connector",
        interfaces=("port",),
        default_interfaces=1,
        gns3_node_type="cloud",
        gns3_template="Cloud",
        is_router=False,
    ),
    "alpine": NodeType(
        cml="alpine",
        interfaces=tuple(f"eth{i}" for i in range(4)),
        default_interfaces=1,
        gns3_node_type="vpcs",
        gns3_template="VPCS",
        gns3_day0="startup.vpc",
        is_router=False,
    ),
}


def node_type(name: str) -> NodeType:
    """The node type called ``name`` (a CML node definition name)."""
    return NODE_TYPES[name]
