"""The IOS-XE CLI's own rules for 'address-family ipv4 vrf', held against every rendered BGP
inside-VRF variant (iBGP and eBGP, phases 1 to 3, IOS-XE and IOS 15 hubs).

The rules are the ``must`` statements of Cisco's IOS-XE 17.12.1 BGP model
(YangModels/yang ``vendor/cisco/xe/17121/Cisco-IOS-XE-bgp.yang``), which the router applies to
the CLI as well (docs/review.md, 'BGP in an inside VRF: line by line'):

- the VRF's address family needs an ``rd`` on the VRF;
- a member's ``neighbor X peer-group P`` needs ``P`` defined first in the same family;
- ``bgp listen`` in a VRF family has ``limit`` and ``block`` only, no ``range``;
- ``next-hop-unchanged`` only towards an eBGP multihop neighbour or an iBGP one;
- ``route-reflector-client`` only towards an iBGP neighbour.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_bgp_inside_vrf import address_family, bgp_asn, bgp_lines, build, variant

VARIANTS: list[tuple[int, dict[str, Any], str]] = [
    (1, {}, "iosxe"),
    (2, {}, "iosxe"),
    (3, {}, "iosxe"),
    (3, {}, "ios"),
    (1, {"spoke_asn": 65100}, "iosxe"),
    (3, {"spoke_asn": 65100}, "iosxe"),
    (2, {"spoke_asn": 65100, "spoke_asn_per_spoke": True}, "iosxe"),
    (3, {"spoke_asn": 65100, "spoke_asn_per_spoke": True}, "ios"),
]
NEIGHBOR = re.compile(r"  neighbor (\S+) (.+)$")


def model_violations(af: list[str], own_asn: str) -> list[str]:
    """What the IOS-XE BGP model would refuse in one 'address-family ipv4 vrf' block."""
    groups: set[str] = set()
    settings: dict[str, list[str]] = {}
    problems: list[str] = []
    for line in af:
        if line.strip().startswith("bgp listen range"):
            problems.append(f"{line.strip()!r}: no listen range in a VRF address family")
        found = NEIGHBOR.match(line)
        if not found:
            continue
        name, rest = found.groups()
        if rest == "peer-group":
            groups.add(name)
        elif rest.startswith("peer-group ") and rest.split()[1] not in groups:
            problems.append(f"{line.strip()!r}: peer group used before it is defined")
        settings.setdefault(name, []).append(rest)

    def remote_as(name: str) -> str | None:
        own = [s.split()[1] for s in settings.get(name, []) if s.startswith("remote-as ")]
        if own:
            return own[0]
        member_of = [s.split()[1] for s in settings.get(name, []) if s.startswith("peer-group ")]
        return remote_as(member_of[0]) if member_of else None

    for name, lines in settings.items():
        ibgp = remote_as(name) == own_asn
        multihop = any(s.startswith("ebgp-multihop") for s in lines)
        if "next-hop-unchanged" in lines and not (ibgp or multihop):
            problems.append(f"{name}: next-hop-unchanged needs an eBGP multihop or iBGP peer")
        if "route-reflector-client" in lines and not ibgp:
            problems.append(f"{name}: route-reflector-client on a non-internal neighbour")
    return problems


@pytest.mark.parametrize(("phase", "routing", "platform"), VARIANTS)
def test_every_vrf_address_family_passes_the_model_rules(
    tmp_path: Path, phase: int, routing: dict[str, Any], platform: str
) -> None:
    data = variant(phase, **routing)
    data["platform"] = platform
    net = build(tmp_path, data)
    for host, cfg in net.configs.items():
        assert re.search(r"^vrf definition CORP\n(?: .*\n)*? rd \S+\n", cfg.text, re.M), host
        af = address_family(bgp_lines(net, host))
        assert model_violations(af, bgp_asn(net, host)) == [], host


def test_the_rules_catch_what_the_model_refuses() -> None:
    """Each rule fires on the line the model would refuse (so the test above can fail)."""
    bad = [
        "  neighbor 10.255.0.11 peer-group SPOKES",
        "  neighbor SPOKES peer-group",
        "  neighbor SPOKES remote-as 65100",
        "  neighbor SPOKES next-hop-unchanged",
        "  neighbor SPOKES route-reflector-client",
        "  bgp listen range 10.255.0.0/24 peer-group SPOKES",
    ]
    problems = model_violations(bad, "65000")
    assert len(problems) == 4, problems
    ok = [
        "  neighbor SPOKES peer-group",
        "  neighbor SPOKES ebgp-multihop 2",
        "  neighbor 10.255.0.11 remote-as 65111",
        "  neighbor 10.255.0.11 peer-group SPOKES",
        "  neighbor SPOKES next-hop-unchanged",
        "  neighbor 10.255.0.2 remote-as 65000",
        "  neighbor 10.255.0.2 route-reflector-client",
    ]
    assert model_violations(ok, "65000") == []
