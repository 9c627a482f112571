"""Mermaid flowchart text of a topology (renders on GitHub, GitLab and in most wikis)."""

from __future__ import annotations

from dmvpngen.diagram.topology import Topology

__all__ = ["render_mermaid"]


def _text(value: str) -> str:
    # Mermaid labels are quoted; a double quote would end them early.
    return value.replace('"', "'")


def render_mermaid(topo: Topology) -> str:
    """The ``flowchart`` source of ``topo``.

    Node ids are positional (r0, c0, isp0) so names with any characters stay distinct.
    """
    rid = {n.name: f"r{i}" for i, n in enumerate([*topo.hubs, *topo.spokes])}
    cid = {c.name: f"c{i}" for i, c in enumerate(topo.clouds)}
    iid = {name: f"isp{i}" for i, name in enumerate(topo.isps)}
    phases = ", ".join(str(p) for p in topo.phases)
    lines = ["flowchart TB", f"  %% {_text(topo.name)}: DMVPN phase {phases}, {topo.routing}"]
    wans: dict[str, list[str]] = {}
    for link in topo.wan_links:
        wans.setdefault(link.router, []).append(f"{link.interface} {link.address}")
    for title, nodes in (("Hubs", topo.hubs), ("Spokes", topo.spokes)):
        if not nodes:
            continue
        lines.append(f'  subgraph {title.upper()}["{title}"]')
        for node in nodes:
            kind = node.note or node.role
            label = "<br/>".join([node.name, f"{kind} · {node.platform}", *wans[node.name]])
            lines.append(f'    {rid[node.name]}["{_text(label)}"]')
        lines.append("  end")
    for cloud in topo.clouds:
        label = f"{cloud.name}<br/>{cloud.subnet}<br/>phase {cloud.phase} · Tunnel{cloud.tunnel}"
        if cloud.backup:
            label += "<br/>backup"
        lines.append(f'  {cid[cloud.name]}(("{_text(label)}"))')
    for isp in topo.isps:
        lines.append(f'  {iid[isp]}{{{{"{_text(isp)}"}}}}')
    for t in topo.tunnel_links:
        lines.append(f'  {rid[t.router]} -- "{t.tunnel_ip}" --- {cid[t.cloud]}')
    for w in topo.wan_links:
        lines.append(f'  {rid[w.router]} -. "{_text(w.interface)}" .- {iid[w.isp]}')
    return "\n".join(lines) + "\n"
