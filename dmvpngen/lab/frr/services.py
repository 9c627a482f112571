"""Service hosts: every address a router's config names for a service (NTP, syslog, SNMP trap
receiver, NetFlow collector, AAA, DNS, PKI enrolment/CRL) as a host the lab builds, and the
probe from the router sourced as its config sources it.

The services are read from the rendered configs with the parser ``check`` uses
(:func:`dmvpngen.parse.routefacts.route_facts`), so the lab probes exactly what the configs
name, each with the source interface its ``ntp source``, ``logging source-interface``,
``snmp-server trap-source``, exporter ``source`` or ``ip tacacs/radius source-interface`` line
gives. Where the address lies:

- in a LAN of a router: the LAN's host namespace answers at that address too;
- on a router itself (a loopback, a LAN or tunnel address): that router answers;
- a public address: the emulated internet (the ``isp`` namespace) answers, behind the ISP;
- anywhere else (a private prefix no router of the design has): nothing is built there, and
  the report says so instead of probing a void.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from dmvpngen.lab.frr.gaps import Gap

if TYPE_CHECKING:
    from dmvpngen.check.model import Finding
    from dmvpngen.lab.frr.plan import LabHost, LabPlan
    from dmvpngen.parse.facts import Device

__all__ = ["LabService", "answers", "config_services", "place_services", "probe_command"]

# check's service findings: dropped by a discard route, unreachable, no way back
_SERVICE_CODES = frozenset({"NET060", "NET061", "NET062"})


@dataclass(frozen=True)
class LabService:
    """One service address one router's config names, and what ``check`` predicts of it."""

    router: str
    kind: str  # "ntp server", "syslog host", ... (the parser's words)
    address: IPv4Address
    vrf: str  # "" for the global table
    source_if: str | None  # the source interface the config names
    source: IPv4Address | None  # that interface's address
    reaches: bool  # check: no service finding at the line that names it
    where: str = ""  # set by place_services: "lan <host ns>", "router <name>", "internet"
    # ("udp" | "tcp", port) the config sends the service to; None: ICMP only (a PIM RP)
    transport: tuple[str, int] | None = None

    @property
    def label(self) -> str:
        """How checks name it: ``ntp server 10.1.0.10``."""
        return f"{self.kind} {self.address}"


def config_services(devices: list[Device], findings: list[Finding]) -> list[LabService]:
    """Every service of every rendered config, with check's verdict: a NET060-062 finding at
    the line that names the service says it fails, none says it reaches."""
    from dmvpngen.lab.frr.ports import service_port
    from dmvpngen.parse.routefacts import route_facts

    failing = {(f.device, f.line) for f in findings if f.code in _SERVICE_CODES}
    out = []
    for device in devices:
        for svc in route_facts(device).services:
            iface = device.interfaces.get(svc.source or "")
            out.append(
                LabService(
                    router=device.hostname,
                    kind=svc.kind,
                    address=svc.address,
                    vrf=svc.vrf,
                    source_if=svc.source,
                    source=iface.address.ip if iface and iface.address else None,
                    reaches=(device.hostname, svc.line) not in failing,
                    transport=service_port(device, svc.kind, svc.line),
                )
            )
    return sorted(out, key=lambda s: (s.router, s.kind, s.address))


def _router_addresses(plan: LabPlan) -> dict[IPv4Address, str]:
    owned: dict[IPv4Address, str] = {}
    for r in plan.routers:
        if r.loopback is not None:
            owned[r.loopback] = r.name
        for _, lan in r.lans:
            owned[lan.ip] = r.name
        for t in r.tunnels:
            owned[t.ip] = r.name
    return owned


def place_services(plan: LabPlan, services: list[LabService]) -> tuple[LabPlan, list[Gap]]:
    """The plan with a host at every service address and the services the lab probes (each
    with where it answers), and a gap for each it cannot place."""
    owned = _router_addresses(plan)
    vrfs = {w.vrf for r in plan.routers for w in r.wans if w.vrf}
    on_lan: dict[str, set[IPv4Address]] = {}
    placed, gaps = [], []
    for svc in (_lab_vrf(plan, s) for s in services):
        host = next((h for h in plan.hosts if svc.address in h.address.network), None)
        if svc.vrf and svc.vrf not in vrfs:
            gaps.append(_untested(svc, f"in VRF {svc.vrf}, which the lab does not build"))
        elif svc.address in owned:
            placed.append(replace(svc, where=f"router {owned[svc.address]}"))
        elif host is not None:
            if svc.address != host.address.ip:
                on_lan.setdefault(host.ns, set()).add(svc.address)
            placed.append(replace(svc, where=f"lan {host.ns}"))
        elif svc.address.is_global:
            placed.append(replace(svc, where="internet"))
        else:
            gaps.append(_untested(svc, "on no LAN of the design: nothing to build there"))
    hosts = tuple(_with_addresses(h, on_lan.get(h.ns, set())) for h in plan.hosts)
    return replace(plan, hosts=hosts, services=tuple(placed)), gaps


def _lab_vrf(plan: LabPlan, svc: LabService) -> LabService:
    """The service in the lab's table: with an inside VRF, the namespace's main table holds
    that VRF and a Linux VRF the design's global table (planner.UNDERLAY_VRF)."""
    from dmvpngen.lab.frr.planner import UNDERLAY_VRF

    if plan.inside_vrf is None:
        return svc
    if svc.vrf == plan.inside_vrf:
        return replace(svc, vrf="")
    return replace(svc, vrf=svc.vrf or UNDERLAY_VRF)


def _untested(svc: LabService, why: str) -> Gap:
    return Gap(router=svc.router, feature=svc.label, reason=f"{why}, not probed", blocking=False)


def _with_addresses(host: LabHost, extra: set[IPv4Address]) -> LabHost:
    return replace(host, services=tuple(sorted(extra))) if extra else host


def answers(svc: LabService, hosts: list[LabHost]) -> bool:
    """The service's host is up: the internet always, a router or LAN host while up."""
    kind, _, name = svc.where.partition(" ")
    up = {h.ns for h in hosts} if kind == "lan" else {h.router for h in hosts}
    return kind == "internet" or name in up


def probe_command(svc: LabService) -> str:
    """The ping a router sends to the service, from the address its config sources the
    service from (Linux picks the outgoing interface's address where the config names no
    source, as IOS does)."""
    vrf = f"ip vrf exec {svc.vrf} " if svc.vrf else ""
    src = f"-I {svc.source} " if svc.source is not None else ""
    return f"ip netns exec {svc.router} {vrf}ping -n -c 3 -i 0.3 -W 1 {src}{svc.address}"
