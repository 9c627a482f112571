"""Push rendered configs to routers and verify the DMVPN (the only users of netmiko and
hier_config, both imported lazily)."""

from dmvpngen.masking import Masker
from dmvpngen.push.credentials import Credentials, resolve_credentials
from dmvpngen.push.engine import push, select, targets_from_network, verify
from dmvpngen.push.model import (
    Check,
    ConfigState,
    DeviceResult,
    DeviceStatus,
    PushOptions,
    PushReport,
    Target,
)

__all__ = [
    "Check",
    "ConfigState",
    "Credentials",
    "DeviceResult",
    "DeviceStatus",
    "Masker",
    "PushOptions",
    "PushReport",
    "Target",
    "push",
    "resolve_credentials",
    "select",
    "targets_from_network",
    "verify",
]
