"""The Jinja environment of the lab's own templates (ISP/NAT router configs, FRR lab files)."""

from __future__ import annotations

from functools import cache

import jinja2

from dmvpngen.render.guard import finalize

__all__ = ["lab_environment"]


@cache
def lab_environment(package: str) -> jinja2.Environment:
    """Templates of ``package``'s ``templates`` directory: strict, formatting only."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=finalize,  # the render guard of the router configs holds here too
    )
