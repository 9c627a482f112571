"""A hand-laid-out SVG of a topology: hubs on top, clouds in the middle, spokes below.

No layout engine: rows of fixed-size boxes, spokes wrapped every ``SPOKES_PER_ROW``, integer
coordinates and inventory order, so the same inventory always gives the same bytes. Each
router box shows its WAN interfaces with a colour per ISP (legend on the right); each cloud
shows its subnet and phase; lines join routers to the clouds they have a tunnel in.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from dmvpngen.diagram.topology import RouterNode, Topology

__all__ = ["SPOKES_PER_ROW", "render_svg", "short_interface"]

SPOKES_PER_ROW = 8
BOX_W, BOX_H, GAP = 190, 64, 24
CLOUD_W, CLOUD_H = 210, 70
MARGIN, LEGEND_W = 30, 190
_CLOUD_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")
_ISP_COLOURS = ("#ff7f0e", "#17becf", "#bcbd22", "#7f7f7f", "#8c564b", "#e377c2")
_PHASE_NOTE = {
    1: "phase 1: hub-and-spoke only",
    2: "phase 2: spoke-to-spoke, specific routes",
    3: "phase 3: spoke-to-spoke on NHRP redirect",
}


_SHORT = (
    ("TenGigabitEthernet", "Te"),
    ("GigabitEthernet", "Gi"),
    ("FastEthernet", "Fa"),
    ("Ethernet", "Eth"),
    ("Cellular", "Ce"),
    ("Dialer", "Di"),
)


def short_interface(name: str) -> str:
    """IOS's own abbreviation of an interface name, so WAN lines fit in a router box."""
    for long, short in _SHORT:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def _t(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _row_x(count: int, width: int, item_w: int) -> list[int]:
    used = count * item_w + (count - 1) * GAP
    start = MARGIN + (width - used) // 2
    return [start + i * (item_w + GAP) for i in range(count)]


def render_svg(topo: Topology) -> str:
    """The SVG document of ``topo`` (UTF-8 text)."""
    per_row = max(1, min(SPOKES_PER_ROW, max(len(topo.spokes), 1)))
    # the widest row decides the width; clouds are wider than router boxes
    inner = max(
        max(len(topo.hubs), per_row, 1) * (BOX_W + GAP) - GAP,
        max(len(topo.clouds), 1) * (CLOUD_W + GAP) - GAP,
    )
    width = inner + 2 * MARGIN + LEGEND_W
    hub_y, cloud_y, spoke_y = 70, 70 + BOX_H + 70, 70 + BOX_H + 70 + CLOUD_H + 70
    spoke_rows = (len(topo.spokes) + per_row - 1) // per_row
    height = spoke_y + max(spoke_rows, 1) * (BOX_H + GAP) + MARGIN
    isp_colour = {isp: _ISP_COLOURS[i % len(_ISP_COLOURS)] for i, isp in enumerate(topo.isps)}
    cloud_colour = {
        c.name: _CLOUD_COLOURS[i % len(_CLOUD_COLOURS)] for i, c in enumerate(topo.clouds)
    }
    dashed = {c.name: ' stroke-dasharray="6 4"' if c.backup else "" for c in topo.clouds}
    pos: dict[str, tuple[int, int]] = {}
    for x, hub in zip(_row_x(len(topo.hubs), inner, BOX_W), topo.hubs, strict=True):
        pos[hub.name] = (x, hub_y)
    for row in range(spoke_rows):
        chunk = topo.spokes[row * per_row : (row + 1) * per_row]
        for x, spoke in zip(_row_x(len(chunk), inner, BOX_W), chunk, strict=True):
            pos[spoke.name] = (x, spoke_y + row * (BOX_H + GAP))
    cloud_x = _row_x(len(topo.clouds), inner, CLOUD_W)
    cpos = dict(zip([c.name for c in topo.clouds], cloud_x, strict=True))
    phases = ", ".join(str(p) for p in topo.phases)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="12">',
        f"<title>{_t(topo.name)}: DMVPN phase {_t(phases)}, {_t(topo.routing)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="34" font-size="18" font-weight="bold">{_t(topo.name)}'
        f" — DMVPN phase {_t(phases)} · {_t(topo.routing)}</text>",
    ]
    for link in topo.tunnel_links:  # lines first, so boxes sit on top of them
        rx, ry = pos[link.router]
        cx = cpos[link.cloud] + CLOUD_W // 2
        is_hub = ry == hub_y
        y1 = ry + BOX_H if is_hub else ry
        y2 = cloud_y if is_hub else cloud_y + CLOUD_H
        out.append(
            f'<line x1="{rx + BOX_W // 2}" y1="{y1}" x2="{cx}" y2="{y2}" '
            f'stroke="{cloud_colour[link.cloud]}" stroke-width="2"{dashed[link.cloud]}>'
            f"<title>{_t(link.router)} {_t(link.tunnel_ip)} in {_t(link.cloud)}</title></line>"
        )
    for cloud in topo.clouds:
        x, colour = cpos[cloud.name], cloud_colour[cloud.name]
        out += [
            f'<g class="cloud" id="cloud-{_t(cloud.name)}">',
            f'<ellipse cx="{x + CLOUD_W // 2}" cy="{cloud_y + CLOUD_H // 2}" '
            f'rx="{CLOUD_W // 2}" ry="{CLOUD_H // 2}" fill="#f4f8fc" stroke="{colour}" '
            'stroke-width="2"/>',
            _centered(x + CLOUD_W // 2, cloud_y + 24, cloud.name, bold=True),
            _centered(x + CLOUD_W // 2, cloud_y + 40, f"{cloud.subnet} · Tunnel{cloud.tunnel}"),
            _centered(
                x + CLOUD_W // 2,
                cloud_y + 56,
                f"phase {cloud.phase}" + (" · backup" if cloud.backup else ""),
            ),
            "</g>",
        ]
    wans: dict[str, list[tuple[str, str, str]]] = {}
    for w in topo.wan_links:
        wans.setdefault(w.router, []).append((w.isp, w.interface, w.address))
    for node in [*topo.hubs, *topo.spokes]:
        out += _router(node, pos[node.name], wans.get(node.name, []), isp_colour)
    out += _legend(topo, inner + 2 * MARGIN, isp_colour)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _centered(x: int, y: int, text: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x}" y="{y}" text-anchor="middle"{weight}>{_t(text)}</text>'


def _router(
    node: RouterNode,
    xy: tuple[int, int],
    wans: list[tuple[str, str, str]],
    isp_colour: dict[str, str],
) -> list[str]:
    x, y = xy
    fill = "#dbe9f6" if node.role == "hub" else "#eef5e9"
    out = [
        f'<g class="{node.role}" id="router-{_t(node.name)}">',
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" '
        'stroke="#333333"/>',
        f'<text x="{x + 8}" y="{y + 17}" font-weight="bold">{_t(node.name)}</text>',
        f'<text x="{x + BOX_W - 8}" y="{y + 17}" text-anchor="end" fill="#555555">'
        f"{_t(node.note or node.role)} · {_t(node.platform)}</text>",
    ]
    for i, (isp, interface, address) in enumerate(wans[:2]):
        ty = y + 35 + i * 16
        out.append(
            f'<rect x="{x + 8}" y="{ty - 9}" width="10" height="10" fill="{isp_colour[isp]}">'
            f"<title>{_t(isp)}</title></rect>"
        )
        label = f"{short_interface(interface)} {address}"
        out.append(f'<text x="{x + 24}" y="{ty}">{_t(label)}<title>{_t(interface)}</title></text>')
    out.append("</g>")
    return out


def _legend(topo: Topology, x: int, isp_colour: dict[str, str]) -> list[str]:
    out = [f'<g class="legend"><text x="{x}" y="84" font-weight="bold">ISPs / WANs</text>']
    y = 104
    for isp in topo.isps:
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{isp_colour[isp]}"/>')
        out.append(f'<text x="{x + 18}" y="{y}">{_t(isp)}</text>')
        y += 20
    y += 10
    out.append(f'<text x="{x}" y="{y}" font-weight="bold">Phases</text>')
    for phase in topo.phases:
        y += 18
        out.append(f'<text x="{x}" y="{y}" font-size="11">{_t(_PHASE_NOTE[phase])}</text>')
    out.append("</g>")
    return out
