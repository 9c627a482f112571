"""Dual stack across the design matrix: every phase, routing protocol (EIGRP named mode, OSPF
with OSPFv3, BGP with IPv6 sessions) and hub count renders, validates and checks without a
finding, and the rendered IPv6 lines hold the network invariants of dmvpn-reference §7 as the
IPv4 lines do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.matrix import case_name, cases, matrix_inventory, write_inventory

IPV6_CASES = cases()


def dual_stack(data: dict[str, Any]) -> dict[str, Any]:
    """The matrix inventory with IPv6 on the cloud, every LAN and the hubs' loopbacks."""
    cloud = data["clouds"][0]
    cloud["ipv6_subnet"] = "2001:db8:ffff::/64"
    # an EIGRP IPv6 summary cannot leak the other hub's sites: with two hubs and no IPv6
    # interconnect it is refused (tests/errors/ipv6-eigrp-summary.yml)
    if cloud.get("summary") and (len(data["hubs"]) == 1 or data["routing"]["protocol"] != "eigrp"):
        cloud["ipv6_summary"] = ["2001:db8::/32"]
    if data["routing"]["protocol"] == "eigrp":
        data["routing"] = {
            **data["routing"],
            "mode": "named",
            "authentication": {"algorithm": "hmac-sha-256", "auth_key": "secret:routing_key"},
        }
    for router in data["hubs"] + data["spokes"]:
        router["lan"][0]["ipv6_address"] = f"2001:db8:{router['id']}::1/64"
        if router.get("loopback"):
            router["loopback_ipv6"] = f"2001:db8:0:1::{router['id']}"
    return data


def _devices(tmp_path: Path, data: dict[str, Any]) -> dict[str, Device]:
    net = build_network(write_inventory(tmp_path, data))
    return {n: parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()}


@pytest.mark.parametrize("case", IPV6_CASES, ids=lambda c: case_name(*c))
def test_every_design_runs_dual_stack(case: tuple[int, str, int], tmp_path: Path) -> None:
    devices = _devices(tmp_path, dual_stack(matrix_inventory(*case)))
    result = check_devices(list(devices.values()), "17.9")
    bad = [
        f"{f.code} {f.device}: {f.message}"
        for f in result.findings
        if f.code >= "NET080" or f.severity in {"high", "critical"}
    ]
    assert bad == []
    _invariants(devices, phase=case[0])


def _examples() -> list[Path]:
    return [p for p in sorted(INVENTORIES.glob("*.yml")) if "dual-stack" in p.stem]


@pytest.mark.parametrize("inventory", _examples(), ids=lambda p: p.stem)
def test_dual_stack_examples_hold_the_invariants(inventory: Path) -> None:
    net = build_network(inventory)
    devices = {n: parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()}
    phase = int(inventory.stem[len("phase")])
    _invariants(devices, phase)


def _invariants(devices: dict[str, Device], phase: int) -> None:
    tunnels = {n: next(iter(d.tunnels.values())) for n, d in devices.items()}
    hubs = {n for n, t in tunnels.items() if t.map_multicast_dynamic is not None}
    assert hubs
    link_locals: set[Any] = set()
    addresses: set[Any] = set()
    hub_nbma = {}
    for h in hubs:
        v6 = tunnels[h].ipv6
        source = devices[h].interface(tunnels[h].source)
        assert v6 is not None and v6.address is not None and source is not None
        assert source.address is not None
        hub_nbma[v6.address.ip] = str(source.address.ip)
        prefix = v6.address.network
    for name, tun in tunnels.items():
        v6 = tun.ipv6
        assert v6 is not None and v6.address is not None, name
        nhrp = v6.nhrp
        # one prefix, unique addresses and link-local addresses (NHRP resolves both)
        assert v6.address.ip in prefix and v6.address.network == prefix, name
        assert v6.address.ip not in addresses and v6.link_local is not None
        assert v6.link_local[0] not in link_locals, name
        addresses.add(v6.address.ip)
        link_locals.add(v6.link_local[0])
        # NHRP for IPv6 in the same NHRP network, with the same key, as IPv4
        assert (nhrp.network_id, nhrp.auth, nhrp.holdtime) == (
            tun.network_id,
            tun.auth,
            tun.holdtime,
        )
        assert v6.mtu == tun.mtu and v6.mss == (tun.mss or 0) - 20
        if name in hubs:
            assert nhrp.map_multicast_dynamic is not None and not nhrp.nhs
            assert (nhrp.redirect is not None) == (phase == 3)
            continue
        # every spoke names every hub: its IPv6 tunnel address at its IPv4 NBMA, multicast on
        assert {(n.address, n.nbma, n.multicast) for n in nhrp.nhs} == {
            (a, nbma, True) for a, nbma in hub_nbma.items()
        }
        assert (nhrp.shortcut is not None) == (phase == 3)
        assert nhrp.map_multicast_dynamic is None and nhrp.redirect is None
        # the IPv6 routing runs on the tunnel as IPv4 routing does
        if tun.ospf_network is not None:
            assert (v6.ospfv3_network, v6.ospfv3_priority) == (tun.ospf_network, tun.ospf_priority)
            assert v6.ospfv3_area is not None and v6.ospfv3_auth is not None
    for name, dev in devices.items():
        assert dev.ipv6.unicast_routing is not None
        v6_eigrp = {i for p in dev.eigrp_v6 for i in p.interfaces}
        if dev.eigrp:
            assert tunnels[name].name in v6_eigrp, name
            hub_if = dev.eigrp_v6[0].interfaces[tunnels[name].name]
            is_hub = name in hubs
            assert (hub_if.next_hop_self_off is not None) == (is_hub and phase == 2)
        elif dev.bgp is not None:
            _bgp_invariants(dev, name in hubs, prefix, set(hub_nbma), phase)
        else:
            assert dev.ipv6.ospfv3 and tunnels[name].name in dev.ipv6.ospfv3[0].no_passive


def _bgp_invariants(dev: Device, hub: bool, prefix: Any, hub_v6: set[Any], phase: int) -> None:
    """IPv6 sessions between the tunnels' IPv6 addresses, activated for IPv6 only."""
    block = next(b for b in dev.blocks if b.text.startswith("router bgp "))
    top = {c.text.strip() for c in block.children}
    families = {c.text.strip(): {g.text.strip() for g in c.children} for c in block.children}
    v4, v6 = families["address-family ipv4"], families["address-family ipv6"]
    if hub:
        # the IPv6 listen range covers every spoke's IPv6 tunnel address (§7, BGP)
        assert f"bgp listen range {str(prefix).upper()} peer-group SPOKES-V6" in top
        assert "neighbor SPOKES-V6 activate" in v6 and "no neighbor SPOKES-V6 activate" in v4
        # phase 2 keeps the far spoke as next hop, for IPv6 as for IPv4
        assert ("neighbor SPOKES-V6 next-hop-self all" in v6) == (phase != 2)
        return
    for address in hub_v6:
        peer = str(address).upper()
        assert f"neighbor {peer} activate" in v6 and f"no neighbor {peer} activate" in v4


# designs refused with IPv6, each for its reason (docs/designs.md, "IPv6 over DMVPN")
REFUSED = {
    "inside-vrf-eigrp": "IPv6 inside the inside VRF",
    "inside-vrf-ibgp": "IPv6 inside the inside VRF",
    "inside-vrf-multicast-eigrp": "IPv6 inside the inside VRF",
    "inside-vrf-ospf": "IPv6 inside the inside VRF",
    "spoke-isolation-eigrp": "the isolation access lists are IPv4 only",
}


def _made_dual_stack(data: dict[str, Any]) -> dict[str, Any]:
    """A shipped example with an IPv6 prefix per cloud, LAN and loopback, and IPv6-capable
    routing authentication (named-mode EIGRP, HMAC-SHA-256)."""
    for i, cloud in enumerate(data["clouds"]):
        cloud.setdefault("ipv6_subnet", f"2001:db8:ff{i:02x}::/64")
    routing = data["routing"]
    if routing["protocol"] == "eigrp":
        routing["mode"] = "named"
    if routing.get("authentication", {}).get("algorithm") == "md5":
        routing["authentication"]["algorithm"] = "hmac-sha-256"
    lans: dict[str, str] = {}
    for n, router in enumerate(data["hubs"] + data.get("spokes", [])):
        for j, lan in enumerate(router.get("lan", [])):
            # a hub interconnect is one segment: the same prefix on every hub on it
            # an IPv6-only example's LANs have their IPv6 address already
            key = lan.get("address", lan.get("ipv6_address", "")).rsplit(".", 1)[0]
            prefix = lans.setdefault(key, f"2001:db8:{n}{j:02x}")
            lan.setdefault("ipv6_address", f"{prefix}::{n + 1:x}/64")
        router.setdefault("loopback_ipv6", f"2001:db8:0:1::{n + 1:x}")
    return data


@pytest.mark.parametrize("inventory", sorted(INVENTORIES.glob("*.yml")), ids=lambda p: p.stem)
def test_every_shipped_design_takes_ipv6(inventory: Path, tmp_path: Path) -> None:
    import shutil

    import yaml

    from dmvpngen.errors import InputError

    data = _made_dual_stack(yaml.safe_load(inventory.read_text()))
    for extra in INVENTORIES.iterdir():
        if extra.suffix != ".yml":
            shutil.copy(extra, tmp_path)
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    if inventory.stem in REFUSED:
        with pytest.raises(InputError) as refused:
            build_network(path)
        errors = [p for p in refused.value.problems if p.severity == "error"]
        # one clear error for the misuse, not a second one that follows from it
        assert [REFUSED[inventory.stem] in p.message for p in errors] == [True], errors
        return
    net = build_network(path)
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    result = check_devices(devices, "17.9")
    assert [
        f"{f.code} {f.device}: {f.message}"
        for f in result.findings
        if f.code >= "NET080" or f.severity in {"high", "critical"}
    ] == []
