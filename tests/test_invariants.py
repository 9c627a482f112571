"""Network invariants (dmvpn-reference §7) across every router of every shipped example.

Each example is rendered and the checks read the config *text* (what would be pushed), not the
render context: cloud-wide tunnel key / NHRP auth / network-id, NHS addresses and NBMAs, the
phase's redirect/shortcut/p2p lines, shared protection, NAT and dynamic WAN rules, and that
every tunnel source exists, is up and has an address. The inventory is only used for what the
text cannot say (which cloud a tunnel belongs to, the post-NAT address of a hub).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
    ip_address,
)
from pathlib import Path

import pytest

from dmvpngen.model import Inventory
from dmvpngen.model.inventory import INTERFACE_PATTERN
from dmvpngen.pipeline import Network, build_network
from tests.conftest import INVENTORIES

EXAMPLES = sorted(INVENTORIES.glob("*.yml"))


@dataclass
class Config:
    """One rendered config split into top-level blocks (first line -> indented lines)."""

    hostname: str
    blocks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, hostname: str, text: str) -> Config:
        cfg = cls(hostname)
        current: list[str] | None = None
        for line in text.splitlines():
            if not line.startswith(" "):
                current = [] if line != "!" else None
                if current is not None:
                    cfg.blocks[line] = current
            elif current is not None:
                current.append(line.strip())
        return cfg

    def interface(self, name: str) -> list[str] | None:
        return self.blocks.get(f"interface {name}")

    def tunnels(self) -> dict[int, list[str]]:
        out = {}
        for head, lines in self.blocks.items():
            m = re.fullmatch(r"interface Tunnel(\d+)", head)
            if m:
                out[int(m.group(1))] = lines
        return out

    def top(self, prefix: str) -> list[str]:
        return [head for head in self.blocks if head.startswith(prefix)]


def value(lines: list[str], prefix: str) -> str | None:
    """The rest of the first line starting with ``prefix`` (None when absent)."""
    for line in lines:
        if line == prefix.strip() or line.startswith(prefix):
            return line[len(prefix) :].strip()
    return None


def values(lines: list[str], prefix: str) -> list[str]:
    return [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]


def address_of(lines: list[str]) -> IPv4Address | None:
    raw = value(lines, "ip address ")
    if raw is None or raw.split()[0] in ("dhcp", "negotiated"):
        return None
    addr, mask = raw.split()[:2]
    return IPv4Interface(f"{addr}/{mask}").ip


@dataclass
class Rendered:
    net: Network
    configs: dict[str, Config]

    @property
    def inv(self) -> Inventory:
        return self.net.loaded.inventory


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def rendered(request: pytest.FixtureRequest) -> Rendered:
    path: Path = request.param
    net = build_network(path)
    return Rendered(net, {h: Config.parse(h, c.text) for h, c in net.configs.items()})


def members(r: Rendered) -> dict[int, dict[str, list[str]]]:
    """Tunnel number -> {hostname: tunnel lines} for every cloud."""
    out: dict[int, dict[str, list[str]]] = {}
    for host, cfg in r.configs.items():
        for number, lines in cfg.tunnels().items():
            out.setdefault(number, {})[host] = lines
    return out


def nhrp(lines: list[str]) -> str:
    """The NHRP the tunnel runs for its overlay: NHRP for IPv6 alone on a tunnel of an IPv6-only
    cloud (no IPv4 address), else NHRP for IPv4 (dual-stack tunnels run both)."""
    return "ip nhrp" if value(lines, "ip address ") is not None else "ipv6 nhrp"


def tunnel_address(lines: list[str]) -> IPv4Interface | IPv6Interface:
    """The tunnel's overlay address: IPv4, or the global IPv6 one in an IPv6-only cloud."""
    raw = value(lines, "ip address ")
    if raw is not None:
        addr, mask = raw.split()[:2]
        return IPv4Interface(f"{addr}/{mask}")
    found = [ln.split()[2] for ln in lines if ln.startswith("ipv6 address ") and "/" in ln]
    assert found, f"tunnel without an IPv4 or a global IPv6 address: {lines[:3]}"
    return IPv6Interface(found[0])


def is_nhs(lines: list[str]) -> bool:
    return f"{nhrp(lines)} map multicast dynamic" in lines


def test_cloud_wide_values_agree(rendered: Rendered) -> None:
    for number, routers in members(rendered).items():
        first = next(iter(routers.values()))
        for prefix in ("tunnel key ", "authentication ", "network-id "):
            prefix = prefix if prefix.startswith("tunnel") else f"{nhrp(first)} {prefix}"
            seen = {value(lines, prefix) for lines in routers.values()}
            assert len(seen) == 1, f"Tunnel{number}: {prefix.strip()} differs: {seen}"
        assert value(first, f"{nhrp(first)} network-id ") is not None


def test_tunnel_ips_unique_and_in_one_subnet(rendered: Rendered) -> None:
    for number, routers in members(rendered).items():
        subnets = set()
        ips = []
        for lines in routers.values():
            iface = tunnel_address(lines)
            subnets.add(iface.network)
            ips.append(iface.ip)
            assert iface.ip != iface.network.network_address
            if iface.version == 4:
                assert iface.ip != iface.network.broadcast_address
        assert len(subnets) == 1, f"Tunnel{number}: subnets {subnets}"
        assert len(ips) == len(set(ips)), f"Tunnel{number}: duplicate tunnel IPs"


def _hub_nbma(r: Rendered, host: str, tunnel: list[str]) -> IPv4Address | IPv6Address:
    """The NBMA a hub is reached at: its post-NAT address, else its tunnel source address (the
    source's IPv6 address when the tunnel runs GRE over IPv6)."""
    router = next(h for h in r.inv.hubs if h.name == host)
    source = value(tunnel, "tunnel source ")
    assert source is not None
    wan = next(w for w in router.wans if w.source_interface == source)
    if "tunnel mode gre multipoint ipv6" in tunnel:
        src6 = r.configs[host].interface(source)
        assert src6 is not None
        v6 = [ln.split()[2] for ln in src6 if ln.startswith("ipv6 address ") and "/" in ln]
        assert v6, f"{host}: GRE over IPv6 from {source}, which has no IPv6 address"
        return IPv6Interface(v6[0]).ip
    if wan.public_address is not None:
        return wan.public_address
    src = r.configs[host].interface(source)
    assert src is not None
    addr = address_of(src)
    assert addr is not None, f"{host}: hub tunnel source {source} has no static address"
    return addr


def test_every_nhs_is_a_hub_at_its_nbma(rendered: Rendered) -> None:
    for number, routers in members(rendered).items():
        hubs = {
            tunnel_address(lines).ip: _hub_nbma(rendered, host, lines)
            for host, lines in routers.items()
            if is_nhs(lines)
        }
        assert hubs, f"Tunnel{number} has no NHS"
        for host, lines in routers.items():
            for entry in values(lines, f"{nhrp(lines)} nhs "):
                tun, _kw, nbma = entry.split()[:3]
                assert ip_address(tun) in hubs, f"{host} Tunnel{number}: NHS {tun} is no hub"
                assert ip_address(nbma) == hubs[ip_address(tun)], f"{host} Tunnel{number}: nbma"
            if not is_nhs(lines) and value(lines, "tunnel destination ") is None:
                assert values(lines, f"{nhrp(lines)} nhs "), f"{host} Tunnel{number}: no NHS"


def test_phase_lines(rendered: Rendered) -> None:
    inv = rendered.inv
    hub_only = {s.name for s in inv.spokes if s.hub_only}
    regional = {h.name for h in inv.hubs if h.uplinks}
    routers = members(rendered)
    for cloud in inv.clouds:
        for host, lines in routers[cloud.tunnel].items():
            nhs = is_nhs(lines)
            redirect = f"{nhrp(lines)} redirect" in lines
            shortcut = f"{nhrp(lines)} shortcut" in lines
            if cloud.phase == 3:
                if nhs or host in regional:
                    assert redirect, f"{host} {cloud.name}: hub without redirect"
                if not nhs:
                    assert shortcut == (host not in hub_only), f"{host} {cloud.name}: shortcut"
                if host in regional:
                    assert shortcut, f"{host} {cloud.name}: regional hub without shortcut"
            else:
                assert not redirect and not shortcut, f"{host} {cloud.name}: phase {cloud.phase}"
            # the transport family picks the GRE mode (IPv6: Cisco's 'gre multipoint ipv6')
            v6 = cloud.transport_family == "ipv6"
            mode = "tunnel mode gre multipoint" + (" ipv6" if v6 else "")
            multipoint = mode in lines
            if cloud.phase == 1 and not nhs:
                assert not multipoint and value(lines, "tunnel destination ") is not None
                assert ("tunnel mode gre ipv6" in lines) == v6, f"{host} {cloud.name}: p2p mode"
            else:
                assert multipoint, f"{host} {cloud.name}: {mode} expected"


def test_shared_protection(rendered: Rendered) -> None:
    for host, cfg in rendered.configs.items():
        by_source: dict[tuple[str | None, str | None], list[list[str]]] = {}
        for lines in cfg.tunnels().values():
            key = (value(lines, "tunnel vrf "), value(lines, "tunnel source "))
            by_source.setdefault(key, []).append(lines)
        for (_vrf, source), tunnels in by_source.items():
            assert source is not None and re.fullmatch(INTERFACE_PATTERN, source), host
            protections = {value(t, "tunnel protection ipsec profile ") for t in tunnels}
            if len(tunnels) > 1:
                assert len(protections) == 1, f"{host}: {source} tunnels use {protections}"
                assert all(str(p).endswith(" shared") for p in protections), host
                keys = [value(t, "tunnel key ") for t in tunnels]
                assert None not in keys and len(set(keys)) == len(keys), f"{host}: keys {keys}"
            else:
                assert not str(protections.pop()).endswith(" shared"), host


def test_nat_means_transport_mode(rendered: Rendered) -> None:
    inv = rendered.inv
    natted = any(w.nat_kind for r in (*inv.hubs, *inv.spokes) for w in r.wans)
    for host, cfg in rendered.configs.items():
        for head in cfg.top("crypto ipsec transform-set "):
            mode = value(cfg.blocks[head], "mode ")
            if natted:
                assert mode == "transport", f"{host}: {head} is {mode} with NAT in the network"


def test_tunnel_sources_exist_up_and_addressed(rendered: Rendered) -> None:
    for host, cfg in rendered.configs.items():
        for number, lines in cfg.tunnels().items():
            source = value(lines, "tunnel source ")
            assert source is not None
            src = cfg.interface(source)
            assert src is not None, f"{host} Tunnel{number}: source {source} not configured"
            assert "shutdown" not in src and "no shutdown" in src, f"{host}: {source} is down"
            if "tunnel mode gre multipoint ipv6" in lines or "tunnel mode gre ipv6" in lines:
                _ipv6_source(cfg, host, src, value(lines, "tunnel vrf "))
                continue
            addressing = value(src, "ip address ")
            assert addressing is not None, f"{host}: {source} has no address"
            dynamic = addressing in ("dhcp", "negotiated")
            if dynamic and not is_nhs(lines):
                assert f"{nhrp(lines)} registration no-unique" in lines, f"{host} Tunnel{number}"
            vrf = value(lines, "tunnel vrf ")
            assert value(src, "vrf forwarding ") == vrf, f"{host}: {source} VRF vs tunnel vrf"
            if vrf is not None:
                assert f"vrf definition {vrf}" in cfg.blocks, f"{host}: VRF {vrf} undefined"
                default = [h for h in cfg.blocks if h.startswith(f"ip route vrf {vrf} 0.0.0.0 ")]
                assert default or addressing == "dhcp", f"{host}: no default route in {vrf}"


def _ipv6_source(cfg: Config, host: str, src: list[str], vrf: str | None) -> None:
    """GRE over IPv6: a static global IPv6 address (the NBMA), the IPv6 WAN filter admitting
    IKE and ESP, and an IPv6 default route in the source's table."""
    v6 = [ln.split()[2] for ln in src if ln.startswith("ipv6 address ") and "/" in ln]
    assert v6 and IPv6Interface(v6[0]).ip in IPv6Network("2000::/3"), f"{host}: NBMA {v6}"
    acl = value(src, "ipv6 traffic-filter ")
    assert acl == "WAN-IN-V6 in", f"{host}: IPv6 WAN without WAN-IN-V6"
    entries = cfg.blocks["ipv6 access-list WAN-IN-V6"]
    assert {"permit udp any any eq 500", "permit esp any any"} <= set(entries), host
    assert entries[-1] == "deny ipv6 any any", host
    assert value(src, "vrf forwarding ") == vrf, host
    prefix = f"ipv6 route vrf {vrf} ::/0 " if vrf else "ipv6 route ::/0 "
    assert any(h.startswith(prefix) for h in cfg.blocks), f"{host}: no IPv6 default route"


def test_fvrf_is_matched_by_ike(rendered: Rendered) -> None:
    for host, cfg in rendered.configs.items():
        vrfs = {value(t, "tunnel vrf ") for t in cfg.tunnels().values()} - {None}
        for head in cfg.top("crypto ikev2 profile "):
            fvrf = value(cfg.blocks[head], "match fvrf ")
            if not vrfs:
                assert fvrf is None, host
            else:
                assert fvrf == (vrfs.pop() if len(vrfs) == 1 else "any"), host


def test_hub_only_spokes_are_filtered(rendered: Rendered) -> None:
    inv = rendered.inv

    def peers(spoke_name: str) -> bool:
        """Another spoke of the network has a LAN (something to block)."""
        return any(o.lan and o.name != spoke_name for o in inv.spokes)

    isolated = [s for s in inv.spokes if s.hub_only and s.lan and peers(s.name)]
    for spoke in (s for s in inv.spokes if s.hub_only):
        for lines in rendered.configs[spoke.name].tunnels().values():
            assert "ip nhrp shortcut" not in lines
            if spoke in isolated:
                assert "ip access-group SPOKE-ISOLATION in" in lines
                assert "ip access-group SPOKE-ISOLATION out" in lines
    for host, cfg in rendered.configs.items():
        acl = cfg.blocks.get("ip access-list extended SPOKE-ISOLATION")
        if not isolated:
            assert acl is None, host
            continue
        hub = next((h for h in inv.hubs if h.name == host), None)
        if hub is None:
            continue
        served = [c for c in inv.clouds if inv.serves(hub, c)]
        if any(s in inv.cloud_spokes(c) for c in served for s in isolated):
            # the hub filters on every tunnel (a regional hub's uplink too)
            assert acl is not None and acl[-1] == "permit ip any any", host
            for lines in cfg.tunnels().values():
                assert "ip access-group SPOKE-ISOLATION in" in lines, host
        else:
            assert acl is None, host


def standard_acl_permits(lines: list[str], address: IPv4Address) -> bool:
    """First-match verdict of a standard ACL (``permit|deny A W [log]``, ``deny any``)."""
    for line in lines:
        action, *rest = line.split()
        if action not in ("permit", "deny"):
            continue
        if rest[0] == "any":
            return action == "permit"
        base, wildcard = int(IPv4Address(rest[0])), int(IPv4Address(rest[1]))
        if int(address) & ~wildcard == base & ~wildcard:
            return action == "permit"
    return False


def test_vty_admits_the_management_prefixes_only(rendered: Rendered) -> None:
    # SSH-ACCESS (vty access-class, login quiet-mode) permits the declared management prefixes
    # and nothing else: not the sites' LANs, loopbacks or tunnel addresses outside them, and
    # never a hub-only spoke (partner, kiosk, contractor), even inside a declared prefix.
    inv = rendered.inv
    allowed = inv.management.ssh_allowed
    if inv.ipv6_only:  # IPv6-only: no IPv4 vty session at all, the NOC comes over IPv6
        assert not allowed and inv.management.ssh_allowed_v6
        for host, cfg in rendered.configs.items():
            assert cfg.blocks["ip access-list standard SSH-ACCESS"] == ["deny any log"], host
        return
    assert allowed, "every example declares its management prefixes"
    untrusted = {
        IPv4Address(addr)
        for spoke in inv.spokes
        if spoke.hub_only
        for addr in [
            *(inv.tunnel_ip(cloud, spoke) for cloud in inv.router_clouds(spoke)),
            *(lan.address.ip for lan in spoke.lan),
            *([spoke.loopback] if spoke.loopback is not None else []),
        ]
    }
    probes = set(untrusted) | {p.network_address + 1 for p in allowed}
    for router in (*inv.hubs, *inv.spokes):
        probes.update(lan.address.ip for lan in router.lan)
        probes.update(inv.tunnel_ip(cloud, router) for cloud in inv.router_clouds(router))
        if router.loopback is not None:
            probes.add(IPv4Address(router.loopback))
    for host, cfg in rendered.configs.items():
        acl = cfg.blocks.get("ip access-list standard SSH-ACCESS")
        assert acl is not None, host
        for address in sorted(probes):
            expected = address not in untrusted and any(address in p for p in allowed)
            assert standard_acl_permits(acl, address) == expected, f"{host}: {address}"


def test_vrf_forwarding_precedes_the_address(rendered: Rendered) -> None:
    """'vrf forwarding' clears an interface's address: it must come before 'ip address'."""
    for host, cfg in rendered.configs.items():
        for head, lines in cfg.blocks.items():
            if not head.startswith("interface ") or not any(
                ln.startswith("vrf forwarding ") for ln in lines
            ):
                continue
            vrf_at = next(i for i, ln in enumerate(lines) if ln.startswith("vrf forwarding "))
            addr_at = [i for i, ln in enumerate(lines) if ln.startswith("ip address ")]
            assert all(vrf_at < i for i in addr_at), f"{host} {head}"


def test_overlay_lives_in_the_inside_vrf(rendered: Rendered) -> None:
    """With an inside VRF every tunnel, LAN and Loopback0 is in it and every WAN is not; the
    VRF is defined and the routing process runs in it. Without one, only WANs carry a VRF."""
    inv = rendered.inv
    ivrf = inv.overlay_vrf.name if inv.overlay_vrf is not None else None
    for router in (*inv.hubs, *inv.spokes):
        cfg = rendered.configs[router.name]
        overlay = [f"Tunnel{c.tunnel}" for c in inv.router_clouds(router)]
        overlay += [lan.interface for lan in router.lan]
        if router.loopback is not None:
            overlay.append("Loopback0")
        for name in overlay:
            lines = cfg.interface(name)
            assert lines is not None, f"{router.name}: {name} missing"
            assert value(lines, "vrf forwarding ") == ivrf, f"{router.name} {name}"
        for wan in router.wans:
            # a PPPoE WAN's addressed interface (and VRF) is its dialer
            lines = cfg.interface(wan.source_interface)
            assert lines is not None
            found = value(lines, "vrf forwarding ")
            assert found == wan.vrf, f"{router.name} {wan.source_interface}"
        if ivrf is not None:
            assert f"vrf definition {ivrf}" in cfg.blocks, router.name
            text = rendered.net.configs[router.name].text
            assert re.search(
                rf"^(router ospf \d+ vrf {ivrf}| address-family ipv4 (unicast )?"
                rf"vrf {ivrf}( autonomous-system \d+)?)$",
                text,
                re.M,
            ), router.name
            # BGP: every neighbour and peer group lives in the VRF's address family, and no
            # listen range (undocumented for an IPv4 VRF) is rendered
            assert not re.search(r"^ (neighbor |bgp listen)", text, re.M), router.name


def test_multicast_lines(rendered: Rendered) -> None:
    """PIM sparse mode on every tunnel, NBMA mode and dynamic multicast mapping on every NHS,
    DR priority 0 and multicast NHS entries on spokes, one RP everywhere, spokes of phase 2/3
    clouds on the shared tree, multicast routing in the platform's form, PIM on exactly the
    listed LANs; with an inside VRF every global line in the VRF's form and none global."""
    mc = rendered.inv.multicast
    if mc is None:
        for cfg in rendered.configs.values():
            assert not cfg.top("ip multicast-routing") and not cfg.top("ip pim ")
        return
    ivrf = rendered.inv.overlay_vrf
    in_vrf = f" vrf {ivrf.name}" if ivrf is not None else ""
    pim = f"ip pim{in_vrf} "
    rp = {f"{pim}rp-address {mc.rp.address}"} if mc.rp.address else set()
    for router in (*rendered.inv.hubs, *rendered.inv.spokes):
        cfg = rendered.configs[router.name]
        xe = rendered.inv.platform_of(router).value == "iosxe"
        assert cfg.top("ip multicast-routing") == [
            f"ip multicast-routing{in_vrf}" + (" distributed" if xe else "")
        ]
        assert set(cfg.top(f"{pim}rp-address")) == rp
        globals_ = cfg.top("ip pim ")
        assert all(x.startswith(pim) for x in globals_), (router.name, globals_)
        phase23_spoke = any(
            not rendered.inv.serves(router, c) and c.phase in (2, 3)
            for c in rendered.inv.router_clouds(router)
        )
        assert bool(cfg.top(f"{pim}spt-threshold infinity")) == phase23_spoke
        # the register rate in the range the platform takes: IOS 15 messages per second
        # (1..65535), IOS-XE 8000..2000000000 (Cisco-IOS-XE-multicast.yang, register-rate-limit,
        # the same leaf in 'ip pim vrf V', which uses the global 'ip pim' grouping)
        (rate_line,) = cfg.top(f"{pim}register-rate-limit ")
        rate = int(rate_line.split()[-1])
        low, high = (8000, 2_000_000_000) if xe else (1, 65535)
        assert low <= rate <= high, f"{router.name}: {rate_line} outside {low}..{high}"
        # PIM is policed with the routing protocols (never dropped), not in class-default
        assert "permit pim any any" in cfg.blocks["ip access-list extended COPP-ROUTING"]
        for lines in cfg.tunnels().values():
            assert "ip pim sparse-mode" in lines
            if is_nhs(lines):
                assert "ip pim nbma-mode" in lines and "ip pim dr-priority 0" not in lines
            else:
                assert "ip pim dr-priority 0" in lines and "ip pim nbma-mode" not in lines
                nhs = values(lines, "ip nhrp nhs ")
                assert all(n.endswith(" multicast") for n in nhs)
        for lan in router.lan:
            lines = cfg.interface(lan.interface)
            assert lines is not None
            hub_only = getattr(router, "hub_only", False)
            wanted = (not hub_only) if mc.lans is None else lan.prefix in mc.lans
            assert ("ip pim sparse-mode" in lines) == wanted, f"{router.name} {lan.interface}"


# What an IOS 15 router's aggregate CoPP policy sees of its tunnels: tunnel termination traffic
# is control-plane host traffic there (Cisco, Control Plane Protection), so these must never
# fall into a class that drops above its rate (class-default included).
_TUNNEL_DATA = {
    "ESP": re.compile(r"permit esp any any$"),
    "NAT-T": re.compile(r"permit udp any any eq (non500-isakmp|4500)$"),
    "GRE": re.compile(r"permit gre any any$"),
}


def copp_class_for(
    cfg: Config, pattern: re.Pattern[str], *, ipv6_only: bool = False
) -> tuple[str, list[str]]:
    """The first class of policy-map COPP whose ACL permits ``pattern``, with its actions;
    ``ipv6_only`` for an IPv6 packet, which an IPv4 access list never matches."""
    policy = cfg.blocks["policy-map COPP"]
    starts = [i for i, ln in enumerate(policy) if ln.startswith("class ")]
    for at, end in zip(starts, [*starts[1:], len(policy)], strict=True):
        name = policy[at].split()[1]
        if name == "class-default":
            return name, policy[at + 1 : end]
        acl = value(cfg.blocks[f"class-map match-all {name}"], "match access-group name ")
        # a class of IPv6 control traffic (dual stack) matches an IPv6 access list
        v4 = None if ipv6_only else cfg.blocks.get(f"ip access-list extended {acl}")
        lines = v4 if v4 is not None else cfg.blocks.get(f"ipv6 access-list {acl}")
        if lines is None and ipv6_only:
            continue
        assert lines is not None, acl
        if any(pattern.search(ln) for ln in lines):
            return name, policy[at + 1 : end]
    raise AssertionError("policy-map COPP has no class-default")


def test_ios15_copp_never_drops_tunnel_data(rendered: Rendered) -> None:
    inv = rendered.inv
    for router in (*inv.hubs, *inv.spokes):
        if inv.platform_of(router).value != "ios":
            continue
        cfg = rendered.configs[router.name]
        for what, pattern in _TUNNEL_DATA.items():
            name, actions = copp_class_for(cfg, pattern)
            assert not any("exceed-action drop" in a for a in actions), (
                f"{router.name}: {what} to the router is policed with drops in CoPP class {name}"
            )


def test_syslog_source_is_set_for_the_hosts_vrf(rendered: Rendered) -> None:
    """'logging source-interface X' serves the global table's hosts; hosts reached in a VRF take
    'logging source-interface X vrf V' (IOS-XE keeps one per VRF), or the design's source
    interface is silently replaced by the egress interface."""
    for host, cfg in rendered.configs.items():
        hosts = [h.split()[2:] for h in cfg.top("logging host ")]
        sources = [s.split()[2:] for s in cfg.top("logging source-interface ")]
        if not hosts or not sources:
            continue
        vrfs = {w[w.index("vrf") + 1] if "vrf" in w else None for w in hosts}
        covered = {w[w.index("vrf") + 1] if "vrf" in w else None for w in sources}
        assert vrfs <= covered, f"{host}: syslog hosts in {vrfs - covered} have no source"


def _ace_part(words: list[str]) -> tuple[int, int, list[str]]:
    """(base, wildcard, rest) of one 'any' / 'host A' / 'A W' address of an extended ACE."""
    if words[0] == "any":
        return 0, 0xFFFFFFFF, words[1:]
    if words[0] == "host":
        return int(IPv4Address(words[1])), 0, words[2:]
    return int(IPv4Address(words[0])), int(IPv4Address(words[1])), words[2:]


def extended_acl_permits(lines: list[str], src: IPv4Address, dst: IPv4Address) -> bool:
    """First-match verdict of an 'ip'-only extended ACL for one source and destination."""
    for line in lines:
        action, *rest = line.split()
        if action not in ("permit", "deny") or rest[0] != "ip":
            continue
        sbase, swild, rest = _ace_part(rest[1:])
        dbase, dwild, _ = _ace_part(rest)
        if int(src) & ~swild == sbase & ~swild and int(dst) & ~dwild == dbase & ~dwild:
            return action == "permit"
    return False


def test_hub_only_spokes_cannot_reach_other_spoke_routers(rendered: Rendered) -> None:
    """A hub-only spoke's LANs reach no other spoke's Loopback0 (the router itself), and no
    other spoke's LAN reaches its Loopback0: on its own tunnel and on every hub serving it."""
    inv = rendered.inv
    for spoke in (s for s in inv.spokes if s.hub_only):
        filters = [spoke.name] + [
            h.name for c in inv.router_clouds(spoke) for h in inv.cloud_hubs(c)
        ]
        for other in (o for o in inv.spokes if o.name != spoke.name):
            pairs = [
                (lan.prefix.network_address + 1, other.loopback)
                for lan in spoke.lan
                if other.loopback is not None
            ] + [
                (lan.prefix.network_address + 1, spoke.loopback)
                for lan in other.lan
                if spoke.loopback is not None
            ]
            for host in filters:
                acl = rendered.configs[host].blocks["ip access-list extended SPOKE-ISOLATION"]
                for src, dst in pairs:
                    assert not extended_acl_permits(acl, src, dst), f"{host}: {src} -> {dst}"


def test_lan_hosts_hear_fragmentation_needed(rendered: Rendered) -> None:
    """Tunnels run at 'ip mtu' 1400 (or less): a LAN host's DF packet above it is dropped and
    answered with an ICMP unreachable (fragmentation needed), which 'no ip unreachables' on the
    LAN it came from would suppress, silently black-holing non-TCP traffic (TCP is clamped by
    'ip tcp adjust-mss')."""
    for router in (*rendered.inv.hubs, *rendered.inv.spokes):
        cfg = rendered.configs[router.name]
        for lan in router.lan:
            lines = cfg.interface(lan.interface)
            assert lines is not None and "no ip unreachables" not in lines, (
                f"{router.name} {lan.interface}"
            )
