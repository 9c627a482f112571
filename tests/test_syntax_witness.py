"""Syntax witnesses: underlay command forms dmvpngen emits also appear in real configurations.

Each form is a regular expression over one config line (arguments generalised). A form must
occur in the rendered examples (so the check never passes vacuously) and in at least one of the
real configurations under tests/corpus/ (copied unchanged from the shared corpus; sources in
tests/corpus/SOURCES.tsv). Forms without a witness there (PPPoE, tunnel ACLs, the inside VRF's
classic EIGRP address family and management 'vrf' keywords, the PIM RP, SPT threshold and DR
priority lines and their 'ip pim vrf' forms, the one-line IPv6 NHS with 'nbma', NHRP for IPv6
redirect/shortcut/holdtime/authentication, OSPFv3 and EIGRP's IPv6 address family) were checked
against Cisco documentation instead; see docs/designs.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES

CORPUS = Path(__file__).parent / "corpus"
WORD = r"[A-Za-z0-9_./-]+"
IP = r"\d+\.\d+\.\d+\.\d+"

FORMS = {
    "vrf definition": rf"vrf definition {WORD}",
    "vrf address family": r"address-family ipv4",
    "vrf address family end": r"exit-address-family",
    "interface in a vrf": rf"vrf forwarding {WORD}",
    "tunnel vrf": rf"tunnel vrf {WORD}",
    "ikev2 match fvrf": rf"match fvrf {WORD}",
    "default route in a vrf": rf"ip route vrf {WORD} 0\.0\.0\.0 0\.0\.0\.0 {IP}",
    "shared protection": rf"tunnel protection ipsec profile {WORD} shared",
    "tunnel key": r"tunnel key \d+",
    "eigrp tunnel delay": r"delay \d+",
    "tunnel down without nhs": r"if-state nhrp",
    "dynamic address registration": r"ip nhrp registration no-unique",
    "nhs with nbma": rf"ip nhrp nhs {IP} nbma {IP} multicast",
    # inside VRF (overlay_vrf)
    "route distinguisher": r"rd \d+:\d+",
    "eigrp named in a vrf": rf"address-family ipv4 unicast vrf {WORD} autonomous-system \d+",
    "ospf process in a vrf": rf"router ospf \d+ vrf {WORD}",
    "ospf vrf-lite": r"capability vrf-lite",
    # multicast
    "multicast routing (IOS 15)": r"ip multicast-routing",
    "multicast routing (IOS-XE)": r"ip multicast-routing distributed",
    "multicast routing in an inside vrf (IOS-XE)": rf"ip multicast-routing vrf {WORD} distributed",
    "pim sparse mode": r"ip pim sparse-mode",
    "pim nbma mode": r"ip pim nbma-mode",
    # IPv6 over DMVPN (dual stack)
    "ipv6 routing": r"ipv6 unicast-routing",
    "ipv6 link-local address": r"ipv6 address FE80::[0-9A-F]+ link-local",
    "ipv6 global address": r"ipv6 address [0-9A-F:]+/\d+",
    "ipv6 mtu": r"ipv6 mtu \d+",
    "ipv6 nhrp network-id": r"ipv6 nhrp network-id \d+",
    "ipv6 nhrp multicast to spokes": r"ipv6 nhrp map multicast dynamic",
    "ipv6 nhrp static map": rf"ipv6 nhrp map [0-9A-F:]+/128 {IP}",
}


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.lstrip("\ufeff").splitlines()}


@pytest.fixture(scope="module")
def corpus_lines() -> set[str]:
    out: set[str] = set()
    for path in sorted(CORPUS.glob("*.cfg")):
        out |= _lines(path.read_text(encoding="utf-8-sig"))
    return out


@pytest.fixture(scope="module")
def rendered_lines() -> set[str]:
    out: set[str] = set()
    for path in sorted(INVENTORIES.glob("*.yml")):
        for cfg in build_network(path).configs.values():
            out |= _lines(cfg.text)
    return out


@pytest.mark.parametrize("form", sorted(FORMS), ids=lambda f: f.replace(" ", "-"))
def test_form_is_emitted_and_witnessed(
    form: str, corpus_lines: set[str], rendered_lines: set[str]
) -> None:
    pattern = re.compile(FORMS[form])
    assert any(pattern.fullmatch(line) for line in rendered_lines), f"{form}: not emitted"
    assert any(pattern.fullmatch(line) for line in corpus_lines), f"{form}: no real witness"
