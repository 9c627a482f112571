"""Reachability on a running FRR lab: every LAN host to every other, and every router to every
service address its config names, sent from the address the config sources it from."""

from __future__ import annotations

import itertools
import time

from dmvpngen.lab.frr.nullneigh import NeighbourRepair, repair_null_neighbours
from dmvpngen.lab.frr.observe import Ping, parse_ping
from dmvpngen.lab.frr.plan import LabHost, LabPlan
from dmvpngen.lab.frr.services import answers, probe_command
from dmvpngen.lab.health import Check
from dmvpngen.lab.vm import Vm

__all__ = ["ping_cmd", "reachability"]


def ping_cmd(src_ns: str, dst: str, count: int = 3) -> str:
    """Ping ``dst`` from the namespace ``src_ns``, one reply awaited a second at most."""
    return f"ip netns exec {src_ns} ping -n -c {count} -i 0.3 -W 1 {dst}"


def reachability(
    vm: Vm,
    plan: LabPlan,
    hosts: list[LabHost],
    timeout: float,
    label: str,
    seen: dict[tuple[str, str], bool] | None = None,
    ipv6: bool = True,
    repairs: list[NeighbourRepair] | None = None,
) -> list[Check]:
    """Every host reaches every other host; every router with a host up reaches every service
    its config names whose host is up. Failures are retried until ``timeout`` (first packets
    start IKE); before each retry the tunnel neighbours FRR 8.4's nhrpd left at link-layer
    address 0.0.0.0 are repaired (collected in ``repairs``). ``seen`` collects each service's
    outcome by (router, service label); ``ipv6``: dual-stack LANs also ping each other's IPv6
    address."""
    # (source, target) -> (destination, what the source sends from, command)
    probes: dict[tuple[str, str], tuple[str, str, str]] = {}
    dual = {r.name for r in plan.routers if r.dual_stack and ipv6}
    for a, b in itertools.permutations(hosts, 2):
        dst = str(b.address.ip)
        probes[(f"{a.router} LAN", b.router)] = (dst, "", ping_cmd(a.ns, dst))
        if a.router in dual and b.router in dual and b.address6 is not None:
            # the IPv6 overlay between two dual-stack LANs
            dst6 = str(b.address6.ip)
            probes[(f"{a.router} LAN", f"{b.router} ipv6")] = (dst6, "", ping_cmd(a.ns, dst6))
    up_routers = {h.router for h in hosts}
    services = {}
    for svc in plan.services:
        if svc.router in up_routers and answers(svc, hosts):
            src = f" from {svc.source} ({svc.source_if})" if svc.source else ""
            probes[(svc.router, svc.label)] = (str(svc.address), src, probe_command(svc))
            services[(svc.router, svc.label)] = svc
    started, pending, results = time.monotonic(), sorted(probes), dict[tuple[str, str], Ping]()
    while pending:
        out = vm.run([probes[p][2] for p in pending], timeout=30)
        for key, res in zip(pending, out, strict=True):
            results[key] = parse_ping(res.out)
        pending = [p for p in pending if not results[p].ok]
        if not pending or time.monotonic() - started > timeout:
            break
        done = repair_null_neighbours(vm, plan, label)
        if repairs is not None:
            repairs += done
    checks = []
    for (src, target), ping in sorted(results.items()):
        dst, sent_from, _ = probes[(src, target)]
        if seen is not None and (src, target) in services:
            seen[(src, target)] = ping.ok
        checks.append(
            Check(
                router=src,
                check=f"{label} -> {target}",
                ok=ping.ok,
                detail=f"{dst}{sent_from}: {ping.received}/{ping.sent} replies",
            )
        )
    return checks
