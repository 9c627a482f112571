"""Where a lab's router configs come from: the inventory rendered by the core pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dmvpngen.model import Inventory

__all__ = ["RenderedNetwork", "render_inventory"]


@dataclass(frozen=True)
class RenderedNetwork:
    """An inventory, each router's rendered config, and the secret values to mask in output."""

    inventory: Inventory
    configs: dict[str, str]
    secrets: tuple[str, ...]
    users: tuple[tuple[str, str], ...] = ()  # (name, resolved password) of management users


def render_inventory(path: str | Path) -> RenderedNetwork:
    """Load, validate and render ``path`` (errors come back as located InputErrors)."""
    from dmvpngen.pipeline import build_network

    net = build_network(path)
    configs = {name: rendered.text for name, rendered in net.configs.items()}
    inventory = net.loaded.inventory
    users = tuple(
        (user.name, net.secrets.get(("management", "users", index, "secret")) or user.secret)
        for index, user in enumerate(inventory.management.users)
        if user.privilege == 15
    )
    return RenderedNetwork(inventory, configs, tuple(net.secrets.values), users)
