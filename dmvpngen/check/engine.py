"""Run a whole-network check over config files, directories, or an inventory rendered in memory."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from dmvpngen.check.defaults import Defaults, defaults_for
from dmvpngen.check.discovery import discover
from dmvpngen.check.forming import hub_spoke, spoke_groups
from dmvpngen.check.forwarding import forwarding
from dmvpngen.check.forwarding6 import dual_stack, forwarding6
from dmvpngen.check.hierarchy import inter_cloud
from dmvpngen.check.ike import CryptoContext, context_for
from dmvpngen.check.invariants import cloud_invariants
from dmvpngen.check.ipv6 import ipv6_findings
from dmvpngen.check.ipv6_report import ipv6_report
from dmvpngen.check.ipv6_transport import wan_filter_findings
from dmvpngen.check.model import CheckResult, Finding
from dmvpngen.check.multicast import multicast_findings, multicast_report
from dmvpngen.check.partial import absent_peers
from dmvpngen.check.software import software_report
from dmvpngen.check.sources import device_invariants
from dmvpngen.errors import InputError, Problem
from dmvpngen.inputfile import why_not_a_file
from dmvpngen.parse.collector import collector_paused
from dmvpngen.parse.facts import Device

__all__ = ["CONFIG_SUFFIXES", "check_devices", "check_paths", "collect_files", "load_devices"]

CONFIG_SUFFIXES = (".cfg", ".conf", ".txt", ".ios", ".config")
INVENTORY_SUFFIXES = (".yml", ".yaml")


def collect_files(paths: list[str]) -> list[Path]:
    """Config files named by ``paths`` (directories are searched for config suffixes)."""
    problems: list[Problem] = []
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CONFIG_SUFFIXES
            )
            if not found:
                problems.append(
                    Problem(
                        raw,
                        None,
                        "directory holds no config files",
                        hint=f"configs must end in one of {', '.join(CONFIG_SUFFIXES)}",
                    )
                )
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            problems.append(Problem(raw, None, why_not_a_file(p), hint="check the path"))
    if problems:
        raise InputError(problems)
    return out


@collector_paused()
def load_devices(files: list[Path]) -> list[Device]:
    """Read and parse every file; refused ones are reported together as an :class:`InputError`.

    Files are read by :func:`dmvpngen.parse.source.read_config`, as ``lint`` reads them; many
    files are parsed in two processes (:mod:`dmvpngen.parse.halves`).
    """
    from dmvpngen.parse.halves import read_devices

    devices, problems = read_devices(files)
    if problems:
        raise InputError(problems)
    return devices


@collector_paused()
def check_paths(paths: list[str], ios_version: str | None = None) -> CheckResult:
    """Check config files / directories, or one inventory (``.yml``) rendered in memory."""
    if len(paths) == 1 and paths[0].lower().endswith(INVENTORY_SUFFIXES):
        return check_devices(inventory_devices(paths[0]), ios_version)
    return check_devices(load_devices(collect_files(paths)), ios_version)


def inventory_devices(path: str) -> list[Device]:
    """Render an inventory in memory (load, validate, resolve secrets) and parse the configs."""
    from dmvpngen.parse.dmvpn import parse_config

    try:
        from dmvpngen.pipeline import analysis_configs
    except ImportError as exc:
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "this build cannot render inventories yet",
                    hint="check the rendered configs: dmvpngen generate, then dmvpngen check DIR",
                )
            ]
        ) from exc
    configs = analysis_configs(path)  # no password hash is computed: check never reads one
    stem = Path(path).stem
    return [parse_config(cfg.text, f"{stem}/{cfg.hostname}.cfg") for cfg in configs]


def _unique_names(devices: list[Device]) -> None:
    seen: dict[str, int] = {}
    for d in devices:
        n = seen.get(d.hostname, 0)
        seen[d.hostname] = n + 1
        if n:
            d.hostname = f"{d.hostname}#{n + 1}"


@collector_paused()
def check_devices(devices: list[Device], ios_version: str | None = None) -> CheckResult:
    """Check parsed routers as one network."""
    _unique_names(devices)
    defaults: dict[str, Defaults] = {d.hostname: defaults_for(d, ios_version) for d in devices}
    clouds = discover(devices, defaults)
    findings: list[Finding] = []
    all_ips: dict[IPv4Address, tuple[Device, str]] = {}
    for d in devices:
        for t in d.tunnels.values():
            if t.address is not None:
                all_ips.setdefault(t.address.ip, (d, t.name))
    for cloud in clouds:  # IPv6-only members: their IPv6 tunnel address is their address
        for m in cloud.members:
            all_ips.setdefault(m.ip, (m.device, m.tunnel.name))
    # one context per distinct crypto: members with identical crypto share the same object
    routed_all: dict[str, set[str]] = {}
    interned: dict[CryptoContext, CryptoContext] = {}
    ctx: dict[int, CryptoContext] = {}
    ctx_by_tunnel: dict[str, CryptoContext] = {}
    for cloud in clouds:
        for m in cloud.members:
            c = context_for(m.device, m.tunnel)
            c = interned.setdefault(c, c)
            ctx[id(m)] = c
            ctx_by_tunnel[f"{m.name}/{m.tunnel.name}"] = c
    formed = []
    for cloud in clouds:
        findings.extend(cloud_invariants(cloud, defaults, ctx))
        registered, routed = hub_spoke(cloud, ctx, all_ips, findings, defaults)
        for spoke, hubs in routed.items():
            routed_all.setdefault(spoke, set()).update(hubs)
        formed.append((cloud, registered, routed, spoke_groups(cloud, ctx, findings)))
    for d in devices:
        findings.extend(device_invariants(d, ctx_by_tunnel))
    findings.extend(multicast_findings(clouds, devices))
    findings.extend(ipv6_findings(clouds))
    findings.extend(wan_filter_findings(clouds))
    alone, undecided = absent_peers(clouds, all_ips)
    findings.extend(alone)
    from dmvpngen.check.reach import cloud_network, routing_pass

    net, routed_findings, routing, six = routing_pass(devices, clouds, routed_all)
    findings.extend(routed_findings)
    from dmvpngen.check.phase2 import phase2_findings
    from dmvpngen.routes.flows import lan_ports

    lans: dict[str, list[IPv4Network]] = {}
    for p in lan_ports(net):
        lans.setdefault(p.router, []).append(p.network)
    for cloud in clouds:
        findings.extend(phase2_findings(cloud, net, lans))
    for cloud, registered, routed, group_of in formed:
        if cloud.subnet.version == 6 and six is not None:
            # an IPv6-only cloud: its spoke pairs travel the IPv6 routes, judged once (its
            # members' NHRP is NHRP for IPv6 already: no second, IPv6 pass below)
            own = cloud_network(six[0], six[1], clouds, cloud)
            forwarding(cloud, registered, routed, group_of, ctx, defaults, own)
            continue
        own = cloud_network(net, devices, clouds, cloud)
        forwarding(cloud, registered, routed, group_of, ctx, defaults, own)
        if six is not None and dual_stack(cloud):
            own6 = cloud_network(six[0], six[1], clouds, cloud)
            forwarding6(cloud, routed, group_of, ctx, defaults, own6)
    unique = sorted(
        set(findings), key=lambda f: (f.file, f.line or 0, f.code, f.peer or "", f.message)
    )
    result = CheckResult(devices, clouds, unique, inter_cloud(clouds, defaults, net), undecided)
    result.routing = routing
    result.software = software_report(devices, ios_version)
    result.multicast = multicast_report(clouds, devices)
    result.ipv6 = ipv6_report(clouds)
    return result
