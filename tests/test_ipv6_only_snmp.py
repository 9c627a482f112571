"""SNMPv3 over IPv6 in an IPv6-only overlay: managers and trap hosts by IPv6 address, polls
admitted by an IPv6 ACL, SNMP and NTP in the IPv6 management class of CoPP, and the inventory
read back by import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config
from dmvpngen.pipeline import build_network
from tests.matrix import SECRETS, matrix_inventory, write_inventory
from tests.test_ipv6_only import import_back, ipv6_only


def write(directory: Path, data: dict[str, Any]) -> Path:
    """``write_inventory`` with the SNMPv3 keys added to its secrets file."""
    path = write_inventory(directory, data)
    keys = {**SECRETS, "snmp_auth": "Test-Snmp-Auth-1", "snmp_priv": "Test-Snmp-Priv-1"}
    (directory / "lab-secrets.yaml").write_text(yaml.safe_dump(keys), encoding="utf-8")
    return path


def snmp_v6(transport: str = "ipv4", protocol: str = "eigrp") -> dict[str, Any]:
    data = ipv6_only(matrix_inventory(3, protocol, 2), transport)
    data.setdefault("monitoring", {})["snmp"] = {
        "users": [{"name": "noc", "auth_key": "secret:snmp_auth", "priv_key": "secret:snmp_priv"}],
        "managers": ["2001:db8:1::30", "2001:db8:1::31"],  # two pollers on hub1's LAN
        "trap_hosts": ["2001:db8:1::30"],
    }
    return data


@pytest.mark.parametrize("transport", ["ipv4", "ipv6"])
def test_snmp_over_ipv6_lines(transport: str, tmp_path: Path) -> None:
    net = build_network(write(tmp_path, snmp_v6(transport)))
    for name, cfg in net.configs.items():
        text = cfg.text
        # polls: the IPv6 managers only, every IPv4 poll denied (the IPv6 list comes first)
        acl6 = "ipv6 access-list SNMP-MANAGERS-V6\n permit ipv6 host 2001:DB8:1::30 any\n"
        acl6 += " permit ipv6 host 2001:DB8:1::31 any\n deny ipv6 any any log\n"
        assert acl6 in text, name
        assert "ip access-list standard SNMP-MANAGERS\n deny any log\n" in text, name
        assert (
            "snmp-server group DMVPN-MON v3 priv read DMVPN-VIEW "
            "access ipv6 SNMP-MANAGERS-V6 SNMP-MANAGERS\n" in text
        ), name
        assert "\nsnmp-server host 2001:DB8:1::30 version 3 priv noc\n" in text, name
        assert "\nsnmp-server trap-source Loopback0\n" in text, name
        # polls and NTP over IPv6 get the management class, not class-default
        mgmt = re.search(r"ipv6 access-list COPP-MGMT-V6\n((?: .*\n)+)", text)
        assert mgmt is not None, name
        assert mgmt[1].splitlines() == [
            " permit tcp any any eq 22",
            " permit udp any any eq snmp",
            " permit udp any any eq ntp",
            " permit udp any eq ntp any",
        ], name


def test_snmp_over_ipv6_checks_clean_and_traces_the_trap_host(tmp_path: Path) -> None:
    def findings(data: dict[str, Any], where: Path) -> list[Any]:
        net = build_network(write(where, data))
        devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
        return check_devices(devices, "17.9").findings

    data = snmp_v6(protocol="bgp")
    assert [f for f in findings(data, tmp_path / "ok") if f.severity in {"high", "critical"}] == []
    # check traces the trap host on the IPv6 routes: one inside the hubs' aggregate but on no
    # site LAN is swallowed by the aggregate's discard route (NET060 on every router)
    data["monitoring"]["snmp"]["trap_hosts"] = ["2001:db8:99::30"]
    lost = [f for f in findings(data, tmp_path / "lost") if f.code == "NET060"]
    assert {f.device for f in lost} == {"hub1", "hub2", "spoke1", "spoke2", "spoke3"}
    assert all("2001:db8:99::30 (snmp trap receiver)" in f.message for f in lost)


def test_snmp_over_ipv6_imports_back(tmp_path: Path) -> None:
    before, after = import_back(write(tmp_path, snmp_v6()))
    keys = sorted(k for k in set(before) | set(after) if k.startswith("monitoring.snmp."))
    assert keys, "no SNMP fields read back"
    assert {k: after.get(k) for k in keys} == {k: before.get(k) for k in keys}


def test_an_ipv4_snmp_manager_in_an_ipv6_only_overlay_is_refused(tmp_path: Path) -> None:
    from dmvpngen.errors import ValidationFailed

    data = snmp_v6()
    data["monitoring"]["snmp"]["managers"] = ["10.1.0.30"]
    with pytest.raises(ValidationFailed) as err:
        build_network(write(tmp_path, data))
    assert "SNMP manager 10.1.0.30 is IPv4" in str(err.value)
