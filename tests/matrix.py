"""Inventories for every phase x routing protocol x hub count the core supports.

Built in code so the matrix stays complete; each is written to a temporary YAML file and goes
through the same loader as a user's inventory.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SECRETS = {
    "psk": "Test-PSK-0123456789abcdef",
    "nhrp_auth": "TstNhrp1",
    "enable_secret": "Test-Enable-Secret-1",
    "admin_secret": "Test-Admin-Secret-1",
    "config_key": "Test-Master-Key-1",
    "routing_key": "Test-Routing-Key-1",
    "bgp_password": "TestBgpPass1",
    "ntp_key": "Test-Ntp-Key-1",
}

# authentication is on by default: classic EIGRP knows MD5 only, OSPF takes a key chain
ROUTING: dict[str, dict[str, Any]] = {
    "eigrp": {
        "protocol": "eigrp",
        "as": 100,
        "authentication": {"algorithm": "md5", "auth_key": "secret:routing_key"},
    },
    "ospf": {
        "protocol": "ospf",
        "process_id": 1,
        "area": 0,
        "authentication": {"algorithm": "hmac-sha-256", "auth_key": "secret:routing_key"},
    },
    "bgp": {"protocol": "bgp", "asn": 65000, "password": "secret:bgp_password"},
}
# spoke3 runs IOS 15, which knows MD5 NTP keys only
NTP_AUTH = {"key_id": 1, "algorithm": "md5", "auth_key": "secret:ntp_key"}


def cases() -> list[tuple[int, str, int]]:
    """(phase, protocol, hubs); phase 1 has one hub per cloud by definition."""
    out = []
    for phase in (1, 2, 3):
        for protocol in ROUTING:
            for hubs in (1, 2):
                if phase == 1 and hubs == 2:
                    continue
                out.append((phase, protocol, hubs))
    return out


def case_name(phase: int, protocol: str, hubs: int) -> str:
    """Directory name of a case's goldens."""
    return f"phase{phase}-{protocol}-{'dual' if hubs == 2 else 'single'}-hub"


def matrix_inventory(phase: int, protocol: str, hubs: int, spokes: int = 3) -> dict[str, Any]:
    """The inventory data of one case."""
    cloud: dict[str, Any] = {
        "name": "DMVPN",
        "tunnel": 10,
        "subnet": "10.255.0.0/24",
        "network_id": 10,
        "tunnel_key": 10,
        "nhrp_auth": "secret:nhrp_auth",
        "phase": phase,
    }
    if phase == 3 and protocol != "ospf":
        cloud["summary"] = ["10.0.0.0/8"]
    hub_list = [
        {
            "name": f"hub{i}",
            "id": i,
            "wan": {
                "interface": "GigabitEthernet1",
                "address": f"203.0.113.{4 * i - 2}/30",
                "gateway": f"203.0.113.{4 * i - 3}",
            },
            "loopback": f"10.0.0.{i}",
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.{i}.0.1/24"}],
        }
        for i in range(1, hubs + 1)
    ]
    spoke_list = []
    for n in range(1, spokes + 1):
        sid = 10 + n
        wan: dict[str, Any] = (
            {"interface": "GigabitEthernet1", "dhcp": True}
            if n == 2
            else {
                "interface": "GigabitEthernet1",
                "address": f"198.51.100.{4 * n - 2}/30",
                "gateway": f"198.51.100.{4 * n - 3}",
            }
        )
        spoke = {
            "name": f"spoke{n}",
            "id": sid,
            "wan": wan,
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.{sid}.0.1/24"}],
        }
        if n == 3:
            spoke["platform"] = "ios"
            spoke["wan"]["interface"] = "GigabitEthernet0/0"
            spoke["lan"][0]["interface"] = "GigabitEthernet0/1"
        spoke_list.append(spoke)
    return {
        "name": case_name(phase, protocol, hubs),
        "secrets_file": "lab-secrets.yaml",
        "management": {
            "ssh_allowed": ["10.1.0.0/24"],
            "enable_secret": "secret:enable_secret",
            "config_key": "secret:config_key",
            "users": [{"name": "netadmin", "secret": "secret:admin_secret"}],
            "ntp_servers": ["10.1.0.10"],
            "syslog_hosts": ["10.1.0.20"],
        },
        "crypto_profiles": {"default": {"psk": "secret:psk"}},
        "monitoring": {"ntp_auth": NTP_AUTH},
        # a copy: a test that changes its case's routing must not change every later case's
        "routing": copy.deepcopy(ROUTING[protocol]),
        "clouds": [cloud],
        "hubs": hub_list,
        "spokes": spoke_list,
    }


def write_inventory(directory: Path, data: dict[str, Any], name: str = "inventory.yml") -> Path:
    """Write ``data`` and the test secrets file into ``directory``; return the inventory path."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "lab-secrets.yaml").write_text(yaml.safe_dump(SECRETS), encoding="utf-8")
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def with_auth(routing: dict[str, Any]) -> dict[str, Any]:
    """``routing`` with the default authentication of its protocol unless it states one."""
    if {"authentication", "password", "no_authentication"} & routing.keys():
        return routing
    if routing["protocol"] == "bgp":
        return {**routing, "password": "secret:bgp_password"}
    classic = routing["protocol"] == "eigrp" and routing.get("mode", "classic") == "classic"
    algorithm = "md5" if classic else "hmac-sha-256"
    return {**routing, "authentication": {"algorithm": algorithm, "auth_key": "secret:routing_key"}}


def separate_uplink_source(
    hub: dict[str, Any], central: dict[str, Any], regional: dict[str, Any], address: str
) -> None:
    """Give a regional hub a second WAN for its uplink tunnel (hierarchies share one tunnel key
    across the network-id, and IOS wants a unique source and key per mGRE tunnel)."""
    hub["wan"] = {**hub["wan"], "transport": "REGION", "vrf": hub["wan"].get("vrf", "REGION")}
    if "address" in hub["wan"] and "gateway" not in hub["wan"]:
        hub["wan"]["gateway"] = _first_host(hub["wan"]["address"])
    uplink = {"interface": "GigabitEthernet9", "transport": "UPLINK", "vrf": "UPLINK"}
    hub["extra_wans"] = [{**uplink, "address": address, "gateway": _first_host(address)}]
    central["transport"] = "UPLINK"
    regional["transport"] = "REGION"
    regional["tunnel_key"] = central.get("tunnel_key")


def _first_host(address: str) -> str:
    """The first host of an interface's subnet: its gateway in these tests."""
    import ipaddress

    return str(next(ipaddress.IPv4Interface(address).network.hosts()))
