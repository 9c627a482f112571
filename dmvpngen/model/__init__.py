"""The inventory model: a frozen, strict pydantic description of one DMVPN network."""

from dmvpngen.model.crypto import CryptoProfile
from dmvpngen.model.inventory import (
    Cloud,
    Hub,
    Inventory,
    LanInterface,
    Management,
    OverlayVrf,
    Platform,
    Pppoe,
    Router,
    Spoke,
    User,
    Wan,
)
from dmvpngen.model.routing import BgpRouting, EigrpRouting, OspfRouting, Routing

__all__ = [
    "BgpRouting",
    "Cloud",
    "CryptoProfile",
    "EigrpRouting",
    "Hub",
    "Inventory",
    "LanInterface",
    "Management",
    "OspfRouting",
    "OverlayVrf",
    "Platform",
    "Pppoe",
    "Router",
    "Routing",
    "Spoke",
    "User",
    "Wan",
]
