"""check models BGP whose neighbours live in 'address-family ipv4 vrf' in that VRF's table."""

from __future__ import annotations

import shutil
from pathlib import Path

from dmvpngen.check.engine import check_paths
from dmvpngen.parse.dmvpn import parse_file
from dmvpngen.parse.facts import Bgp

NET = Path(__file__).resolve().parent / "data" / "bgp-inside-vrf"
ROUTING = {f"NET{n:03d}" for n in range(60, 70)}


def _routing(path: Path) -> list[tuple[str, str]]:
    result = check_paths([str(path)])
    return sorted({(f.code, f.device) for f in result.findings if f.code in ROUTING})


def _bgp(path: Path) -> Bgp:
    bgp = parse_file(path).bgp
    assert bgp is not None
    return bgp


def test_bgp_in_the_inside_vrf_carries_the_sites() -> None:
    # tunnels, LANs and the syslog host are in CORP; so are the BGP sessions and routes
    assert _routing(NET) == []


def test_the_bgp_table_is_the_address_family_vrf() -> None:
    assert _bgp(NET / "hub.cfg").vrf == "CORP"
    assert _bgp(NET / "shop11.cfg").vrf == "CORP"


def test_a_spoke_peering_in_the_global_table_loses_the_vrf_routes(tmp_path: Path) -> None:
    # shop12's neighbour in the global address family cannot reach the hub over Tunnel1 (in
    # CORP): it gets no routes, so its syslog host and the sites behind the hub are unreachable
    net = tmp_path / "net"
    shutil.copytree(NET, net)
    cfg = net / "shop12.cfg"
    cfg.write_text(cfg.read_text().replace("address-family ipv4 vrf CORP", "address-family ipv4"))
    assert _bgp(cfg).vrf == ""
    got = _routing(net)
    assert ("NET061", "shop12") in got
    assert all(dev != "shop11" or code != "NET061" for code, dev in got)
