"""Hierarchical DMVPN with iBGP (inventories/hierarchical-ibgp.yml): the regional hub's session
with the central hub is an uplink, not a hub-to-hub session.

The uplink sets ``next-hop-self all`` (the central hub cannot resolve a region's tunnel
addresses), sends every specific of the region up through an unsuppress map in spite of the
region's summary-only aggregate, and keeps the region's own down-summary at home with an
outbound route map. The central hub reflects for the regional hubs through its listen range.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.hierarchy_variants import dual_stack_hierarchy

EXAMPLE = INVENTORIES / "hierarchical-ibgp.yml"


def _af(text: str, family: str) -> list[str]:
    """The lines of ``address-family <family>`` under ``router bgp``."""
    lines = text.splitlines()
    start = lines.index(f" address-family {family}", lines.index("router bgp 65000"))
    end = lines.index(" exit-address-family", start)
    return [line.strip() for line in lines[start + 1 : end]]


def _router_bgp(text: str) -> list[str]:
    """The session lines at the top of ``router bgp`` (before the first address family)."""
    lines = text.splitlines()
    start = lines.index("router bgp 65000")
    end = lines.index(" !", start)
    return [line.strip() for line in lines[start + 1 : end]]


def test_regional_hub_uplink_lines() -> None:
    text = build_network(EXAMPLE).configs["eu-hub"].text
    top = _router_bgp(text)
    for line in (
        "neighbor 10.255.0.1 remote-as 65000",
        "neighbor 10.255.0.1 description uplink to the central hub",
        "neighbor 10.255.0.1 timers 10 30",
    ):
        assert line in top
    assert any(x.startswith("neighbor 10.255.0.1 password ") for x in top)
    # it listens on its own cloud only, never on the central one
    assert "bgp listen range 10.255.10.0/24 peer-group SPOKES" in top
    assert not any("10.255.0.0/24" in x for x in top)
    af = _af(text, "ipv4")
    i = af.index("neighbor 10.255.0.1 activate")
    assert af[i + 1 : i + 4] == [
        "neighbor 10.255.0.1 next-hop-self all",
        "neighbor 10.255.0.1 unsuppress-map UPLINK-SPECIFICS",
        "neighbor 10.255.0.1 route-map UPLINK-OUT out",
    ]
    assert "aggregate-address 10.0.0.0 255.0.0.0 summary-only" in af
    # no hub-to-hub unsuppress map: the central hub is no second hub of the region's cloud
    assert "HUB-SPECIFICS" not in text
    tail = text[text.index("ip prefix-list DOWN-SUMMARIES") :].splitlines()
    assert tail[1:8] == [
        "ip prefix-list DOWN-SUMMARIES seq 5 permit 10.0.0.0/8",
        "route-map UPLINK-OUT deny 10",
        " description the region's down-summaries stay in the region",
        " match ip address prefix-list DOWN-SUMMARIES",
        "route-map UPLINK-OUT permit 20",
        " description every other route goes up to the central hub",
        "route-map UPLINK-SPECIFICS permit 10",
    ]


def test_central_hub_reflects_for_the_regional_hubs() -> None:
    text = build_network(EXAMPLE).configs["hq-hub"].text
    assert "bgp listen range 10.255.0.0/24 peer-group SPOKES" in _router_bgp(text)
    af = _af(text, "ipv4")
    assert "neighbor SPOKES route-reflector-client" in af
    assert "neighbor SPOKES next-hop-self all" in af
    assert "UPLINK" not in text and "aggregate-address" not in text


def test_dual_stack_uplink_lines(tmp_path: Path) -> None:
    path = dual_stack_hierarchy(tmp_path)
    text = build_network(path).configs["eu-hub"].text
    peer = "2001:DB8:FFFF::1"
    assert f"neighbor {peer} description uplink to the central hub" in _router_bgp(text)
    af = _af(text, "ipv6")
    i = af.index(f"neighbor {peer} activate")
    assert af[i + 1 : i + 4] == [
        f"neighbor {peer} next-hop-self all",
        f"neighbor {peer} unsuppress-map UPLINK-SPECIFICS",
        f"neighbor {peer} route-map UPLINK-OUT-V6 out",
    ]
    # the IPv6 session carries IPv6 only
    assert f"no neighbor {peer} activate" in _af(text, "ipv4")
    assert "ipv6 prefix-list DOWN-SUMMARIES-V6 seq 5 permit 2001:DB8::/32" in text
    assert " match ipv6 address prefix-list DOWN-SUMMARIES-V6" in text.splitlines()
    assert text.count("route-map UPLINK-SPECIFICS permit 10") == 1


def test_uplink_falls_over_with_bfd(tmp_path: Path) -> None:
    # BFD on the clouds: the uplink session registers with it like every other session
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for cloud in data["clouds"]:
        cloud["bfd"] = {"interval": 500, "min_rx": 500, "multiplier": 3}
    shutil.copy(INVENTORIES / data["secrets_file"], tmp_path)
    path = tmp_path / "bfd.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    text = build_network(path).configs["eu-hub"].text
    assert "neighbor 10.255.0.1 fall-over bfd" in _router_bgp(text)
    tunnel = text[text.index("interface Tunnel1\n") :].split("!\n")[0]
    assert " bfd interval 500 min_rx 500 multiplier 3\n" in tunnel
