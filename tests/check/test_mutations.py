"""Render an example inventory, break one router's config, and assert the exact finding."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.check.model import CheckResult
from dmvpngen.parse import parse_config

ROOT = Path(__file__).resolve().parents[2]
EIGRP = str(ROOT / "inventories" / "phase3-single-hub-eigrp.yml")
OSPF = str(ROOT / "inventories" / "phase2-ospf.yml")


@cache
def rendered(inventory: str) -> dict[str, str]:
    from dmvpngen.pipeline import build_network

    return {name: cfg.text for name, cfg in build_network(inventory).configs.items()}


def check(
    inventory: str, mutate: dict[str, tuple[str, str]], version: str | None = "15.9"
) -> CheckResult:
    devices = []
    for name, text in rendered(inventory).items():
        if name in mutate:
            old, new = mutate[name]
            assert old in text, f"{old!r} not in {name}"
            text = text.replace(old, new, 1)
        devices.append(parse_config(text, f"{name}.cfg"))
    return check_devices(devices, version)


def line_of(inventory: str, name: str, needle: str) -> int:
    text = rendered(inventory)[name]
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("inventory", sorted(str(p) for p in (ROOT / "inventories").glob("*.yml")))
def test_examples_are_clean(inventory: str) -> None:
    r = check(inventory, {}, version="17.9")
    from tests.check.test_routes_examples import EXPECTED

    known = set(EXPECTED.get(Path(inventory).stem, []))  # routing faults the designs still have
    high = [f for f in r.findings if f.severity in {"high", "critical"}]
    assert [f for f in high if (f.code, f.device, f.line) not in known] == []
    assert all(c.counts()["via-hub"] == 0 and c.counts()["broken"] == 0 for c in r.clouds)
    # hub-only spokes are kept apart by design (blocked by policy); nothing else is
    blocked = sum(c.counts()["blocked"] for c in r.clouds)
    assert blocked == (2 if inventory.endswith("spoke-isolation-eigrp.yml") else 0)
    # hierarchy: spokes of different regions go direct (one NHRP network-id and one tunnel
    # key, phase 3)
    assert [x.result for x in r.inter_cloud] == (
        ["direct"] if Path(inventory).stem.startswith("hierarchical-") else []
    )


CASES = [
    # (code, mutated router, old, new, line needle in the mutated config, expected peer)
    ("NET001", "branch-01", "tunnel key 100", "tunnel key 101", "tunnel key 101", "hq-hub1"),
    (
        "NET002",
        "branch-02",
        "ip nhrp authentication LabNhrp1",
        "ip nhrp authentication Wrong1",
        "ip nhrp authentication Wrong1",
        "hq-hub1",
    ),
    ("NET009", "branch-01", "nbma 203.0.113.2", "nbma 203.0.113.9", "nbma 203.0.113.9", "hq-hub1"),
    (
        "NET007",
        "branch-01",
        "ip nhrp nhs 10.255.0.1",
        "ip nhrp nhs 10.255.0.12",
        "ip nhrp nhs 10.255.0.12",
        "branch-02",
    ),
    (
        "NET008",
        "branch-01",
        "ip nhrp nhs 10.255.0.1",
        "ip nhrp nhs 10.255.0.99",
        "ip nhrp nhs 10.255.0.99",
        "10.255.0.99",
    ),
    ("NET014", "branch-03", "ip nhrp shortcut\n", "", "interface Tunnel100", "hq-hub1"),
    ("NET013", "hq-hub1", "ip nhrp redirect\n", "", "interface Tunnel100", None),
    (
        "NET021",
        "branch-01",
        "pre-shared-key Lab-Only-PSK-4c7f0e9b2a61d385",
        "pre-shared-key Other-Key-123",
        "tunnel protection",
        "hq-hub1",
    ),
    ("NET022", "branch-01", "esp-gcm 256", "esp-gcm 128", "tunnel protection", "hq-hub1"),
    ("NET030", "branch-01", "router eigrp 100", "router eigrp 200", "router eigrp 200", "hq-hub1"),
    ("NET054", "hq-hub1", "ip nhrp map multicast dynamic\n", "", "interface Tunnel100", None),
    (
        "NET006",
        "branch-02",
        "ip address 10.255.0.12 255.255.255.0",
        "ip address 10.255.0.11 255.255.255.0",
        "ip address 10.255.0.11 255.255.255.0",
        "branch-01",
    ),
    ("NET046", "branch-02", "ip nhrp registration no-unique\n", "", "interface Tunnel100", None),
]


@pytest.mark.parametrize(
    ("code", "router", "old", "new", "needle", "peer"), CASES, ids=[c[0] for c in CASES]
)
def test_mutation_is_caught(
    code: str, router: str, old: str, new: str, needle: str, peer: str | None
) -> None:
    base = check(EIGRP, {})
    assert not [f for f in base.findings if f.code == code]
    r = check(EIGRP, {router: (old, new)})
    mutated = rendered(EIGRP)[router].replace(old, new, 1)
    line = mutated[: mutated.index(needle)].count("\n") + 1
    hits = [f for f in r.findings if f.code == code and f.device == router]
    assert hits, [(f.code, f.device, f.line) for f in r.findings]
    assert any(f.line == line and f.peer == peer for f in hits), [(f.line, f.peer) for f in hits]


def test_wan_shutdown_breaks_every_pair_of_that_spoke() -> None:
    text = rendered(EIGRP)["branch-01"]
    start = text.index("interface GigabitEthernet1")
    no_shut = text.index(" no shutdown", start)
    r = check(EIGRP, {"branch-01": (text[start : no_shut + 12], text[start:no_shut] + " shutdown")})
    hits = [f for f in r.findings if f.code == "NET051"]
    assert [(f.device, f.severity) for f in hits] == [("branch-01", "critical")]
    (c,) = r.clouds
    assert c.counts() == {"direct": 1, "via-hub": 0, "blocked": 0, "broken": 2}


def test_spoke_psk_mismatch_cuts_that_spoke_off() -> None:
    # IKE with the hub fails, so the spoke never registers: its pairs break, the others stay direct.
    r = check(
        EIGRP, {"branch-01": ("pre-shared-key Lab-Only-PSK-4c7f0e9b2a61d385", "pre-shared-key X-1")}
    )
    (c,) = r.clouds
    assert c.counts()["direct"] == 1 and c.counts()["broken"] == 2


def test_ospf_phase2_network_type_and_priority() -> None:
    text = rendered(OSPF)["spoke-a"]
    assert "ip ospf network broadcast" in text
    r = check(
        OSPF, {"spoke-a": ("ip ospf network broadcast", "ip ospf network point-to-multipoint")}
    )
    assert [(f.code, f.device, f.peer) for f in r.findings if f.code == "NET032"] == [
        ("NET032", "spoke-a", "hub")
    ]
    r2 = check(OSPF, {"spoke-b": ("ip ospf priority 0", "ip ospf priority 5")})
    assert [(f.code, f.device) for f in r2.findings if f.code == "NET033"] == [
        ("NET033", "spoke-b")
    ]
    r3 = check(OSPF, {"hub": ("ip ospf network broadcast", "ip ospf network point-to-multipoint")})
    assert "NET015" in {f.code for f in r3.findings}


BGP = str(ROOT / "inventories" / "phase3-dual-hub-ibgp.yml")
# a second cloud's tunnel on the same WAN interface, same key, no 'shared'
SECOND_TUNNEL = (
    "interface Tunnel200\n ip address 10.9.0.11 255.255.255.0\n ip nhrp network-id 9\n"
    " ip nhrp nhs 10.9.0.1 nbma 203.0.113.2 multicast\n tunnel source GigabitEthernet1\n"
    " tunnel mode gre multipoint\n tunnel key 100\n"
    " tunnel protection ipsec profile IPSEC-DEFAULT\n!\ninterface Tunnel100"
)
PSK = "pre-shared-key Lab-Only-PSK-4c7f0e9b2a61d385"
NHS = "ip nhrp nhs 10.255.0.1 nbma 203.0.113.2 multicast"
WAN_E = "ip address 198.51.100.2 255.255.255.252"
PROT = "tunnel protection ipsec profile IPSEC-DEFAULT"

# (code, inventory, {router: [(old, new), ...]}, device, needle for the line (None: no line
# check), peer). Each case breaks exactly one invariant of dmvpn-reference §7.
MORE = [
    (
        "NET003",
        EIGRP,
        {
            r: [("authentication LabNhrp1", "authentication LabNhrp1x")]
            for r in ("hq-hub1", "branch-01", "branch-02", "branch-03")
        },
        "hq-hub1",
        "authentication LabNhrp1x",
        None,
    ),
    (
        "NET004",
        EIGRP,
        {"branch-01": [("network-id 100", "network-id 7")]},
        "branch-01",
        "network-id 7",
        "hq-hub1",
    ),
    (
        "NET005",
        EIGRP,
        {"branch-01": [("10.255.0.11 255.255.255.0", "10.255.0.11 255.255.255.128")]},
        "branch-01",
        "10.255.0.11 255.255.255.128",
        "hq-hub1",
    ),
    (
        "NET010",
        EIGRP,
        {"branch-01": [(NHS, "ip nhrp nhs 10.255.0.1")]},
        "branch-01",
        "ip nhrp nhs 10.255.0.1",
        "hq-hub1",
    ),
    ("NET012", EIGRP, {"branch-01": [(NHS + "\n", "")]}, "branch-01", "interface Tunnel100", None),
    (
        "NET017",
        EIGRP,
        {"branch-01": [("tunnel mode gre multipoint", "tunnel destination 203.0.113.2")]},
        "branch-02",
        "tunnel mode gre multipoint",
        "hq-hub1",
    ),
    (
        "NET020",
        EIGRP,
        {"branch-01": [("encryption aes-gcm-256", "encryption aes-gcm-128")]},
        "branch-01",
        PROT,
        "hq-hub1",
    ),
    (
        "NET023",
        EIGRP,
        {"branch-01": [("mode transport", "mode tunnel")]},
        "branch-01",
        PROT,
        "hq-hub1",
    ),
    (
        "NET024",
        EIGRP,
        {"branch-01": [("set pfs group19", "set pfs group20")]},
        "branch-01",
        PROT,
        "hq-hub1",
    ),
    (
        "NET025",
        EIGRP,
        {"branch-01": [(PROT + "\n", "")]},
        "branch-01",
        "interface Tunnel100",
        "hq-hub1",
    ),
    (
        "NET026",
        EIGRP,
        {"branch-01": [(" set ikev2-profile IKEV2-PROF-DEFAULT\n", "")]},
        "branch-01",
        PROT,
        "hq-hub1",
    ),
    (
        "NET027",
        EIGRP,
        {"branch-01": [(PROT, "tunnel protection ipsec profile NOPE")]},
        "branch-01",
        "profile NOPE",
        None,
    ),
    (
        "NET028",
        EIGRP,
        {r: [(PROT + "\n", "")] for r in ("hq-hub1", "branch-01", "branch-02", "branch-03")},
        "hq-hub1",
        "interface Tunnel100",
        None,
    ),
    (
        "NET029",
        EIGRP,
        {"branch-01": [("authentication remote pre-share", "authentication remote rsa-sig")]},
        "branch-01",
        PROT,
        "hq-hub1",
    ),
    (
        "NET031",
        OSPF,
        {"spoke-a": [(" ip ospf 1 area 0\n tunnel", " ip ospf 1 area 5\n tunnel")]},
        "spoke-a",
        "ip ospf 1 area 5",
        "hub",
    ),
    (
        "NET034",
        OSPF,
        {
            "spoke-a": [
                (
                    "ip ospf authentication key-chain DMVPN-OSPF",
                    "ip ospf authentication message-digest",
                )
            ]
        },
        "spoke-a",
        "ip ospf authentication message-digest",
        "hub",
    ),
    (
        "NET035",
        BGP,
        {
            r: [("bgp listen range 10.255.0.0/24", "bgp listen range 10.255.0.128/25")]
            for r in ("hq-hub1", "dc-hub2")
        },
        "hq-hub1",
        None,
        "branch-01",
    ),
    (
        "NET036",
        BGP,
        {"branch-01": [("remote-as 65000", "remote-as 65001")]},
        "branch-01",
        "remote-as 65001",
        "hq-hub1",
    ),
    (
        "NET037",
        OSPF,
        {r: [(" ip ospf network broadcast\n", "")] for r in ("hub", "spoke-a", "spoke-b")},
        "hub",
        "ip ospf 1 area 0\n tunnel",
        "spoke-a",
    ),
    (
        "NET038",
        EIGRP,
        {"branch-01": [(" network 10.255.0.0 0.0.0.255\n", "")]},
        "branch-01",
        "interface Tunnel100",
        "hq-hub1",
    ),
    (
        "NET038",
        EIGRP,
        {"branch-02": [(" no passive-interface Tunnel100\n", "")]},
        "branch-02",
        "passive-interface default",
        "hq-hub1",
    ),
    (
        "NET039",
        BGP,
        {"hq-hub1": [("bgp listen limit 100", "bgp listen limit 2")]},
        "hq-hub1",
        "bgp listen limit 2",
        None,
    ),
    (
        "NET040",
        EIGRP,
        {
            "branch-01": [
                (
                    "interface Tunnel100",
                    SECOND_TUNNEL,
                )
            ]
        },
        "branch-01",
        None,
        None,
    ),
    (
        "NET041",
        EIGRP,
        {"branch-01": [("interface Tunnel100", SECOND_TUNNEL.replace("key 100", "key 200"))]},
        "branch-01",
        None,
        None,
    ),
    (
        "NET042",
        EIGRP,
        {
            "branch-01": [
                (
                    "interface Tunnel100",
                    SECOND_TUNNEL.replace("key 100", "key 200").replace(
                        "source GigabitEthernet1", "source 198.51.100.2"
                    ),
                )
            ]
        },
        "branch-01",
        "source 198.51.100.2",
        None,
    ),
    (
        "NET045",
        EIGRP,
        {"branch-01": [("mode transport", "mode tunnel"), (WAN_E, WAN_E + "\n ip nat outside")]},
        "branch-01",
        PROT,
        None,
    ),
    (
        "NET048",
        EIGRP,
        {"hq-hub1": [("ip address 203.0.113.2 255.255.255.252", "ip address dhcp")]},
        "hq-hub1",
        "tunnel source",
        None,
    ),
    (
        "NET050",
        EIGRP,
        {"branch-01": [("tunnel source GigabitEthernet1", "tunnel source GigabitEthernet9")]},
        "branch-01",
        "tunnel source GigabitEthernet9",
        None,
    ),
    (
        "NET052",
        EIGRP,
        {"branch-01": [(WAN_E, "no ip address")]},
        "branch-01",
        "tunnel source",
        None,
    ),
    (
        "NET053",
        EIGRP,
        {"branch-01": [("interface Tunnel100\n", "interface Tunnel100\n shutdown\n")]},
        "branch-01",
        "+1 interface Tunnel100\n shutdown",
        None,
    ),
    (
        "NET055",
        EIGRP,
        {"branch-01": [(NHS, "ip nhrp nhs 10.255.0.1 nbma 203.0.113.2")]},
        "branch-01",
        "ip nhrp nhs 10.255.0.1",
        None,
    ),
    (
        "NET056",
        EIGRP,
        {
            "branch-01": [
                (NHS, NHS + "\n ip nhrp map 10.255.0.2 203.0.113.6\n ip nhrp nhs 10.255.0.2")
            ]
        },
        "branch-01",
        NHS,
        None,
    ),
    (
        "NET057",
        EIGRP,
        {
            "branch-01": [
                ("tunnel mode gre multipoint", "tunnel mode gre multipoint\n keepalive 10 3")
            ]
        },
        "branch-01",
        "keepalive 10 3",
        None,
    ),
]


def check_many(
    inventory: str, mutate: dict[str, list[tuple[str, str]]]
) -> tuple[CheckResult, dict[str, str]]:
    texts = {}
    for name, text in rendered(inventory).items():
        for old, new in mutate.get(name, []):
            assert old in text, f"{old!r} not in {name}"
            text = text.replace(old, new, 1)
        texts[name] = text
    return check_devices([parse_config(t, f"{n}.cfg") for n, t in texts.items()], "15.9"), texts


@pytest.mark.parametrize(
    ("code", "inventory", "mutate", "device", "needle", "peer"), MORE, ids=[c[0] for c in MORE]
)
def test_each_invariant_is_caught(
    code: str,
    inventory: str,
    mutate: dict[str, list[tuple[str, str]]],
    device: str,
    needle: str | None,
    peer: str | None,
) -> None:
    base, _ = check_many(inventory, {})
    assert not [f for f in base.findings if f.code == code]
    r, texts = check_many(inventory, mutate)
    hits = [f for f in r.findings if f.code == code and f.device == device]
    assert hits, [(f.code, f.device, f.line) for f in r.findings]
    if needle is not None:
        text = texts[device]
        offset = 1 if needle.startswith("+1 ") else 0
        needle = needle.removeprefix("+1 ")
        line = text[: text.index(needle)].count("\n") + 1 + offset
        assert any(f.line == line for f in hits), ([f.line for f in hits], line)
    if peer is not None:
        assert any(f.peer == peer for f in hits), [f.peer for f in hits]


TS_B = "crypto ipsec transform-set TS-B esp-aes 256 esp-sha256-hmac\n mode transport\n!\n"
TS_GCM = "crypto ipsec transform-set TS-B esp-gcm 128\n mode transport\n!\n"


def test_spoke_to_spoke_ipsec_fails_while_hub_spoke_works() -> None:
    """The classic: the hub accepts two transform sets, one spoke only offers the other one."""
    hub_fix = [
        ("crypto ipsec profile IPSEC-DEFAULT", TS_B + "crypto ipsec profile IPSEC-DEFAULT"),
        ("set transform-set TS-DEFAULT", "set transform-set TS-DEFAULT TS-B"),
    ]
    spoke_fix = [
        ("crypto ipsec profile IPSEC-DEFAULT", TS_B + "crypto ipsec profile IPSEC-DEFAULT"),
        ("set transform-set TS-DEFAULT", "set transform-set TS-B"),
    ]
    r, _ = check_many(EIGRP, {"hq-hub1": hub_fix, "branch-01": spoke_fix})
    (c,) = r.clouds
    assert all(x.ok for x in c.links if x.kind in {"ike", "nhrp"})  # hub-spoke all fine
    assert c.spoke_ike_groups == [["branch-01"], ["branch-02", "branch-03"]]
    assert [x.ok for x in c.spoke_ike] == [False, True]
    hits = [f for f in r.findings if f.code == "NET022"]
    assert [(f.device, f.peer) for f in hits] == [("branch-01", "branch-02")]
    assert "1x2 spokes" in hits[0].message
    # phase 3: the shortcut never forms, traffic stays on the hub; the other pair goes direct
    assert c.counts() == {"direct": 1, "via-hub": 2, "blocked": 0, "broken": 0}
    reasons = {cls.result: cls.reason for cls in c.forwarding}
    assert "IPsec fails" in reasons["via-hub"]


def test_phase2_spoke_ipsec_failure_blackholes() -> None:
    """In phase 2 routes point at the far spoke: a failing spoke-spoke SA breaks the pair."""
    both = [
        ("crypto ipsec profile IPSEC-DEFAULT", TS_GCM + "crypto ipsec profile IPSEC-DEFAULT"),
        ("set transform-set TS-DEFAULT", "set transform-set TS-DEFAULT TS-B"),
    ]
    only_b = [
        ("crypto ipsec profile IPSEC-DEFAULT", TS_GCM + "crypto ipsec profile IPSEC-DEFAULT"),
        ("set transform-set TS-DEFAULT", "set transform-set TS-B"),
    ]
    r, _ = check_many(OSPF, {"hub": both, "spoke-a": only_b})
    (c,) = r.clouds
    assert c.phase == 2
    assert all(x.ok for x in c.links if x.kind in {"ike", "nhrp", "ospf"})
    assert c.counts() == {"direct": 0, "via-hub": 0, "blocked": 0, "broken": 1}


def test_phase2_next_hop_self_hairpins() -> None:
    r, _ = check_many(
        OSPF,
        {
            "hub": [("ip ospf network broadcast", "ip ospf network point-to-multipoint")],
            "spoke-a": [("ip ospf network broadcast", "ip ospf network point-to-multipoint")],
            "spoke-b": [("ip ospf network broadcast", "ip ospf network point-to-multipoint")],
        },
    )
    (c,) = r.clouds
    assert c.counts() == {"direct": 0, "via-hub": 1, "blocked": 0, "broken": 0}
    assert [f.code for f in r.findings if f.severity == "high"] == ["NET015"]
