"""Topology pictures of an inventory: hubs, spokes, clouds, ISPs and phases as SVG or Mermaid."""

from dmvpngen.diagram.mermaid import render_mermaid
from dmvpngen.diagram.svg import render_svg
from dmvpngen.diagram.topology import Topology, build_topology

__all__ = ["Topology", "build_topology", "render_mermaid", "render_svg"]
