"""``dmvpngen check``: will this DMVPN come up, and will spokes talk directly?"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

import typer

from dmvpngen.cli.output import OutputFormat, console, esc, print_json, user_errors

if TYPE_CHECKING:
    from dmvpngen.check.model import CheckResult, CloudReport, PairClass

__all__ = ["CheckFormat", "Severity", "check", "register"]


class CheckFormat(str, Enum):
    """Output formats of ``check``."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


class Severity(str, Enum):
    """Finding severities (as for lint)."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


_MARK = {
    "direct": "[green]D[/]",
    "via-hub": "[yellow]H[/]",
    "blocked": "[blue]P[/]",
    "broken": "[red]X[/]",
}
_SEV = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _cell(links: list[tuple[str, bool | None]]) -> str:
    parts = []
    for kind, ok in links:
        mark = "[green]ok[/]" if ok else "[yellow]?[/]" if ok is None else "[red]FAIL[/]"
        parts.append(f"{kind} {mark}")
    return "\n".join(parts) or "-"


def _render_cloud(cloud: CloudReport) -> None:
    from rich.table import Table

    hubs = [m.name for m in cloud.hubs]
    spokes = [m.name for m in cloud.spokes]
    console.print(
        f"\n[bold]Cloud {esc(cloud.name)}[/]  {esc(cloud.subnet)}  phase {cloud.phase}  "
        f"network-id {esc(cloud.network_id)}  key {esc(cloud.tunnel_key)}  "
        f"hubs: {esc(', '.join(hubs) or '-')}  spokes: {len(spokes)}"
    )
    if hubs and spokes:
        table = Table(title="hub x spoke: NHRP registration, IKE/IPsec, routing", show_lines=True)
        table.add_column("spoke")
        for h in hubs:
            table.add_column(esc(h))
        cells: dict[tuple[str, str], list[tuple[str, bool | None]]] = {}
        for link in cloud.links:
            spoke, hub = (link.a, link.b) if link.kind in {"nhrp", "ike"} else (link.b, link.a)
            cells.setdefault((spoke, hub), []).append((link.kind, link.ok))
        for s in spokes[:50]:
            table.add_row(esc(s), *(_cell(cells.get((s, h), [])) for h in hubs))
        console.print(table)
        if len(spokes) > 50:
            console.print(f"  ... {len(spokes) - 50} more spokes (use --format json for all)")
    _render_pairs(cloud.forwarding, spokes, "")
    if cloud.forwarding6:
        _render_pairs(cloud.forwarding6, spokes, "IPv6 ")


def _render_pairs(classes: list[PairClass], spokes: list[str], family: str) -> None:
    """One family's spoke pair counts, spoke x spoke matrix (up to 16 spokes) and the reason
    of each class that is not direct."""
    from rich.table import Table

    counts = {"direct": 0, "via-hub": 0, "blocked": 0, "broken": 0}
    for cls in classes:
        counts[cls.result] += cls.pairs
    console.print(
        f"{family}spoke pairs: [green]{counts['direct']} direct[/], [yellow]{counts['via-hub']} "
        "via hub[/], "
        f"[blue]{counts['blocked']} blocked by policy[/], [red]{counts['broken']} broken[/]"
    )
    if 1 < len(spokes) <= 16:
        result = {}
        for cls in classes:
            for a in cls.a:
                for b in cls.b:
                    result[(a, b)] = result[(b, a)] = cls.result
        matrix = Table(
            title=f"{family}spoke x spoke (D direct, H via hub, P blocked by policy, X broken)"
        )
        matrix.add_column("")
        for s in spokes:
            matrix.add_column(esc(s), justify="center")
        for a in spokes:
            matrix.add_row(
                esc(a), *("" if a == b else _MARK[result.get((a, b), "broken")] for b in spokes)
            )
        console.print(matrix)
    for cls in classes:
        if cls.result != "direct" or len(classes) <= 4:
            console.print(
                f"  {_MARK[cls.result]} {cls.pairs} pair(s), e.g. {esc(cls.a[0])} - "
                f"{esc(cls.b[-1])}: {esc(cls.reason)}"
            )


def _render_routing(result: CheckResult) -> None:
    """Routing model summary: LAN flow outcomes and each failover case."""
    routing = result.routing
    if not routing:
        return
    _render_family(routing, "Routes")
    if "ipv6" in routing:
        _render_family(routing["ipv6"], "IPv6 routes")


def _render_family(routing: dict[str, Any], title: str) -> None:
    """One address family's routes, LAN flow outcomes and failover cases."""
    flows = ", ".join(f"{n} {k}" for k, n in routing.get("lan_flows", {}).items()) or "none"
    console.print(
        f"\n[bold]{title}[/]: {sum(routing.get('routes', {}).values())} route(s) on "
        f"{len(routing.get('routes', {}))} router(s), converged in {routing.get('rounds')} "
        f"round(s); site LAN flows: {flows}"
    )
    for case in routing.get("failover", []):
        over = esc(", ".join(f"{k} ({n})" for k, n in case["takes_over"].items()) or "no change")
        state = f"[red]{case['lost']} flow(s) lost[/]" if case["lost"] else "[green]no loss[/]"
        nssa = esc("".join(f"; {n}" for n in case.get("nssa_translators", ())))
        console.print(f"  {esc(case['down'])} down: {state}; takes over: {over}{nssa}")


def _render(result: CheckResult) -> None:
    from rich.table import Table

    if not result.clouds:
        console.print(
            "no DMVPN tunnel found (a DMVPN tunnel has an IP address and NHRP configured)"
        )
    for cloud in result.clouds:
        _render_cloud(cloud)
    if result.inter_cloud:
        console.print("\n[bold]Across clouds (hierarchical DMVPN)[/]")
        for cls in result.inter_cloud:
            console.print(
                f"  {_MARK[cls.result]} {cls.pairs} pair(s), e.g. {esc(cls.a[0])} - "
                f"{esc(cls.b[0])}: {esc(cls.reason)}"
            )
    if result.undecided:
        console.print(
            f"\n[bold]Not decided: {len(result.undecided)} question(s) need configs not given[/]"
        )
        for u in result.undecided:
            where = f"{u.file}:{u.line}" if u.line else u.file
            console.print(f"  ? {u.device} ({where}): {u.what}", markup=False, highlight=False)
    _render_routing(result)
    if result.software is not None:
        console.print(f"\n{result.software.line()}", markup=False, highlight=False)
    if result.multicast is not None:
        console.print(result.multicast.line(), markup=False, highlight=False)
    if result.ipv6 is not None:
        console.print(result.ipv6.line(), markup=False, highlight=False)
    if result.findings:
        table = Table(title=f"{len(result.findings)} finding(s)")
        for col in ("severity", "code", "device", "where", "message"):
            table.add_column(col)
        for f in result.findings:
            where = f"{f.file}:{f.line}" if f.line else f.file
            table.add_row(
                f"[{_SEV[f.severity]}]{f.severity}[/]",
                esc(f.code),
                esc(f.device),
                esc(where),
                esc(f.message),
            )
        console.print(table)
    else:
        console.print("[green]no findings[/]")


def check(
    paths: list[str] = typer.Argument(
        ..., help="Config files or directories, or one inventory .yml rendered in memory."
    ),
    fmt: CheckFormat = typer.Option(CheckFormat.TEXT, "--format", "-f", help="Output format."),
    fail_on: Severity = typer.Option(
        Severity.HIGH, "--fail-on", help="Exit 1 when a finding is at least this severe."
    ),
    ios_version: str | None = typer.Option(
        None, "--ios-version", help="Release of every router (e.g. 17.9), for NHRP defaults."
    ),
) -> None:
    """Check a whole DMVPN: clouds, roles, what forms, and spoke-to-spoke forwarding."""
    from dmvpngen.check.catalogue import severity_rank
    from dmvpngen.check.engine import check_paths
    from dmvpngen.parse.collector import collector_paused, kept_until_exit

    errors = user_errors(OutputFormat.JSON if fmt is CheckFormat.JSON else OutputFormat.TEXT)
    with errors, collector_paused():
        result = check_paths(paths, ios_version)
        # the network's objects: not rescanned when the collector resumes, while the report
        # is printed, nor at exit
        kept_until_exit()
    if fmt is CheckFormat.JSON:
        print_json(result.as_dict())
    elif fmt is CheckFormat.SARIF:
        from dmvpngen.check.sarif import to_sarif

        print_json(to_sarif(result))
    else:
        _render(result)
    threshold = severity_rank(fail_on.value)
    if any(severity_rank(f.severity) >= threshold for f in result.findings):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``check`` to ``app``."""
    app.command("check")(check)
