"""Property test: random valid inventories across the design space render, deterministically,
and satisfy the network invariants of dmvpn-reference §7.

The strategy draws single or dual cloud, one or two ISPs (front-door VRF per ISP), every
routing protocol and phase, static / DHCP / PPPoE WANs, NAT (static or PAT) on spokes, static
NAT on hubs, backup clouds, hub-only spokes and an inside VRF; valid by construction, so any
validation error or render failure is a bug.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmvpngen.pipeline import build_network
from tests import test_invariants as inv_checks
from tests.matrix import ROUTING, SECRETS, separate_uplink_source
from tests.test_ipv6_invariants import test_ipv6_lines as ipv6_lines
from tests.test_ipv6_invariants import (
    test_ipv6_management_has_the_class_of_its_ipv4_twin as ipv6_management_in_copp,
)
from tests.test_ipv6_invariants import (
    test_ipv6_routing_is_never_policed_with_drops as ipv6_routing_in_copp,
)


@st.composite
def inventories(draw: st.DrawFn) -> dict[str, Any]:
    protocol = draw(st.sampled_from(sorted(ROUTING)))
    dual_cloud = draw(st.booleans())
    dual_isp = dual_cloud and draw(st.booleans())
    phase = draw(st.sampled_from([1, 2, 3]))
    # phase 1 means one hub per cloud; otherwise hubs may serve both clouds (with two ISPs:
    # a hub per ISP, or both hubs on both ISPs)
    hub_per_cloud = dual_cloud and (phase == 1 or draw(st.booleans()))
    n_clouds = 2 if dual_cloud else 1
    n_hubs = 2 if dual_cloud else (1 if phase == 1 else draw(st.sampled_from([1, 2])))
    summary = phase != 2 and protocol != "ospf" and draw(st.booleans())
    clouds = []
    for c in range(n_clouds):
        cloud: dict[str, Any] = {
            "name": f"C{c}",
            "tunnel": 100 + c,
            "subnet": f"10.255.{c}.0/24",
            "network_id": 100 + c,
            "tunnel_key": 100 + c,
            "nhrp_auth": "secret:nhrp_auth",
            "phase": phase,
        }
        if hub_per_cloud:
            cloud["hubs"] = [f"hub{c + 1}"]
        if summary:
            cloud["summary"] = ["10.0.0.0/8"]
        if dual_isp:
            cloud["transport"] = f"ISP{c}"
        if c == 1 and draw(st.booleans()):
            cloud["backup"] = True
        clouds.append(cloud)

    def wan(octet: int, host: int, transport: int | None, spoke: bool) -> dict[str, Any]:
        kind = draw(st.sampled_from(["static", "dhcp", "pppoe"])) if spoke else "static"
        out: dict[str, Any] = {"interface": f"GigabitEthernet{1 if not transport else 3}"}
        if transport is not None:
            out.update(transport=f"ISP{transport}", vrf=f"ISP{transport}")
        if kind == "static":
            out.update(address=f"{octet}.0.{host}.2/30", gateway=f"{octet}.0.{host}.1")
        elif kind == "dhcp":
            out["dhcp"] = True
        else:
            out["pppoe"] = {"dialer": 1 + (transport or 0), "dial_pool": 1 + (transport or 0),
                            "username": f"u{host}", "password": "secret:psk"}  # fmt: skip
        nat = draw(st.sampled_from([None, "static", "pat"])) if spoke else None
        if not spoke and draw(st.booleans()):
            nat = "static"
        if nat == "static":
            out["public_address"] = f"198.51.{100 + (transport or 0)}.{host}"
        elif nat == "pat":
            out["nat"] = "pat"
        return out

    hubs = []
    for h in range(n_hubs):
        hub: dict[str, Any] = {
            "name": f"hub{h + 1}",
            "id": h + 1,
            "loopback": f"10.0.0.{h + 1}",
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.1.{h}.1/24"}],
        }
        if n_hubs > 1:
            # hub interconnect: hubs of different clouds learn each other's sites here
            hub["lan"].append(
                {"interface": "GigabitEthernet4", "address": f"10.1.255.{h + 1}/28",
                 "hub_peering": True}
            )  # fmt: skip
        if dual_isp and hub_per_cloud:
            hub["wan"] = wan(203, 10 + h, h, spoke=False)
        elif dual_isp:
            hub["wan"] = wan(203, 10 + h, 0, spoke=False)
            hub["extra_wans"] = [wan(192, 10 + h, 1, spoke=False)]
        else:
            hub["wan"] = wan(203, 10 + h, None, spoke=False)
        hubs.append(hub)
    spokes = []
    for s in range(draw(st.integers(1, 4))):
        host = 20 + s
        spoke: dict[str, Any] = {
            "name": f"spoke{s + 1}",
            "id": host,
            "wan": wan(100, host, 0 if dual_isp else None, spoke=True),
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.{host}.0.1/24"}],
            "hub_only": draw(st.booleans()) and phase != 1,
        }
        if dual_isp:
            spoke["extra_wans"] = [wan(101, host, 1, spoke=True)]
        spokes.append(spoke)
    return _inventory(draw, "random", protocol, clouds, hubs, spokes)


def _inventory(
    draw: st.DrawFn,
    name: str,
    protocol: str,
    clouds: list[dict[str, Any]],
    hubs: list[dict[str, Any]],
    spokes: list[dict[str, Any]],
) -> dict[str, Any]:
    """The drawn routers in one inventory, with the shared management, crypto and routing, and
    the optional multicast, inside VRF and dual stack drawn on top."""
    data = _multicast(
        draw,
        {
            "name": name,
            "secrets_file": "s.secrets.yaml",
            "management": {
                "users": [{"name": "admin", "secret": "secret:admin_secret"}],
                "ssh_allowed": ["10.1.0.0/24"],
            },
            "crypto_profiles": {"default": {"psk": "secret:psk"}},
            "routing": ROUTING[protocol],
            "clouds": clouds,
            "hubs": hubs,
            "spokes": spokes,
            **_inside_vrf(draw, protocol),
        },
    )
    return _ipv6_transport(draw, _dual_stack(draw, data))


def _ipv6_transport(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """An IPv6 transport, sometimes: every WAN gets a static IPv6 address (from 3fff::/20, the
    IPv6 documentation block of RFC 9637, outside the overlay's 2001:db8::/32) with a
    link-local gateway, NAT and PPPoE dropped (both refused on IPv6 transports; a PPPoE WAN
    becomes DHCP), and each cloud runs over IPv6 by a draw."""
    if not draw(st.booleans()):
        return data
    data = copy.deepcopy(data)
    routers = data["hubs"] + data["spokes"]
    for k, router in enumerate(routers):  # ids repeat across the regions of a hierarchy
        for j, wan in enumerate([router["wan"], *router.get("extra_wans", [])]):
            wan.pop("nat", None)
            wan.pop("public_address", None)
            if wan.pop("pppoe", None) is not None:
                wan["dhcp"] = True
            wan["ipv6_address"] = f"3fff:{j}:{k + 1:x}::2/64"
            wan["ipv6_gateway"] = "fe80::1"

    def wan_for(router: dict[str, Any], cloud: dict[str, Any]) -> dict[str, Any]:
        wans = [router["wan"], *router.get("extra_wans", [])]
        match = [
            w for w in wans if cloud.get("transport") and w.get("transport") == cloud["transport"]
        ]
        return match[0] if match else router["wan"]

    for cloud in data["clouds"]:
        if all("ipv6_address" in wan_for(r, cloud) for r in routers) and draw(st.booleans()):
            cloud["transport_family"] = "ipv6"
    return data


def _dual_stack(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """IPv6 on every cloud, LAN and loopback, sometimes: never with an inside VRF or hub-only
    spokes (both refused), EIGRP in named mode with HMAC-SHA-256 (classic mode and MD5 carry
    no IPv6), IPv6 summaries beside the IPv4 ones (EIGRP only with a hub interconnect)."""
    hub_only = any(s.get("hub_only") for s in data["spokes"])
    if "overlay_vrf" in data or hub_only or not draw(st.booleans()):
        return data
    data = copy.deepcopy(data)
    routing = data["routing"]
    if routing["protocol"] == "eigrp":
        routing.update(
            mode="named",
            authentication={"algorithm": "hmac-sha-256", "auth_key": "secret:routing_key"},
        )
    peered = all(any(lan.get("hub_peering") for lan in h.get("lan", [])) for h in data["hubs"])
    for i, cloud in enumerate(data["clouds"]):
        cloud["ipv6_subnet"] = f"2001:db8:ff{i:02x}::/64"
        if cloud.get("summary") and (routing["protocol"] != "eigrp" or peered):
            cloud["ipv6_summary"] = ["2001:db8::/32"]
    for router in data["hubs"] + data["spokes"]:
        for j, lan in enumerate(router.get("lan", [])):
            # the hub interconnect is one segment: one prefix, a host per hub
            net = "2001:db8:ffff" if lan.get("hub_peering") else f"2001:db8:{router['id']:x}{j:02x}"
            lan["ipv6_address"] = f"{net}::{router['id']:x}/64"
        if router.get("loopback"):
            router["loopback_ipv6"] = f"2001:db8:0:1::{router['id']:x}"
    return data


def _multicast(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """Multicast, sometimes (never with an inside VRF: refused), with the RP at the first hub:
    its Loopback0 (static), or the hub as BSR / Auto-RP candidate."""
    if "overlay_vrf" in data or not draw(st.booleans()):
        return data
    mode = draw(st.sampled_from(["static", "bsr", "auto-rp"]))
    first = data["hubs"][0]
    rp: dict[str, Any] = {"mode": mode}
    if mode == "static":
        rp["address"] = first["loopback"]
    else:
        rp["candidates"] = [first["name"]]
    return {**data, "multicast": {"rp": rp}}


def _inside_vrf(draw: st.DrawFn, protocol: str) -> dict[str, Any]:
    """An inside VRF for the overlay, sometimes (BGP needs its rd; hubs then list each spoke)."""
    if not draw(st.booleans()):
        return {}
    rd = "65000:1" if protocol == "bgp" else draw(st.sampled_from([None, "65000:1"]))
    return {"overlay_vrf": {"name": "OVERLAY", **({"rd": rd} if rd else {})}}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(inventories())
def test_random_inventories_render_and_hold_invariants(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "s.secrets.yaml").write_text(yaml.safe_dump(SECRETS), encoding="utf-8")
        path = root / "inv.yml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        net = build_network(path)
        again = build_network(path)
    assert {h: c.text for h, c in net.configs.items()} == {
        h: c.text for h, c in again.configs.items()
    }
    rendered = inv_checks.Rendered(
        net, {h: inv_checks.Config.parse(h, c.text) for h, c in net.configs.items()}
    )
    for check in (
        inv_checks.test_cloud_wide_values_agree,
        inv_checks.test_tunnel_ips_unique_and_in_one_subnet,
        inv_checks.test_every_nhs_is_a_hub_at_its_nbma,
        inv_checks.test_phase_lines,
        inv_checks.test_shared_protection,
        inv_checks.test_nat_means_transport_mode,
        inv_checks.test_tunnel_sources_exist_up_and_addressed,
        inv_checks.test_fvrf_is_matched_by_ike,
        inv_checks.test_hub_only_spokes_are_filtered,
        inv_checks.test_vrf_forwarding_precedes_the_address,
        inv_checks.test_overlay_lives_in_the_inside_vrf,
        inv_checks.test_multicast_lines,
        ipv6_lines,
        ipv6_routing_in_copp,
        ipv6_management_in_copp,
    ):
        check(rendered)


@st.composite
def hierarchies(draw: st.DrawFn) -> dict[str, Any]:
    """A central cloud, one to three regional hubs with a cloud each, spokes per region."""
    protocol = draw(st.sampled_from(sorted(ROUTING)))
    regions = draw(st.integers(1, 3))
    clouds: list[dict[str, Any]] = [
        {"name": "CENTRAL", "tunnel": 1, "subnet": "10.255.0.0/24", "network_id": 1,
         "tunnel_key": 1, "hubs": ["central"]}
    ]  # fmt: skip
    hubs: list[dict[str, Any]] = [
        {"name": "central", "id": 1, "loopback": "10.0.0.1",
         "wan": {"interface": "GigabitEthernet1", "address": "203.0.113.2/30"}}
    ]  # fmt: skip
    spokes: list[dict[str, Any]] = []
    for r in range(1, regions + 1):
        region: dict[str, Any] = {
            "name": f"R{r}", "tunnel": 10 * r, "subnet": f"10.255.{r}.0/24", "network_id": 1,
            "tunnel_key": 10 * r, "hubs": [f"regional{r}"],
        }  # fmt: skip
        uplink_source = f"192.0.2.{4 * r + 2}/30"
        if protocol != "ospf" and draw(st.booleans()):
            region["summary"] = ["10.0.0.0/8"]
        clouds.append(region)
        hub: dict[str, Any] = {
            "name": f"regional{r}", "id": 1 + r, "uplinks": ["CENTRAL"],
            "loopback": f"10.{16 * r}.0.1",
            "wan": {"interface": "GigabitEthernet1", "address": f"203.0.113.{4 * r + 2}/30"},
        }  # fmt: skip
        if protocol == "eigrp" and draw(st.booleans()):
            hub["uplink_summary"] = [f"10.{16 * r}.0.0/12"]
        separate_uplink_source(hub, clouds[0], region, uplink_source)
        hubs.append(hub)
        for s in range(draw(st.integers(1, 3))):
            host = 10 + s
            spokes.append(
                {
                    "name": f"r{r}-s{s}",
                    "id": host,
                    "clouds": [f"R{r}"],
                    "wan": {"interface": "GigabitEthernet1", "dhcp": True},
                    "lan": [
                        {"interface": "GigabitEthernet2", "address": f"10.{16 * r + 1}.{s}.1/24"}
                    ],
                    "hub_only": draw(st.booleans()),
                }
            )
    return _inventory(draw, "hierarchy", protocol, clouds, hubs, spokes)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(hierarchies())
def test_random_hierarchies_render_and_hold_invariants(data: dict[str, Any]) -> None:
    test_random_inventories_render_and_hold_invariants.hypothesis.inner_test(data)  # type: ignore[attr-defined]
