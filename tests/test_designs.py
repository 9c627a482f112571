"""Design variants the example inventories do not show: each knob rendered as designed.

Inventories are built in code from a small base and go through the real loader, validation
and templates (``build_network``), like a user's file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.errors import ValidationFailed
from dmvpngen.model import CryptoProfile
from dmvpngen.pipeline import Network, build_network
from dmvpngen.validate.underlay import tunnel_overhead
from tests.matrix import SECRETS, separate_uplink_source, with_auth

BASE: dict[str, Any] = {
    "secrets_file": "s.secrets.yaml",
    "management": {"users": [{"name": "admin", "secret": "secret:admin_secret"}],
                   "ssh_allowed": ["10.1.0.0/24"]},
    "crypto_profiles": {"default": {"psk": "secret:psk"}},
    "routing": {"protocol": "eigrp"},
    "clouds": [
        {"name": "A", "tunnel": 1, "subnet": "10.255.0.0/24", "network_id": 1, "tunnel_key": 1,
         "hubs": ["h1"]},
        {"name": "B", "tunnel": 2, "subnet": "10.255.1.0/24", "network_id": 2, "tunnel_key": 2,
         "hubs": ["h2"], "backup": True},
    ],
    "hubs": [
        {"name": "h1", "id": 1, "wan": {"interface": "GigabitEthernet1",
                                        "address": "203.0.113.2/30"},
         "lan": [{"interface": "GigabitEthernet3", "address": "10.1.255.1/30",
                  "hub_peering": True}]},
        {"name": "h2", "id": 2, "wan": {"interface": "GigabitEthernet1",
                                        "address": "203.0.113.6/30"},
         "lan": [{"interface": "GigabitEthernet3", "address": "10.1.255.2/30",
                  "hub_peering": True}]},
    ],
    "spokes": [
        {"name": "s1", "id": 11, "wan": {"interface": "GigabitEthernet1", "dhcp": True},
         "lan": [{"interface": "GigabitEthernet2", "address": "10.11.0.1/24"}]},
    ],
}  # fmt: skip


def build(tmp_path: Path, **changes: Any) -> Network:
    data = copy.deepcopy(BASE)
    data.update(changes)
    data["routing"] = with_auth(data["routing"])
    (tmp_path / "s.secrets.yaml").write_text(yaml.safe_dump(SECRETS), encoding="utf-8")
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build_network(path)


def block(text: str, head: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(head)
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        out.append(line.strip())
    return out


def test_ospf_cost_prefers_primary_cloud(tmp_path: Path) -> None:
    net = build(tmp_path, routing={"protocol": "ospf"})
    spoke = net.configs["s1"].text
    assert "ip ospf cost 100" in block(spoke, "interface Tunnel1")
    assert "ip ospf cost 200" in block(spoke, "interface Tunnel2")
    assert "ip ospf cost 200" in block(net.configs["h2"].text, "interface Tunnel2")
    assert "delay" not in spoke


def test_no_preference_knobs_without_backup(tmp_path: Path) -> None:
    clouds = copy.deepcopy(BASE["clouds"])
    clouds[1]["backup"] = False
    net = build(tmp_path, clouds=clouds)
    assert " delay " not in net.configs["s1"].text


def test_bgp_local_preference_on_spokes_and_backup_hub(tmp_path: Path) -> None:
    net = build(tmp_path, routing={"protocol": "bgp", "asn": 65000})
    spoke = net.configs["s1"].text
    assert "  neighbor 10.255.1.2 route-map CLOUD-BACKUP-IN in" in spoke
    assert "  neighbor 10.255.0.1 route-map" not in spoke
    assert " set local-preference 50" in spoke
    assert "  neighbor SPOKES route-map CLOUD-BACKUP-IN in" in net.configs["h2"].text
    assert "CLOUD-BACKUP-IN" not in net.configs["h1"].text


def test_single_fvrf_is_matched_by_name(tmp_path: Path) -> None:
    hubs = copy.deepcopy(BASE["hubs"])
    hubs[0]["wan"].update(vrf="INET", gateway="203.0.113.1")
    net = build(tmp_path, hubs=hubs)
    hub = net.configs["h1"].text
    assert block(hub, "crypto ikev2 profile IKEV2-PROF-DEFAULT")[0] == "match fvrf INET"
    assert block(hub, "crypto ikev2 policy IKEV2-POL-DEFAULT")[0] == "match fvrf INET"
    assert "ip route vrf INET 0.0.0.0 0.0.0.0 203.0.113.1" in hub
    assert "tunnel vrf INET" in block(hub, "interface Tunnel1")
    assert "match fvrf" not in net.configs["h2"].text


def test_pppoe_pap_and_vrf_default(tmp_path: Path) -> None:
    spokes = copy.deepcopy(BASE["spokes"])
    spokes[0]["wan"] = {
        "interface": "GigabitEthernet0/0/1",
        "vrf": "DSL",
        "pppoe": {"dialer": 2, "dial_pool": 3, "username": "u@isp", "password": "secret:psk",
                  "authentication": "pap"},
    }  # fmt: skip
    net = build(tmp_path, spokes=spokes)
    text = net.configs["s1"].text
    dialer = block(text, "interface Dialer2")
    assert "ppp pap sent-username u@isp password 0 " + SECRETS["psk"] in dialer
    assert dialer[:3] == ["description WAN", "vrf forwarding DSL", "ip address negotiated"]
    assert "dialer pool 3" in dialer and "ip mtu 1492" in dialer
    assert "pppoe-client dial-pool-number 3" in block(text, "interface GigabitEthernet0/0/1")
    assert "ip route vrf DSL 0.0.0.0 0.0.0.0 Dialer2" in text
    tunnel = block(text, "interface Tunnel1")
    assert "tunnel source Dialer2" in tunnel and "ip nhrp registration no-unique" in tunnel


def test_hierarchical_bgp_listens_only_on_its_own_cloud(tmp_path: Path) -> None:
    clouds = [
        {"name": "C", "tunnel": 1, "subnet": "10.255.0.0/24", "network_id": 1,
         "tunnel_key": 1, "hubs": ["h1"]},
        {"name": "R", "tunnel": 2, "subnet": "10.255.1.0/24", "network_id": 1,
         "tunnel_key": 2, "hubs": ["h2"]},
    ]  # fmt: skip
    hubs = copy.deepcopy(BASE["hubs"])
    hubs[1]["uplinks"] = ["C"]
    separate_uplink_source(hubs[1], clouds[0], clouds[1], "192.0.2.6/30")
    spokes = copy.deepcopy(BASE["spokes"])
    spokes[0]["clouds"] = ["R"]
    net = build(tmp_path, clouds=clouds, hubs=hubs, spokes=spokes, routing={"protocol": "bgp"})
    regional = net.configs["h2"].text
    assert " bgp listen range 10.255.1.0/24 peer-group SPOKES" in regional
    assert "10.255.0.0/24 peer-group" not in regional
    assert " neighbor 10.255.0.1 remote-as 65000" in regional
    uplink = block(regional, "interface Tunnel1")
    assert "ip nhrp nhs 10.255.0.1 nbma 203.0.113.2 multicast" in uplink
    assert {"ip nhrp redirect", "ip nhrp shortcut"} <= set(uplink)
    assert "ip nhrp map multicast dynamic" not in uplink
    # one key for the network-id, so the uplink has a source of its own instead of 'shared'
    assert "tunnel source GigabitEthernet9" in uplink and "tunnel key 1" in uplink
    assert "tunnel protection ipsec profile IPSEC-DEFAULT" in uplink


def test_shared_source_rejects_missing_key(tmp_path: Path) -> None:
    clouds = copy.deepcopy(BASE["clouds"])
    del clouds[1]["tunnel_key"]
    with pytest.raises(ValidationFailed) as exc:
        build(tmp_path, clouds=clouds)
    assert any(p.path == ("clouds", 1, "tunnel_key") for p in exc.value.problems)


def test_tunnel_overhead_worst_cases() -> None:
    gcm = CryptoProfile()
    assert tunnel_overhead(gcm, keyed=True) == 73  # 20+4+4+8+8+5+16+8
    cbc = CryptoProfile(
        encryption="aes-cbc-256",
        integrity="sha256",
        esp_encryption="esp-aes 256",
        esp_integrity="esp-sha512-hmac",
        mode="tunnel",
    )
    assert tunnel_overhead(cbc, keyed=False) == 20 + 4 + 8 + 16 + 17 + 32 + 8 + 20


def test_deterministic(tmp_path: Path) -> None:
    first = {h: c.text for h, c in build(tmp_path).configs.items()}
    second = {h: c.text for h, c in build(tmp_path).configs.items()}
    assert first == second


def test_single_wan_spoke_joins_transport_clouds(tmp_path: Path) -> None:
    clouds = copy.deepcopy(BASE["clouds"])
    clouds[0]["transport"], clouds[1]["transport"] = "ISP-A", "ISP-B"
    hubs = copy.deepcopy(BASE["hubs"])
    hubs[0]["wan"]["transport"], hubs[1]["wan"]["transport"] = "ISP-A", "ISP-B"
    net = build(tmp_path, clouds=clouds, hubs=hubs)
    spoke = net.configs["s1"].text
    for tunnel in ("interface Tunnel1", "interface Tunnel2"):
        lines = block(spoke, tunnel)
        assert "tunnel source GigabitEthernet1" in lines
        assert "tunnel protection ipsec profile IPSEC-DEFAULT shared" in lines
        assert "if-state nhrp" in lines


def test_jumbo_underlay_allows_a_larger_tunnel_mtu(tmp_path: Path) -> None:
    clouds = copy.deepcopy(BASE["clouds"])
    for cloud in clouds:
        cloud.update(mtu=1500, mss=1460)
    with pytest.raises(ValidationFailed) as exc:
        build(tmp_path, clouds=clouds)
    errors = {p.path for p in exc.value.problems if p.severity == "error"}
    assert errors == {("clouds", 0, "mtu"), ("clouds", 1, "mtu")}
    hubs = copy.deepcopy(BASE["hubs"])
    spokes = copy.deepcopy(BASE["spokes"])
    for router in (*hubs, *spokes):
        router["wan"]["mtu"] = 9000
    net = build(tmp_path, clouds=clouds, hubs=hubs, spokes=spokes)
    assert "ip mtu 1500" in block(net.configs["s1"].text, "interface Tunnel1")
