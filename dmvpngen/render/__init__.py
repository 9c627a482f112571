"""Rendering: per-device contexts through Jinja2 templates into complete IOS configs."""

from dmvpngen.render.engine import (
    AnalysisConfig,
    RenderedConfig,
    render_for_analysis,
    render_inventory,
    template_dir,
)

__all__ = [
    "AnalysisConfig",
    "RenderedConfig",
    "render_for_analysis",
    "render_inventory",
    "template_dir",
]
