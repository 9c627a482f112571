"""Inventory file to rendered configs, in memory: load, validate, resolve secrets, render."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpngen.errors import Problem, ValidationFailed
from dmvpngen.model.loader import LoadedInventory, load_inventory
from dmvpngen.model.text import describe_char
from dmvpngen.secrets import SecretValues, resolve_secrets

if TYPE_CHECKING:
    from dmvpngen.render import AnalysisConfig, RenderedConfig
    from dmvpngen.render.guard import UnsafeValueError

__all__ = ["Network", "analysis_configs", "build_network", "check_resolved_secrets"]

NHRP_AUTH_MAX = 8
PSK_MAX = 128


@dataclass
class Network:
    """A validated inventory and its configs."""

    loaded: LoadedInventory
    secrets: SecretValues
    configs: dict[str, RenderedConfig] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def check_resolved_secrets(loaded: LoadedInventory, secrets: SecretValues) -> list[Problem]:
    """Limits that can only be checked once references are resolved (without echoing them)."""
    from dmvpngen.validate.secret_limits import check_secret_limits

    loc = loaded.locator
    limits = check_secret_limits(loaded, secrets)
    unsafe = {p.path for p in limits}  # one problem per key: its characters come first
    problems = []
    for i, _cloud in enumerate(loaded.inventory.clouds):
        value = secrets.get(("clouds", i, "nhrp_auth"))
        if ("clouds", i, "nhrp_auth") in unsafe:
            continue
        if value is not None and (len(value) > NHRP_AUTH_MAX or " " in value or not value):
            problems.append(
                loc.problem(
                    ("clouds", i, "nhrp_auth"),
                    f"NHRP authentication string must be 1-{NHRP_AUTH_MAX} characters without "
                    f"spaces (it has {len(value)})",
                    "IOS truncates longer strings silently on some releases: shorten it",
                )
            )
    for path, value in secrets.by_path.items():
        if path in unsafe:
            continue
        if path[-1] == "psk" and (len(value) > PSK_MAX or len(value) < 8 or " " in value):
            problems.append(
                loc.problem(
                    path,
                    f"pre-shared key must be 8-{PSK_MAX} characters without spaces",
                    "use a long random key (e.g. 32+ characters)",
                )
            )
    return problems + limits


def load_and_validate(path: str | Path) -> tuple[LoadedInventory, SecretValues, list[Problem]]:
    """Load, validate and resolve secrets; raise ValidationFailed on any error."""
    from dmvpngen.validate import validate_inventory

    loaded = load_inventory(path)
    problems = validate_inventory(loaded)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if errors:
        raise ValidationFailed(problems)
    secrets = resolve_secrets(
        loaded.inventory, loaded.locator, loaded.path.parent, loaded.inventory.secrets_file
    )
    late = check_resolved_secrets(loaded, secrets)
    if late:
        raise ValidationFailed(late + warnings)
    return loaded, secrets, warnings


def build_network(path: str | Path, only: set[str] | None = None) -> Network:
    """Everything ``generate`` does except writing files."""
    from dmvpngen.render import render_inventory
    from dmvpngen.render.guard import UnsafeValueError

    loaded, secrets, warnings = load_and_validate(path)
    try:
        configs = render_inventory(loaded.inventory, secrets, only)
    except UnsafeValueError as exc:
        raise ValidationFailed([_unsafe_render_problem(loaded, exc)]) from None
    return Network(loaded, secrets, {c.hostname: c for c in configs}, warnings)


def analysis_configs(path: str | Path) -> list[AnalysisConfig]:
    """The configs ``check`` reasons about: rendered with their password hashes deferred."""
    from dmvpngen.render import render_for_analysis
    from dmvpngen.render.guard import UnsafeValueError

    loaded, secrets, _ = load_and_validate(path)
    try:
        return render_for_analysis(loaded.inventory, secrets)
    except UnsafeValueError as exc:
        raise ValidationFailed([_unsafe_render_problem(loaded, exc)]) from None


def _unsafe_render_problem(loaded: LoadedInventory, exc: UnsafeValueError) -> Problem:
    """The render guard's refusal, located at the router whose config it stopped."""
    inv = loaded.inventory
    path: tuple[str | int, ...] = ()
    for kind, routers in (("hubs", inv.hubs), ("spokes", inv.spokes)):
        for i, router in enumerate(routers):
            if router.name == exc.router:
                path = (kind, i)
    where = f"{exc.template}:{exc.line}" if exc.template else "a template"
    return loaded.locator.problem(
        path,
        f"refused to render {exc.router}: a value interpolated at {where} contains "
        f"{describe_char(exc.char)}, which would start a new config line",
        "find the field of this router (or of the network) holding that character and write "
        "it on one line of printable text",
    )
