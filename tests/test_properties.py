"""Property test: random valid inventories validate cleanly, render, and render the same twice.

The strategy draws from the whole design space this project supports (phase, routing protocol
and its options, IKE version, wildcard / per-peer keys / certificates, summaries, BFD, per-tunnel
QoS, monitoring, platforms, static and DHCP WANs) but only valid combinations, so any error is
a bug in validation or rendering. Bounded to a few routers per network so it runs in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmvpngen.model.loader import parse_inventory_text
from dmvpngen.pipeline import check_resolved_secrets
from dmvpngen.render import render_inventory
from dmvpngen.secrets import resolve_secrets
from dmvpngen.validate import validate_inventory
from tests.secfacts import assert_routers_agree

KEY = "Prop-Test-Key-0123456789"

# the explicit opt-out the model demands when no key is given
OPT_OUT = "property test without keys"


@st.composite
def crypto_profile(draw: st.DrawFn, routers: list[dict[str, Any]], dynamic_spokes: bool) -> Any:
    kinds = ["wildcard-v2", "wildcard-v1", "pki-v2", "pki-v1"]
    if not dynamic_spokes:
        kinds += ["per-peer", "per-prefix"]
    kind = draw(st.sampled_from(kinds))
    if kind.endswith("v1"):
        prof: dict[str, Any] = {
            "ike_version": 1,
            "encryption": draw(st.sampled_from(["aes-cbc-256", "aes-cbc-128"])),
            "integrity": draw(st.sampled_from(["sha256", "sha384"])),
            "dh_groups": draw(st.sampled_from([[14], [14, 19], [20]])),
            "esp_encryption": "esp-aes 256",
            "esp_integrity": "esp-sha256-hmac",
            "pfs": 14,
        }
    else:
        prof = {"dh_groups": draw(st.sampled_from([[19, 20], [14], [21]]))}
    if kind.startswith("wildcard"):
        prof["psk"] = KEY
    elif kind == "per-peer":
        prof["peer_keys"] = [{"router": r["name"], "psk": f"{KEY}-{r['id']}"} for r in routers]
    elif kind == "per-prefix":
        # hubs and DHCP spokes by name, static spokes by their WAN prefix
        prof["peer_keys"] = [
            {"router": r["name"], "psk": f"{KEY}-{r['id']}"}
            for r in routers
            if r["id"] < 10 or "dhcp" in r["wan"]
        ] + [{"prefix": "198.51.100.0/24", "psk": f"{KEY}-branches"}]
    else:
        prof["authentication"] = "rsa-sig"
        prof["pki"] = {
            "issuer": "Prop CA",
            "url": "http://203.0.113.30:80",
            "revocation_check": draw(st.sampled_from(["crl", "crl-none", "ocsp"])),
            "identity": draw(st.sampled_from(["dn", "fqdn"])),
        }
    return prof


@st.composite
def routing(draw: st.DrawFn, protocol: str, phase: int, spokes: int) -> dict[str, Any]:
    if protocol == "eigrp":
        mode = draw(st.sampled_from(["classic", "named"]))
        out: dict[str, Any] = {"protocol": "eigrp", "as": 100, "mode": mode}
        out["stub_type"] = draw(st.sampled_from(["connected-summary", "connected", "summary"]))
        algorithms = ["md5"] if mode == "classic" else ["md5", "hmac-sha-256"]
        if draw(st.booleans()):
            out["authentication"] = {
                "algorithm": draw(st.sampled_from(algorithms)),
                "auth_key": KEY,
            }
        else:
            out["no_authentication"] = OPT_OUT
        return out
    if protocol == "ospf":
        out = {"protocol": "ospf"}
        if draw(st.booleans()):
            algorithm = draw(st.sampled_from(["md5", "hmac-sha-256"]))
            # an OSPF MD5 key is 16 octets at most (RFC 2328 D.3); key chains take 80
            key = KEY[:16] if algorithm == "md5" else KEY
            out["authentication"] = {"algorithm": algorithm, "auth_key": key}
        else:
            out["no_authentication"] = OPT_OUT
        return out
    out = {"protocol": "bgp", "asn": 65000}
    ebgp = draw(st.sampled_from(["ibgp", "shared", "per-spoke"]))
    if ebgp != "ibgp":
        out["spoke_asn"] = 65100
        out["spoke_asn_per_spoke"] = ebgp == "per-spoke"
    if draw(st.booleans()):
        out["password"] = "PropBgpPass1"
    else:
        out["no_authentication"] = OPT_OUT
    return out


@st.composite
def inventories(draw: st.DrawFn) -> dict[str, Any]:
    phase = draw(st.sampled_from([1, 2, 3]))
    protocol = draw(st.sampled_from(["eigrp", "ospf", "bgp"]))
    n_hubs = 1 if phase == 1 else draw(st.integers(1, 2))
    n_spokes = draw(st.integers(0, 4))
    hubs = [
        {
            "name": f"hub{i}",
            "id": i,
            "wan": {"interface": "GigabitEthernet1", "address": f"203.0.113.{4 * i - 2}/30"},
            "loopback": f"10.0.0.{i}",
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.{i}.0.1/24"}],
        }
        for i in range(1, n_hubs + 1)
    ]
    spokes = []
    for n in range(1, n_spokes + 1):
        sid = 10 + n
        dhcp = draw(st.booleans())
        wan = (
            {"interface": "GigabitEthernet1", "dhcp": True}
            if dhcp
            else {"interface": "GigabitEthernet1", "address": f"198.51.100.{4 * n - 2}/30"}
        )
        spoke: dict[str, Any] = {
            "name": f"spoke{n}",
            "id": sid,
            "platform": draw(st.sampled_from(["ios", "iosxe"])),
            "wan": wan,
            "loopback": f"10.0.0.{sid}",
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.{sid}.0.1/24"}],
        }
        spokes.append(spoke)
    dynamic = phase != 1 and any("dhcp" in s["wan"] for s in spokes)
    cloud: dict[str, Any] = {
        "name": "DMVPN",
        "tunnel": 10,
        "subnet": "10.255.0.0/24",
        "network_id": 10,
        "tunnel_key": 10,
        "nhrp_auth": "PropNhrp",
        "phase": phase,
    }
    if phase != 2 and protocol != "ospf" and draw(st.booleans()):
        cloud["summary"] = ["10.0.0.0/8"]
    if draw(st.booleans()):
        cloud["bfd"] = {"interval": draw(st.sampled_from([100, 300, 999])), "multiplier": 3}
    data: dict[str, Any] = {
        "name": "prop",
        "management": {
            "config_key": KEY,
            "users": [{"name": "admin", "secret": KEY}],
            "ntp_servers": ["10.1.0.10", "203.0.113.123"],
            "syslog_hosts": ["10.1.0.20"],
            "ssh_allowed": ["10.1.0.0/24"],
        },
        "crypto_profiles": {"default": draw(crypto_profile([*hubs, *spokes], dynamic))},
        "routing": draw(routing(protocol, phase, n_spokes)),
        "clouds": [cloud],
        "hubs": hubs,
        "spokes": spokes,
    }
    if draw(st.booleans()):
        data["monitoring"] = {
            "source_interface": "Loopback0",
            "crypto_logging": draw(st.booleans()),
            "ntp_auth": {"algorithm": "hmac-sha2-256", "auth_key": KEY},
            "snmp": {
                "users": [{"name": "nms", "auth_key": KEY, "priv_key": KEY}],
                "trap_hosts": ["10.1.0.40"],
            },
            "netflow": {"collectors": ["10.1.0.50"]},
        }
    else:
        data["monitoring"] = {"no_ntp_authentication": OPT_OUT}
    if spokes and draw(st.booleans()):
        data["qos"] = {
            "classes": [{"name": "VOICE", "dscp": ["ef"], "priority_percent": 20}],
            "groups": [{"name": "SMALL", "shape_kbps": 2000}, {"name": "BIG", "shape_kbps": 9000}],
        }
        for spoke in spokes:
            spoke["nhrp_group"] = draw(st.sampled_from(["SMALL", "BIG"]))
    return data


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(inventories())
def test_random_valid_inventories_render_deterministically(data: dict[str, Any]) -> None:
    loaded = parse_inventory_text(yaml.safe_dump(data, sort_keys=False), "prop.yml")
    errors = [p for p in validate_inventory(loaded) if p.severity == "error"]
    assert not errors, [p.render() for p in errors]
    secrets = resolve_secrets(loaded.inventory, loaded.locator, Path(), None)
    assert not check_resolved_secrets(loaded, secrets)
    first = render_inventory(loaded.inventory, secrets)
    second = render_inventory(loaded.inventory, secrets)
    assert [c.text for c in first] == [c.text for c in second]
    assert len(first) == len(data["hubs"]) + len(data["spokes"])
    for cfg in first:
        assert cfg.text.endswith("end\n")
        assert "{{" not in cfg.text and "None" not in cfg.text
        assert f"hostname {cfg.hostname}" in cfg.text
    assert_routers_agree(first)
