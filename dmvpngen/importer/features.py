"""Routing details, per-tunnel QoS, BFD, backup clouds and hub-only spokes of an import."""

from __future__ import annotations

from ipaddress import IPv6Address, IPv6Network
from typing import Any

from dmvpngen.check.model import CloudReport, Member
from dmvpngen.check.policy import isolated
from dmvpngen.check.routing import eigrp_on, ospf_on, routing_device
from dmvpngen.importer.ipv6_only import id_from_ipv6

__all__ = ["backup_clouds", "bfd_doc", "hub_only", "qos_doc", "routing_doc", "summary_of"]


def routing_doc(
    clouds: list[CloudReport], secrets: dict[str, str], notes: list[str]
) -> dict[str, Any]:
    """The ``routing`` mapping: protocol, AS/process, named mode, stub, auth, BGP details."""
    for cloud in clouds:
        for m in cloud.hubs + cloud.spokes:
            eigrp = eigrp_on(m)
            if eigrp:
                return _eigrp(clouds, cloud, eigrp[0], secrets)
            ospf = ospf_on(m)
            if ospf:
                doc: dict[str, Any] = {"protocol": "ospf", "process_id": ospf[0]}
                doc["area"] = int(ospf[1]) if ospf[1].isdigit() else 0
                v6 = m.tunnel.ipv6
                if m.tunnel.ospf_auth:
                    doc["authentication"] = _ospf_auth(m, secrets)
                elif cloud.subnet.version == 6 and v6 is not None and v6.ospfv3_auth:
                    # IPv6-only: OSPFv3 authenticates with its key chain (HMAC-SHA)
                    doc["authentication"] = _ospf_auth(m, secrets)
                return doc
            if m.device.bgp is not None:
                return _bgp(cloud, secrets)
    notes.append("no routing protocol over the tunnels found: EIGRP AS 100 assumed")
    return {"protocol": "eigrp", "as": 100}


def _eigrp(
    clouds: list[CloudReport], cloud: CloudReport, first: tuple[Any, Any], secrets: dict[str, str]
) -> dict[str, Any]:
    proc, st = first
    doc: dict[str, Any] = {"protocol": "eigrp", "as": proc.asn}
    if proc.named:
        doc["mode"], doc["name"] = "named", proc.named
    stubs = [p.stub_kind for c in clouds for s in c.spokes for p, _ in eigrp_on(s) if p.stub_kind]
    if not stubs and any(c.spokes for c in clouds):
        doc["spoke_stub"] = False
    elif stubs and stubs[0] not in {"connected summary", "stub-site"}:
        doc["stub_type"] = stubs[0].replace(" ", "-")
    key = st.auth_key
    if key is None and st.auth_key_chain:
        chain = cloud.hubs[0].device.key_chains.get(st.auth_key_chain) if cloud.hubs else None
        key = chain[0] if chain else None
    if st.auth_mode and key:
        secrets["routing_key"] = key
        algo = "md5" if st.auth_mode == "md5" else "hmac-sha-256"
        doc["authentication"] = {"algorithm": algo, "auth_key": "secret:routing_key"}
    return doc


def _ospf_auth(m: Member, secrets: dict[str, str]) -> dict[str, Any]:
    chains = m.device.key_chains
    key = next(iter(chains.values()))[0] if chains else "CHANGE-ME"
    secrets["routing_key"] = key
    algo = "md5" if m.tunnel.ospf_auth == "message-digest" else "hmac-sha-256"
    return {"algorithm": algo, "auth_key": "secret:routing_key"}


def _bgp(cloud: CloudReport, secrets: dict[str, str]) -> dict[str, Any]:
    hub = cloud.hubs[0] if cloud.hubs else cloud.members[0]
    # an IPv6-only cloud's sessions are the IPv6 ones: read them on the hub's IPv6 view
    bgp = routing_device(hub).bgp
    assert bgp is not None
    doc: dict[str, Any] = {"protocol": "bgp", "asn": bgp.asn}
    group = next((pg for net, pg, _ in bgp.listen_ranges), None)
    if group is None:
        group = _static_spoke_group(cloud)
        if group is not None and not bgp.vrf:
            # in an inside VRF the default ('auto') already means one neighbour per spoke
            doc["spoke_neighbors"] = "static"
    elif bgp.vrf:
        doc["spoke_neighbors"] = "listen-range"  # what runs; validate says why it is refused
    pg = bgp.neighbors.get(group or "")
    # the IPv6 spokes' group is the model's peer group with '-V6' (render.ipv6_bgp)
    name = group[:-3] if group and cloud.subnet.version == 6 and group.endswith("-V6") else group
    if name and name != "SPOKES":
        doc["peer_group"] = name
    spoke_as = sorted({s.device.bgp.asn for s in cloud.spokes if s.device.bgp is not None})
    if spoke_as and spoke_as != [bgp.asn]:
        if len(spoke_as) > 1 or (pg is not None and pg.alternate_as):
            ids = [_router_id(cloud, s) for s in cloud.spokes]
            base = {
                s.device.bgp.asn - i for s, i in zip(cloud.spokes, ids, strict=True) if s.device.bgp
            }
            doc["spoke_asn"] = min(base)
            doc["spoke_asn_per_spoke"] = True
        else:
            doc["spoke_asn"] = spoke_as[0]
    if pg is not None and pg.password:
        secrets["bgp_password"] = pg.password
        doc["password"] = "secret:bgp_password"
    return doc


def _router_id(cloud: CloudReport, member: Member) -> int:
    """The id a member's tunnel address gives (the host part, or the IPv6 interface id's
    digits in an IPv6-only cloud)."""
    if cloud.subnet.version == 6:
        return id_from_ipv6(IPv6Network(cloud.subnet), IPv6Address(member.ip)) or 0
    return int(member.ip) - int(cloud.subnet.network_address)


def _static_spoke_group(cloud: CloudReport) -> str | None:
    """The peer group the hub puts its spokes' tunnel addresses in, one neighbour each."""
    hub = cloud.hubs[0] if cloud.hubs else None
    bgp = routing_device(hub).bgp if hub is not None else None
    if bgp is None:
        return None
    groups = [
        nb.peer_group
        for s in cloud.spokes
        if (nb := bgp.neighbors.get(str(s.ip))) is not None and nb.peer_group
    ]
    return groups[0] if groups else None


def bfd_doc(cloud: CloudReport) -> dict[str, int] | None:
    """The cloud's BFD timers, when its hub tunnel runs BFD."""
    t = (cloud.hubs or cloud.members)[0].tunnel
    if t.bfd is None:
        return None
    return {"interval": t.bfd[0], "min_rx": t.bfd[1], "multiplier": t.bfd[2]}


def backup_clouds(clouds: list[CloudReport]) -> set[str]:
    """Clouds the routing makes less preferred: higher EIGRP delay / OSPF cost, or spokes'
    BGP neighbours towards its hubs with an inbound route-map (local-preference)."""
    out: set[str] = set()
    for attr in ("delay", "ospf_cost"):
        values = {c.name: getattr((c.hubs or c.members)[0].tunnel, attr) for c in clouds}
        known = [v for v in values.values() if v is not None]
        if len(set(known)) > 1:
            out |= {n for n, v in values.items() if v is not None and v > min(known)}
    for c in clouds:
        hub_ips = {str(h.ip) for h in c.hubs}
        for s in c.spokes:
            bgp = s.device.bgp
            if bgp and any(bgp.neighbors[ip].route_map_in for ip in hub_ips if ip in bgp.neighbors):
                out.add(c.name)
    return out


def hub_only(cloud: CloudReport, spoke: Member) -> bool:
    """The spoke is kept from the other spokes by tunnel ACLs (an isolated, hub-only spoke)."""
    return isolated(cloud, spoke)


def qos_doc(devices: list[Any]) -> dict[str, Any] | None:
    """``qos``: classes from the child policy, one group per 'ip nhrp map group' shaper."""
    groups: dict[str, dict[str, Any]] = {}
    policies: dict[str, Any] = {}
    classes: dict[str, list[str]] = {}
    for dev in devices:
        for b in dev.blocks:
            w = b.text.split()
            if w[0] == "policy-map" and len(w) > 1:
                policies[w[1]] = b
            elif w[0] == "class-map" and len(w) > 2:
                classes[w[-1]] = [x for ch in b.children for x in ch.text.split()[2:]]
        for t in dev.tunnels.values():
            for name, _line in t.nhrp_map_groups:
                groups.setdefault(name, {"name": name, "hubs": set()})["hubs"].add(dev.hostname)
    if not groups:
        return None
    child: list[dict[str, Any]] = []
    out_groups = []
    for name in sorted(groups):
        shaper = policies.get(f"QOS-SHAPE-{name}")
        rate = 0
        for ch in shaper.walk() if shaper else []:
            w = ch.text.split()
            if w[:2] == ["shape", "average"] and w[2].isdigit():
                rate = int(w[2]) // 1000
        out_groups.append({"name": name, "shape_kbps": rate})
    parent = policies.get("QOS-DMVPN-CLASSES")
    for node in parent.children if parent else []:
        w = node.text.split()
        if w[0] != "class" or w[1] == "class-default":
            continue
        entry: dict[str, Any] = {"name": w[1].removeprefix("QOS-"), "dscp": classes.get(w[1], [])}
        for ch in node.children:
            cw = ch.text.split()
            if cw[0] == "priority" and cw[-1].isdigit():
                entry["priority_percent"] = int(cw[-1])
            elif cw[0] == "bandwidth" and cw[-1].isdigit():
                entry["bandwidth_percent"] = int(cw[-1])
        child.append(entry)
    doc: dict[str, Any] = {"groups": out_groups}
    if child:
        doc["classes"] = child
    return doc


def summary_of(cloud: CloudReport) -> list[str]:
    """What the cloud's hubs advertise instead of spoke routes: EIGRP summaries on the hub
    tunnel, else BGP summary-only aggregates."""
    if cloud.subnet.version == 6:
        return []  # an IPv6-only cloud: its summaries are ipv6_summary (importer.ipv6)
    hub = cloud.hubs[0]
    nets = [str(n) for _p, st in eigrp_on(hub) for n, _line in st.summaries]
    if not nets and hub.device.bgp is not None and not eigrp_on(hub) and ospf_on(hub) is None:
        nets = [str(n) for n in hub.device.bgp.aggregates]
    return nets
