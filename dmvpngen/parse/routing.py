"""Routing processes: EIGRP (classic and named), OSPF, BGP."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from ipaddress import IPv4Address, IPv4Network, IPv6Network

from dmvpngen.parse.facts import (
    Bgp,
    BgpNeighbor,
    Device,
    EigrpInterface,
    EigrpProcess,
    OspfProcess,
    Tunnel,
)
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.tree import Node, lower_words, mask_network, wildcard_network, words

__all__ = ["eigrp_interface", "ospf_area", "parse_bgp", "parse_eigrp", "parse_ospf"]


def parse_eigrp(device: Device, node: Node, w: list[str]) -> None:
    """``router eigrp <as>`` (classic) or ``router eigrp <name>`` with address families."""
    if w[2].isdigit():
        proc = EigrpProcess(int(w[2]), node.line)
        _eigrp_body(proc, node.children)
        device.eigrp.append(proc)
        # classic mode in a VRF: 'address-family ipv4 vrf V [autonomous-system N]'
        for af in node.children:
            aw = words(af.text)
            al = lower_words(af.text)
            if al[:1] == ["address-family"] and "vrf" in al[:-1]:
                asn_text = (
                    al[al.index("autonomous-system") + 1]
                    if "autonomous-system" in al[:-1]
                    else w[2]
                )
                vrf_proc = EigrpProcess(
                    int(asn_text) if asn_text.isdigit() else 0,
                    af.line,
                    None,
                    aw[al.index("vrf") + 1],
                )
                _eigrp_body(vrf_proc, af.children)
                device.eigrp.append(vrf_proc)
        return
    for af in node.children:
        aw = words(af.text)
        al = lower_words(af.text)
        if al[:1] != ["address-family"] or "autonomous-system" not in al:
            continue
        asn_text = al[al.index("autonomous-system") + 1]
        # VRF names are case-sensitive: keep the config's spelling
        vrf = aw[al.index("vrf") + 1] if "vrf" in al else None
        proc = EigrpProcess(int(asn_text) if asn_text.isdigit() else 0, af.line, w[2], vrf)
        _eigrp_body(proc, af.children)
        # the IPv6 address family is another routing table: kept apart from the IPv4 model
        (device.eigrp_v6 if al[1:2] == ["ipv6"] else device.eigrp).append(proc)


def _eigrp_body(proc: EigrpProcess, children: Sequence[Node]) -> None:
    for child in children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[0] == "network" and len(cw) > 1:
            net = wildcard_network(cw[1], cw[2] if len(cw) > 2 else None)
            if net is not None:
                proc.networks.append((net, child.line))
        elif cl[:2] == ["eigrp", "stub"] or cl[0] == "stub-site":
            proc.stub = child.line
            proc.stub_kind = " ".join(cl[2:]) if cl[0] == "eigrp" else "stub-site"
        elif cl[:2] == ["bfd", "all-interfaces"]:
            proc.bfd_all = child.line
        elif cl[:2] == ["passive-interface", "default"]:
            proc.passive_default, proc.passive_default_line = True, child.line
        elif cl[0] == "passive-interface" and len(cw) > 1:
            proc.passive[canonical_interface(" ".join(cw[1:]))] = child.line
        elif cl[:2] == ["no", "passive-interface"] and len(cw) > 2:
            proc.no_passive[canonical_interface(" ".join(cw[2:]))] = child.line
        elif cl[0] == "af-interface" and len(cw) > 1:
            settings = _af_interface(child)
            if cl[1] == "default":
                proc.default_interface = settings
            else:
                proc.interfaces[canonical_interface(cw[1])] = settings


def _af_interface(node: Node) -> EigrpInterface:
    settings = EigrpInterface()
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl == ["no", "split-horizon"]:
            settings.split_horizon_off = child.line
        elif cl == ["no", "next-hop-self"]:
            settings.next_hop_self_off = child.line
        elif cl[0] == "summary-address" and len(cw) > 1:
            net = mask_network(cw[1], cw[2]) if len(cw) > 2 and "." in cw[2] else None
            if net is None and ":" in cw[1]:
                with contextlib.suppress(ValueError):
                    settings.summaries_v6.append((IPv6Network(cw[1], strict=False), child.line))
            elif net is None and "/" in cw[1]:
                with contextlib.suppress(ValueError):
                    settings.summaries.append((IPv4Network(cw[1], strict=False), child.line))
            elif net is not None:
                settings.summaries.append((net.network, child.line))
        elif cl[:2] == ["authentication", "mode"] and len(cw) > 2:
            settings.auth_mode, settings.auth_line = cl[2], child.line
            settings.auth_key = cw[3] if len(cw) > 3 else None
        elif cl == ["bfd"]:
            settings.bfd = child.line
        elif cl[:2] == ["authentication", "key-chain"] and len(cw) > 2:
            settings.auth_key_chain, settings.auth_line = cw[2], child.line
        elif cl == ["passive-interface"]:
            settings.passive = child.line
        elif cl == ["no", "passive-interface"]:
            settings.passive = None
    return settings


def parse_ospf(device: Device, node: Node, w: list[str]) -> None:
    """``router ospf <pid> [vrf <v>]``."""
    if not w[2].isdigit():
        return
    low = [x.lower() for x in w]
    proc = OspfProcess(int(w[2]), node.line, w[low.index("vrf") + 1] if "vrf" in low[3:] else None)
    for child in node.children:
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[0] == "network" and "area" in cl and len(cw) >= 5:
            net = wildcard_network(cw[1], cw[2])
            if net is not None:
                proc.networks.append((net, cw[cl.index("area") + 1], child.line))
        elif cl[:2] == ["passive-interface", "default"]:
            proc.passive_default = True
        elif cl[:2] == ["no", "passive-interface"] and len(cw) > 2:
            proc.no_passive.append(canonical_interface(" ".join(cw[2:])))
        elif cl[0] == "passive-interface" and len(cw) > 1:
            proc.passive.append(canonical_interface(" ".join(cw[1:])))
    device.ospf.append(proc)


def parse_bgp(device: Device, node: Node, w: list[str]) -> None:
    """``router bgp <asn>`` including neighbours set inside address families."""
    try:
        asn = int(w[2].split(".")[0]) if "." not in w[2] else int(w[2].replace(".", ""))
    except ValueError:
        return
    bgp = Bgp(asn, node.line)
    vrfs = _neighbour_vrfs(node)
    if len(vrfs) == 1:  # neighbours in several tables stay modelled in the global table
        bgp.vrf = vrfs.pop()
    for child in node.walk():
        cw = words(child.text)
        cl = lower_words(child.text)
        if cl[:3] == ["bgp", "listen", "range"] and "peer-group" in cl and len(cw) > 3:
            try:
                net = IPv4Network(cw[3], strict=False)
            except ValueError:
                continue
            bgp.listen_ranges.append((net, cw[cl.index("peer-group") + 1], child.line))
        elif cl[:3] == ["bgp", "listen", "limit"] and len(cw) > 3 and cw[3].isdigit():
            bgp.listen_limit, bgp.listen_limit_line = int(cw[3]), child.line
        elif cl[0] == "neighbor" and len(cw) > 2:
            _neighbor(bgp, child, cw, cl)
        elif cl[0] == "aggregate-address" and len(cw) > 2 and "summary-only" in cl:
            agg = mask_network(cw[1], cw[2])
            if agg is not None:
                bgp.aggregates.append(agg.network)
    device.bgp = bgp


def _neighbour_vrfs(node: Node) -> set[str]:
    """The VRFs whose 'address-family ipv4 [unicast] vrf V' define BGP neighbours or peer groups
    (none when any are defined in the global table). On IOS a VRF's neighbours and peer groups
    live only in its address family. A top-level 'bgp listen range' is read as taking the VRF
    of the peer group it names: the only form Cisco's IOS-XE model allows, unproven on a router
    (docs/designs.md, 'BGP in an inside VRF')."""
    out: set[str] = set()
    for child in node.children:
        cl = child.text.lower().split()
        if cl[:1] == ["neighbor"] and len(cl) > 2 and cl[2] in {"remote-as", "peer-group"}:
            out.add("global")
        elif cl[:2] == ["address-family", "ipv4"]:
            vrf = child.text.split()[cl.index("vrf") + 1] if "vrf" in cl[:-1] else "global"
            for line in child.children:
                ll = line.text.lower().split()
                if ll[:1] == ["neighbor"] and len(ll) > 2 and ll[2] in {"remote-as", "peer-group"}:
                    out.add(vrf)
    return set() if "global" in out else out


def _neighbor(bgp: Bgp, node: Node, cw: list[str], cl: list[str]) -> None:
    name = cw[1]
    nb = bgp.neighbors.get(name)
    if nb is None:
        nb = BgpNeighbor(name, node.line)
        bgp.neighbors[name] = nb
    opt = cl[2]
    if opt == "peer-group":
        if len(cw) > 3:
            nb.peer_group = cw[3]
        else:
            nb.is_peer_group = True
    elif opt == "remote-as" and len(cw) > 3 and cw[3].isdigit():
        nb.remote_as, nb.remote_as_line = int(cw[3]), node.line
        if "alternate-as" in cl:
            nb.alternate_as = [int(x) for x in cw[cl.index("alternate-as") + 1 :] if x.isdigit()]
    elif opt == "allowas-in":
        nb.allowas_in = node.line
    elif opt == "password" and len(cw) > 3:
        nb.password = cw[-1]
    elif opt == "fall-over" and "bfd" in cl:
        nb.bfd = node.line
    elif opt == "route-map" and len(cw) > 4 and cl[4] == "in":
        nb.route_map_in = cw[3]
    elif opt == "route-reflector-client":
        nb.rr_client = node.line
    elif opt == "next-hop-self":
        nb.next_hop_self = node.line
        nb.next_hop_self_all = "all" in cl[3:]
    elif opt == "next-hop-unchanged":
        nb.next_hop_unchanged = node.line


def eigrp_interface(proc: EigrpProcess, name: str, tunnel: Tunnel | None) -> EigrpInterface:
    """The EIGRP settings ``proc`` applies on interface ``name``, with ``passive`` the line that
    makes it passive (None: it sends hellos).

    Named mode: the ``af-interface NAME`` block, else ``af-interface default``; passive by its
    own ``passive-interface``, or by a default one unless ``af-interface NAME`` says
    ``no passive-interface``. Classic mode: the tunnel's ``ip ... eigrp AS`` lines;
    ``passive-interface NAME``, or ``passive-interface default`` without
    ``no passive-interface NAME``. Check's adjacency verdicts, the importer and the routing
    model all read EIGRP through here.
    """
    if proc.named:
        own = proc.interfaces.get(name)
        conf = own or proc.default_interface or EigrpInterface()
        passive = conf.passive
        by_default = proc.passive_default or bool(
            proc.default_interface and proc.default_interface.passive
        )
        if passive is None and by_default and own is None:
            passive = (
                (proc.default_interface.passive if proc.default_interface else None)
                or proc.passive_default_line
                or proc.line
            )
    else:
        conf = (tunnel.eigrp.get(proc.asn) if tunnel else None) or EigrpInterface()
        passive = proc.passive.get(name)
        if passive is None and proc.passive_default and name not in proc.no_passive:
            passive = proc.passive_default_line or proc.line
    return conf if passive == conf.passive else replace(conf, passive=passive)


def ospf_area(
    proc: OspfProcess, address: IPv4Address, on_interface: tuple[int, str, int] | None
) -> tuple[str, int] | None:
    """(area, line) in which ``proc`` runs the interface holding ``address``: its own
    ``ip ospf N area A`` (``on_interface``) first, else the first ``network ... area A``
    covering the address; None when OSPF ``proc`` is off there."""
    if on_interface is not None and on_interface[0] == proc.process:
        return on_interface[1], on_interface[2]
    for net, area, line in proc.networks:
        if address in net:
            return area, line
    return None
