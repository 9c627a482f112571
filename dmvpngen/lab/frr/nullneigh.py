"""Kernel neighbours FRR 8.4's nhrpd left at link-layer address 0.0.0.0, repaired as FRR's
later releases install them.

When the kernel asks nhrpd to resolve a tunnel neighbour whose entry is still incomplete, 8.4's
nhrpd installs the link-layer address zebra passed with the question, and that is empty when
the kernel made the entry while nhrpd was installing it: the neighbour ends up ``lladdr
0.0.0.0 proto nhrp`` and the kernel's GRE header code fails every unicast packet to it. FRR
fixed it after 8.4: PR 15316 ("nhrp: fix race condition in null lladdr from zebra") uses the
NHRP peer's NBMA when zebra gives none, PR 18078 ("nhrpd: fix dont consider incomplete L2
entry") stops nhrpd taking an incomplete entry's address. The repair does the same from
outside: a null neighbour whose protocol address nhrpd's cache binds to a peer gets that peer's
NBMA (the cache's ``nbma`` column is ``c->cur.peer->vc->remote.nbma``, the address PR 15316
falls back to), installed as nhrpd installs it (``nud reachable proto nhrp``); one nhrpd has no
usable binding for is deleted, so the kernel asks again rather than keep the null address.
Every repair is reported (docs/lab.md, "Neighbours with NBMA 0.0.0.0").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from ipaddress import ip_address
from pathlib import Path

from dmvpngen.lab.frr.observe import documents
from dmvpngen.lab.frr.plan import LabPlan, LabRouter
from dmvpngen.lab.vm import Vm

__all__ = [
    "DEFECT",
    "NeighbourRepair",
    "NullNeighbour",
    "cached_nbmas",
    "decide",
    "log_repairs",
    "neigh_command",
    "null_neighbours",
    "repair_null_neighbours",
]

DEFECT = (
    "works around FRR 8.4 nhrpd's null link-layer neighbour (fixed upstream after 8.4, "
    "FRR PRs 15316 and 18078); IOS has no such state"
)

# the cache entry types whose binding nhrpd itself answers the kernel's question with
# (``c->cur.type >= NHRP_CACHE_CACHED`` in nhrpd's neighbour handling; ``local`` is the
# router's own address, never a neighbour)
_BOUND = frozenset({"cached", "dynamic", "nhs", "static"})


@dataclass(frozen=True)
class NullNeighbour:
    """A kernel neighbour on a tunnel whose link-layer (NBMA) address is unspecified."""

    tunnel: str
    address: str  # IPv4 or IPv6 protocol (tunnel) address
    state: str  # the kernel's NUD states, "REACHABLE", "STALE" ...
    raw: str  # the ``ip -j neigh`` entry as printed, for the record


@dataclass(frozen=True)
class NeighbourRepair:
    """One null neighbour repaired: given the NBMA of nhrpd's cache, or deleted (``nbma``
    None) when the cache had no usable one."""

    router: str
    peer: str  # the router owning the address, or the address when no router does
    tunnel: str
    address: str
    nbma: str | None
    when: str  # the wait or round that found it
    found: str  # the neighbour as ``ip -j neigh`` printed it
    failed: str = ""  # the ``ip neigh`` command's error, when it failed

    @property
    def detail(self) -> str:
        """What was found and done, for the report and the record."""
        done = (
            f"set to NBMA {self.nbma} from nhrpd's cache"
            if self.nbma is not None
            else "deleted (nhrpd's cache has no NBMA for it) so the kernel asks again"
        )
        if self.failed:
            done += f" FAILED ({self.failed})"
        return (
            f"{self.when}: neighbour {self.address} ({self.peer}) on {self.tunnel} had "
            f"link-layer address 0.0.0.0; {done}; {DEFECT}"
        )


def _unspecified(text: object) -> bool:
    try:
        return ip_address(str(text)).is_unspecified
    except ValueError:
        return False


def null_neighbours(text: str, tunnels: Iterable[str]) -> list[NullNeighbour]:
    """The neighbours on ``tunnels`` with link-layer address 0.0.0.0 (or ``::``) in ``ip -j
    neigh show`` output (both families; every device of the namespace, ``dev`` named)."""
    wanted = set(tunnels)
    found = []
    for doc in documents(text):
        for row in doc if isinstance(doc, list) else []:
            if not isinstance(row, dict) or row.get("dev") not in wanted:
                continue
            if not _unspecified(row.get("lladdr")) or row.get("dst") is None:
                continue
            state = row.get("state")
            found.append(
                NullNeighbour(
                    tunnel=str(row["dev"]),
                    address=str(ip_address(str(row["dst"]))),
                    state=",".join(map(str, state)) if isinstance(state, list) else str(state),
                    raw=json.dumps(row, sort_keys=True),
                )
            )
    return found


def cached_nbmas(text: str) -> dict[tuple[str, str], str]:
    """(interface, protocol address) -> NBMA of every ``show ip|ipv6 nhrp cache json`` entry
    bound to a peer with a usable NBMA (not ``-``, not 0.0.0.0, not incomplete or negative)."""
    bound = {}
    for doc in documents(text):
        rows = doc.get("table", []) if isinstance(doc, dict) else []
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict) or row.get("type") not in _BOUND:
                continue
            nbma = str(row.get("nbma"))
            try:
                usable = not ip_address(nbma).is_unspecified
                proto = str(ip_address(str(row.get("protocol"))))
            except ValueError:
                continue
            if usable:
                bound[(str(row.get("interface")), proto)] = nbma
    return bound


def neigh_command(ns: str, null: NullNeighbour, nbma: str | None) -> str:
    """The ``ip neigh`` command repairing ``null``: replaced with ``nbma`` as nhrpd installs a
    binding (``nud reachable``, protocol nhrp), or deleted."""
    if nbma is None:
        return f"ip -n {ns} neigh del {null.address} dev {null.tunnel}"
    return (
        f"ip -n {ns} neigh replace {null.address} dev {null.tunnel} lladdr {nbma}"
        " nud reachable protocol nhrp"
    )


def _owners(plan: LabPlan) -> dict[str, str]:
    """Tunnel and LAN address (both families, the IPv6 tunnel's link-local too) -> the router
    it belongs to: a shortcut's next hop can be the far spoke's LAN address."""
    owners = {str(t.ip): r.name for r in plan.routers for t in r.tunnels}
    for r in plan.routers:
        six = [t.ipv6 for t in r.tunnels if t.ipv6]
        owners |= {str(a): r.name for t6 in six for a in (t6.ip, t6.link_local)}
        owners |= {str(a.ip): r.name for _, a in r.lans}
        owners |= {str(a6.ip): r.name for _, a6 in r.lans6}
    return owners


def decide(
    plan: LabPlan, router: LabRouter, nulls: list[NullNeighbour], cache_text: str, when: str
) -> list[tuple[str, NeighbourRepair]]:
    """(command, repair) for each of ``router``'s null neighbours, given its nhrpd cache."""
    bound, owners = cached_nbmas(cache_text), _owners(plan)
    out = []
    for null in nulls:
        nbma = bound.get((null.tunnel, null.address))
        repair = NeighbourRepair(
            router=router.name,
            peer=owners.get(null.address, null.address),
            tunnel=null.tunnel,
            address=null.address,
            nbma=nbma,
            when=when,
            found=null.raw,
        )
        out.append((neigh_command(router.ns, null, nbma), repair))
    return out


def _cache_command(router: LabRouter) -> str:
    six = " -c 'show ipv6 nhrp cache json'" if router.dual_stack else ""
    return f"vtysh -N {router.ns} -c 'show ip nhrp cache json'{six}"


def log_repairs(state: Path, title: str, repairs: list[NeighbourRepair]) -> None:
    """Append ``repairs`` to ``unconverged-<title>.log`` beside the lab, where a failed wait's
    record goes: a repair is recorded whether or not the wait then passes."""
    if not repairs:
        return
    with (state / f"unconverged-{title}.log").open("a") as log:
        for rep in repairs:
            log.write(f"=== null neighbour repaired on {rep.router}: {rep.detail}\n")
            log.write(f"    found: {rep.found}\n")


def repair_null_neighbours(
    vm: Vm,
    plan: LabPlan,
    when: str,
    down: set[str] | frozenset[str] = frozenset(),
    neighbours: dict[str, str] | None = None,
) -> list[NeighbourRepair]:
    """Find every live router's null tunnel neighbours and repair them from nhrpd's cache;
    ``neighbours`` (router -> ``ip -j neigh show`` output) when the caller already read them.
    Only routers with a null neighbour cost a vtysh; the repairs are logged and returned."""
    live = [r for r in plan.routers if r.name not in down]
    if neighbours is None:
        shown = vm.run([f"ip -n {r.ns} -j neigh show" for r in live], timeout=60)
        neighbours = {r.name: res.out for r, res in zip(live, shown, strict=True)}
    found = {
        r.name: nulls
        for r in live
        if (nulls := null_neighbours(neighbours.get(r.name, ""), [t.ifname for t in r.tunnels]))
    }
    if not found:
        return []
    routers = [r for r in live if r.name in found]
    caches = vm.run([_cache_command(r) for r in routers], timeout=60)
    planned = [
        step
        for r, res in zip(routers, caches, strict=True)
        for step in decide(plan, r, found[r.name], res.out, when)
    ]
    ran = vm.run([cmd for cmd, _ in planned], timeout=60)
    repairs = [
        replace(rep, failed=(res.err.strip() or f"rc {res.rc}")) if res.rc else rep
        for (_, rep), res in zip(planned, ran, strict=True)
    ]
    log_repairs(vm.state, plan.title, repairs)
    return repairs
