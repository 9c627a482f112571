"""Read one IOS / IOS-XE configuration into :class:`Device` facts (interfaces, tunnels, crypto,
routing), every fact with its 1-based line number."""

from __future__ import annotations

from ipaddress import IPv4Network
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, cast

from dmvpngen.parse.acl import parse_acl, parse_numbered_acl
from dmvpngen.parse.crypto import parse_crypto_line
from dmvpngen.parse.facts import Device, EigrpInterface, Interface, Nhs, StaticMap, Tunnel
from dmvpngen.parse.ipv6 import (
    InterfaceIpv6,
    parse_interface_ipv6,
    parse_ospfv3,
    parse_router_ipv6,
)
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.pim import parse_global_pim, parse_interface_pim
from dmvpngen.parse.routing import parse_bgp, parse_eigrp, parse_ospf
from dmvpngen.parse.tree import (
    Node,
    TreeParts,
    ip_or_none,
    lower_words,
    mask_network,
    tree_from_parts,
    tree_parts,
    words,
)

if TYPE_CHECKING:
    from dmvpngen.parse.source import ConfigSource

__all__ = [
    "might_show_version",
    "parse_config",
    "parse_file",
    "parse_source",
    "parse_source_parts",
]


def parse_file(path: str | Path) -> Device:
    """Parse a config file (raises :class:`~dmvpngen.parse.source.ConfigRefused` when it cannot
    be read as an IOS config)."""
    from dmvpngen.parse.source import read_config

    p = Path(path)
    return parse_source(read_config(p, str(p)))


def parse_source(source: ConfigSource) -> Device:
    """Parse a config read by :func:`~dmvpngen.parse.source.read_config`."""
    return parse_source_parts(source)[0]


def parse_source_parts(source: ConfigSource) -> tuple[Device, TreeParts]:
    """:func:`parse_source`, with the parts its line tree was built from
    (:func:`~dmvpngen.parse.tree.tree_parts`): what another process needs to build the same
    tree, without working them out a second time."""
    device, parts = _parse_lines(source.lines, source.name)
    return _with_shown_release(device, source.raw_lines), parts


def parse_config(text: str, file: str = "-") -> Device:
    """Parse config ``text`` (known to be a config: no classification); ``file`` is the name
    used in every location."""
    from dmvpngen.parse.source import prepare

    raw, lines, _kind = prepare(text)
    return _with_shown_release(_parse_lines(lines, file)[0], raw)


def _with_shown_release(device: Device, raw_lines: list[str]) -> Device:
    # 'show version' captured with the config names the full release; the 'version' line only
    # the train (docs/advisories.md)
    text = "\n".join(raw_lines)
    if not might_show_version(text):  # most configs: no 'show version' output captured
        device.shown_release = None
        return device
    from dmvpngen.advisories.showversion import parse_show_version

    shown = parse_show_version(text)
    device.shown_release = shown.release.text if shown else None
    return device


def might_show_version(text: str) -> bool:
    """False when ``text`` holds no line ``parse_show_version`` could read: every release line
    of ``show version`` it knows (``Cisco IOS XE Software, Version``, ``IOS XE Version:``,
    ``Cisco IOS Software ... Version``, ``IOS (tm) ... Version``) holds ``IOS `` and
    ``Version``. Reading 2,000 configs line by line for them was ~6 % of a network's check."""
    return "IOS " in text and "Version" in text


def _parse_lines(lines: list[str], file: str) -> tuple[Device, TreeParts]:
    device = Device(hostname=Path(file).stem, file=file)
    parts = tree_parts(lines)  # build_tree_lines in two steps, the parts kept for the caller
    nodes = tree_from_parts(parts)
    # every top-level block, as appending each did (no branch reads device.blocks while parsing)
    device.blocks = nodes
    # only the blocks a branch of _top reads, picked at C level: most top-level lines ('service
    # ...', 'no ...', 'line ...') are read by none, and calling _top to find that out was ~2 %
    # of the parse
    for node in compress(nodes, _read_by_a_branch(list(map(_TEXT, nodes)))):
        try:
            _top(device, node)
        except (IndexError, ValueError):
            # A truncated or malformed block: keep what was read, note where reading stopped.
            device.notes.append((node.line, node.text))
    for tun in device.tunnels.values():
        _resolve_legacy_nhs(tun)
    return device, parts


def _top(device: Device, node: Node) -> None:
    """One top-level block."""
    w = words(node.text)
    head = w[0].lower()
    if head not in _TOP_HEADS:
        return  # 'service ...', 'no ...', 'line ...': most top-level lines, read by no branch
    if head == "hostname" and len(w) > 1:
        device.hostname = w[1]
    elif head == "version" and len(w) > 1:
        device.version = w[1]
    elif head == "interface" and len(w) > 1:
        _interface(device, node, canonical_interface(" ".join(w[1:3])))
    elif head == "crypto":
        parse_crypto_line(device, node, w)
    elif head == "router" and len(w) > 2:
        kind = w[1].lower()
        if kind == "eigrp":
            parse_eigrp(device, node, w)
        elif kind == "ospf":
            parse_ospf(device, node, w)
        elif kind == "ospfv3":
            parse_ospfv3(device.ipv6, node, w)
        elif kind == "bgp":
            parse_bgp(device, node, w)
    elif head == "ip" and len(w) > 1 and w[1].lower() in {"multicast-routing", "pim"}:
        parse_global_pim(device.pim, node, w)
    elif head == "ipv6" and len(w) > 1:
        parse_router_ipv6(device.ipv6, node, w)
    elif head == "ip" and len(w) > 4 and w[1].lower() == "route":
        _default_route(device, w)
    elif head == "ip" and len(w) > 3 and w[1].lower() == "access-list":
        parse_acl(device, node, w)
    elif head == "access-list" and len(w) > 2:
        parse_numbered_acl(device, node, w)
    elif head == "key" and len(w) > 2 and w[1].lower() == "chain":
        device.key_chains[w[2]] = [
            k.text.split()[-1] for k in node.walk() if k.text.startswith("key-string")
        ]


# the first words the branches of _top read
_TOP_HEADS = frozenset(
    ("hostname", "version", "interface", "crypto", "router", "ip", "ipv6", "access-list", "key")
)
_TEXT = attrgetter("text")
# top-level text -> whether its first word, lower-cased, is one of _TOP_HEADS (the test _top
# starts with). The configs of a network repeat most of their top-level lines.
_READ: dict[str, bool] = {}
_READ_MAX = 1 << 16  # names and addresses make lines unique: stay bounded


def _read_by_a_branch(texts: list[str]) -> list[bool]:
    """For each top-level text, whether :func:`_top` reads it past its first test."""
    flags = list(map(_READ.get, texts))
    if None in flags:
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        for index, known in enumerate(flags):
            if known is None:
                text = texts[index]
                flags[index] = _READ[text] = words(text)[0].lower() in _TOP_HEADS
    return cast("list[bool]", flags)


def _default_route(device: Device, w: list[str]) -> None:
    """``ip route [vrf V] 0.0.0.0 0.0.0.0 [interface] <gateway>``: the first one per VRF wins."""
    rest = w[2:]
    vrf = ""
    if rest[0].lower() == "vrf" and len(rest) > 2:
        vrf, rest = rest[1], rest[2:]
    if rest[:2] != ["0.0.0.0", "0.0.0.0"] or len(rest) < 3:
        return
    gw = next((x for x in rest[2:4] if ip_or_none(x) is not None), None)
    if gw is not None:
        device.default_routes.setdefault(vrf, gw)


def _resolve_legacy_nhs(tun: Tunnel) -> None:
    """Legacy form: the NBMA of ``ip nhrp nhs X`` comes from ``ip nhrp map X <nbma>``."""
    for entry in tun.nhs:
        if entry.nbma is not None or entry.address is None:
            continue
        for static in tun.maps:
            if static.address == entry.address:
                entry.nbma, entry.nbma_line = static.nbma, static.line
                entry.multicast = any(m[0] == static.nbma for m in tun.map_multicast)
                break


def _interface(device: Device, node: Node, name: str) -> None:
    """An interface block; a second block for the same name ('interface Tunnel 200') merges."""
    if name.startswith("Tunnel"):
        tun = device.tunnels.get(name)
        if tun is None:
            number = int("".join(ch for ch in name[6:] if ch.isdigit()) or 0)
            tun = Tunnel(name=name, line=node.line, number=number)
            device.tunnels[name] = tun
        for child in node.children:
            try:
                _tunnel_line(device, tun, child)
            except (IndexError, ValueError):
                device.notes.append((child.line, child.text))
        return
    intf = device.interfaces.get(name)
    if intf is None:
        intf = Interface(name=name, line=node.line)
        device.interfaces[name] = intf
    for child in node.children:
        _common_line(intf, child, words(child.text), lower_words(child.text))


# The first words of the lines _common_line reads, and the second words of its 'ip' lines: a
# line outside them matches none of its branches (most of an interface's lines: 'no ip
# redirects', 'no cdp enable', 'ip verify ...'), so it is turned away before the branches run.
_COMMON_FIRST = frozenset(
    (
        "ipv6",
        "ospfv3",
        "description",
        "ip",
        "shutdown",
        "no",
        "vrf",
        "dialer",
        "pppoe-client",
        "ppp",
    )
)
_COMMON_IP = frozenset({"address", "vrf", "nat", "mtu", "access-group", "pim"})


def _common_line(intf: Interface, node: Node, w: list[str], low: list[str]) -> bool:
    """Lines shared by every interface kind (``w``: the words of ``node``, ``low`` the same
    lower-cased); True when consumed."""
    first = low[0]
    if (
        first not in _COMMON_FIRST
        or (first == "ip" and (len(low) < 2 or low[1] not in _COMMON_IP))
        or (first == "no" and low != ["no", "shutdown"])  # the one 'no' line read below
    ):
        return False
    if first in {"ipv6", "ospfv3"}:
        if intf.ipv6 is None:
            intf.ipv6 = InterfaceIpv6()
        return parse_interface_ipv6(intf.ipv6, node, w, low)
    if low[0] == "description":
        intf.description = node.text.split(None, 1)[1] if len(w) > 1 else ""
    elif low[:2] == ["ip", "address"] and len(w) >= 3:
        if low[2] == "dhcp":
            intf.dhcp = node.line
        elif low[2] == "negotiated":
            intf.negotiated = node.line
        elif len(w) >= 4 and "secondary" not in low:
            intf.address = mask_network(w[2], w[3])
            intf.address_line = node.line
        elif len(w) >= 4:
            extra = mask_network(w[2], w[3])
            if extra is not None:
                intf.secondaries += (extra,)
    elif low == ["shutdown"]:
        intf.shutdown = node.line
    elif low == ["no", "shutdown"]:
        intf.shutdown = None
    elif low[:2] == ["vrf", "forwarding"] and len(w) > 2:
        intf.vrf = w[2]
    elif low[:3] == ["ip", "vrf", "forwarding"] and len(w) > 3:
        intf.vrf = w[3]
    elif low[:2] == ["ip", "nat"] and len(w) > 2:
        intf.nat = low[2]
    elif low[:2] == ["ip", "mtu"] and len(w) > 2 and w[2].isdigit():
        intf.mtu = int(w[2])
    elif low[:2] == ["ip", "access-group"] and len(w) > 3:
        intf.access_groups[low[3]] = (w[2], node.line)
    elif low[:2] == ["ip", "pim"] and len(w) > 2:
        parse_interface_pim(intf, node, low)
    elif low[:2] == ["dialer", "pool"] and len(w) > 2 and w[2].isdigit():
        intf.dial_pool = int(w[2])
    elif low[0] == "pppoe-client" and "dial-pool-number" in low and w[-1].isdigit():
        intf.dial_pool = int(w[low.index("dial-pool-number") + 1])
    elif low[0] == "ppp" and len(w) > 3 and low[1] in {"chap", "pap"}:
        _ppp(intf, low, w)
    else:
        return False
    return True


def _ppp(intf: Interface, low: list[str], w: list[str]) -> None:
    """``ppp chap hostname U``, ``ppp chap password [0] P``, ``ppp pap sent-username U ...``."""
    intf.ppp_auth = low[1]
    if low[2] == "hostname":
        intf.ppp_user = w[3]
    elif low[2] == "password":
        intf.ppp_password = w[-1]
    elif low[2] == "sent-username":
        intf.ppp_user = w[3]
        if "password" in low:
            intf.ppp_password = w[-1]


def _tunnel_line(device: Device, tun: Tunnel, node: Node) -> None:
    w = words(node.text)
    low = lower_words(node.text)
    if _common_line(tun, node, w, low):
        return
    if low[0] == "tunnel" and len(w) > 1:
        _tunnel_cmd(tun, node, w, low)
    elif low[:2] == ["ip", "nhrp"] and len(w) > 2:
        _nhrp(tun, node, w, low)
    elif low[:3] == ["no", "ip", "nhrp"] and len(w) > 3:
        if low[3] == "shortcut":
            tun.no_shortcut = node.line
        elif low[3] == "redirect":
            tun.no_redirect = node.line
    elif "eigrp" in low:
        _eigrp_intf(tun, node, w, low)
    elif low[:2] == ["ip", "ospf"] and len(w) > 2:
        _ospf_intf(tun, node, w, low)
    elif low[0] == "keepalive":
        tun.keepalive = node.line
    elif low[0] in {"bandwidth", "delay"} and len(w) > 1 and w[1].isdigit():
        setattr(tun, low[0], int(w[1]))
    elif low[:3] == ["ip", "tcp", "adjust-mss"] and len(w) > 3 and w[3].isdigit():
        tun.mss = int(w[3])
    elif low[0] == "bfd" and "interval" in low and len(w) >= 7:
        nums = [int(x) for x in w if x.isdigit()]
        if len(nums) == 3:
            tun.bfd = (nums[0], nums[1], nums[2])


_GRE_IPV6 = {"gre multipoint ipv6": "gre multipoint", "gre ipv6": "gre ip"}


def _tunnel_cmd(tun: Tunnel, node: Node, w: list[str], low: list[str]) -> None:
    sub = low[1]
    if sub == "mode" and len(w) > 2:
        rest = " ".join(low[2:])
        # GRE over an IPv6 transport keeps the GRE mode; the flag names the transport
        tun.transport_v6 = rest in _GRE_IPV6
        rest = _GRE_IPV6.get(rest, rest)
        tun.mode = {"gre multipoint": "gre-multipoint", "gre ip": "gre-p2p"}.get(rest, rest)
        tun.mode_line = node.line
    elif sub == "source" and len(w) > 2:
        src = " ".join(w[2:])
        tun.source = src if ip_or_none(src) else canonical_interface(src)
        tun.source_line = node.line
    elif sub == "destination" and len(w) > 2:
        tun.destination, tun.destination_line = w[2], node.line
    elif sub == "key" and len(w) > 2 and w[2].isdigit():
        tun.key, tun.key_line = int(w[2]), node.line
    elif sub == "vrf" and len(w) > 2:
        tun.tunnel_vrf = w[2]
    elif sub == "protection" and len(w) > 4:
        tun.protection = w[4]
        tun.protection_shared = "shared" in low[5:]
        tun.protection_line = node.line


def _nhrp(tun: Tunnel, node: Node, w: list[str], low: list[str]) -> None:
    sub = low[2]
    if sub == "network-id" and len(w) > 3 and w[3].isdigit():
        tun.network_id, tun.network_id_line = int(w[3]), node.line
    elif sub == "authentication" and len(w) > 3:
        tun.auth, tun.auth_line = w[3], node.line
    elif sub == "holdtime" and len(w) > 3 and w[3].isdigit():
        tun.holdtime, tun.holdtime_line = int(w[3]), node.line
    elif sub == "redirect":
        tun.redirect = node.line
    elif sub == "shortcut":
        tun.shortcut = node.line
    elif sub == "registration" and "no-unique" in low:
        tun.no_unique = node.line
    elif sub == "group" and len(w) > 3:
        tun.nhrp_group = w[3]
    elif sub == "nhs" and len(w) > 3:
        _nhs(tun, node, w, low)
    elif sub == "map" and len(w) > 3:
        if low[3] == "multicast" and len(w) > 4:
            if low[4] == "dynamic":
                tun.map_multicast_dynamic = node.line
            else:
                tun.map_multicast.append((w[4], node.line))
        elif low[3] == "group" and len(w) > 4:
            tun.nhrp_map_groups.append((w[4], node.line))
        elif len(w) > 4 and (addr := ip_or_none(w[3].split("/")[0])) is not None:
            tun.maps.append(StaticMap(addr, w[4], node.line))


def _nhs(tun: Tunnel, node: Node, w: list[str], low: list[str]) -> None:
    if low[3] in {"cluster", "fallback"}:
        return
    addr = None if low[3] == "dynamic" else ip_or_none(w[3])
    if addr is None and low[3] != "dynamic":
        return
    entry = Nhs(address=addr, line=node.line, form="legacy")
    i = 4
    while i < len(low):
        if low[i] == "nbma" and i + 1 < len(w):
            entry.nbma, entry.nbma_line, entry.form = w[i + 1], node.line, "one-line"
            i += 2
        elif low[i] == "multicast":
            entry.multicast = True
            i += 1
        elif low[i] in {"priority", "cluster"} and i + 1 < len(w) and w[i + 1].isdigit():
            setattr(entry, low[i], int(w[i + 1]))
            i += 2
        else:
            i += 1
    tun.nhs.append(entry)


def _eigrp_intf(tun: Tunnel, node: Node, w: list[str], low: list[str]) -> None:
    if "eigrp" not in low or low.index("eigrp") + 1 >= len(w):
        return
    asn_text = w[low.index("eigrp") + 1]
    if not asn_text.isdigit():
        return
    settings = tun.eigrp.setdefault(int(asn_text), EigrpInterface())
    if low[:3] == ["no", "ip", "split-horizon"]:
        settings.split_horizon_off = node.line
    elif low[:3] == ["no", "ip", "next-hop-self"]:
        settings.next_hop_self_off = node.line
    elif low[:2] == ["ip", "summary-address"] and len(w) >= 6:
        net = mask_network(w[4], w[5])
        if net is not None:
            settings.summaries.append((IPv4Network(net.network), node.line))
    elif low[:3] == ["ip", "authentication", "mode"] and len(w) >= 6:
        settings.auth_mode, settings.auth_line = low[5], node.line
    elif low[:3] == ["ip", "authentication", "key-chain"] and len(w) >= 6:
        settings.auth_key_chain, settings.auth_line = w[5], node.line


def _ospf_intf(tun: Tunnel, node: Node, w: list[str], low: list[str]) -> None:
    sub = low[2]
    if sub == "network" and len(w) > 3:
        tun.ospf_network, tun.ospf_network_line = low[3], node.line
    elif sub == "priority" and len(w) > 3 and w[3].isdigit():
        tun.ospf_priority, tun.ospf_priority_line = int(w[3]), node.line
    elif sub == "hello-interval" and len(w) > 3 and w[3].isdigit():
        tun.ospf_hello = int(w[3])
    elif sub == "authentication":
        kind = low[3] if len(w) > 3 else "plain"
        tun.ospf_auth, tun.ospf_auth_line = kind, node.line
    elif sub == "cost" and len(w) > 3 and w[3].isdigit():
        tun.ospf_cost = int(w[3])
    elif sub.isdigit() and len(w) > 4 and low[3] == "area":
        tun.ospf_area = (int(sub), w[4], node.line)
