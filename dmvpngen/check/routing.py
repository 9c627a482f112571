"""Routing over a cloud: which protocol runs on each tunnel and whether hub and spoke adjacencies
form. How a hub passes spoke routes on is read from the routing model
(:mod:`dmvpngen.routes.readvert`)."""

from __future__ import annotations

from dmvpngen.check.model import Finding, Link, Member
from dmvpngen.check.views import routing_device
from dmvpngen.parse.facts import EigrpInterface, EigrpProcess
from dmvpngen.parse.routing import eigrp_interface, ospf_area

__all__ = ["adjacencies", "eigrp_on", "ospf_on", "routing_device"]

_HELLO = {"point-to-multipoint": 30, "non-broadcast": 30}


def eigrp_on(m: Member) -> list[tuple[EigrpProcess, EigrpInterface]]:
    """EIGRP processes running on the member's tunnel, with the tunnel's settings."""
    out = []
    for proc in routing_device(m).eigrp:
        if proc.vrf != m.tunnel.vrf and proc.named:
            continue
        if not any(m.ip in net for net, _ in proc.networks):
            continue
        settings = eigrp_interface(proc, m.tunnel.name, m.tunnel)
        out.append((proc, settings))
    return out


def ospf_on(m: Member) -> tuple[int, str, int] | None:
    """(process, area, line) OSPF runs the tunnel in, else None."""
    if m.tunnel.ospf_area is not None:
        return m.tunnel.ospf_area
    for proc in routing_device(m).ospf:
        hit = ospf_area(proc, m.ip, None) if proc.vrf == m.tunnel.vrf else None
        if hit is not None:
            return proc.process, hit[0], hit[1]
    return None


def _ospf_passive(m: Member, process: int) -> int | None:
    """The line of the OSPF process ``process`` when it makes the member's tunnel passive
    (``passive-interface TUNNEL``, or ``passive-interface default`` without ``no
    passive-interface TUNNEL``; OSPFv3 and the traditional IPv6 process in an IPv6 view):
    hellos are neither sent nor read there, so no adjacency forms. None: not passive."""
    name = m.tunnel.name
    for proc in routing_device(m).ospf:
        if proc.process != process:
            continue
        if name in proc.passive or (proc.passive_default and name not in proc.no_passive):
            return proc.line
    return None


def _area(text: str) -> str:
    return str(int(text)) if text.isdigit() else text


def _ospf_type(m: Member) -> str:
    return m.tunnel.ospf_network or "point-to-point"


def adjacencies(
    hub: Member, spoke: Member, findings: list[Finding], multicast: str | None = None
) -> list[Link]:
    """Routing adjacencies between ``hub`` and ``spoke`` (one per protocol either runs).

    ``multicast`` names what stops multicast hellos between them (None when they flow):
    EIGRP and OSPF then never form, BGP (unicast) is unaffected.
    """
    links: list[Link] = []
    he, se = _protocols(hub)[0], _protocols(spoke)[0]
    if he or se:
        links.append(_eigrp_link(hub, spoke, he, se, findings))
    ho, so = _protocols(hub)[1], _protocols(spoke)[1]
    if ho or so:
        links.append(_ospf_link(hub, spoke, ho, so, findings))
    if multicast:
        links = [Link(x.kind, x.a, x.b, False, multicast) if x.ok else x for x in links]
    hb, sb = routing_device(hub).bgp, routing_device(spoke).bgp
    if hb and sb and str(hub.ip) in sb.neighbors:
        links.append(_bgp_link(hub, spoke, findings))
    return links


_Runs = tuple[list[tuple[EigrpProcess, EigrpInterface]], tuple[int, str, int] | None]
# id(member) -> (member, what eigrp_on and ospf_on give it): a hub is paired with every spoke
# of its cloud, and both are functions of the member's router and tunnel alone
_ON: dict[int, tuple[Member, _Runs]] = {}


def _protocols(m: Member) -> _Runs:
    """``(eigrp_on(m), ospf_on(m))``, worked out once per member."""
    hit = _ON.get(id(m))
    if hit is None or hit[0] is not m:
        if len(_ON) > 10_000:
            _ON.clear()
        hit = _ON[id(m)] = (m, (eigrp_on(m), ospf_on(m)))
    return hit[1]


def _eigrp_link(
    hub: Member,
    spoke: Member,
    he: list[tuple[EigrpProcess, EigrpInterface]],
    se: list[tuple[EigrpProcess, EigrpInterface]],
    findings: list[Finding],
) -> Link:
    hub_as = {p.asn: (p, s) for p, s in he}
    spoke_as = {p.asn: (p, s) for p, s in se}
    common = sorted(set(hub_as) & set(spoke_as))
    if not common:
        if not se or not he:
            lacking, other = (spoke, hub) if not se else (hub, spoke)
            findings.append(
                Finding.make(
                    "NET038",
                    lacking.device,
                    lacking.tunnel.line,
                    f"EIGRP does not run on {lacking.tunnel.name} while {other.name} runs it in "
                    "the cloud",
                    other.device,
                    (he or se)[0][0].line,
                )
            )
            return Link(
                "eigrp", hub.name, spoke.name, False, f"EIGRP not enabled on {lacking.name}"
            )
        sp, hp = se[0][0], he[0][0]
        findings.append(
            Finding.make(
                "NET030",
                spoke.device,
                sp.line,
                f"EIGRP AS {sp.asn} on {spoke.tunnel.name} but hub runs AS {hp.asn}",
                hub.device,
                hp.line,
            )
        )
        return Link("eigrp", hub.name, spoke.name, False, f"AS {sp.asn} vs {hp.asn}")
    asn = common[0]
    (_, hs), (_, ss) = hub_as[asn], spoke_as[asn]
    for m, s in ((hub, hs), (spoke, ss)):
        if s.passive:
            other = spoke if m is hub else hub
            findings.append(
                Finding.make(
                    "NET038",
                    m.device,
                    s.passive,
                    f"EIGRP AS {asn} is passive on {m.tunnel.name}: no adjacency over the cloud",
                    other.device,
                    other.tunnel.line,
                )
            )
            return Link(
                "eigrp", hub.name, spoke.name, False, f"{m.tunnel.name} on {m.name} is passive"
            )
    if (
        (hs.auth_mode or None) != (ss.auth_mode or None)
        or _chain(hub, hs) != _chain(spoke, ss)
        or hs.auth_key != ss.auth_key
    ):
        findings.append(
            Finding.make(
                "NET034",
                spoke.device,
                ss.auth_line or spoke.tunnel.line,
                f"EIGRP AS {asn} authentication on {spoke.tunnel.name} differs from the hub's",
                hub.device,
                hs.auth_line or hub.tunnel.line,
            )
        )
        return Link("eigrp", hub.name, spoke.name, False, "authentication differs")
    return Link("eigrp", hub.name, spoke.name, True, f"AS {asn}")


def _chain(m: Member, s: EigrpInterface) -> tuple[str, ...] | None:
    if not s.auth_key_chain:
        return None
    keys = m.device.key_chains.get(s.auth_key_chain)
    # Key chains not in the config (or masked) compare by name only.
    return tuple(sorted(keys)) if keys else (s.auth_key_chain,)


def _ospf_link(
    hub: Member,
    spoke: Member,
    ho: tuple[int, str, int] | None,
    so: tuple[int, str, int] | None,
    findings: list[Finding],
) -> Link:
    if ho is None or so is None:
        lacking, other, there = (spoke, hub, ho) if so is None else (hub, spoke, so)
        findings.append(
            Finding.make(
                "NET038",
                lacking.device,
                lacking.tunnel.line,
                f"OSPF does not run on {lacking.tunnel.name} while {other.name} runs it in the "
                "cloud",
                other.device,
                there[2] if there else None,
            )
        )
        return Link("ospf", hub.name, spoke.name, False, f"OSPF not enabled on {lacking.name}")
    for m, on in ((hub, ho), (spoke, so)):
        line = _ospf_passive(m, on[0])
        if line is not None:
            other = spoke if m is hub else hub
            findings.append(
                Finding.make(
                    "NET038",
                    m.device,
                    line,
                    f"OSPF process {on[0]} is passive on {m.tunnel.name}: no adjacency over the "
                    "cloud",
                    other.device,
                    other.tunnel.line,
                )
            )
            return Link(
                "ospf", hub.name, spoke.name, False, f"{m.tunnel.name} on {m.name} is passive"
            )
    if _area(ho[1]) != _area(so[1]):
        findings.append(
            Finding.make(
                "NET031",
                spoke.device,
                so[2],
                f"OSPF area {so[1]} on {spoke.tunnel.name} but hub uses area {ho[1]}",
                hub.device,
                ho[2],
            )
        )
        return Link("ospf", hub.name, spoke.name, False, f"area {so[1]} vs {ho[1]}")
    ht, st = _ospf_type(hub), _ospf_type(spoke)
    if ht == "point-to-point" and hub.tunnel.mode == "gre-multipoint":
        findings.append(
            Finding.make(
                "NET037",
                hub.device,
                hub.tunnel.ospf_network_line or ho[2],
                f"OSPF network type point-to-point (the tunnel default) on multipoint "
                f"{hub.tunnel.name}: only one spoke can be adjacent at a time",
                spoke.device,
                so[2],
            )
        )
        return Link("ospf", hub.name, spoke.name, False, "point-to-point on a multipoint hub")
    hh = hub.tunnel.ospf_hello or _HELLO.get(ht, 10)
    sh = spoke.tunnel.ospf_hello or _HELLO.get(st, 10)
    if ht != st or hh != sh:
        findings.append(
            Finding.make(
                "NET032",
                spoke.device,
                spoke.tunnel.ospf_network_line or spoke.tunnel.line,
                f"OSPF network {st} (hello {sh}s) on {spoke.tunnel.name} vs hub {ht} (hello {hh}s)",
                hub.device,
                hub.tunnel.ospf_network_line or hub.tunnel.line,
            )
        )
        return Link("ospf", hub.name, spoke.name, False, f"network type {st} vs {ht}")
    if (hub.tunnel.ospf_auth or None) != (spoke.tunnel.ospf_auth or None):
        findings.append(
            Finding.make(
                "NET034",
                spoke.device,
                spoke.tunnel.ospf_auth_line or spoke.tunnel.line,
                f"OSPF authentication {spoke.tunnel.ospf_auth or 'none'} vs hub "
                f"{hub.tunnel.ospf_auth or 'none'}",
                hub.device,
                hub.tunnel.ospf_auth_line or hub.tunnel.line,
            )
        )
        return Link("ospf", hub.name, spoke.name, False, "authentication differs")
    if st == "broadcast" and (spoke.tunnel.ospf_priority is None or spoke.tunnel.ospf_priority > 0):
        findings.append(
            Finding.make(
                "NET033",
                spoke.device,
                spoke.tunnel.ospf_priority_line or spoke.tunnel.line,
                f"OSPF broadcast spoke {spoke.name} can become DR: set 'ip ospf priority 0'",
                hub.device,
                hub.tunnel.ospf_network_line,
            )
        )
    return Link("ospf", hub.name, spoke.name, True, f"area {so[1]}, {st}")


def _bgp_link(hub: Member, spoke: Member, findings: list[Finding]) -> Link:
    hb, sb = routing_device(hub).bgp, routing_device(spoke).bgp
    assert hb is not None and sb is not None
    nb = sb.neighbors[str(hub.ip)]
    if nb.remote_as is not None and nb.remote_as != hb.asn:
        findings.append(
            Finding.make(
                "NET036",
                spoke.device,
                nb.remote_as_line,
                f"neighbor {hub.ip} remote-as {nb.remote_as} but hub {hub.name} is AS {hb.asn}",
                hub.device,
                hb.line,
            )
        )
        return Link("bgp", hub.name, spoke.name, False, "remote-as mismatch")
    hub_side = hb.neighbors.get(str(spoke.ip))
    group = hub_side.peer_group if hub_side else None
    expected: int | None = hub_side.remote_as if hub_side else None
    if hub_side is None:
        for net, pg, _line in hb.listen_ranges:
            if spoke.ip in net:
                group = pg
                break
        else:
            findings.append(
                Finding.make(
                    "NET035",
                    hub.device,
                    hb.line,
                    f"no neighbor or listen range accepts spoke {spoke.name} ({spoke.ip})",
                    spoke.device,
                    nb.line,
                )
            )
            return Link("bgp", hub.name, spoke.name, False, "hub does not accept the spoke")
    allowed: set[int] = set()
    if hub_side is not None:
        allowed.update(hub_side.alternate_as)
    if expected is None and group and group in hb.neighbors:
        expected = hb.neighbors[group].remote_as
        allowed.update(hb.neighbors[group].alternate_as)
    if expected is not None and expected != sb.asn and sb.asn not in allowed:
        findings.append(
            Finding.make(
                "NET036",
                hub.device,
                hb.neighbors[group].remote_as_line if group in hb.neighbors else hb.line,
                f"hub expects AS {expected} for {spoke.name} but it is AS {sb.asn}",
                spoke.device,
                sb.line,
            )
        )
        return Link("bgp", hub.name, spoke.name, False, "remote-as mismatch")
    return Link("bgp", hub.name, spoke.name, True, f"AS {hb.asn} - AS {sb.asn}")
