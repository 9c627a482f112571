"""The §7 network invariants on the IPv6 lines of every rendered example (a cloud without IPv6
is skipped), and on the property tests' random networks: NHRP for IPv6 in the same NHRP
network, with the same key and hold time, as IPv4; IPv6 tunnel addresses in one prefix and
unique, link-local addresses unique in the cloud; every IPv6 NHS a hub's IPv6 address at that
hub's NBMA with multicast; the phase 3 pair; the IPv6 vty list where IPv6 is on; the IPv6
routing in a CoPP class that never drops."""

from __future__ import annotations

import re
from ipaddress import IPv6Interface, ip_address

from tests.test_invariants import (
    Config,
    Rendered,
    _hub_nbma,
    copp_class_for,
    is_nhs,
    members,
    value,
    values,
)
from tests.test_invariants import rendered as rendered  # the example fixture

__all__ = [
    "test_ipv6_lines",
    "test_ipv6_management_has_the_class_of_its_ipv4_twin",
    "test_ipv6_routing_is_never_policed_with_drops",
]


def _v6(lines: list[str]) -> IPv6Interface | None:
    found = [ln.split()[2] for ln in lines if ln.startswith("ipv6 address ") and "/" in ln]
    return IPv6Interface(found[0]) if found else None


def test_ipv6_lines(rendered: Rendered) -> None:
    inv = rendered.inv
    routers = members(rendered)
    for cloud in inv.clouds:
        if cloud.ipv6_subnet is None:
            continue
        tunnels = routers[cloud.tunnel]
        hubs = {}
        for host, lines in tunnels.items():
            if is_nhs(lines) and (address := _v6(lines)) is not None:
                hubs[str(address.ip).upper()] = str(_hub_nbma(rendered, host, lines)).upper()
        assert hubs, f"{cloud.name}: no hub carries IPv6"
        seen: set[object] = set()
        links: set[str | None] = set()
        for host, lines in tunnels.items():
            where = f"{host} {cloud.name}"
            address = _v6(lines)
            assert address is not None and address.network == cloud.ipv6_subnet, where
            assert address.ip not in seen, f"{where}: IPv6 address used twice"
            seen.add(address.ip)
            link = next((ln.split()[2] for ln in lines if ln.endswith(" link-local")), None)
            assert link is not None and link not in links, f"{where}: link-local"
            links.add(link)
            for v4, v6 in (("network-id", "network-id"), ("authentication", "authentication"),
                           ("holdtime", "holdtime")):  # fmt: skip
                if cloud.ipv6_only:  # NHRP for IPv6 alone: nothing of IPv4 to agree with
                    assert value(lines, f"ip nhrp {v4} ") is None, where
                    continue
                assert value(lines, f"ipv6 nhrp {v6} ") == value(lines, f"ip nhrp {v4} "), where
            if is_nhs(lines):
                assert "ipv6 nhrp map multicast dynamic" in lines, where
                assert ("ipv6 nhrp redirect" in lines) == (cloud.phase == 3), where
                continue
            named = {}
            for entry in values(lines, "ipv6 nhrp nhs "):
                tun, keyword, nbma, *rest = entry.split()
                assert keyword == "nbma" and rest == ["multicast"], where
                named[tun] = nbma
            # a spoke names every hub of its cloud, each at its NBMA
            assert named == hubs, f"{where}: IPv6 NHS {named} != hubs {hubs}"
            spoke = next((s for s in inv.spokes if s.name == host), None)
            shortcut = cloud.phase == 3 and not (spoke is not None and spoke.hub_only)
            assert ("ipv6 nhrp shortcut" in lines) == shortcut, where
    for host, cfg in rendered.configs.items():
        # IPv6 on a tunnel, or on a WAN (an IPv6 transport): the vty lines answer over IPv6
        dual = any(_v6(lines) for lines in cfg.tunnels().values()) or any(
            _v6(cfg.blocks[f"interface {w.interface}"])
            for r in (*inv.hubs, *inv.spokes)
            if r.name == host
            for w in r.wans
            if w.pppoe is None
        )
        vty = cfg.top("line vty ")
        assert bool(vty) and all(
            ("ipv6 access-class SSH-ACCESS-V6 in" in lines) == dual
            for lines in (cfg.blocks[h] for h in vty)
        ), f"{host}: IPv6 vty access-class"
        if dual:
            assert cfg.top("ipv6 unicast-routing"), host
            acl = cfg.blocks["ipv6 access-list SSH-ACCESS-V6"]
            assert acl[-1] == "deny ipv6 any any log", host
            permitted = [ip_address(ln.split()[2].split("/")[0]) for ln in acl[:-1]]
            assert all(p.version == 6 for p in permitted), host


def _ipv6_routing(cfg: Config) -> dict[str, re.Pattern[str]]:
    """What the router runs over IPv6, each with the ACE that must admit its packets."""
    running: dict[str, re.Pattern[str]] = {}
    eigrp = [ln for head in cfg.top("router eigrp ") for ln in cfg.blocks[head]]
    if any(ln.startswith("address-family ipv6") for ln in eigrp):
        running["EIGRP"] = re.compile(r"permit (88|eigrp) any any$")
    if cfg.top("router ospfv3 "):
        running["OSPFv3"] = re.compile(r"permit (89|ospf) any any$")
    bgp = [ln for head in cfg.top("router bgp ") for ln in cfg.blocks[head]]
    peers = [ln.split()[1] for ln in bgp if ln.startswith("neighbor ") and "remote-as" in ln]
    ranges = [ln.split()[3] for ln in bgp if ln.startswith("bgp listen range ")]
    if any(":" in p for p in (*peers, *ranges)):
        running["BGP (to port 179)"] = re.compile(r"permit tcp any any eq (bgp|179)$")
        running["BGP (from port 179)"] = re.compile(r"permit tcp any eq (bgp|179) any$")
    return running


def test_ipv6_routing_is_never_policed_with_drops(rendered: Rendered) -> None:
    """IPv6 packets match IPv6 access lists only, so the IPv4 COPP-ROUTING class never sees
    EIGRP for IPv6, OSPFv3 or BGP over IPv6: each protocol a router runs over IPv6 must have
    an IPv6 class that counts and never drops, as IPv4 routing does, instead of class-default
    (policed with drops: a flood of other punted traffic would tear the sessions down)."""
    for host, cfg in rendered.configs.items():
        for what, pattern in _ipv6_routing(cfg).items():
            name, actions = copp_class_for(cfg, pattern, ipv6_only=True)
            assert not any("exceed-action drop" in a for a in actions), (
                f"{host}: IPv6 {what} falls into CoPP class {name}, policed with drops"
            )


def _ipv6_management(cfg: Config) -> dict[str, re.Pattern[str]]:
    """The management traffic the router receives over IPv6, each with the ACE of its class:
    SSH where the vty lines admit IPv6, NTP replies where an NTP server is an IPv6 address."""
    wanted: dict[str, re.Pattern[str]] = {}
    vty = [ln for head in cfg.top("line vty ") for ln in cfg.blocks[head]]
    if any(ln.startswith("ipv6 access-class ") for ln in vty):
        wanted["SSH"] = re.compile(r"permit tcp any any eq (22|ssh)$")
    servers = [head.split()[2] for head in cfg.top("ntp server ") if len(head.split()) > 2]
    if any(":" in server for server in servers):
        wanted["NTP (replies)"] = re.compile(r"permit udp any eq (ntp|123) any$")
    return wanted


def test_ipv6_management_has_the_class_of_its_ipv4_twin(rendered: Rendered) -> None:
    """SSH and NTP over IPv4 have COPP-MGMT; over IPv6 they match no IPv4 list, so they need an
    IPv6 class of their own or they share class-default with every unclassified punt. An
    IPv6-only overlay takes its clock from an IPv6 NTP server: its replies must not be the
    first thing a flood of other punted traffic drops."""
    for host, cfg in rendered.configs.items():
        for what, pattern in _ipv6_management(cfg).items():
            name, _ = copp_class_for(cfg, pattern, ipv6_only=True)
            assert name != "class-default", f"{host}: {what} over IPv6 falls into class-default"
