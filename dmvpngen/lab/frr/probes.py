"""Probes beyond ICMP on a running FRR lab: every service a router's config names, on the
transport and port the config sends it to (NTP UDP 123, syslog UDP 514, SNMP traps UDP 162,
NetFlow, TACACS+ TCP 49, RADIUS, DNS), from the address the config sources it from; and SSH
(TCP 22) to every router from every LAN host, which must get in where the router's vty access
class permits the host and be refused where it does not.

The listeners (``portcheck.py serve``) run in the service hosts' namespaces and in every router
namespace, whose SSH port carries the access class as iptables rules (setup.sh). One process
(``portcheck.py probe``) sends every probe, each from a thread in its source namespace.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from dmvpngen.lab.frr.plan import LabHost, LabPlan
from dmvpngen.lab.frr.render import PORTCHECK_CMD
from dmvpngen.lab.frr.services import LabService, answers
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = ["port_probes", "transport_label"]


@dataclass(frozen=True)
class _Probe:
    """One TCP/UDP probe: where it is sent from, the portcheck spec, what must come back."""

    ns: str
    vrf: str
    spec: str  # PROTO,ADDRESS,PORT[,SOURCE]
    want: str  # "open" | "refused"
    router: str  # the check's router column
    check: str
    why: str  # the detail's reason for ``want``
    service: tuple[str, str] | None = None  # (router, label) of a service probe


def _service_probes(plan: LabPlan, hosts: list[LabHost], label: str) -> list[_Probe]:
    up = {h.router for h in hosts}
    out = []
    for svc in plan.services:
        if svc.transport is None or svc.router not in up or not answers(svc, hosts):
            continue
        proto, port = svc.transport
        src = f",{svc.source}" if svc.source is not None else ""
        sent_from = f" from {svc.source} ({svc.source_if})" if svc.source else ""
        out.append(
            _Probe(
                ns=plan.router(svc.router).ns,
                vrf=svc.vrf,
                spec=f"{proto},{svc.address},{port}{src}",
                want="open",
                router=svc.router,
                check=f"{label} -> {transport_label(svc)}",
                why=f"{svc.address} {proto}/{port}{sent_from}",
                service=(svc.router, transport_label(svc)),
            )
        )
    return out


def transport_label(svc: LabService) -> str:
    """How a service's TCP/UDP probe is named: ``ntp server 10.1.0.10 udp/123``."""
    assert svc.transport is not None
    return f"{svc.label} {svc.transport[0]}/{svc.transport[1]}"


def _ssh_probes(plan: LabPlan, hosts: list[LabHost], label: str) -> list[_Probe]:
    """From every LAN host to every live router's loopback (else its first LAN address)."""
    up = {h.router for h in hosts}
    vty = {v.router: v for v in plan.vty}
    out = []
    for router in plan.routers:
        access = vty.get(router.name)
        target = router.loopback or (router.lans[0][1].ip if router.lans else None)
        if router.name not in up or access is None or target is None:
            continue
        for host in hosts:
            src = host.address.ip
            permitted = access.permits(src)
            why = f"access-class {access.acl} {'permits' if permitted else 'denies'} {src}"
            out.append(
                _Probe(
                    ns=host.ns,
                    vrf="",
                    spec=f"tcp,{target},22",
                    want="open" if permitted else "refused",
                    router=f"{host.router} LAN",
                    check=f"{label} ssh -> {router.name} {target}",
                    why=why if access.acl else "no access class on the vty lines",
                )
            )
    return out


def _where(p: _Probe) -> str:
    """The probe as the port checker takes it: ``NS[/VRF]:PROTO,ADDRESS,PORT[,SOURCE]``."""
    return f"{p.ns}{'/' + p.vrf if p.vrf else ''}:{p.spec}"


def _run(vm: Vm, probes: list[_Probe], limit: float) -> dict[_Probe, str]:
    """Every probe's outcome, all from one process in the guest (each probe's thread in its
    namespace), ended at ``limit`` seconds. A probe the process did not report says why (its
    exit status: 124 is the time limit, and its last error line)."""
    specs = sorted({_where(p) for p in probes})
    res = vm.run([f"{PORTCHECK_CMD} probe {' '.join(specs)}"], timeout=limit)[0]
    seen = dict(line.partition(" ")[::2] for line in res.out.splitlines())
    last = (res.err.strip().splitlines() or [""])[-1]
    ended = f"ended at the {limit:.0f} s limit" if res.rc == 124 else f"exit {res.rc}"
    unreported = f"no answer (probe process {ended}{': ' + last if last else ''})"
    return {p: seen.get(_where(p), "").strip() or unreported for p in probes}


def port_probes(
    vm: Vm,
    plan: LabPlan,
    hosts: list[LabHost],
    timeout: float,
    label: str,
    seen: dict[tuple[str, str], bool] | None = None,
) -> list[Check]:
    """Every service's TCP/UDP probe and every SSH probe, a probe whose outcome is not the one
    wanted retried until ``timeout``. ``seen`` collects each service probe's outcome by
    (router, transport label)."""
    probes = _service_probes(plan, hosts, label) + _ssh_probes(plan, hosts, label)
    started, pending, results = time.monotonic(), probes, dict[_Probe, str]()
    while pending:
        # a round may use what is left of the bound (at least a minute): on a loaded machine a
        # TCG guest's process starts take most of it, and a round ended early reports nothing
        left = timeout - (time.monotonic() - started)
        results.update(_run(vm, pending, max(60.0, left)))
        pending = [p for p in pending if results[p] != p.want]
        if time.monotonic() - started > timeout:
            break
    checks = []
    for p in sorted(probes, key=lambda p: (p.router, p.check)):
        got = results[p]
        if seen is not None and p.service is not None:
            seen[p.service] = got == "open"
        detail = f"{p.why}: {got}" + ("" if got == p.want else f" (wanted {p.want})")
        checks.append(Check(router=p.router, check=p.check, ok=got == p.want, detail=detail))
    return checks
