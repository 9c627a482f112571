"""Rendering: per-device contexts through Jinja2 templates into complete IOS configs."""

from dmvpngen.render.engine import RenderedConfig, render_inventory, template_dir

__all__ = ["RenderedConfig", "render_inventory", "template_dir"]
