"""The Jinja2 environment and the render loop."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from dmvpngen.model import Hub, Inventory, Platform, Router
from dmvpngen.render.context import NetworkContext
from dmvpngen.render.device import device_context, hash_jobs
from dmvpngen.render.guard import UnsafeValueError, finalize, locate_in_template
from dmvpngen.render.passwords import DEFERRED_MARK, deferred_hash, hash_all
from dmvpngen.secrets import SecretValues

__all__ = [
    "TEMPLATE_DIRS",
    "AnalysisConfig",
    "RenderedConfig",
    "render_for_analysis",
    "render_inventory",
    "template_dir",
]

# Template directories tried in order per platform: IOS-XE only overrides what differs.
TEMPLATE_DIRS = {Platform.IOSXE: ("iosxe", "ios"), Platform.IOS: ("ios",)}


@dataclass(frozen=True)
class RenderedConfig:
    """One router's complete config: what is written and pushed."""

    hostname: str
    role: str
    platform: Platform
    text: str

    def __post_init__(self) -> None:
        # the second wall: a config rendered for analysis can never become one to write or push
        if DEFERRED_MARK in self.text:
            raise ValueError(f"{self.hostname}: a config with deferred password hashes")


@dataclass(frozen=True)
class AnalysisConfig:
    """One router's config rendered to reason about (routing, forming): every type 9 hash in
    it is a placeholder, so nothing accepts it where a config is written or pushed."""

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
    inv: Inventory,
    secrets: SecretValues,
    only: set[str] | None = None,
    *,
    hash_workers: int | None = None,
) -> list[RenderedConfig]:
    """Render every router (hubs first, then spokes, in inventory order).

    The password hashes are computed first, on ``hash_workers`` threads (default: one per
    CPU; 1 computes them in this thread); the configs do not depend on the number.
    """
    routers = [r for r in (*inv.hubs, *inv.spokes) if only is None or r.name in only]
    net = NetworkContext(inv, secrets)
    table = hash_all(hash_jobs(net, routers), hash_workers)
    net.type9 = lambda secret, purpose: table[(secret, purpose)]
    return [RenderedConfig(*parts) for parts in _render(net, routers)]


def render_for_analysis(inv: Inventory, secrets: SecretValues) -> list[AnalysisConfig]:
    """Every router's config with its password hashes deferred: for ``validate`` and ``check``,
    which reason about routing and never need a hash (scrypt is the slowest part of a render)."""
    net = NetworkContext(inv, secrets, type9=deferred_hash)
    return [AnalysisConfig(*parts) for parts in _render(net, [*inv.hubs, *inv.spokes])]


def _render(net: NetworkContext, routers: list[Router]) -> list[tuple[str, str, Platform, str]]:
    env = environment()
    inv = net.inv
    entry: dict[tuple[Platform, str], jinja2.Template] = {}
    out = []
    for router in routers:
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
        out.append((router.name, role, platform, _tidy(text)))
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
