"""Security, routing and monitoring designs, read back from the rendered configs.

Each test builds one shipped example inventory and checks, router by router, the cross-router
facts an engineer would check by hand: keys that pair up, certificates that match, AS numbers
the hubs accept, QoS groups every hub maps, authentication on every adjacency.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from dmvpngen.pipeline import Network, build_network
from tests.configtext import block, top, tunnel
from tests.conftest import INVENTORIES
from tests.matrix import SECRETS, matrix_inventory, write_inventory
from tests.secfacts import assert_routers_agree, blocks, keyring_peers


@cache
def net(name: str) -> Network:
    return build_network(INVENTORIES / f"{name}.yml")


def test_per_peer_keys_pair_up_on_both_ends() -> None:
    network = net("crypto-per-peer-keys")
    inv = network.loaded.inventory
    own = {c.hostname: keyring_peers(c.text) for c in network.configs.values()}
    for router, peers in own.items():
        assert "ANY" not in peers and "0.0.0.0 0.0.0.0" not in str(peers)
        for peer, entry in peers.items():
            # what I send as mine is what the peer checks as mine, and the other way round
            assert own[peer][router]["remote"] == entry["local"]
            assert own[peer][router]["local"] == entry["remote"]
    # phase 3: every spoke can open a shortcut to every other spoke
    spokes = [s.name for s in inv.spokes]
    for spoke in spokes:
        assert set(own[spoke]) == ({h.name for h in inv.hubs} | set(spokes)) - {spoke}
    keys = {entry["local"] for peers in own.values() for entry in peers.values()}
    assert len(keys) == len(own)  # one distinct key per router


def test_keys_are_stored_encrypted_and_never_type_7() -> None:
    for name in ("crypto-per-peer-keys", "crypto-ikev1", "routing-ebgp-phase2", "monitoring"):
        for cfg in net(name).configs.values():
            assert "password encryption aes" in cfg.text
            assert not re.search(r"(key-string|password|key) 7 ", cfg.text), cfg.hostname


def test_certificates_replace_every_shared_key() -> None:
    network = net("crypto-pki")
    domain = network.loaded.inventory.management.domain_name
    for cfg in network.configs.values():
        text = cfg.text
        assert "pre-shared-key" not in text and "crypto ikev2 keyring" not in text
        tp = block(text, "crypto pki trustpoint DMVPN-CA")
        assert f"subject-name CN={cfg.hostname}.{domain}" in tp
        assert "revocation-check crl" in tp
        assert "enrollment url http://203.0.113.30:80" in tp
        assert "auto-enroll 70 regenerate" in tp and "hash sha256" in tp
        assert block(text, "crypto pki certificate map DMVPN-CA-MAP 10") == [
            "issuer-name co ACME DMVPN Root CA"
        ]
        prof = block(text, "crypto ikev2 profile")
        assert "match certificate DMVPN-CA-MAP" in prof
        assert "authentication remote rsa-sig" in prof
        assert "authentication local rsa-sig" in prof
        assert "pki trustpoint DMVPN-CA" in prof


def test_eigrp_named_mode_authenticates_every_tunnel_with_hmac_sha256() -> None:
    for name in ("crypto-pki", "qos-bfd"):
        for cfg in net(name).configs.values():
            text = cfg.text
            assert "router eigrp DMVPN" in top(text)
            af = text.split("af-interface Tunnel", 1)[1].split("exit-af-interface", 1)[0]
            assert re.search(r"authentication mode hmac-sha-256 \S+", af)
            assert "ip authentication mode eigrp" not in text
            if cfg.role == "spoke":
                assert "  eigrp stub connected summary" in text
            else:
                assert "   summary-address 10.0.0.0 255.0.0.0" in text


def test_eigrp_classic_md5_key_chain_on_every_tunnel() -> None:
    for cfg in net("crypto-ikev1").configs.values():
        t = tunnel(cfg.text)
        assert "ip authentication mode eigrp 100 md5" in t
        assert "ip authentication key-chain eigrp 100 DMVPN-EIGRP" in t
        assert block(cfg.text, "key chain DMVPN-EIGRP")[0] == "key 1"
        isakmp = block(cfg.text, "crypto isakmp policy 10")
        assert "encryption aes 256" in isakmp and "group 14" in isakmp
        assert "crypto isakmp aggressive-mode disable" in top(cfg.text)
        assert "crypto ikev2" not in cfg.text


def test_ospf_hmac_sha_key_chain_on_every_tunnel() -> None:
    for cfg in net("crypto-per-peer-keys").configs.values():
        assert "ip ospf authentication key-chain DMVPN-OSPF" in tunnel(cfg.text)
        chain = block(cfg.text, "key chain DMVPN-OSPF")
        assert "cryptographic-algorithm hmac-sha-256" in chain


def test_ebgp_per_spoke_as_is_accepted_by_every_hub() -> None:
    network = net("routing-ebgp-phase2")
    inv = network.loaded.inventory
    hub_as = {}
    for cfg in network.configs.values():
        router_bgp = next(line for line in top(cfg.text) if line.startswith("router bgp "))
        hub_as[cfg.hostname] = int(router_bgp.split()[2])
    expected = {s.name: 65100 + s.id for s in inv.spokes}
    for spoke, asn in expected.items():
        assert hub_as[spoke] == asn
    for hub in inv.hubs:
        text = network.configs[hub.name].text
        bgp = block(text, "router bgp 65000")
        remote = next(line for line in bgp if line.startswith("neighbor SPOKES remote-as"))
        accepted = {int(x) for x in remote.split() if x.isdigit()}
        assert accepted == set(expected.values())
        assert "neighbor SPOKES next-hop-unchanged" in bgp  # phase 2 keeps the far spoke
        assert "neighbor SPOKES ebgp-multihop 2" in bgp
        assert "neighbor SPOKES route-reflector-client" not in bgp
        assert "neighbor SPOKES password LabOnlyBgpPass2026" in bgp
    for cfg in network.configs.values():
        bgp = next(b for h, b in blocks(cfg.text, "router bgp").items())
        neighbours = {line.split()[1] for line in bgp if line.startswith("neighbor ")}
        for n in neighbours:
            assert f"neighbor {n} password LabOnlyBgpPass2026" in bgp, (cfg.hostname, n)
            assert f"neighbor {n} fall-over bfd" in bgp
        assert "bfd interval 300 min_rx 300 multiplier 3" in tunnel(cfg.text)


def test_every_announced_nhrp_group_is_shaped_on_each_hub() -> None:
    network = net("qos-bfd")
    inv = network.loaded.inventory
    for spoke in inv.spokes:
        t = tunnel(network.configs[spoke.name].text)
        assert f"ip nhrp group {spoke.nhrp_group}" in t
        for hub in inv.hubs:
            text = network.configs[hub.name].text
            maps = [line for line in tunnel(text) if line.startswith("ip nhrp map group")]
            line = f"ip nhrp map group {spoke.nhrp_group} service-policy output "
            policy = next(m for m in maps if m.startswith(line)).split()[-1]
            shaper = block(text, f"policy-map {policy}")
            assert shaper[0] == "class class-default"
            assert shaper[1].startswith("shape average ")
            child = shaper[2].split()[-1]
            assert "class QOS-VOICE" in block(text, f"policy-map {child}")
    for cfg in network.configs.values():
        t = tunnel(cfg.text)
        assert "bfd interval 500 min_rx 500 multiplier 3" in t
        if cfg.role == "spoke":
            assert not any(line.startswith("ip nhrp map group") for line in t)
            assert "policy-map QOS-" not in cfg.text  # the CoPP policy only


def test_monitoring_is_authenticated_and_sourced_from_the_loopback() -> None:
    for cfg in net("monitoring").configs.values():
        lines = top(cfg.text)
        assert "ntp authenticate" in lines
        assert "ntp trusted-key 10" in lines
        assert any(line.startswith("ntp authentication-key 10 hmac-sha2-256 ") for line in lines)
        servers = [line for line in lines if line.startswith("ntp server ")]
        assert servers and all(line.endswith(" key 10") for line in servers)
        assert "logging source-interface Loopback0" in lines
        assert "snmp-server group NOC-RO v3 priv read NOC-VIEW access SNMP-MANAGERS" in lines
        user = next(line for line in lines if line.startswith("snmp-server user "))
        assert " v3 auth sha " in user and " priv aes 128 " in user
        assert "snmp-server host 10.1.0.40 version 3 priv noc" in lines
        assert "snmp-server community" not in cfg.text
        assert "crypto logging session" in lines
        assert "flow monitor FM-DMVPN" in lines
        t = tunnel(cfg.text)
        assert "ip flow monitor FM-DMVPN input" in t and "ip flow monitor FM-DMVPN output" in t
        assert "source Loopback0" in block(cfg.text, "flow exporter FE-1")


def test_existing_designs_gain_nothing_they_did_not_ask_for() -> None:
    # The optional features stay off unless the inventory turns them on (routing and NTP keys
    # are on by default, see test_secure_baseline.py).
    text = build_network(INVENTORIES / "phase3-single-hub-eigrp.yml").configs["hq-hub1"].text
    for absent in ("snmp-server", "flow ", "bfd", "QOS-", "crypto pki"):
        assert absent not in text


@pytest.mark.parametrize("inventory", sorted(INVENTORIES.glob("*.yml")), ids=lambda p: p.stem)
def test_every_example_agrees_on_ike_keys_and_routing_auth(inventory: Path) -> None:
    """dmvpn-reference §7: every router of a cloud shares proposals, keys and routing auth."""
    assert_routers_agree(list(build_network(inventory).configs.values()))


def _matrix_network(tmp_path: Path, phase: int, profile: dict[str, object]) -> Network:
    data = matrix_inventory(phase, "eigrp", 1)
    data["crypto_profiles"] = {"default": profile}
    return build_network(write_inventory(tmp_path, data))


def test_per_peer_keys_find_dynamic_spokes_by_fqdn_identity(tmp_path: Path) -> None:
    # phase 1: only the hub looks up the DHCP spoke's key, by the identity the spoke sends
    keys = {f"spoke{n}": f"Key-For-Spoke-{n}-0123" for n in (1, 2, 3)}
    keys["hub1"] = "Key-For-Hub-1-0123456"
    profile = {"peer_keys": [{"router": r, "psk": k} for r, k in keys.items()]}
    network = _matrix_network(tmp_path, 1, profile)
    hub = network.configs["hub1"].text
    peers = keyring_peers(hub)
    assert peers["spoke2"]["identity"] == "fqdn spoke2.dmvpn.example"
    assert peers["spoke1"]["address"] == "198.51.100.2"
    assert "match identity remote fqdn domain dmvpn.example" in block(hub, "crypto ikev2 profile")
    spoke2 = network.configs["spoke2"].text
    assert "identity local fqdn spoke2.dmvpn.example" in block(spoke2, "crypto ikev2 profile")
    assert set(keyring_peers(spoke2)) == {"hub1"}  # phase 1: spokes only talk to hubs
    spoke1 = network.configs["spoke1"].text
    assert not any(
        line.startswith("identity local") for line in block(spoke1, "crypto ikev2 profile")
    )


def test_ikev1_wildcard_key_and_policies(tmp_path: Path) -> None:
    profile = {
        "ike_version": 1,
        "psk": "secret:psk",
        "encryption": "aes-cbc-256",
        "integrity": "sha384",
        "dh_groups": [14, 20],
        "esp_encryption": "esp-aes 256",
        "esp_integrity": "esp-sha256-hmac",
        "pfs": 14,
    }
    network = _matrix_network(tmp_path, 3, profile)
    for cfg in network.configs.values():
        text = cfg.text
        assert block(text, "crypto isakmp policy 10") == [
            "encryption aes 256",
            "hash sha384",
            "authentication pre-share",
            "group 14",
            "lifetime 86400",
        ]
        assert "group 20" in block(text, "crypto isakmp policy 20")
        assert f"crypto isakmp key {SECRETS['psk']} address 0.0.0.0 0.0.0.0" in top(text)
        assert "set isakmp-profile" not in text and "set ikev2-profile" not in text


def test_prefix_keys_cover_every_branch_in_one_keyring_entry() -> None:
    network = net("routing-ebgp-phase2")
    secrets = {
        name: network.secrets.get(("crypto_profiles", "default", "peer_keys", i, "psk"))
        for i, name in enumerate(["hq-hub1", "dc-hub2", "BRANCHES"])
    }
    for cfg in network.configs.values():
        peers = keyring_peers(cfg.text)
        branches = peers["BRANCHES"]
        assert branches["address"] == "198.51.100.0 255.255.255.0"
        assert branches["remote"] == secrets["BRANCHES"]
        own = secrets.get(cfg.hostname, secrets["BRANCHES"])
        assert {p["local"] for p in peers.values()} == {own}
        # hubs keep their own keys, matched host by host (longest match wins over the prefix)
        for hub in ("hq-hub1", "dc-hub2"):
            if hub != cfg.hostname:
                assert peers[hub]["remote"] == secrets[hub]
        assert not any(name.startswith("branch-") for name in peers)


def test_named_mode_md5_and_ospf_message_digest(tmp_path: Path) -> None:
    data = matrix_inventory(2, "eigrp", 1)
    data["routing"] = {
        "protocol": "eigrp",
        "mode": "named",
        "authentication": {"algorithm": "md5", "key_id": 7, "auth_key": "Named-Md5-Key-1"},
    }
    network = build_network(write_inventory(tmp_path / "eigrp", data))
    for cfg in network.configs.values():
        af = cfg.text.split("af-interface Tunnel10", 1)[1].split("exit-af-interface", 1)[0]
        assert "authentication mode md5" in af
        assert "authentication key-chain DMVPN-EIGRP" in af
        assert block(cfg.text, "key chain DMVPN-EIGRP") == ["key 7", "key-string Named-Md5-Key-1"]
        if cfg.role == "hub":  # phase 2 on the named-mode hub
            assert "no split-horizon" in af and "no next-hop-self" in af
    data = matrix_inventory(2, "ospf", 1)
    data["routing"]["authentication"] = {"algorithm": "md5", "auth_key": "Ospf-Md5-Key-1"}
    network = build_network(write_inventory(tmp_path / "ospf", data))
    for cfg in network.configs.values():
        t = tunnel(cfg.text)
        assert "ip ospf authentication message-digest" in t
        assert "ip ospf message-digest-key 1 md5 Ospf-Md5-Key-1" in t
        assert "key chain" not in cfg.text
