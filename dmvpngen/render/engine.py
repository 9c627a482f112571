"""The Jinja2 environment and the render loop."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from dmvpngen.model import Hub, Inventory, Platform
from dmvpngen.render.context import NetworkContext, device_context
from dmvpngen.render.guard import UnsafeValueError, finalize, locate_in_template
from dmvpngen.secrets import SecretValues

__all__ = ["TEMPLATE_DIRS", "RenderedConfig", "render_inventory", "template_dir"]

# Template directories tried in order per platform: IOS-XE only overrides what differs.
TEMPLATE_DIRS = {Platform.IOSXE: ("iosxe", "ios"), Platform.IOS: ("ios",)}


@dataclass(frozen=True)
class RenderedConfig:
    """One router's complete config."""

    hostname: str
    role: str
    platform: Platform
    text: str


def template_dir() -> Path:
    """The templates shipped in the wheel, else the source tree's top-level ``templates/``."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment: strict undefined, no autoescape (IOS text), tidy blocks."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates ship with the package and never change while a process runs: skipping the
        # per-include freshness check makes large renders several times faster.
        auto_reload=False,
        # every {{ }} of every template passes the guard: no value can start a config line
        finalize=finalize,
    )


@lru_cache(maxsize=512)
def resolve_partial(platform: Platform, name: str) -> str:
    """The first existing ``<dir>/<name>.j2`` for ``platform`` (IOS-XE falls back to IOS).

    Resolved once per process: letting Jinja try a list of names on every include would raise
    and catch a TemplateNotFound per router per partial.
    """
    root = template_dir()
    for d in TEMPLATE_DIRS[platform]:
        candidate = f"{d}/{name}.j2"
        if (root / candidate).is_file():
            return candidate
    raise jinja2.TemplateNotFound(f"{name}.j2 (looked in {', '.join(TEMPLATE_DIRS[platform])})")


def _partial_finder(platform: Platform) -> object:
    def partial(name: str) -> str:
        return resolve_partial(platform, name)

    return partial


def render_inventory(
    inv: Inventory, secrets: SecretValues, only: set[str] | None = None
) -> list[RenderedConfig]:
    """Render every router (hubs first, then spokes, in inventory order)."""
    env = environment()
    net = NetworkContext(inv, secrets)
    entry: dict[tuple[Platform, str], jinja2.Template] = {}
    out = []
    for router in [*inv.hubs, *inv.spokes]:
        if only is not None and router.name not in only:
            continue
        platform = inv.platform_of(router)
        role = "hub" if isinstance(router, Hub) else "spoke"
        template = entry.get((platform, role))
        if template is None:
            names = [f"{d}/{role}.j2" for d in TEMPLATE_DIRS[platform]]
            template = env.select_template(names)
            entry[(platform, role)] = template
        ctx = device_context(net, router)
        try:
            text = template.render(d=ctx, partial=_partial_finder(platform))
        except UnsafeValueError as exc:
            raise locate_in_template(exc, router.name) from None
        out.append(RenderedConfig(router.name, role, platform, _tidy(text)))
    return out


def _tidy(text: str) -> str:
    # Collapse the blank lines conditional blocks leave behind; IOS ignores them anyway.
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or (line == "!" and out and out[-1] == "!"):
            continue
        out.append(line)
    return "\n".join(out) + "\n"
